"""Scores of predictions against outcomes: errors, bootstrap intervals, a fitted ensemble.

Intervals come from a cluster bootstrap over proposals (issues of one proposal are decided
together, so they are resampled together; Efron & Tibshirani 1993, *An Introduction to the
Bootstrap*, ch. 13 percentile intervals). Every statistic is computed on the same resamples,
so differences between forecasts are paired.

The ensemble is a forecast combination (Bates & Granger 1969, "The combination of
forecasts", *Operational Research Quarterly* 20(4): 451–468; Timmermann 2006, "Forecast
combinations", *Handbook of Economic Forecasting* 1, ch. 4): a convex combination of the
forecasts (non-negative weights summing to one) fitted to minimise the absolute error, the loss
it is scored on, as a linear programme (stacking, Breiman 1996, "Stacked regressions",
*Machine Learning* 24: 49–64). It has no other parameter to choose. Its error is measured out
of fold: proposals are split into folds, weights are fitted on the other folds only and scored
on the held-out one. Each set of candidates' best single forecast is chosen the same way (on
the training folds), so the out-of-fold errors compare like with like.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from ontable.model.arrays import FloatArray

IntArray = NDArray[np.int64]


def resample_counts(groups: IntArray, n_boot: int, rng: np.random.Generator) -> FloatArray:
    """How often each group (proposal) is drawn in each of ``n_boot`` cluster resamples:
    ``(n_boot, n_groups)``."""
    n_groups = int(groups.max()) + 1 if groups.size else 0
    draws = rng.integers(0, n_groups, size=(n_boot, n_groups))
    counts = np.zeros((n_boot, n_groups))
    rows = np.repeat(np.arange(n_boot), n_groups)
    np.add.at(counts, (rows, draws.ravel()), 1.0)
    return counts


def mean_with_interval(
    values: FloatArray, groups: IntArray, counts: FloatArray, level: float = 0.95
) -> tuple[float, float, float, int]:
    """Mean of ``values`` (NaN ignored) with its cluster-bootstrap percentile interval and n."""
    ok = ~np.isnan(values)
    n = int(ok.sum())
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    n_groups = counts.shape[1]
    sums = np.bincount(groups[ok], weights=values[ok], minlength=n_groups)
    sizes = np.bincount(groups[ok], minlength=n_groups).astype(float)
    boot_sizes = counts @ sizes
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = (counts @ sums) / boot_sizes
    boot = boot[boot_sizes > 0]
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(boot, [tail, 100.0 - tail])
    return float(values[ok].mean()), float(low), float(high), n


def fit_convex_weights(predictions: FloatArray, outcomes: FloatArray) -> FloatArray:
    """Non-negative weights summing to one that minimise the summed absolute error of
    ``predictions @ weights`` (``predictions`` is ``(issues, forecasts)``)."""
    n, m = predictions.shape
    # Variables: m weights, then n positive and n negative residual parts.
    cost = np.concatenate([np.zeros(m), np.ones(2 * n)])
    a_eq = np.zeros((n + 1, m + 2 * n))
    a_eq[:n, :m] = predictions
    a_eq[:n, m : m + n] = -np.eye(n)
    a_eq[:n, m + n :] = np.eye(n)
    a_eq[n, :m] = 1.0
    b_eq = np.concatenate([outcomes, [1.0]])
    result = linprog(cost, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if not result.success:  # pragma: no cover - the programme is always feasible
        raise RuntimeError(f"ensemble fit failed: {result.message}")
    weights = np.clip(result.x[:m], 0.0, None)
    return weights / weights.sum()


@dataclass(frozen=True)
class CrossValidated:
    """Out-of-fold predictions of the ensemble and, per set of candidates, of the best single
    forecast chosen on the training folds."""

    ensemble: FloatArray
    best_single: dict[str, FloatArray]
    fold_of_group: IntArray
    full_weights: FloatArray


def cross_validate(
    predictions: FloatArray,
    outcomes: FloatArray,
    groups: IntArray,
    *,
    folds: int,
    rng: np.random.Generator,
    candidates: Mapping[str, Sequence[int]] | None = None,
) -> CrossValidated:
    """Fit on all folds but one, predict the held-out fold, for each fold.

    Parameters
    ----------
    predictions
        ``(issues, forecasts)``, no NaN.
    outcomes
        ``(issues,)``.
    groups
        Integer group (proposal) of each issue: a group's issues are always in one fold.
    folds
        How many folds (at most the number of groups).
    rng
        Draws the assignment of groups to folds.
    candidates
        Named sets of columns; for each, the column with the lowest MAE on the training
        folds predicts the held-out fold (default: one set ``"all"`` of every column).
    """
    n_groups = int(groups.max()) + 1 if groups.size else 0
    if n_groups < 2 or folds < 2:
        raise ValueError(f"cross-validation needs two folds or more of groups; got {n_groups}")
    sets = dict(candidates) if candidates is not None else {"all": range(predictions.shape[1])}
    folds = min(folds, n_groups)
    fold_of_group = np.empty(n_groups, dtype=np.int64)
    fold_of_group[rng.permutation(n_groups)] = np.arange(n_groups) % folds
    fold = fold_of_group[groups]
    ensemble = np.full(len(outcomes), np.nan)
    best = {name: np.full(len(outcomes), np.nan) for name in sets}
    for k in range(folds):
        train, test = fold != k, fold == k
        weights = fit_convex_weights(predictions[train], outcomes[train])
        ensemble[test] = predictions[test] @ weights
        train_mae = np.abs(predictions[train] - outcomes[train, None]).mean(axis=0)
        for name, columns in sets.items():
            cols = list(columns)
            if cols:
                pick = cols[int(np.argmin(train_mae[cols]))]
                best[name][test] = predictions[test, pick]
    return CrossValidated(ensemble, best, fold_of_group, fit_convex_weights(predictions, outcomes))


def group_index(labels: Sequence[str]) -> tuple[IntArray, tuple[str, ...]]:
    """Integer codes of ``labels`` in order of first appearance, and the distinct labels."""
    seen: dict[str, int] = {}
    codes = np.array([seen.setdefault(x, len(seen)) for x in labels], dtype=np.int64)
    return codes, tuple(seen)
