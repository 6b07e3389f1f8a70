"""The models compared on one case, beside their track record: what each assumes, its
forecast and band, its backtest error, where the models agree and split, and flags.

:func:`compare_models` runs every model on a case (and a seeded sweep of its inputs for each
model's 5–95% band), adds the naive baselines that need only the case's stances, and the
backtest's ensemble where the backtest kept it. It flags a forecast that lies outside its own
band and a model that stopped at its round cap instead of settling. A web page or report only
renders the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ontable.backtest.engine import ENSEMBLE, BacktestResult
from ontable.backtest.predict import arrays_baselines, round_cap
from ontable.backtest.summary import (
    ASSUMPTIONS,
    LABELS,
    TITLES,
    TrackRecord,
    baselines_ahead,
    ensemble_text,
    track_record,
)
from ontable.forecast.base import Forecast
from ontable.forecast.registry import available_models, get_model
from ontable.model import Case
from ontable.model.arrays import case_arrays

AGREE = 10.0
"""Forecasts of an issue within this many points (of 100) of each other agree on it."""

CASE_BASELINES: tuple[str, ...] = ("mean", "plain_median", "weighted_mean")
"""Baselines that need only a case's stances (the others need a reference point or a
proposer, which a case does not single out)."""

SAMPLE_CAPS: dict[str, int] = {"exchange": 40}
"""Sweep draws at most for models whose every run is slow (the exchange model makes its trades
one at a time): their bands rest on fewer draws, and the result says so."""


@dataclass(frozen=True)
class IssueForecast:
    """One forecast of one issue: the point and, where a sweep ran, its 5–95% band."""

    issue: str
    issue_name: str
    value: float
    low: float | None
    high: float | None

    @property
    def outside(self) -> bool:
        """Whether the point lies outside its own band."""
        if self.low is None or self.high is None:
            return False
        return self.value < self.low - 1e-9 or self.value > self.high + 1e-9


@dataclass(frozen=True)
class Track:
    """A forecast's backtest error (points on the 0–100 scale) with its 95% interval."""

    dataset: str
    issues: int
    mae: float
    mae_low: float
    mae_high: float
    weighted_mean_mae: float


@dataclass(frozen=True)
class ModelRow:
    """One forecast on the case: what it assumes, its track record, its forecasts, flags."""

    name: str
    label: str
    kind: str  # "model", "ensemble" or "baseline"
    assumes: str
    track: Track | None
    forecasts: tuple[IssueForecast, ...]
    samples: int
    round_cap: int | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class IssueSplit:
    """One issue: the lowest and highest model forecast, the spread, agree or split."""

    issue: str
    issue_name: str
    low: float
    low_model: str
    high: float
    high_model: str
    spread: float

    @property
    def agree(self) -> bool:
        return self.spread <= AGREE


