"""The shortlist search of the exchange model on several threads, with numba.

:func:`top_of_row` finds the same shortlist as :func:`.shortlist_kernel.top_of_row` (the ``keep``
most gainful candidates, equal gains told apart by the lower label; Stokman and Van Oosten
1994, equal-gain rate of Dijkstra, Van Assen and Stokman 2008), the same gains bit for bit:
the actor pairs are cut into a fixed number of blocks of consecutive pairs (``_BLOCKS``,
whatever the number of threads), each block searched as the serial kernel searches all
pairs, with its own list of its best candidates and its own bar; the blocks' lists are then
joined and cut at ``keep`` as the serial search cuts its list. Each block writes only its own list, so the result does not depend on the number of
threads or on the order the blocks finish in.

The merged list is the serial one: every candidate a block skips gains less than its
block's weakest kept (when the block holds ``keep``) or than ``start``; in the first case
``keep`` candidates of that block alone beat it. Memory: one list of ``2 keep`` per block,
so ``2 _BLOCKS`` × ``keep`` (``keep`` grows with actors × issues).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np

from ontable.forecast.exchange.kernels import _jit
from ontable.forecast.exchange.shortlist_kernel import _layout, best_in_label_order, search
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
    """:func:`.shortlist_kernel.top_of_row` (same arguments, same result), its blocks of actor pairs
    searched in parallel (see the module's docstring)."""
    n = x.shape[0]
    safe, layout = _layout(x, s, w, outcome, total)
    starts = _block_starts(n, _BLOCKS)
    width = 2 * max(keep, 1)
    gains = np.empty((_BLOCKS, width))
    labels = np.empty((_BLOCKS, width), dtype=np.intp)
    sizes = np.zeros(_BLOCKS, dtype=np.intp)
    for j in numba.prange(_BLOCKS):
        sizes[j] = search(
            (starts[j], starts[j + 1]),
            (x, s, w, safe),
            layout,
            (keep, floor, start),
            gains[j],
            labels[j],
        )
    found = 0
    for j in range(_BLOCKS):
        found += sizes[j]
    all_gains = np.empty(found)
    all_labels = np.empty(found, dtype=np.intp)
    at = 0
    for j in range(_BLOCKS):
        all_gains[at : at + sizes[j]] = gains[j, : sizes[j]]
        all_labels[at : at + sizes[j]] = labels[j, : sizes[j]]
        at += sizes[j]
    return best_in_label_order(all_gains, all_labels, found, keep)
