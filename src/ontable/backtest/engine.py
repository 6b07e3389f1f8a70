"""Run every forecast model and baseline on a dataset's proposals and score them.

The engine is pure: cases go to a ``concurrent.futures.Executor`` the caller opens (see
:func:`ontable.sweep.open_executor`), progress goes to a callback, the result is data.
Each case's seed is drawn from the generator passed in before any work is sent out, so a
seed gives the same numbers serially, in a process pool and on Dask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ontable.backtest.capabilities import CapabilityRule
from ontable.backtest.cases import BacktestCase, proposal_cases, scoreable
from ontable.backtest.predict import BASELINES, CasePredictions, predict_chunk
from ontable.backtest.scoring import (
    cross_validate,
    group_index,
    mean_with_interval,
    resample_counts,
)
from ontable.datasets import DecisionDataset
from ontable.forecast.registry import available_models
from ontable.sweep.executors import SerialExecutor

ENSEMBLE = "ensemble"

Progress = Callable[[int, int], None]
"""Called with (cases done, cases in all) as chunks finish."""


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


@dataclass(frozen=True)
class EnsembleReport:
    """The fitted ensemble: its components, weights (fitted on all issues), and its
    out-of-fold error against the best single forecast chosen out of fold."""

    components: tuple[str, ...]
    weights: tuple[float, ...]
    folds: int
    mae: float
    mae_low: float
    mae_high: float
    best_single_oof_mae: float
    best_single_full_mae: float
    best_single_full: str
    kept: bool


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
        values["ensemble"] = EnsembleReport(**ens)
        for name in ("excluded_issues", "models", "issue_ids"):
            values[name] = tuple(data[name])
        values["outcomes"] = tuple(float(x) for x in data["outcomes"])
        values["predictions"] = {
            k: tuple(float("nan") if x is None else float(x) for x in v)
            for k, v in data["predictions"].items()
        }
        return cls(**values)


def _failures(done: list[CasePredictions]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for d in done:
        if d.failures:
            out.setdefault(d.proposal, {}).update(d.failures)
    return out


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


def run_backtest(
    dataset: DecisionDataset,
    *,
    rng: np.random.Generator,
    models: Sequence[str] | None = None,
    rule: CapabilityRule | None = None,
    executor: Executor | None = None,
    chunk_size: int = 8,
    bootstrap: int = 2000,
    folds: int = 10,
    progress: Progress | None = None,
) -> BacktestResult:
    """Backtest every model and baseline on ``dataset``.

    Parameters
    ----------
    dataset
        Issues with positions, saliences and outcomes (see :func:`ontable.datasets.load_dataset`).
    rng
        The one source of randomness: case seeds, bootstrap resamples and folds.
    models
        Registered forecast models to run (default: every available one).
    rule
        How capabilities are set (default: :class:`CapabilityRule`).
    executor
        Where cases run (default: here, one after another).
    chunk_size
        Cases per task sent to the executor (does not change the numbers).
    bootstrap
        Cluster-bootstrap resamples for the intervals.
    folds
        Cross-validation folds (over proposals) for the ensemble.
    progress
        Called with (cases done, cases in all) as work finishes.
    """
    rule = rule or CapabilityRule()
    names = tuple(models) if models is not None else tuple(available_models())
    overlap = set(names) & {*BASELINES, ENSEMBLE}
    if overlap:
        raise ValueError(f"model names clash with baselines: {', '.join(sorted(overlap))}")
    cases = proposal_cases(dataset, rule)
    scored = len({c.proposal for c in cases})
    if scored < 2:
        raise ValueError(
            f"a backtest needs at least two proposals with a recorded outcome; {dataset.name} "
            f"has {scored}"
        )
    seeds = rng.integers(0, 2**63 - 1, size=len(cases))
    done = _run_cases(cases, names, seeds, executor or SerialExecutor(), chunk_size, progress)
    _, dropped = scoreable(dataset)
    return _score(dataset, cases, done, names, rule, rng, bootstrap, folds, dropped)


def _run_cases(
    cases: list[BacktestCase],
    names: tuple[str, ...],
    seeds: NDArray[np.int64],
    executor: Executor,
    chunk_size: int,
    progress: Progress | None,
) -> list[CasePredictions]:
    chunk_size = max(1, chunk_size)
    starts = list(range(0, len(cases), chunk_size))
    futures = [
        executor.submit(
            predict_chunk,
            cases[s : s + chunk_size],
            names,
            [int(x) for x in seeds[s : s + chunk_size]],
        )
        for s in starts
    ]
    out: list[CasePredictions] = []
    for future, start in zip(futures, starts, strict=True):
        out.extend(future.result())
        if progress is not None:
            progress(min(start + chunk_size, len(cases)), len(cases))
    return out


def _score(
    dataset: DecisionDataset,
    cases: list[BacktestCase],
    done: list[CasePredictions],
    names: tuple[str, ...],
    rule: CapabilityRule,
    rng: np.random.Generator,
    n_boot: int,
    folds: int,
    dropped: list[int],
) -> BacktestResult:
    forecasts = (*names, *BASELINES)
    outcomes = np.concatenate([c.outcomes for c in cases])
    proposals = [c.proposal for c in cases for _ in c.outcomes]
    groups, _ = group_index(proposals)
    pred = {f: np.concatenate([d.predictions[f] for d in done]) for f in forecasts}
    counts = resample_counts(groups, n_boot, rng)

    complete = [f for f in forecasts if not np.isnan(pred[f]).any()]
    cv = cross_validate(
        np.column_stack([pred[f] for f in complete]), outcomes, groups, folds=folds, rng=rng
    )
    pred[ENSEMBLE] = cv.ensemble

    err = {f: np.abs(p - outcomes) for f, p in pred.items()}
    base = err["weighted_mean"]
    scores = []
    for f in (*forecasts, ENSEMBLE):
        mae, low, high, n = mean_with_interval(err[f], groups, counts)
        both = ~np.isnan(err[f])
        diff, dlow, dhigh, _ = mean_with_interval(
            np.where(both, err[f] - base, np.nan), groups, counts
        )
        kind = "ensemble" if f == ENSEMBLE else "baseline" if f in BASELINES else "model"
        scores.append(
            ForecastScore(
                name=f,
                kind=kind,
                n_issues=n,
                mae=mae,
                mae_low=low,
                mae_high=high,
                vs_weighted_mean=diff,
                vs_weighted_mean_low=dlow,
                vs_weighted_mean_high=dhigh,
                beats_weighted_mean=float((err[f][both] < base[both]).mean()) if n else np.nan,
                ties_weighted_mean=float((err[f][both] == base[both]).mean()) if n else np.nan,
                round_capped=sum(d.round_capped.get(f, False) for d in done),
                failures=sum(f in d.failures for d in done),
            )
        )

    complete_mae = {f: float(err[f].mean()) for f in complete}
    best_full = min(complete_mae, key=lambda f: complete_mae[f])
    ens = next(s for s in scores if s.name == ENSEMBLE)
    best_oof = float(np.abs(cv.best_single - outcomes).mean())
    ensemble = EnsembleReport(
        components=tuple(complete),
        weights=tuple(float(w) for w in cv.full_weights),
        folds=int(cv.fold_of_group.max()) + 1,
        mae=ens.mae,
        mae_low=ens.mae_low,
        mae_high=ens.mae_high,
        best_single_oof_mae=best_oof,
        best_single_full_mae=complete_mae[best_full],
        best_single_full=best_full,
        kept=ens.mae < min(best_oof, complete_mae[best_full]),
    )

    group_scores = []
    per_issue = {
        "procedure": [c.procedure for c in cases for _ in c.outcomes],
        "voting rule": [c.voting_rule for c in cases for _ in c.outcomes],
        "council weights": [c.council_weights for c in cases for _ in c.outcomes],
    }
    for grouping, labels in per_issue.items():
        codes, values = group_index(labels)
        for k, value in enumerate(values):
            mask = codes == k
            for f in (*forecasts, ENSEMBLE):
                e = err[f][mask]
                e = e[~np.isnan(e)]
                group_scores.append(
                    GroupScore(
                        grouping, value, f, int(e.size), float(e.mean()) if e.size else np.nan
                    )
                )

    return BacktestResult(
        dataset=dataset.name,
        n_issues=dataset.n_issues,
        n_proposals=dataset.n_proposals,
        excluded_issues=tuple(dataset.issue_ids[i] for i in dropped),
        n_scored=len(outcomes),
        n_scored_proposals=len({c.proposal for c in cases}),
        capability_rule=rule.to_dict(),
        models=names,
        bootstrap=n_boot,
        scores=tuple(scores),
        groups=tuple(group_scores),
        ensemble=ensemble,
        issue_ids=tuple(i for c in cases for i in c.arrays.issue_ids),
        outcomes=tuple(float(x) for x in outcomes),
        predictions={f: tuple(float(x) for x in p) for f, p in pred.items()},
        failures=_failures(done),
    )
