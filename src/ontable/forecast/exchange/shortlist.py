"""The shortlist of a round in the exchange model (:mod:`ontable.forecast.exchange`).

The most gainful candidate exchanges at the start of a round, found without computing every
candidate's gain in large cases: exact gains only where upper bounds clear a threshold.
"""

from __future__ import annotations

import numpy as np

from ontable.forecast.exchange import fast
from ontable.forecast.exchange.gains import IndexArray, _gains_only, _outcome, _side
from ontable.model.arrays import FloatArray

_BLOCK_ELEMENTS = 1_000_000
"""Rows × candidates whose start-of-round gains are computed in one array call."""

_CHUNK = 200_000
"""Candidates whose exact gains :func:`_top_of_row` computes in one array call (about 30
temporaries of 8 bytes each, so about 50 MB)."""

_SHORTLIST = 4096
"""Candidates carried through a round's exchanges (at least ``2 × actors × issues``)."""

_BUDGET = 64
"""Candidates whose exact gain is computed first, per candidate kept (see :func:`_top_of_row`)."""


def _shortlist(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    parts: tuple[IndexArray, IndexArray, IndexArray, IndexArray],
    keep: int,
    floor: float,
    *,
    guess: FloatArray | None = None,
) -> tuple[IndexArray, FloatArray]:
    """The ``keep`` most gainful candidates at the start of a round, per row, in label order.

    Candidate ``k`` is actor pair ``k // L`` (of ``triu_indices``) on ordered issue pair
    ``k % L`` (of ``nonzero(~eye)``). Gains not above ``floor`` count as 0. When there are at
    most ``keep`` candidates, every one is returned; otherwise the ``keep`` with the highest
    gains (equal gains: the lower label first), padded with label 0 and gain 0 where a row
    has fewer candidates with a gain. Memory stays bounded however many candidates there are.
    """
    pair_a, pair_b, _, _ = parts
    batch, n, m = x.shape
    total, outcome = w.sum(axis=1), _outcome(x, w)
    if n * (n - 1) // 2 * m * (m - 1) <= keep:
        if guess is not None:  # by the kernel; the labels as a read-only view
            gain = fast.all_gains(x, w, s, total, outcome, floor)
            return np.broadcast_to(np.arange(gain.shape[1], dtype=np.intp), gain.shape), gain
        gain = _all_gains(x, w, s, pair_a, pair_b, total, outcome)
        gain = np.where(gain > floor, gain, 0.0)
        ids = np.broadcast_to(np.arange(gain.shape[1], dtype=np.intp), gain.shape)
        return np.array(ids), np.asarray(gain)
    if guess is not None:
        rows = [
            fast.top_of_row(x[r], w[r], s[r], total[r], outcome[r], keep, floor, guess[r : r + 1])
            for r in range(batch)
        ]
    else:
        rows = [
            _top_of_row(x[r : r + 1], w[r : r + 1], s[r : r + 1], parts, keep, floor)
            for r in range(batch)
        ]
    width = max(1, max(ids.size for ids, _ in rows))
    top_ids = np.zeros((batch, width), dtype=np.intp)
    top_gain = np.zeros((batch, width))
    for r, (ids, gain) in enumerate(rows):
        top_ids[r, : ids.size], top_gain[r, : ids.size] = ids, gain
    return top_ids, top_gain


