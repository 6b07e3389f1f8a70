"""The shortlist search of the exchange model (:mod:`ontable.forecast.exchange`), with numba.

:func:`top_of_row` finds a round's shortlist of one row as :func:`.shortlist._top_of_row`
does (the ``keep`` most gainful candidates, equal gains going to the lower label; Stokman
and Van Oosten 1994, equal-gain rate of Dijkstra, Van Assen and Stokman 2008), computing a
candidate's exact gain (the operations of :func:`.gains._trade`, so the same numbers bit for
bit) only where an upper bound on it reaches the weakest gain held so far.

This module imports numba; :mod:`.rounds` imports it only when numba is wanted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np

from ontable.forecast.exchange.kernels import _jit, _side
from ontable.model.arrays import FloatArray

_F = TypeVar("_F", bound=Callable[..., Any])


@_jit
def prune(gains: FloatArray, labels: Any, size: int, keep: int) -> tuple[int, float]:
    """Cut a list of candidates (the first ``size`` of ``gains``, ``labels``; the labels
    differ) to its ``keep`` best, in place, in the order they were: the highest gains,
    equal gains at the cut going to the lower labels. Returns the new size and the weakest
    gain kept (``-inf`` when the list was not cut)."""
    if size <= keep:
        return size, -np.inf
    cut = -np.partition(-gains[:size], keep - 1)[keep - 1]
    at_cut = 0
    for i in range(size):
        at_cut += gains[i] == cut
    tied = np.empty(at_cut, dtype=np.intp)
    at_cut, above = 0, 0
    for i in range(size):
        if gains[i] == cut:
            tied[at_cut] = labels[i]
            at_cut += 1
        above += gains[i] > cut
    last = np.partition(tied, keep - above - 1)[keep - above - 1]  # the last tie kept
    kept = 0
    for i in range(size):
        if gains[i] > cut or (gains[i] == cut and labels[i] <= last):
            gains[kept], labels[kept] = gains[i], labels[i]
            kept += 1
    return kept, cut


@_jit
def best_in_label_order(
    gains: FloatArray, labels: Any, size: int, keep: int
) -> tuple[Any, FloatArray]:
    """The ``keep`` best of a list of candidates (see :func:`prune`), in label order."""
    size, _ = prune(gains, labels, size, keep)
    order = np.argsort(labels[:size], kind="mergesort")
    return labels[:size][order], gains[:size][order]


_MARGIN = 1.0 + 1e-9
"""The bounds are rounded like the gains; a relative margin keeps them bounds."""

_SLACK = 1e-12
"""Added to a difference of salience shares in the bounds (see :func:`top_of_row`): far
more than its rounding error (a few times 1e-16), so the bounds stay bounds."""

_CHUNK = 256
"""Partners ``b`` whose bounds with one actor ``a`` are worked out in one pass."""

_FEW_ISSUES = 64
"""Up to this many issues, an actor pair's highest bound is found over all its issue pairs
before its candidates are visited; with more, its visit starts at once."""


@_jit
def _terms(
    a: int,
    lo: int,
    arrays: tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray],
    terms: tuple[FloatArray, FloatArray, FloatArray],
    spans: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
) -> int:
    """For the partners ``b = lo + j`` of actor ``a`` (as many as fit in ``terms``, whose
    count is returned): ``P[i, j]``, ``Q[i, j]`` and ``r[i, j]`` of :func:`top_of_row` on
    every issue ``i`` (``P`` and ``Q`` 0 unless the two sit on opposite sides of the
    outcome), the highest ``r`` where ``Q > 0``, the lowest where ``P > 0``, and the pair's
    bound.

    ``arrays`` are ``x``, ``s``, ``reach`` (``w / W``) and ``side`` laid out issue by issue
    ``(issues, actors)``, so that the loops over partners read consecutive values; they are
    written without branches (selects), so that they compile to vector instructions."""
    xt, st, reach_t, side_t, _ = arrays
    big_p, big_q, share = terms
    r_hi, r_lo, bound, top_q = spans
    m, n = xt.shape
    width = min(big_p.shape[1], n - lo)
    r_hi[:width], r_lo[:width] = 0.0, 1.0
    for i in range(m):
        xa, sa, ra, da = xt[i, a], st[i, a], reach_t[i, a], side_t[i, a]
        xb, sb = xt[i, lo : lo + width], st[i, lo : lo + width]
        reach_b, side_b = reach_t[i, lo : lo + width], side_t[i, lo : lo + width]
        p_i, q_i, r_i = big_p[i], big_q[i], share[i]
        for j in range(width):
            both = sa + sb[j]
            gap = abs(xb[j] - xa) * both
            gap = gap if da * side_b[j] < 0 else 0.0
            p_i[j], q_i[j] = gap * ra, gap * reach_b[j]
            r_i[j] = sa / (both if both > 0 else 1.0)
            hi = r_i[j] if q_i[j] > 0 else 0.0
            r_hi[j] = hi if hi > r_hi[j] else r_hi[j]
            low = r_i[j] if p_i[j] > 0 else 1.0
            r_lo[j] = low if low < r_lo[j] else r_lo[j]
    bound[:width], top_q[:width] = 0.0, 0.0
    for i in range(m):
        p_i, q_i, r_i = big_p[i], big_q[i], share[i]
        for j in range(width):
            u = p_i[j] * (r_hi[j] - r_i[j] + _SLACK)
            v = q_i[j] * (r_i[j] - r_lo[j] + _SLACK)
            bound[j] = u if u > bound[j] else bound[j]
            top_q[j] = v if v > top_q[j] else top_q[j]
    for j in range(width):
        bound[j] = (bound[j] if bound[j] < top_q[j] else top_q[j]) * _MARGIN
    return width


@_jit
def _pair_best(
    terms: tuple[FloatArray, FloatArray, FloatArray],
    chosen: Any,
    count: int,
    picked: tuple[FloatArray, FloatArray, FloatArray],
    best: FloatArray,
) -> None:
    """For the first ``count`` columns ``j`` listed in ``chosen``: their ``P``, ``Q`` and
    ``r`` side by side in ``picked``, and the highest bound of a candidate of that pair,
    ``max min(P_p, Q_q)(r_q − r_p)`` over ``p ≠ q`` (see :func:`top_of_row`), in ``best``
    (issue pairs outside, pairs inside: vector code)."""
    m = terms[0].shape[0]
    for which in range(3):
        for i in range(m):
            row, into = terms[which][i], picked[which][i]
            for t in range(count):
                into[t] = row[chosen[t]]
    big_p, big_q, share = picked
    if m > _FEW_ISSUES:
        return
    best[:count] = 0.0
    for p in range(m):
        for q in range(m):
            if q == p:
                continue
            p_p, q_q, r_p, r_q = big_p[p], big_q[q], share[p], share[q]
            for t in range(count):
                low = p_p[t] if p_p[t] < q_q[t] else q_q[t]
                value = low * (r_q[t] - r_p[t] + _SLACK)
                best[t] = value if value > best[t] else best[t]
    for t in range(count):
        best[t] *= _MARGIN


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


def _inlined(fn: _F) -> _F:
    """:func:`.kernels._jit`, the function inlined where it is called (passing its arrays
    costs about as much as a short visit)."""
    return cast(_F, numba.njit(cache=True, error_model="numpy", inline="always")(fn))


@_inlined
def _visit(
    pair: tuple[int, int, int, int],
    arrays: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    terms: tuple[FloatArray, FloatArray, FloatArray],
    work: tuple[Any, float, float],
    found: tuple[FloatArray, Any],
    limits: tuple[int, float, float],
    size: int,
    bar: float,
) -> tuple[int, float]:
    """Add the candidates of actor pair ``k = (a, b)`` (column ``j`` of ``terms``) whose
    bound reaches the bar to the list ``found`` (its first ``size`` entries held), their
    gains computed exactly as :func:`.gains._trade` does (see :func:`top_of_row`); a full
    list is cut to the ``keep`` best first, which raises the bar. Returns the list's size
    and the bar. The issues ``q`` whose bound over all ``p`` reaches the bar are listed
    first; each ``p`` whose bound over all ``q`` reaches it is then paired with them."""
    k, a, b, j = pair
    x, s, w, safe = arrays
    big_p, big_q, share = terms
    qs, r_hi, r_lo = work
    gains, labels = found
    keep, floor, _ = limits
    m = x.shape[1]
    n_q = 0
    for i in range(m):
        upper = big_q[i, j] * (share[i, j] - r_lo + _SLACK) * _MARGIN
        if upper > floor and upper >= bar:
            qs[n_q] = i
            n_q += 1
    for p in range(m):
        upper = big_p[p, j] * (r_hi - share[p, j] + _SLACK) * _MARGIN
        if not (upper > floor and upper >= bar):
            continue
        sap, sbp = s[a, p], s[b, p]
        full_p = abs(x[b, p] - x[a, p]) * w[a, p] / safe[p]
        for jq in range(n_q):
            q = qs[jq]
            both = min(big_p[p, j], big_q[q, j]) * (share[q, j] - share[p, j] + _SLACK)
            if q == p or not (both * _MARGIN > floor and both * _MARGIN >= bar):
                continue
            saq, sbq = s[a, q], s[b, q]
            edge = saq * sbp - sap * sbq
            if not edge > 0:
                continue
            den = saq + sbq
            rate = (sap + sbp) / den
            full_q = abs(x[a, q] - x[b, q]) * w[b, q] / safe[q]
            delta_p = min(full_p, full_q / rate)
            gain = delta_p * edge / den
            if gain > floor and gain >= bar:
                if size == gains.size:
                    size, cut = prune(gains, labels, size, keep)
                    bar = max(bar, cut)
                gains[size] = gain
                labels[size] = k * (m * (m - 1)) + p * (m - 1) + (q if q < p else q - 1)
                size += 1
    return size, bar


@_jit
def _layout(
    x: FloatArray, s: FloatArray, w: FloatArray, outcome: FloatArray, total: FloatArray
) -> tuple[FloatArray, tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]]:
    """The totals made safe for division (1 where 0), and ``x``, ``s``, the reach ``w / W``
    and the side of the outcome of every actor, issue by issue ``(issues, actors)``."""
    n, m = x.shape
    safe = np.empty(m)
    for i in range(m):
        safe[i] = total[i] if total[i] > 0 else 1.0
    xt, st = np.empty((m, n)), np.empty((m, n))
    reach_t, side_t = np.empty((m, n)), np.empty((m, n))
    for i in range(m):
        for a in range(n):
            xt[i, a], st[i, a] = x[a, i], s[a, i]
            reach_t[i, a] = w[a, i] / safe[i]
            side_t[i, a] = _side(x[a, i], outcome[i])
    return safe, (xt, st, reach_t, side_t, safe)


@_jit
def search(
    actors: tuple[int, int],
    arrays: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    layout: tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray],
    limits: tuple[int, float, float],
    gains: FloatArray,
    labels: Any,
) -> int:
    """The search of :func:`top_of_row` over the actor pairs ``(a, b)``, ``a < b``, whose
    first actor is in ``actors`` (``lo``, ``hi``), into the list ``gains``, ``labels`` (at
    least ``keep`` long, cut to the ``keep`` best whenever full); returns its size. ``arrays`` are ``x``, ``s``, ``w`` and the safe totals, ``layout``
    as :func:`_layout` gives it."""
    lo, hi = actors
    _, floor, start = limits
    n, m = arrays[0].shape
    terms = (np.empty((m, _CHUNK)), np.empty((m, _CHUNK)), np.empty((m, _CHUNK)))
    spans = (np.empty(_CHUNK), np.empty(_CHUNK), np.empty(_CHUNK), np.empty(_CHUNK))
    picked = (np.empty((m, _CHUNK)), np.empty((m, _CHUNK)), np.empty((m, _CHUNK)))
    chosen, best = np.empty(_CHUNK, dtype=np.intp), np.empty(_CHUNK)
    qs = np.empty(m, dtype=np.intp)
    size = 0
    bar = start  # the least gain that can still enter: ``start``, then the weakest kept
    for a in range(lo, hi):
        first = a * (2 * n - a - 1) // 2 - a - 1  # the label of the pair (a, b) is first + b
        for b0 in range(a + 1, n, _CHUNK):
            width = _terms(a, b0, layout, terms, spans)
            count = 0
            for j in range(width):
                if spans[2][j] > floor and spans[2][j] >= bar:
                    chosen[count], best[count] = j, spans[2][j]
                    count += 1
            _pair_best(terms, chosen, count, picked, best)
            for t in range(count):
                if best[t] > floor and best[t] >= bar:
                    b, j = b0 + chosen[t], chosen[t]
                    work = (qs, spans[0][j], spans[1][j])
                    size, bar = _visit(
                        (first + b, a, b, t), arrays, picked, work, (gains, labels), limits,
                        size, bar,
                    )  # fmt: skip
    return size


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

    The gain of candidate ``(a, b, p, q)`` is ``min(δ_p^full e/(s_aq + s_bq), δ_q^full
    e/(s_ap + s_bp))`` with ``e = s_aq s_bp − s_ap s_bq``; writing ``r_i = s_ai/(s_ai +
    s_bi)`` (``a``'s share of the two saliences), ``e/(s_aq + s_bq) = (s_ap + s_bp)(r_q −
    r_p)`` and ``e/(s_ap + s_bp) = (s_aq + s_bq)(r_q − r_p)``, so the gain is exactly
    ``min(P_p, Q_q)(r_q − r_p)`` with ``P_p = δ_p^full (s_ap + s_bp)`` and ``Q_q =
    δ_q^full (s_aq + s_bq)``, possible only where ``r_q > r_p``. The search bounds gains by
    this product (with ``_SLACK`` added to the difference and a relative ``_MARGIN``, which
    cover its rounding), per actor pair by ``min(max_p P_p(r^hi − r_p), max_q Q_q(r_q −
    r^lo))`` (``r^hi`` the highest share where ``Q > 0``, ``r^lo`` the lowest where ``P >
    0``), per issue the same, and computes a candidate's exact gain (the operations of
    :func:`.gains._trade`) only where its bound reaches the bar: the weakest gain held in a
    heap of the best candidates seen so far, once the heap is full. The bounds being
    bounds, the candidates skipped cannot be among the ``keep`` best, in whatever order the
    actor pairs are visited.

    The actor pairs are visited in label order, in one pass, the bounds of one actor with a
    block of partners at a time (nothing is held per pair, so memory grows with actors ×
    issues and the number kept, not with the pairs). ``start`` (``-inf`` for none) is a
    guess of the least gain kept: candidates below it are neither computed nor kept, which
    spares most of those the search would otherwise compute before the bar rises. The
    result is exact when ``keep`` candidates are returned (all of them gain at least
    ``start``, and every candidate skipped gains less than the weakest of them); with fewer,
    the caller asks again without a guess.
    """
    n = x.shape[0]
    safe, layout = _layout(x, s, w, outcome, total)
    gains, labels = np.empty(2 * max(keep, 1)), np.empty(2 * max(keep, 1), dtype=np.intp)
    size = search((0, n), (x, s, w, safe), layout, (keep, floor, start), gains, labels)
    return best_in_label_order(gains, labels, size, keep)
