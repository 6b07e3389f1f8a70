"""The shortlist search of the exchange model on several threads, with numba.

:func:`top_of_row` finds the same shortlist as :func:`.kernels.top_of_row` (the ``keep``
most gainful candidates, equal gains told apart by the lower label; Stokman and Van Oosten
1994, equal-gain rate of Dijkstra, Van Assen and Stokman 2008), the same gains bit for bit:
the actor pairs are cut into a fixed number of blocks of consecutive pairs (``_BLOCKS``,
whatever the number of threads), each block searched as the serial kernel searches all
pairs, with its own heap of the ``keep`` best and its own bar; the blocks' lists are then
merged in one fixed order (gain falling, label rising) and cut at ``keep``. Each block
writes only its own heap, so the result does not depend on the number of threads or on the
order the blocks finish in.

The merged list is the serial one: every candidate a block skips gains less than its
block's weakest kept (when the block holds ``keep``) or than ``start``; in the first case
``keep`` candidates of that block alone beat it. Memory: one heap of ``keep`` per block,
so ``_BLOCKS`` × ``keep`` (``keep`` grows with actors × issues).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np

from ontable.forecast.exchange.kernels import _bounds, _jit, _side, _visit
from ontable.model.arrays import FloatArray

_F = TypeVar("_F", bound=Callable[..., Any])


def _parallel(fn: _F) -> _F:
    """Compile ``fn`` as :func:`.kernels._jit` does, its ``prange`` loops on threads."""
    return cast(_F, numba.njit(cache=True, error_model="numpy", parallel=True)(fn))


_BLOCKS = 4
"""Blocks of actor pairs searched apart (a fixed number, so the same work on any threads)."""


@_jit
def _block_starts(n: int, blocks: int) -> Any:
    """The first actor ``a`` of each block (and ``n`` at the end): consecutive actors, each
    block holding about the same number of pairs ``(a, b)``, ``a < b``."""
    starts = np.full(blocks + 1, n, dtype=np.intp)
    starts[0] = 0
    pairs = n * (n - 1) // 2
    seen = 0
    j = 1
    for a in range(n):
        while j < blocks and seen >= j * pairs / blocks:
            starts[j] = a
            j += 1
        seen += n - a - 1
    return starts


@_jit
def _search(
    arrays: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    ready: tuple[FloatArray, FloatArray],
    actors: tuple[int, int],
    limits: tuple[int, float, float],
    hg: FloatArray,
    hid: Any,
) -> int:
    """The search of :func:`.kernels.top_of_row` over the pairs whose first actor is in
    ``actors`` (``lo``, ``hi``), into the heap ``hg``, ``hid``; returns its size."""
    x = arrays[0]
    s = arrays[1]
    reach, side = ready
    lo, hi = actors
    floor, start = limits[1], limits[2]
    n, m = x.shape
    upper_p, upper_q = np.empty(m), np.empty(m)
    work = (np.empty(m, dtype=np.intp), np.empty(m, dtype=np.intp), np.empty(m), np.empty(m))
    size = 0
    bar = start
    k = lo * (2 * n - lo - 1) // 2  # the label of the pair (lo, lo + 1)
    for a in range(lo, hi):
        for b in range(a + 1, n):
            best = _bounds(x, s, reach, side, a, b, upper_p, upper_q)
            if best > floor and best >= bar:
                size, bar = _visit(
                    k, a, b, arrays, (upper_p, upper_q), work, (hg, hid), limits, size, bar
                )
            k += 1
    return size


@_parallel
def top_of_row(
    x: FloatArray,
    s: FloatArray,
    w: FloatArray,
    outcome: FloatArray,
    total: FloatArray,
    keep: int,
    floor: float,
    start: float,
) -> tuple[Any, FloatArray]:
    """:func:`.kernels.top_of_row` (same arguments, same result), its blocks of actor pairs
    searched in parallel (see the module's docstring)."""
    n, m = x.shape
    side = np.empty((n, m))
    reach = np.empty((n, m))
    safe = np.empty(m)
    for i in range(m):
        safe[i] = total[i] if total[i] > 0 else 1.0
    for a in range(n):
        for i in range(m):
            side[a, i] = _side(x[a, i], outcome[i])
            reach[a, i] = w[a, i] / safe[i]
    starts = _block_starts(n, _BLOCKS)
    width = max(keep, 1)
    hg = np.empty((_BLOCKS, width))
    hid = np.empty((_BLOCKS, width), dtype=np.intp)
    sizes = np.zeros(_BLOCKS, dtype=np.intp)
    for j in numba.prange(_BLOCKS):
        sizes[j] = _search(
            (x, s, w, safe),
            (reach, side),
            (starts[j], starts[j + 1]),
            (keep, floor, start),
            hg[j],
            hid[j],
        )
    found = 0
    for j in range(_BLOCKS):
        found += sizes[j]
    gains = np.empty(found)
    labels = np.empty(found, dtype=np.intp)
    at = 0
    for j in range(_BLOCKS):
        gains[at : at + sizes[j]] = hg[j, : sizes[j]]
        labels[at : at + sizes[j]] = hid[j, : sizes[j]]
        at += sizes[j]
    by_label = np.argsort(labels, kind="mergesort")
    ranked = by_label[np.argsort(-gains[by_label], kind="mergesort")][:keep]
    chosen = ranked[np.argsort(labels[ranked], kind="mergesort")]
    return labels[chosen], gains[chosen]