@dataclass(frozen=True)
class ModelsCompared:
    """Everything a models-compared page shows for one case."""

    case_id: str
    seed: int
    samples: int
    rows: tuple[ModelRow, ...]
    splits: tuple[IssueSplit, ...]
    dataset: str
    ensemble_note: str
    baselines_note: str

    def row(self, name: str) -> ModelRow:
        for r in self.rows:
            if r.name == name:
                return r
        raise KeyError(f"no row for {name!r} (have: {', '.join(r.name for r in self.rows)})")

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data (flags and the ``outside``/``agree`` properties included)."""
        return {
            "case": self.case_id,
            "seed": self.seed,
            "samples": self.samples,
            "agree_within": AGREE,
            "dataset": self.dataset,
            "ensemble_note": self.ensemble_note,
            "baselines_note": self.baselines_note,
            "models": [
                {
                    "name": r.name,
                    "label": r.label,
                    "kind": r.kind,
                    "assumes": r.assumes,
                    "backtest": None if r.track is None else r.track.__dict__,
                    "samples": r.samples,
                    "round_cap": r.round_cap,
                    "flags": list(r.flags),
                    "forecasts": [{**f.__dict__, "outside_band": f.outside} for f in r.forecasts],
                }
                for r in self.rows
            ],
            "issues": [{**s.__dict__, "agree": s.agree} for s in self.splits],
        }


def _track(record: TrackRecord) -> Track:
    return Track(
        dataset=record.dataset,
        issues=record.n_issues,
        mae=record.mae,
        mae_low=record.mae_low,
        mae_high=record.mae_high,
        weighted_mean_mae=record.weighted_mean_mae,
    )


def _band(case: Case, model: str, samples: int, seed: int) -> dict[str, tuple[float, float]]:
    """Each issue's 5–95% band from a seeded sweep of the case's inputs through ``model``."""
    from ontable.sweep import plan_sweep, run_sweep

    result = run_sweep(plan_sweep(case, model=model, samples=samples, seed=seed))
    levels = list(result.quantile_levels)
    q = np.asarray(result.quantiles)
    lo, hi = levels.index(0.05), levels.index(0.95)
    return {i: (float(q[k, lo]), float(q[k, hi])) for k, i in enumerate(result.issue_ids)}


def _forecasts(
    case: Case,
    issue_ids: Sequence[str],
    values: np.ndarray,
    band: Mapping[str, tuple[float, float]] | None,
) -> tuple[IssueForecast, ...]:
    out = []
    for issue_id, value in zip(issue_ids, values, strict=True):
        lo_hi = band.get(issue_id) if band else None
        out.append(
            IssueForecast(
                issue=issue_id,
                issue_name=case.issue(issue_id).name,
                value=round(float(value), 2),
                low=None if lo_hi is None else round(lo_hi[0], 2),
                high=None if lo_hi is None else round(lo_hi[1], 2),
            )
        )
    return tuple(out)


def _flags(forecasts: Sequence[IssueForecast], cap: int | None) -> tuple[str, ...]:
    flags = []
    if cap is not None:
        flags.append(f"stopped at its round cap ({cap}) instead of settling")
    outside = [f.issue_name for f in forecasts if f.outside]
    if outside:
        flags.append(f"{len(outside)} forecast(s) outside its own 5–95% band: {', '.join(outside)}")
    return tuple(flags)


def _cap_of(forecast: Forecast) -> int | None:
    if not round_cap(forecast):
        return None
    cap = forecast.params.get("rounds", forecast.params.get("max_turns", forecast.rounds))
    return int(cap)


def compare_models(
    case: Case,
    *,
    models: Sequence[str] | None = None,
    samples: int = 100,
    seed: int = 2025,
    sample_caps: Mapping[str, int] | None = None,
    result: BacktestResult | None = None,
) -> ModelsCompared:
    """Every model on ``case`` beside its backtest track record.

    Parameters
    ----------
    case
        A case with stances.
    models
        Models to run (default: every available one).
    samples
        Sweep draws per model for the bands (0: no bands); capped per model by
        ``sample_caps`` (default :data:`SAMPLE_CAPS`).
    seed
        Seed of the models' generators and of the sweeps.
    result
        The backtest to take track records from (default: the results shipped with ontable).

    Raises
    ------
    ValueError
        The case has no stances, or a model name is unknown.
    """
    if not case.stances:
        raise ValueError(f"case {case.id!r} has no stances, so no model can forecast it")
    names = list(models) if models is not None else available_models()
    known = available_models()
    unknown = [m for m in names if m not in known]
    if unknown:
        raise ValueError(f"unknown model(s): {', '.join(unknown)} (have: {', '.join(known)})")
    if result is None:
        from ontable.datasets import shipped_backtest

        result = shipped_backtest()
    caps = dict(SAMPLE_CAPS if sample_caps is None else sample_caps)
    arrays = case_arrays(case)
    tracks = {r.name: _track(r) for r in track_record(result)}

    rows: list[ModelRow] = []
    values: dict[str, np.ndarray] = {}
    for name in names:
        fc = get_model(name)(arrays, rng=np.random.default_rng(seed))
        values[name] = np.asarray(fc.outcome, dtype=float).reshape(-1)
        n = min(samples, caps.get(name, samples))
        band = _band(case, name, n, seed) if n > 0 else None
        points = _forecasts(case, fc.issue_ids, values[name], band)
        cap = _cap_of(fc)
        rows.append(
            ModelRow(
                name=name,
                label=LABELS.get(name, name),
                kind="model",
                assumes=ASSUMPTIONS.get(name, ""),
                track=tracks.get(name),
                forecasts=points,
                samples=n,
                round_cap=cap,
                flags=_flags(points, cap),
            )
        )
    issue_ids = list(arrays.issue_ids)
    values.update(arrays_baselines(arrays))
    e = result.ensemble
    if e.kept and all(c in values for c in e.components):
        mix = sum(w * values[c] for c, w in zip(e.components, e.weights, strict=True))
        rows.append(
            ModelRow(
                name=ENSEMBLE,
                label="Ensemble",
                kind="ensemble",
                assumes=ASSUMPTIONS[ENSEMBLE],
                track=tracks.get(ENSEMBLE),
                forecasts=_forecasts(case, issue_ids, np.asarray(mix), None),
                samples=0,
                round_cap=None,
                flags=(),
            )
        )
    for name in CASE_BASELINES:
        rows.append(
            ModelRow(
                name=name,
                label=LABELS.get(name, name),
                kind="baseline",
                assumes=ASSUMPTIONS.get(name, ""),
                track=tracks.get(name),
                forecasts=_forecasts(case, issue_ids, values[name], None),
                samples=0,
                round_cap=None,
                flags=(),
            )
        )
    return ModelsCompared(
        case_id=case.id,
        seed=seed,
        samples=samples,
        rows=tuple(rows),
        splits=tuple(_splits(case, names, values, issue_ids)),
        dataset=TITLES.get(result.dataset, result.dataset),
        ensemble_note=ensemble_text(result),
        baselines_note=baselines_ahead(result),
    )


def _splits(
    case: Case, names: Sequence[str], values: Mapping[str, np.ndarray], issue_ids: list[str]
) -> list[IssueSplit]:
    """Per issue, the lowest and highest model forecast; widest spread first."""
    out: list[IssueSplit] = []
    if not names:
        return out
    for k, issue_id in enumerate(issue_ids):
        points = [(float(values[m][k]), m) for m in names]
        low = min(points)
        high = max(points, key=lambda p: (p[0], -names.index(p[1])))
        out.append(
            IssueSplit(
                issue=issue_id,
                issue_name=case.issue(issue_id).name,
                low=round(low[0], 2),
                low_model=low[1],
                high=round(high[0], 2),
                high_model=high[1],
                spread=round(high[0] - low[0], 1),
            )
        )
    return sorted(out, key=lambda s: -s.spread)
