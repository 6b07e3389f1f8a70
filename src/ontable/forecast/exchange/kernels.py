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
    return cast(_F, numba.njit(cache=True, error_model="numpy")(fn))


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


_MARGIN = 1.0 + 1e-9
"""The bounds are rounded like the gains; a relative margin keeps them bounds."""


@_jit
def _bounds(
    x: FloatArray,
    s: FloatArray,
    reach: FloatArray,
    side: FloatArray,
    a: int,
    b: int,
    upper_p: FloatArray,
    upper_q: FloatArray,
) -> float:
    """The upper bounds ``U`` and ``V`` of :func:`.shortlist._top_of_row` for the actor pair
    ``(a, b)`` on every issue (0 unless the two sit on opposite sides of the outcome);
    ``reach`` is ``w / W`` (the outcome shift per point of an actor's vote). Returns the
    pair's bound: the smaller of the highest ``U`` and the highest ``V``."""
    top_p = 0.0
    top_q = 0.0
    for i in range(x.shape[1]):
        # Without branches, so that the loop compiles to vector instructions.
        gap = abs(x[b, i] - x[a, i]) * _MARGIN * (side[a, i] * side[b, i] < 0)
        upper_p[i] = gap * reach[a, i] * s[b, i]
        upper_q[i] = gap * reach[b, i] * s[a, i]
        top_p = max(top_p, upper_p[i])
        top_q = max(top_q, upper_q[i])
    return min(top_p, top_q)


@_jit
def _above(bound: FloatArray, floor: float, bar: float, out: Any) -> int:
    """The issues whose ``bound`` clears ``floor`` and reaches ``bar``, highest bound first,
    into ``out``; returns how many."""
    count = 0
    for i in range(bound.size):
        if bound[i] > floor and bound[i] >= bar:
            j = count
            while j > 0 and bound[out[j - 1]] < bound[i]:
                out[j] = out[j - 1]
                j -= 1
            out[j] = i
            count += 1
    return count


@_jit
def _keep(hg: FloatArray, hid: Any, size: int, keep: int, gain: float, label: int) -> int:
    """Offer a candidate to the heap of the ``keep`` best (weakest at the root); returns the
    heap's new size."""
    if size < keep:
        hg[size], hid[size] = gain, label
        _sift_up(hg, hid, size)
        return size + 1
    if gain > hg[0] or (gain == hg[0] and label < hid[0]):
        hg[0], hid[0] = gain, label
        _sift_down(hg, hid, size, 0)
    return size


def _inlined(fn: _F) -> _F:
    """:func:`_jit`, the function inlined where it is called (it is called once per actor
    pair, and passing its arrays costs about as much as a short visit)."""
    return cast(_F, numba.njit(cache=True, error_model="numpy", inline="always")(fn))


@_inlined
def _visit(
    k: int,
    a: int,
    b: int,
    arrays: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    upper: tuple[FloatArray, FloatArray],
    work: tuple[Any, Any, FloatArray, FloatArray],
    heap: tuple[FloatArray, Any],
    limits: tuple[int, float, float],
    size: int,
    bar: float,
) -> tuple[int, float]:
    """Offer the candidates of actor pair ``k = (a, b)`` to the heap (see :func:`top_of_row`),
    its bounds ``upper`` already worked out; returns the heap's size and the new bar."""
    x, s, w, safe = arrays
    upper_p, upper_q = upper
    ps, qs, full_q, share_q = work
    hg, hid = heap
    keep, floor, start = limits
    m = x.shape[1]
    n_p = _above(upper_p, floor, bar, ps)
    n_q = _above(upper_q, floor, bar, qs)
    share_q_top = 0.0
    for j in range(n_q):
        q = qs[j]
        full_q[q] = abs(x[a, q] - x[b, q]) * w[b, q] / safe[q]
        share_q[q] = s[a, q] / (s[a, q] + s[b, q])  # s_aq > 0, as V > 0
        share_q_top = max(share_q_top, share_q[q])
    for i in range(n_p):
        p = ps[i]
        if upper_p[p] * share_q_top < bar:
            break
        sap, sbp = s[a, p], s[b, p]
        full_p = abs(x[b, p] - x[a, p]) * w[a, p] / safe[p]
        share_p = sbp / (sap + sbp)  # s_bp > 0, as U > 0
        for j in range(n_q):
            q = qs[j]
            if upper_q[q] * share_p < bar:
                break  # V falls from here on
            saq, sbq = s[a, q], s[b, q]
            edge = saq * sbp - sap * sbq
            if q == p or not edge > 0 or upper_p[p] * share_q[q] < bar:
                continue
            den = saq + sbq
            rate = (sap + sbp) / den
            delta_p = min(full_p, full_q[q] / rate)
            gain = delta_p * edge / den
            if gain > floor and gain >= bar:
                label = k * (m * (m - 1)) + p * (m - 1) + (q if q < p else q - 1)
                size = _keep(hg, hid, size, keep, gain, label)
                if size == keep:
                    bar = max(hg[0], start)
    return size, bar


