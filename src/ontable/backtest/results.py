"""What a backtest measured: per-forecast scores, group scores, the ensemble, the result.

:class:`BacktestResult` goes to JSON with :meth:`~BacktestResult.to_dict` and back with
:meth:`~BacktestResult.from_dict` (the data package reads the shipped results this way).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

ENSEMBLE = "ensemble"


@dataclass(frozen=True)
class ForecastScore:
    """How one forecast did: mean absolute error with its 95% interval, and against the
    weighted mean (difference in MAE on the issues both cover, and share of issues won)."""

    name: str
    kind: str  # "model", "baseline" or "ensemble"
    n_issues: int
    mae: float
    mae_low: float
    mae_high: float
    vs_weighted_mean: float
    vs_weighted_mean_low: float
    vs_weighted_mean_high: float
    beats_weighted_mean: float
    ties_weighted_mean: float
    round_capped: int
    failures: int


@dataclass(frozen=True)
class GroupScore:
    """MAE of one forecast within one group of issues (a procedure or a voting rule)."""

    grouping: str
    group: str
    name: str
    n_issues: int
    mae: float


KEEP_RULE = (
    "kept if its out-of-fold MAE is below the best single model's, whether that model is "
    "chosen out of fold or on all issues"
)
"""When the ensemble earns its place (the backtest's rule, stated before its numbers)."""


@dataclass(frozen=True)
class EnsembleReport:
    """The fitted ensemble: a stacked combination of every model and baseline that forecasts
    every issue, its weights (fitted on all issues, for display), its out-of-fold error, and
    the best single model and best single forecast (baselines included) to compare with.

    ``kept`` follows :data:`KEEP_RULE`; ``vs_best_forecast`` is the ensemble's MAE minus that
    of the forecast with the lowest MAE on all issues (a model or a baseline), with its paired
    95% interval, so a baseline that still beats the ensemble is shown, not hidden.
    ``duplicates`` maps a forecast left out of the mix to the identical one kept in it.
    """

    components: tuple[str, ...]
    weights: tuple[float, ...]
    folds: int
    mae: float
    mae_low: float
    mae_high: float
    best_model: str
    best_model_mae: float
    best_model_oof_mae: float
    best_forecast: str
    best_forecast_mae: float
    best_forecast_oof_mae: float
    vs_best_forecast: float
    vs_best_forecast_low: float
    vs_best_forecast_high: float
    kept: bool
    duplicates: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BacktestResult:
    """Everything the backtest measured, ready for a table, JSON or a docs page."""

    dataset: str
    n_issues: int
    n_proposals: int
    excluded_issues: tuple[str, ...]
    n_scored: int
    n_scored_proposals: int
    capability_rule: dict[str, Any]
    models: tuple[str, ...]
    bootstrap: int
    scores: tuple[ForecastScore, ...]
    groups: tuple[GroupScore, ...]
    ensemble: EnsembleReport
    issue_ids: tuple[str, ...]
    outcomes: tuple[float, ...]
    predictions: dict[str, tuple[float, ...]]
    failures: dict[str, dict[str, str]]
    recipe: dict[str, Any] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)

    def score(self, name: str) -> ForecastScore:
        for s in self.scores:
            if s.name == name:
                return s
        raise KeyError(f"no score for {name!r} (have: {', '.join(s.name for s in self.scores)})")

    def to_frame(self) -> pd.DataFrame:
        """One row per forecast (the scores table)."""
        return pd.DataFrame([asdict(s) for s in self.scores])

    def predictions_frame(self) -> pd.DataFrame:
        """One row per scored issue: its outcome and every forecast's prediction."""
        frame = pd.DataFrame({"issue": self.issue_ids, "outcome": self.outcomes})
        for name, values in self.predictions.items():
            frame[name] = values
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (NaN becomes None, floats rounded to 6 decimals)."""
        return _clean(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BacktestResult:
        """The result back from :meth:`to_dict`'s data."""
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        values["scores"] = tuple(ForecastScore(**_nan(s)) for s in data["scores"])
        values["groups"] = tuple(GroupScore(**_nan(g)) for g in data["groups"])
        ens = _nan(data["ensemble"])
        ens["components"] = tuple(ens["components"])
        ens["weights"] = tuple(ens["weights"])
        ens["duplicates"] = dict(ens.get("duplicates") or {})
        values["ensemble"] = EnsembleReport(**ens)
        for name in ("excluded_issues", "models", "issue_ids"):
            values[name] = tuple(data[name])
        values["outcomes"] = tuple(float(x) for x in data["outcomes"])
        values["predictions"] = {
            k: tuple(float("nan") if x is None else float(x) for x in v)
            for k, v in data["predictions"].items()
        }
        return cls(**values)


def _nan(record: dict[str, Any]) -> dict[str, Any]:
    return {k: float("nan") if v is None else v for k, v in record.items()}


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float | np.floating):
        f = float(value)
        return None if np.isnan(f) else round(f, 6)
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    return value
