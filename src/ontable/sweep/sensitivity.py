"""Which inputs move each outcome most: rank correlation and a first-order variance index.

Both estimators work on "given data": the inputs a sweep drew and the outcomes it got, with
no special sampling design.

``spearman``
    Spearman's rank correlation between each input and each outcome (Pearson's correlation
    of their average ranks; Spearman 1904). Its sign says the direction of the effect.
``first_order``
    The first-order (main-effect) sensitivity index ``S = V[E(Y | X)] / V(Y)``: the share of
    the outcome's variance explained by the input alone (Saltelli et al. 2008, *Global
    Sensitivity Analysis: The Primer*, Wiley, §1.2.5 and ch. 4). ``E(Y | X)`` is estimated
    by cutting the input's sorted draws into equal-count bins and taking each bin's mean
    outcome ("given-data" estimation: Plischke, Borgonovo & Smith 2013, "Global sensitivity
    measures from given data", *European Journal of Operational Research* 226(3), 536–550).
    With ``B`` bins and ``n`` samples an input with no effect still scores about
    ``(B − 1) / n``; the default ``B = ⌊√n⌋`` capped to 2–50 keeps that at or below 1% from
    10,000 samples up.

An input or outcome that does not vary has no defined sensitivity: NaN.

A sweep knows more than given data: the distribution each input was drawn from. It computes
both indices from each input's *level* ``F(x)``, the value of the input's sampling
distribution function at the draw (uniform on [0, 1]; the same order as the draws), so that
chunks can summarise their own samples where they run (:mod:`ontable.sweep.summary`):

``spearman_from_levels`` (``spearman_from_sums`` from chunks' sums)
    the correlation of the inputs' levels with the outcomes' average ranks: Spearman's rho
    with the input's distribution function in place of its sample ranks (the population
    rho is ``corr(F_X(X), F_Y(Y))``; the two estimates differ by O(1/√n)).
``first_order_from_bins``
    the binned index above with equal-probability bins of the level (``[b/B, (b+1)/B)``)
    in place of equal-count bins of the sample; the bins' sizes vary a little, and an input
    with no effect still scores about ``(B − 1) / n``.
"""

from __future__ import annotations

import math

import numpy as np

from ontable.model.arrays import FloatArray


