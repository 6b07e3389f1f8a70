"""Compiled kernels of the exchange model (:mod:`ontable.forecast.exchange`), with numba.

The same arithmetic as the numpy path, operation for operation, so the same numbers bit for
bit (Stokman and Van Oosten 1994, equal-gain rate of Dijkstra, Van Assen and Stokman 2008):

- :func:`top_of_row`: the round's shortlist of one row, as
  :func:`.shortlist._top_of_row` finds it, with a heap of the best candidates seen so far
  whose weakest gain prunes candidates by the same upper bounds;
- :func:`run_round`: a round's exchanges, made one at a time as in :func:`.rounds.run_batch`
  (best candidate, ties told apart as in :func:`.rounds._best`, then the candidates touching
  the two issues recomputed as in :meth:`.gains._Fixed.exchange`), without returning to
  Python between exchanges. Candidates are grouped by their (unordered) pair of issues, and
  each group's best gain is kept, so finding the best candidate scans the groups, and an
  exchange recomputes only the groups of its two issues.

This module imports numba; :mod:`.rounds` imports it only when numba is wanted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np

from ontable.forecast.exchange.gains import _TIE
from ontable.model.arrays import FloatArray

_F = TypeVar("_F", bound=Callable[..., Any])


def _jit(fn: _F) -> _F:
    """Compile ``fn`` in nopython mode, cached on disk, without fastmath (same rounding)."""
    return cast(_F, numba.njit(cache=True)(fn))


@_jit
def _side(v: float, ref: float) -> float:
    """:func:`.gains._side` of one value."""
    gap = ref - v
    if abs(gap) <= _TIE * max(abs(ref), 1.0):
        return 0.0
    return float(np.sign(gap))


@_jit
def _heap_worse(hg: FloatArray, hid: Any, i: int, j: int) -> bool:
    """Whether heap entry ``i`` ranks below entry ``j`` (lower gain; equal gains: higher id)."""
    return bool(hg[i] < hg[j] or (hg[i] == hg[j] and hid[i] > hid[j]))


@_jit
def _sift_down(hg: FloatArray, hid: Any, size: int, i: int) -> None:
    """Restore the heap (weakest entry at the root) below entry ``i``."""
    while True:
        low = i
        for child in (2 * i + 1, 2 * i + 2):
            if child < size and _heap_worse(hg, hid, child, low):
                low = child
        if low == i:
            return
        hg[i], hg[low] = hg[low], hg[i]
        hid[i], hid[low] = hid[low], hid[i]
        i = low


@_jit
def _sift_up(hg: FloatArray, hid: Any, i: int) -> None:
    """Restore the heap above entry ``i``."""
    while i > 0:
        parent = (i - 1) // 2
        if not _heap_worse(hg, hid, i, parent):
            return
        hg[i], hg[parent] = hg[parent], hg[i]
        hid[i], hid[parent] = hid[parent], hid[i]
        i = parent


@_jit
def _pair_values(
    x: FloatArray,
    s: FloatArray,
    w: FloatArray,
    side: FloatArray,
    safe: FloatArray,
    a: int,
    b: int,
    v: FloatArray,
) -> None:
    """Per issue, for the actor pair ``(a, b)``: the whole outcome shifts ``a`` and ``b`` can
    make (``δ_p^full`` and ``δ_q^full`` of :func:`.gains._trade`) and the upper bounds ``U``
    and ``V`` of :func:`.shortlist._top_of_row` (0 unless the two sit on opposite sides of
    the outcome and the supplier has weight), as rows 0–3 of ``v``."""
    for i in range(x.shape[1]):
        opposite = side[a, i] * side[b, i] < 0
        v[0, i] = abs(x[b, i] - x[a, i]) * w[a, i] / safe[i]
        v[1, i] = abs(x[a, i] - x[b, i]) * w[b, i] / safe[i]
        up = 0.0
        uq = 0.0
        if opposite and w[a, i] > 0:
            up = abs(x[b, i] - x[a, i]) * w[a, i] / safe[i] * s[b, i]
        if opposite and w[b, i] > 0:
            uq = abs(x[a, i] - x[b, i]) * w[b, i] / safe[i] * s[a, i]
        v[2, i] = up * (1.0 + 1e-9)
        v[3, i] = uq * (1.0 + 1e-9)


@_jit
def _above(bound: FloatArray, floor: float, out: Any) -> int:
    """The issues whose ``bound`` clears ``floor``, highest bound first, into ``out``;
    returns how many."""
    count = 0
    for i in range(bound.size):
        if bound[i] > floor:
            j = count
            while j > 0 and bound[out[j - 1]] < bound[i]:
                out[j] = out[j - 1]
                j -= 1
            out[j] = i
            count += 1
    return count


@_jit
def _gain(v: FloatArray, s: FloatArray, a: int, b: int, p: int, q: int, edge: float) -> float:
    """:func:`.gains._trade`'s gain of one candidate with ``edge > 0`` whose two bounds are
    positive (so the two sit on opposite sides of both outcomes and ``w_ap``, ``w_bq`` are
    positive); ``v`` from :func:`_pair_values`."""
    sap, sbp, saq, sbq = s[a, p], s[b, p], s[a, q], s[b, q]
    den = saq + sbq if saq + sbq > 0 else 1.0
    rate = (sap + sbp) / den
    other = v[1, q] / rate if rate > 0 else 0.0
    delta_p = min(v[0, p], other)
    return float(delta_p * edge / den)


@_jit
def top_of_row(
    x: FloatArray,
    s: FloatArray,
    w: FloatArray,
    outcome: FloatArray,
    total: FloatArray,
    keep: int,
    floor: float,
) -> tuple[Any, FloatArray]:
    """:func:`.shortlist._top_of_row` of one row ``(actors, issues)``: the ``keep`` most
    gainful candidates above ``floor`` (equal gains: the lower label), in label order.

    A heap holds the best candidates seen so far, weakest at the root. The actor pairs are
    visited from the highest pair bound (the smaller of the best bounds on each side) down,
    and a candidate's exact gain is computed only when its bounds reach the weakest gain
    held (once the heap is full) and clear ``floor``: besides ``U`` and ``V``, the gain is
    at most ``U s_aq/(s_aq + s_bq)`` (as ``e ≤ s_aq s_bp``) and ``V s_bp/(s_ap + s_bp)``.
    The bounds being bounds (with a relative margin of 1e-9 for rounding), the candidates
    skipped cannot be among the ``keep`` best.
    """
    n, m = x.shape
    per_pair = m * (m - 1)
    side = np.empty((n, m))
    for a in range(n):
        for i in range(m):
            side[a, i] = _side(x[a, i], outcome[i])
    safe = np.empty(m)
    for i in range(m):
        safe[i] = total[i] if total[i] > 0 else 1.0
    pairs = n * (n - 1) // 2
    pa = np.empty(pairs, dtype=np.intp)
    pb = np.empty(pairs, dtype=np.intp)
    bound = np.empty(pairs)
    v = np.empty((4, m))
    k = 0
    for a in range(n):
        for b in range(a + 1, n):
            _pair_values(x, s, w, side, safe, a, b, v)
            pa[k], pb[k] = a, b
            bound[k] = min(v[2].max(), v[3].max())
            k += 1
    hg = np.empty(max(keep, 1))
    hid = np.empty(max(keep, 1), dtype=np.intp)
    size = 0
    ps = np.empty(m, dtype=np.intp)
    qs = np.empty(m, dtype=np.intp)
    for k in np.argsort(-bound, kind="mergesort"):
        if bound[k] <= floor or (size == keep and bound[k] < hg[0]):
            break
        a, b = pa[k], pb[k]
        _pair_values(x, s, w, side, safe, a, b, v)
        n_p = _above(v[2], floor, ps)
        n_q = _above(v[3], floor, qs)
        for i in range(n_p):
            p = ps[i]
            if size == keep and v[2, p] < hg[0]:
                break
            tp = s[b, p] / (s[a, p] + s[b, p])
            for j in range(n_q):
                q = qs[j]
                if size == keep and v[3, q] < hg[0]:
                    break
                if q == p:
                    continue
                edge = s[a, q] * s[b, p] - s[a, p] * s[b, q]
                if not edge > 0:
                    continue
                if size == keep and (
                    v[2, p] * (s[a, q] / (s[a, q] + s[b, q])) < hg[0] or v[3, q] * tp < hg[0]
                ):
                    continue
                g = _gain(v, s, a, b, p, q, edge)
                if not g > floor:
                    continue
                label = k * per_pair + p * (m - 1) + (q if q < p else q - 1)
                if size < keep:
                    hg[size], hid[size] = g, label
                    _sift_up(hg, hid, size)
                    size += 1
                elif g > hg[0] or (g == hg[0] and label < hid[0]):
                    hg[0], hid[0] = g, label
                    _sift_down(hg, hid, size, 0)
    order = np.argsort(hid[:size], kind="mergesort")
    return hid[:size][order], hg[:size][order]