@_jit
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
    """:func:`.shortlist._top_of_row` of one row ``(actors, issues)``: the ``keep`` most
    gainful candidates above ``floor`` (equal gains: the lower label), in label order.

    A heap holds the best candidates seen so far, weakest at the root, and a candidate's
    exact gain (the operations of :func:`.gains._trade`) is computed only when its bounds
    reach the bar (the weakest gain held, once the heap is full) and clear ``floor``:
    besides ``U`` and ``V``, the gain is at most ``U s_aq/(s_aq + s_bq)`` (as ``e ≤ s_aq
    s_bp``) and ``V s_bp/(s_ap + s_bp)``. The bounds being bounds, the candidates skipped
    cannot be among the ``keep`` best, in whatever order the actor pairs are visited. For
    one ``p``, the issues ``q`` are taken by falling ``V``, so the search stops at the first
    below the bar.

    The actor pairs are visited in label order, in one pass (the order the actors lie in
    memory; nothing is held per pair, so memory grows with actors × issues and the number
    kept, not with the pairs). ``start`` (``-inf`` for none) is a guess of the least gain
    kept: candidates below it are neither computed nor kept, which spares most of those the
    search would otherwise compute before the bar rises. The result is exact when ``keep``
    candidates are returned (all of them gain at least ``start``, and every candidate
    skipped gains less than the weakest of them); with fewer, the caller asks again without
    a guess.
    """
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
    upper_p, upper_q = np.empty(m), np.empty(m)
    heap = (np.empty(max(keep, 1)), np.empty(max(keep, 1), dtype=np.intp))
    work = (np.empty(m, dtype=np.intp), np.empty(m, dtype=np.intp), np.empty(m), np.empty(m))
    arrays, upper, limits = (x, s, w, safe), (upper_p, upper_q), (keep, floor, start)
    size = 0
    bar = start  # the least gain that can still enter: ``start``, then the weakest kept
    k = 0
    for a in range(n):
        for b in range(a + 1, n):
            best = _bounds(x, s, reach, side, a, b, upper_p, upper_q)
            if best > floor and best >= bar:
                size, bar = _visit(k, a, b, arrays, upper, work, heap, limits, size, bar)
            k += 1
    hg, hid = heap
    order = np.argsort(hid[:size], kind="mergesort")
    return hid[:size][order], hg[:size][order]


@_jit
def all_gains(
    x: FloatArray,
    s: FloatArray,
    w: FloatArray,
    outcome: FloatArray,
    total: FloatArray,
    floor: float,
) -> FloatArray:
    """:func:`.shortlist._all_gains` (every candidate's gain, ``(rows, pairs × L)`` in label
    order, by the operations of :func:`.gains._trade`), with gains not above ``floor`` set
    to 0. ``x``, ``s``, ``w`` are ``(rows, actors, issues)``, ``outcome`` and ``total``
    ``(rows, issues)``."""
    rows, n, m = x.shape
    per_pair = m * (m - 1)
    gains = np.zeros((rows, n * (n - 1) // 2 * per_pair))
    side = np.empty((n, m))
    safe = np.empty(m)
    for r in range(rows):
        for i in range(m):
            safe[i] = total[r, i] if total[r, i] > 0 else 1.0
            for a in range(n):
                side[a, i] = _side(x[r, a, i], outcome[r, i])
        k = 0
        for a in range(n):
            for b in range(a + 1, n):
                for p in range(m):
                    if not (side[a, p] * side[b, p] < 0 and w[r, a, p] > 0):
                        continue
                    sap, sbp = s[r, a, p], s[r, b, p]
                    full_p = abs(x[r, b, p] - x[r, a, p]) * w[r, a, p] / safe[p]
                    for q in range(m):
                        if q == p or not (side[a, q] * side[b, q] < 0 and w[r, b, q] > 0):
                            continue
                        saq, sbq = s[r, a, q], s[r, b, q]
                        edge = saq * sbp - sap * sbq
                        if not edge > 0:
                            continue
                        full_q = abs(x[r, a, q] - x[r, b, q]) * w[r, b, q] / safe[q]
                        den = saq + sbq if saq + sbq > 0 else 1.0
                        rate = (sap + sbp) / den
                        delta_p = min(full_p, full_q / rate if rate > 0 else 0.0)
                        gain = delta_p * edge / den
                        if gain > floor:
                            gains[r, k * per_pair + p * (m - 1) + (q if q < p else q - 1)] = gain
                k += 1
    return gains