def average_ranks(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """0-based average ranks of each column of ``values`` ``(n, m)``, and the sorted columns.

    Tied values share the mean of their ranks. Returns ``(ranks (n, m), sorted (m, n))``.
    """
    columns = np.ascontiguousarray(values.T)
    order = np.argsort(columns, axis=1)  # the order within ties does not change their mean
    return _ranks_of_order(np.take_along_axis(columns, order, axis=1), order)


def average_ranks_of_runs(
    runs: FloatArray, places: np.ndarray, threads: int = 1
) -> tuple[FloatArray, FloatArray]:
    """:func:`average_ranks` of values given as sorted runs: ``runs`` ``(m, n)`` holds each
    column's values as consecutive sorted pieces (e.g. each chunk's outcomes sorted, chunk
    after chunk) and ``places`` ``(m, n)`` each value's row among all ``n``.

    The ranks and sorted columns are those of :func:`average_ranks` (tied values share
    their mean rank whatever order they come in); merging sorted runs is faster than
    sorting (a stable sort finds the runs). ``threads`` above 1 ranks groups of columns on
    that many threads at once (numpy's sorts and gathers release the interpreter's lock);
    each column's numbers are the same either way.
    """
    m, n = runs.shape
    if min(threads, m) < 2:
        return _merge_runs(runs, places)
    from concurrent.futures import ThreadPoolExecutor

    parts = [
        slice(int(g[0]), int(g[-1]) + 1) for g in np.array_split(np.arange(m), min(threads, m))
    ]
    ranks = np.empty((n, m))
    ordered = np.empty((m, n))

    def rank(part: slice) -> None:
        ranks[:, part], ordered[part] = _merge_runs(runs[part], places[part])

    with ThreadPoolExecutor(len(parts)) as pool:
        list(pool.map(rank, parts))
    return ranks, ordered


def _merge_runs(runs: FloatArray, places: np.ndarray) -> tuple[FloatArray, FloatArray]:
    merge = np.argsort(runs, axis=1, kind="stable")
    return _ranks_of_order(
        np.take_along_axis(runs, merge, axis=1), np.take_along_axis(places, merge, axis=1)
    )


def _ranks_of_order(ordered: FloatArray, order: np.ndarray) -> tuple[FloatArray, FloatArray]:
    """Average ranks ``(n, m)`` from the sorted columns ``(m, n)`` and each sorted value's
    row, and the sorted columns."""
    m, n = ordered.shape
    # Runs of equal values, all columns at once: a run starts at every column's first place.
    new = np.ones((m, n), dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    flat = new.ravel()
    starts = np.flatnonzero(flat)
    ends = np.append(starts[1:], m * n)
    place = ((starts + ends - 1) / 2.0)[np.cumsum(flat) - 1].reshape(m, n)
    place -= (n * np.arange(m))[:, None]
    ranks = np.empty((m, n))
    np.put_along_axis(ranks, order, place, axis=1)
    return ranks.T, ordered


def spearman_from_levels(levels: FloatArray, outcome_ranks: FloatArray) -> FloatArray:
    """Rank correlation of each input's level with each outcome, from all samples at once.

    Parameters
    ----------
    levels
        ``(n, k)``: each input's sampling distribution function at its draws.
    outcome_ranks
        ``(n, issues)`` average ranks of the outcomes (:func:`average_ranks`).

    Returns
    -------
    numpy.ndarray
        ``(k, issues)`` correlations in [-1, 1]; NaN where either side is constant.
        :func:`spearman_from_sums` gives the same from sums that chunks add up.
    """
    n = levels.shape[0]
    centred = outcome_ranks - (n - 1) / 2.0
    return spearman_from_sums(
        levels.T @ centred,
        levels.sum(axis=0),
        (levels * levels).sum(axis=0),
        (centred * centred).sum(axis=0),
        n,
    )


def spearman_from_sums(
    cross: FloatArray,
    level_sums: FloatArray,
    level_squares: FloatArray,
    rank_squares: FloatArray,
    n: int,
) -> FloatArray:
    """The rank correlations from sums over the samples.

    Parameters
    ----------
    cross
        ``(k, issues)``: sums of level × centred rank (rank less the mean rank ``(n − 1)/2``;
        the centred ranks add up to 0, so the levels' mean drops out).
    level_sums, level_squares
        ``(k,)``: sums of the levels and of their squares.
    rank_squares
        ``(issues,)``: sums of the squared centred ranks.
    n
        Samples.
    """
    k, issues = cross.shape
    if n < 2:
        return np.full((k, issues), np.nan)
    mean = level_sums / n
    scale_x = np.sqrt(np.maximum(level_squares / n - mean * mean, 0.0))
    scale_y = np.sqrt(rank_squares / n)
    scale = np.outer(scale_x, scale_y)
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = np.where(scale > _TINY, cross / n / np.where(scale > _TINY, scale, 1.0), np.nan)
    return np.clip(rho, -1.0, 1.0)


def first_order_from_bins(
    bin_counts: np.ndarray,
    bin_sums: FloatArray,
    mean: FloatArray,
    variance: FloatArray,
) -> FloatArray:
    """First-order index of each outcome to each input from its bins' counts and sums.

    Parameters
    ----------
    bin_counts
        ``(k, bins)`` samples in each bin of each input.
    bin_sums
        ``(k, bins, issues)`` sums of each outcome over those samples.
    mean, variance
        ``(issues,)`` the outcomes' mean and (population) variance over all samples.

    Returns
    -------
    numpy.ndarray
        ``(k, issues)`` indices in [0, 1]; NaN where the outcome is constant.
    """
    counts = bin_counts.astype(float)
    n = counts.sum(axis=1)  # (k,): every sample is in one bin of each input
    # Σ_b count_b (bin mean − mean)² = Σ_b (sum_b − count_b · mean)² / count_b; empty bins
    # have no sum and add nothing.
    inverse = np.divide(1.0, counts, out=np.zeros_like(counts), where=counts > 0)
    centred = bin_sums - counts[:, :, None] * mean
    explained = np.einsum("kbj,kbj,kb->kj", centred, centred, inverse) / np.maximum(n, 1.0)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(variance > 0, explained / np.where(variance > 0, variance, 1.0), np.nan)
    return np.clip(index, 0.0, 1.0)


_TINY = 1e-12


def default_bins(n: int) -> int:
    """Bins for the first-order index: ``⌊√n⌋`` kept within 2–50."""
    return max(2, min(50, math.isqrt(max(n, 0))))


def _standardised(columns: FloatArray) -> FloatArray:
    centred = columns - columns.mean(axis=0)
    scale = np.sqrt((centred * centred).mean(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(scale > 0, centred / np.where(scale > 0, scale, 1.0), np.nan)


def rank_columns(values: FloatArray) -> np.ndarray:
    """0-based ranks of each column (ties broken by position; for continuous draws).

    Spearman's rho and the binned index share these so a sweep sorts its inputs once.
    """
    # Sorting contiguous rows is several times faster than sorting strided columns.
    columns = np.ascontiguousarray(values.T)
    order = np.argsort(columns, axis=1)
    ranks = np.empty(columns.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, np.arange(columns.shape[1])[None, :], axis=1)
    return ranks.T


def spearman(
    inputs: FloatArray, outcomes: FloatArray, *, input_ranks: np.ndarray | None = None
) -> FloatArray:
    """Spearman's rank correlation of each input with each outcome.

    Parameters
    ----------
    inputs
        ``(samples, k)`` drawn inputs.
    outcomes
        ``(samples, issues)`` outcomes (tied outcomes get their average rank).
    input_ranks
        The inputs' ranks if already known (:func:`rank_columns`; continuous inputs only);
        otherwise average ranks are computed.

    Returns
    -------
    numpy.ndarray
        ``(k, issues)`` correlations in [-1, 1]; NaN where either side is constant.
    """
    from scipy.stats import rankdata  # loaded when given-data ranks are asked for

    n = inputs.shape[0]
    if n < 2:
        return np.full((inputs.shape[1], outcomes.shape[1]), np.nan)
    rx = _standardised(
        rankdata(inputs.T, axis=1).T if input_ranks is None else input_ranks.astype(float)
    )
    ry = _standardised(rankdata(np.ascontiguousarray(outcomes.T), axis=1).T)
    rho = rx.T @ ry / n
    return np.clip(rho, -1.0, 1.0)


def first_order(
    inputs: FloatArray,
    outcomes: FloatArray,
    bins: int | None = None,
    *,
    input_ranks: np.ndarray | None = None,
) -> FloatArray:
    """First-order sensitivity index of each outcome to each input, estimated by binning.

    Parameters
    ----------
    inputs
        ``(samples, k)`` drawn inputs.
    outcomes
        ``(samples, issues)`` outcomes.
    bins
        Equal-count bins per input (default :func:`default_bins` of the sample count).
    input_ranks
        The inputs' 0-based ranks if already known (:func:`rank_columns`).

    Returns
    -------
    numpy.ndarray
        ``(k, issues)`` indices in [0, 1]; NaN where the outcome or the input is constant.
    """
    n, k = inputs.shape
    issues = outcomes.shape[1]
    if n < 2:
        return np.full((k, issues), np.nan)
    b = default_bins(n) if bins is None else bins
    ranks = rank_columns(inputs) if input_ranks is None else input_ranks
    # Bin of each sample for each input: its rank cut into b equal-count slices.
    bin_of_rank = (np.arange(n) * b) // n
    flat = ((ranks * b) // n + b * np.arange(k)).ravel()
    counts = np.bincount(bin_of_rank, minlength=b).astype(float)  # same for every input
    mean = outcomes.mean(axis=0)
    variance = outcomes.var(axis=0)
    out = np.empty((k, issues))
    for j in range(issues):
        centred = outcomes[:, j] - mean[j]
        sums = np.bincount(flat, weights=np.repeat(centred, k), minlength=b * k).reshape(k, b)
        out[:, j] = ((sums * sums) / counts).sum(axis=1) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(variance > 0, out / np.where(variance > 0, variance, 1.0), np.nan)
    constant_input = inputs.max(axis=0) == inputs.min(axis=0)
    index[constant_input, :] = np.nan
    return np.clip(index, 0.0, 1.0)
