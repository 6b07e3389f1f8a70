"""What one chunk of a sweep adds to the sweep's summaries, and how the parts add up.

A chunk summarises its own samples where it runs (a worker process or a Dask worker): the
histogram counts of its outcomes and, for the sensitivities, from each varying input's
*level* (the value of the input's sampling distribution function at the draw, in [0, 1]) the
count and the outcome sums of the samples in each equal-probability bin of every input, and
the levels' sums and sums of squares. The parent adds the parts in chunk order (counts
exactly, sums always in the same order, so every executor gives the same bits).

The rank correlations need each outcome's rank among *all* samples, known only when every
chunk is in. The parent ranks the outcomes once and sends each chunk its outcomes' ranks; a
second, short round of tasks re-draws each chunk's levels (the same numbers, from the
chunk's seed) and returns their cross products with the ranks (:func:`rank_products`),
which the parent adds in chunk order. The estimators are
described in :mod:`ontable.sweep.sensitivity`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ontable.model.arrays import FloatArray

HISTOGRAM_EDGES: tuple[float, ...] = tuple(float(x) for x in np.linspace(0.0, 100.0, 21))
"""Twenty 5-point bins over the 0–100 issue scale (the last bin includes 100)."""


def histogram_counts(outcomes: FloatArray) -> np.ndarray:
    """``(issues, 20)`` counts of ``outcomes`` ``(samples, issues)`` in the histogram's bins."""
    edges = np.asarray(HISTOGRAM_EDGES)
    return (
        np.stack([np.histogram(outcomes[:, i], bins=edges)[0] for i in range(outcomes.shape[1])])
        .reshape(outcomes.shape[1], len(edges) - 1)
        .astype(np.int64)
    )


@dataclass(frozen=True)
class ChunkSummary:
    """One chunk's contribution to the summaries of its sweep.

    Attributes
    ----------
    histogram
        ``(issues, 20)`` outcome counts in the bins of :data:`HISTOGRAM_EDGES`.
    bin_counts
        ``(k, bins)``: samples whose level of input ``k`` falls in each of ``bins``
        equal-probability bins ``[b / bins, (b + 1) / bins)``.
    bin_sums
        ``(k, bins, issues)``: the sums of each outcome over those samples.
    level_sums, level_squares
        ``(k,)``: the sums of the levels and of their squares.
    """

    histogram: np.ndarray
    bin_counts: np.ndarray
    bin_sums: FloatArray
    level_sums: FloatArray
    level_squares: FloatArray

    def add(self, other: ChunkSummary) -> None:
        """Add ``other``'s counts and sums to this summary's, in place."""
        for mine, theirs in (
            (self.histogram, other.histogram),
            (self.bin_counts, other.bin_counts),
            (self.bin_sums, other.bin_sums),
            (self.level_sums, other.level_sums),
            (self.level_squares, other.level_squares),
        ):
            np.add(mine, theirs, out=mine)

    def copy(self) -> ChunkSummary:
        """A summary with copies of the counts and sums (to add others to)."""
        return ChunkSummary(
            self.histogram.copy(),
            self.bin_counts.copy(),
            self.bin_sums.copy(),
            self.level_sums.copy(),
            self.level_squares.copy(),
        )


def bin_of_level(levels: FloatArray, bins: int) -> np.ndarray:
    """The equal-probability bin ``0 … bins − 1`` of each level (a level of 1 is in the last)."""
    return np.minimum((levels * bins).astype(np.int64), bins - 1)


def summarise_chunk(levels: FloatArray, outcomes: FloatArray, bins: int) -> ChunkSummary:
    """A chunk's :class:`ChunkSummary` from its input levels ``(n, k)`` and outcomes.

    ``bins`` is the sweep's bin count for the first-order index (the same for every chunk).
    """
    from scipy import sparse  # loaded where chunks run, not when ontable starts

    n, k = levels.shape
    issues = outcomes.shape[1]
    flat = (bin_of_level(levels, bins) + bins * np.arange(k)).ravel()
    if n and k:
        # One row per sample with a 1 in its bin of every input: the bins' outcome sums are
        # this matrix's transpose times the outcomes (a sparse product: n·k·issues additions).
        member = sparse.csr_matrix(
            (np.ones(n * k), flat, np.arange(0, n * k + 1, k)), shape=(n, bins * k)
        )
        sums = np.asarray(member.T @ outcomes, dtype=float).reshape(k, bins, issues)
    else:
        sums = np.zeros((k, bins, issues))
    return ChunkSummary(
        histogram=histogram_counts(outcomes),
        bin_counts=np.bincount(flat, minlength=bins * k).reshape(k, bins).astype(np.int64),
        bin_sums=sums,
        level_sums=levels.sum(axis=0),
        level_squares=(levels * levels).sum(axis=0),
    )


def rank_products(levels: FloatArray, centred_ranks: FloatArray) -> FloatArray:
    """A chunk's share of the rank correlations' cross products: ``(k, issues)`` sums of
    level × centred rank, from its levels ``(n, k)`` and its outcomes' centred ranks
    ``(n, issues)`` (0-based average ranks among all samples less the mean rank)."""
    return np.asarray(levels.T @ centred_ranks, dtype=float)
