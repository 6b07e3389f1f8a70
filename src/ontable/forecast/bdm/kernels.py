"""Compiled round of the BDM model (:mod:`ontable.forecast.bdm`), used when numba is installed.

One call runs one round (Scholz et al. 2011, steps 1–5 of :mod:`.model`) on many independent
one-issue rows: the risk-neutral votes and expected utilities, the risk exponents
(eqs. 32–33), the risk-weighted votes and expected utilities, and the offers each target
accepts. It computes the same numbers as the numpy functions of :mod:`.votes` and
:mod:`.utilities` without any ``actors × actors`` array: memory per row is a few arrays of
``actors``. The running vote sums over voters sorted by position and every per-pair formula
use the numpy code's operations in its order, except that powers are taken as
``exp(r·log c)`` (``pow`` for pairs nearer than :data:`._pair.NEAR`); sums over pairs (each
actor's exposure, the shared denominator) are added in another order (and the risk-neutral
exposures in two parts, see :func:`._plain.neutral_plain`), so results agree to rounding
(the tests hold positions to 1e-12 of the scale and the moves to be the same).

Actors at one position are one *group* (:mod:`._groups`): all that a pair's numbers need
but the target's salience and the viewer's risk exponent is the two positions, so the
logarithm of a distance is taken once per pair of groups and each power once per voter (or
viewer) and group. On a scale coded in whole points there are at most 101 groups however
many actors, and the transcendental work falls from ``actors²`` to ``actors × groups`` per
round; with all positions distinct each group is one actor and the pairs of two lone actors
are settled in batches whose powers are worked out in one vector loop (:mod:`._batch`,
with the branch-free ``exp`` and ``log`` of :mod:`._elementary`); with ``Q`` = 1 the actors
of other pairs of groups are batched the same way, one view per actor.

How the published program's vote count fits in ``O(actors)`` memory: with voters sorted by
position and ``C_g(b)`` the sum of ``M[k, g] = w_k (|x_k − u_g|/R)^{r_k}`` over the first
``b`` voters, the pair of groups ``g, h`` needs ``C_g`` and ``C_h`` at the same ``b`` (the
number of voters below their midpoint). The voters are taken in blocks of 64: a table of
``C_g(b)`` for every ``b`` of the block (each added voter by voter, as one running sum would
be), and every pair whose ``b`` falls in the block reads it directly, each group meeting the
higher groups in turn (``b`` grows with the higher group). Each pair is visited once and
settles both directions; each target keeps its best offer so far, with ties broken by actor
order as in the numpy functions, so the visiting order does not change any choice. The
shared denominator and the column totals come from a first pass over the voters (the sorted
votes of four voters merged side by side, each comparison picking the next value without a
jump). The printed equations' votes need no running sums, and their pairs are visited in
plain order; so are the pairs of the risk-neutral pass with ``Q`` = 1, which sums the
published program's denominator over its pairs (the votes either way, from prefix sums) and
divides the part of each exposure that is linear in the probabilities by it at the end.

The kernel is compiled on first use (cached on disk); :func:`available` says whether it can
be used. Set ``ONTABLE_NO_NUMBA=1`` to force the numpy path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ontable.forecast.compiled import kernels_switched_off
from ontable.model.arrays import FloatArray

SMALL = 6
"""Up to this many actors the compiled round sums votes voter by voter and does not read the
sorted order for the published variant (as ``numpy.argsort`` would give it)."""

_KERNEL: tuple[Callable[..., Any], Callable[..., Any]] | None = None
_TRIED = False


def available() -> bool:
    """Whether the compiled round can be used (numba importable, not disabled)."""
    if kernels_switched_off():
        return False
    return _kernel() is not None


def _kernel() -> tuple[Callable[..., Any], Callable[..., Any]] | None:
    """The parallel and the one-thread compiled rounds, or None without numba."""
    global _KERNEL, _TRIED
    if not _TRIED:
        _TRIED = True
        try:
            from ontable.forecast.bdm._compiled import rounds_kernel, rounds_serial
        except ImportError:
            _KERNEL = None
        else:
            _KERNEL = (rounds_kernel, rounds_serial)
    return _KERNEL


def _threads() -> int:
    import numba

    return int(numba.get_num_threads())


def bdm_round(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    on: np.ndarray[Any, np.dtype[np.bool_]],
    span: FloatArray,
    mu: FloatArray,
    order: np.ndarray[Any, np.dtype[np.intp]],
    q: float,
    t: float,
    published: bool,
) -> FloatArray:
    """Positions after one round, row by row (rows ``(rows, actors)``, ``span``/``mu`` ``(rows,)``).

    ``order`` sorts each row's positions (as ``numpy.argsort``); inactive actors keep their
    positions. Raises ``RuntimeError`` when numba is unavailable (check :func:`available`).
    """
    kernels = _kernel()
    if kernels is None:
        raise RuntimeError("the compiled BDM round needs numba (pip install ontable[fast])")
    out = np.empty_like(x)
    rows, n = x.shape
    if rows == 0 or n == 0:
        out[...] = x
        return out
    # Threads pay for rows of many actors; small rows (a sweep, often in a process pool of
    # its own) run on one thread. Each row is independent: the split never changes a number.
    threads = _threads() if n > SMALL and rows > 1 else 1
    kernel = kernels[0] if threads > 1 else kernels[1]
    kernel(
        np.ascontiguousarray(x, dtype=np.float64),
        np.ascontiguousarray(w, dtype=np.float64),
        np.ascontiguousarray(s, dtype=np.float64),
        np.ascontiguousarray(on, dtype=np.bool_),
        np.ascontiguousarray(span, dtype=np.float64),
        np.ascontiguousarray(mu, dtype=np.float64),
        np.ascontiguousarray(order, dtype=np.int64),
        float(q),
        float(t),
        bool(published),
        min(rows, 4 * threads),
        out,
    )
    return out
