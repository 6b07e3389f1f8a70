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
    k = levels.shape[1]
    of_level = bin_of_level(levels, bins)
    counts = np.bincount((of_level + bins * np.arange(k)).ravel(), minlength=bins * k)
    return ChunkSummary(
        histogram=histogram_counts(outcomes),
        bin_counts=counts.reshape(k, bins).astype(np.int64),
        bin_sums=bin_sums(of_level, outcomes, bins, counts),
        level_sums=levels.sum(axis=0),
        level_squares=(levels * levels).sum(axis=0),
    )


BIN_MAJOR_BYTES = 1 << 20
"""Above this many bytes of bin sums (about a core's L2 cache) :func:`bin_sums` adds them
up one input at a time, so that the sums being written stay in cache."""


def bin_sums(
    of_level: np.ndarray, outcomes: FloatArray, bins: int, counts: np.ndarray | None = None
) -> FloatArray:
    """``(k, bins, issues)``: the sums of the outcomes ``(n, issues)`` over the samples in
    each bin of each input, from each sample's bin ``(n, k)`` (:func:`bin_of_level`);
    ``counts`` are the samples in each input's bins ``(k · bins,)`` if already counted.

    Every sum adds its samples in sample order, starting from zero, so the two ways it is
    computed (sample by sample, or input by input for sums too large for a cache) give the
    same bits.
    """
    from scipy import sparse  # loaded where chunks run, not when ontable starts

    n, k = of_level.shape
    issues = outcomes.shape[1]
    if not (n and k):
        return np.zeros((k, bins, issues))
    if k * bins * issues * 8 <= BIN_MAJOR_BYTES:
        # One row per sample with a 1 in its bin of every input: the bins' outcome sums are
        # this matrix's transpose times the outcomes (a sparse product: n·k·issues additions).
        member = sparse.csr_matrix(
            (np.ones(n * k), (of_level + bins * np.arange(k)).ravel(), np.arange(0, n * k + 1, k)),
            shape=(n, bins * k),
        )
        return np.asarray(member.T @ outcomes, dtype=float).reshape(k, bins, issues)
    # One row per input and bin listing its samples in sample order (a stable sort of each
    # input's bins): each row's sum is written once while the outcomes are read.
    keys = of_level.T.astype(np.uint8 if bins <= 256 else np.int64)
    samples = np.argsort(keys, axis=1, kind="stable")
    if counts is None:
        counts = np.bincount((of_level + bins * np.arange(k)).ravel(), minlength=bins * k)
    starts = np.zeros(bins * k + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    rows = sparse.csr_matrix((np.ones(n * k), samples.ravel(), starts), shape=(bins * k, n))
    return np.asarray(rows @ outcomes, dtype=float).reshape(k, bins, issues)


def rank_products(levels: FloatArray, centred_ranks: FloatArray) -> FloatArray:
    """A chunk's share of the rank correlations' cross products: ``(k, issues)`` sums of
    level × centred rank, from its levels ``(n, k)`` and its outcomes' centred ranks
    ``(n, issues)`` (0-based average ranks among all samples less the mean rank)."""
    return np.asarray(levels.T @ centred_ranks, dtype=float)