def _all_gains(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    pair_a: IndexArray,
    pair_b: IndexArray,
    total: FloatArray,
    outcome: FloatArray,
) -> FloatArray:
    """Every candidate's gain ``(B, pairs × L)``, in label order: the operations of
    :func:`_trade` element by element, on arrays laid out as (row, pair, p, q) so that the
    per-issue parts are computed once per pair and issue rather than gathered per candidate.
    """
    batch, _, m = x.shape
    p_of, q_of = np.nonzero(~np.eye(m, dtype=bool))
    gains = np.zeros((batch, pair_a.size * p_of.size))
    per_block = max(1, _BLOCK_ELEMENTS // max(1, pair_a.size * m * m))
    for lo in range(0, batch, per_block):
        sl = slice(lo, min(batch, lo + per_block))
        xa, xb = x[sl][:, pair_a], x[sl][:, pair_b]  # (rows, pairs, issues)
        sa, sb = s[sl][:, pair_a], s[sl][:, pair_b]
        wa, wb = w[sl][:, pair_a], w[sl][:, pair_b]
        out = outcome[sl][:, None, :]
        tot = total[sl][:, None, :]
        opposite = _side(xa, out) * _side(xb, out) < 0
        safe = np.where(tot > 0, tot, 1.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            full_p = (np.abs(xb - xa) * wa / safe)[..., :, None]
            full_q = (np.abs(xa - xb) * wb / safe)[..., None, :]
            sum_q = (sa + sb)[..., None, :]
            den_q = np.where(sum_q > 0, sum_q, 1.0)
            rate = (sa + sb)[..., :, None] / den_q
            edge = sa[..., None, :] * sb[..., :, None] - sa[..., :, None] * sb[..., None, :]
            delta_p = np.minimum(
                full_p, np.where(rate > 0, full_q / np.where(rate > 0, rate, 1.0), 0)
            )
            able = (
                opposite[..., :, None]
                & opposite[..., None, :]
                & (edge > 0)
                & (wa > 0)[..., :, None]
                & (wb > 0)[..., None, :]
            )
            gain = np.where(able, delta_p * edge / den_q, 0.0)
        gains[sl] = gain[..., p_of, q_of].reshape(gain.shape[0], -1)
    return gains


def _top_of_row(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    parts: tuple[IndexArray, IndexArray, IndexArray, IndexArray],
    keep: int,
    floor: float,
) -> tuple[IndexArray, FloatArray]:
    """The ``keep`` most gainful candidates of one row ``(1, actors, issues)`` (equal gains:
    the lower label first), in label order, without computing every candidate's gain.

    A candidate's gain is at most ``min(U[pair, p], V[pair, q])`` with ``U = δ_p^full s_bp``
    (the whole shift ``a`` can make on ``p``, valued by ``b``) and ``V = δ_q^full s_aq``: the
    gain is ``δ_p e/(s_aq + s_bq)`` with ``δ_p ≤ δ_p^full`` and ``e = s_aq s_bp − s_ap s_bq ≤
    s_aq s_bp``, and also ``δ_q e/(s_ap + s_bp)`` with ``δ_q ≤ δ_q^full``. So for a threshold
    ``t``, every candidate gaining at least ``t`` has ``U ≥ t`` on ``p`` and ``V ≥ t`` on
    ``q``: exact gains are computed for those only. If at least ``keep`` of them gain ``t``
    or more, they include the ``keep`` best; otherwise ``t`` is lowered and the search
    repeated (down to ``floor``, below which no gain counts).
    """
    pair_a, pair_b, issue_p, _ = parts
    m = x.shape[2]
    per_pair = issue_p.size
    total, outcome = w.sum(axis=1), _outcome(x, w)
    xa, xb, sa, sb, wa, wb = (
        x[0, pair_a],
        x[0, pair_b],
        s[0, pair_a],
        s[0, pair_b],
        w[0, pair_a],
        w[0, pair_b],
    )
    side = _side(x[0], outcome[0][None, :])
    opposite = side[pair_a] * side[pair_b] < 0
    safe = np.where(total[0] > 0, total[0], 1.0)
    with np.errstate(invalid="ignore"):
        upper_p = np.where(opposite & (wa > 0), np.abs(xb - xa) * wa / safe * sb, 0.0)
        upper_q = np.where(opposite & (wb > 0), np.abs(xa - xb) * wb / safe * sa, 0.0)
    # The bounds are rounded like the gains; a relative margin keeps them bounds.
    upper_p *= 1.0 + 1e-9
    upper_q *= 1.0 + 1e-9
    budget = _BUDGET * keep
    found: list[tuple[IndexArray, IndexArray, IndexArray, FloatArray]] = []
    t_before = np.inf
    while True:
        t = _threshold(upper_p, upper_q, budget, floor)
        pair, p, q = _pairs_above(upper_p, upper_q, t)
        new = (upper_p[pair, p] < t_before) | (upper_q[pair, q] < t_before)  # not yet computed
        pair, p, q = pair[new], p[new], q[new]
        gain = np.empty(pair.size)
        for lo in range(0, pair.size, _CHUNK):
            sl = slice(lo, lo + _CHUNK)
            index = (pair_a[pair[sl]], pair_b[pair[sl]], p[sl], q[sl])
            gain[sl] = _gains_only(x, w, s, index, total, outcome)[0]
        found.append((pair, p, q, gain))
        enough = sum(int(np.count_nonzero(g >= t)) for *_, g in found) >= keep
        if enough or t <= floor:
            break
        budget = max(budget + 1, budget * 3 // 2)
        t_before = t
    pair, p, q, gain = (np.concatenate(v) for v in zip(*found, strict=True))
    ids = pair * per_pair + p * (m - 1) + np.where(q < p, q, q - 1)
    good = gain > floor
    ids, gain = ids[good], gain[good]
    if ids.size > keep:
        best = np.lexsort((ids, -gain))[:keep]
        ids, gain = ids[best], gain[best]
    order = np.argsort(ids)
    return np.asarray(ids[order], dtype=np.intp), np.asarray(gain[order])


def _threshold(upper_p: FloatArray, upper_q: FloatArray, budget: int, floor: float) -> float:
    """The lowest bound value ``t`` (not below ``floor``) at which about ``budget`` or fewer
    candidates have both bounds at least ``t`` (see :func:`_top_of_row`)."""
    values = np.unique(np.concatenate([upper_p[upper_p > floor], upper_q[upper_q > floor]]))
    if values.size == 0:
        return floor

    def count(t: float) -> int:
        above_p, above_q = upper_p >= t, upper_q >= t
        both = np.count_nonzero(above_p & above_q)
        return int((above_p.sum(axis=1) * above_q.sum(axis=1)).sum()) - int(both)

    lo, hi = 0, values.size - 1  # count(values[hi]) is smallest
    if count(float(values[0])) <= budget:
        return floor
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count(float(values[mid])) > budget:
            lo = mid
        else:
            hi = mid
    return float(values[hi])


def _pairs_above(
    upper_p: FloatArray, upper_q: FloatArray, t: float
) -> tuple[IndexArray, IndexArray, IndexArray]:
    """Every (pair, p, q), ``p ≠ q``, with ``upper_p[pair, p] ≥ t`` and ``upper_q[pair, q] ≥
    t`` (above ``t`` strictly when ``t`` is 0, where nothing can gain)."""
    above_p = upper_p >= t if t > 0 else upper_p > 0
    above_q = upper_q >= t if t > 0 else upper_q > 0
    pair_p, p = np.nonzero(above_p)
    pair_q, q = np.nonzero(above_q)
    count_q = np.bincount(pair_q, minlength=upper_p.shape[0])
    start_q = np.cumsum(count_q) - count_q  # where each pair's issues q start
    reps = count_q[pair_p]
    pair = np.repeat(pair_p, reps)
    p_all = np.repeat(p, reps)
    first = np.cumsum(reps) - reps  # (also when no pair has any: then empty)
    within = np.arange(pair.size) - np.repeat(first, reps)
    q_all = q[start_q[pair] + within]
    keep = p_all != q_all
    return (
        np.asarray(pair[keep], dtype=np.intp),
        np.asarray(p_all[keep], dtype=np.intp),
        np.asarray(q_all[keep], dtype=np.intp),
    )
