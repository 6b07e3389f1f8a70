"""Run every forecast model and baseline on a dataset's proposals and score them.

The engine is pure: cases go to a ``concurrent.futures.Executor`` the caller opens (see
:func:`ontable.sweep.open_executor`), progress goes to a callback, the result is data.
Each case's seed is drawn from the generator passed in before any work is sent out, so a
seed gives the same numbers serially, in a process pool and on Dask.

The result types live in :mod:`ontable.backtest.results` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ontable.backtest.capabilities import CapabilityRule
from ontable.backtest.cases import BacktestCase, proposal_cases, scoreable
from ontable.backtest.predict import BASELINES, CasePredictions, predict_chunk
from ontable.backtest.results import (
    ENSEMBLE,
    KEEP_RULE,
    BacktestResult,
    EnsembleReport,
    ForecastScore,
    GroupScore,
)
from ontable.backtest.scoring import (
    cross_validate,
    group_index,
    mean_with_interval,
    resample_counts,
)
from ontable.datasets import DecisionDataset
from ontable.forecast.registry import available_models, get_model
from ontable.model.arrays import FloatArray
from ontable.sweep.executors import SerialExecutor

__all__ = [
    "ENSEMBLE",
    "KEEP_RULE",
    "BacktestResult",
    "EnsembleReport",
    "ForecastScore",
    "GroupScore",
    "Progress",
    "run_backtest",
]

Progress = Callable[[int, int], None]
"""Called with (cases done, cases in all) as chunks finish."""


def _distinct(names: list[str], pred: dict[str, FloatArray]) -> tuple[list[str], dict[str, str]]:
    """``names`` without a forecast identical on every issue to one before it (the compromise
    model and the weighted-mean baseline are one formula): a mix of two equal columns has no
    meaningful split of weight. Also returns left-out name → the one kept."""
    kept: list[str] = []
    same: dict[str, str] = {}
    for name in names:
        twin = next((k for k in kept if np.allclose(pred[k], pred[name], rtol=0, atol=1e-9)), None)
        if twin is None:
            kept.append(name)
        else:
            same[name] = twin
    return kept, same


def _failures(done: list[CasePredictions]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for d in done:
        if d.failures:
            out.setdefault(d.proposal, {}).update(d.failures)
    return out


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
    params: Mapping[str, Mapping[str, Any]] | None = None,
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
    params
        Parameters per model (model name → parameters), e.g. ``{"bdm": {"rounds": 50}}``;
        models not named run with their defaults, as published.

    Raises
    ------
    ValueError
        Fewer than two proposals to score, a model name that clashes with a baseline, or
        parameters for a model not run or that the model rejects.
    """
    rule = rule or CapabilityRule()
    names = tuple(models) if models is not None else tuple(available_models())
    overlap = set(names) & {*BASELINES, ENSEMBLE}
    if overlap:
        raise ValueError(f"model names clash with baselines: {', '.join(sorted(overlap))}")
    settings = {str(k): dict(v) for k, v in (params or {}).items()}
    stray = sorted(set(settings) - set(names))
    if stray:
        raise ValueError(f"parameters given for models not run: {', '.join(stray)}")
    cases = proposal_cases(dataset, rule)
    scored = len({c.proposal for c in cases})
    if scored < 2:
        raise ValueError(
            f"a backtest needs at least two proposals with a recorded outcome; {dataset.name} "
            f"has {scored}"
        )
    _check_params(cases[0], settings)
    seeds = rng.integers(0, 2**63 - 1, size=len(cases))
    done = _run_cases(
        cases, names, seeds, executor or SerialExecutor(), chunk_size, progress, settings
    )
    _, dropped = scoreable(dataset)
    result = _score(dataset, cases, done, names, rule, rng, bootstrap, folds, dropped)
    return replace(result, params=settings)


def _check_params(case: BacktestCase, settings: dict[str, dict[str, Any]]) -> None:
    """Raise ``ValueError`` now, not once per case later, if a model rejects its parameters."""
    for name, given in settings.items():
        try:
            get_model(name)(case.arrays, params=given, rng=np.random.default_rng(0))
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{name} parameters {given}: {exc}") from None


def _run_cases(
    cases: list[BacktestCase],
    names: tuple[str, ...],
    seeds: NDArray[np.int64],
    executor: Executor,
    chunk_size: int,
    progress: Progress | None,
    settings: dict[str, dict[str, Any]],
) -> list[CasePredictions]:
    chunk_size = max(1, chunk_size)
    starts = list(range(0, len(cases), chunk_size))
    futures = [
        executor.submit(
            predict_chunk,
            cases[s : s + chunk_size],
            names,
            [int(x) for x in seeds[s : s + chunk_size]],
            settings,
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
    pool, duplicates = _distinct(complete, pred)
    in_models = [i for i, f in enumerate(pool) if f in names]
    cv = cross_validate(
        np.column_stack([pred[f] for f in pool]),
        outcomes,
        groups,
        folds=folds,
        rng=rng,
        candidates={"model": in_models, "any": range(len(pool))},
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

    full_mae = {f: float(err[f].mean()) for f in pool}
    best_forecast = min(pool, key=lambda f: (full_mae[f], pool.index(f)))
    model_pool = [pool[i] for i in in_models]
    best_model = min(model_pool, key=lambda f: (full_mae[f], pool.index(f))) if model_pool else ""
    ens = next(s for s in scores if s.name == ENSEMBLE)
    oof = {k: float(np.abs(v - outcomes).mean()) for k, v in cv.best_single.items()}
    best_model_mae = full_mae[best_model] if best_model else float("nan")
    gap, gap_low, gap_high, _ = mean_with_interval(
        err[ENSEMBLE] - err[best_forecast], groups, counts
    )
    ensemble = EnsembleReport(
        components=tuple(pool),
        weights=tuple(float(w) for w in cv.full_weights),
        folds=int(cv.fold_of_group.max()) + 1,
        mae=ens.mae,
        mae_low=ens.mae_low,
        mae_high=ens.mae_high,
        best_model=best_model,
        best_model_mae=best_model_mae,
        best_model_oof_mae=oof["model"] if best_model else float("nan"),
        best_forecast=best_forecast,
        best_forecast_mae=full_mae[best_forecast],
        best_forecast_oof_mae=oof["any"],
        vs_best_forecast=gap,
        vs_best_forecast_low=gap_low,
        vs_best_forecast_high=gap_high,
        kept=bool(best_model) and ens.mae < min(oof["model"], best_model_mae),
        duplicates=duplicates,
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
