"""Win probabilities of the BDM model (:mod:`ontable.forecast.bdm`): Scholz et al. eq. 30.

The probability that actor ``i`` beats ``j`` in the weighted vote, for the printed
equations (:func:`win_probabilities`) and for the published program's risk-weighted votes
with one shared denominator (:func:`all_pairs_win_probabilities`), and the distances over
the range both use.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ontable.model.arrays import FloatArray

_DIRECT_ACTORS = 6
"""Up to this many actors, the published variant's votes are summed voter by voter."""


def win_probabilities(x: FloatArray, w: FloatArray) -> FloatArray:
    """Probability that ``i`` beats ``j`` in the weighted vote (Scholz et al. eq. 30).

    Parameters
    ----------
    x
        Positions ``(rows, actors)``.
    w
        Vote weights (capability × salience) ``(rows, actors)``.

    Returns
    -------
    numpy.ndarray
        ``(rows, actors, actors)``: ``P[r, i, j]``; 0.5 where nobody's vote separates them.

    Notes
    -----
    On a line, the actors siding with the lower of ``x_i < x_j`` are those left of the
    midpoint ``m``, and their summed votes equal ``2(G(m) − G(x_i))`` with the weighted hinge
    ``G(t) = Σ_k w_k max(t − x_k, 0)``; a sort and prefix sums give every ``G`` in
    ``O(n² log n)`` instead of the direct ``O(n³)`` sum.
    """
    rows, n = x.shape
    order = np.argsort(x, axis=1)
    xs = np.take_along_axis(x, order, axis=1)
    ws = np.take_along_axis(w, order, axis=1)
    zero = np.zeros((rows, 1))
    cum_w = np.concatenate([zero, np.cumsum(ws, axis=1)], axis=1)
    cum_wx = np.concatenate([zero, np.cumsum(ws * xs, axis=1)], axis=1)
    total_w = cum_w[:, -1:]
    # One search over all rows: shift each sorted row into its own band of the real line.
    lo = float(xs.min()) if xs.size else 0.0
    band = float(xs.max() - lo) + 1.0 if xs.size else 1.0
    offsets = (np.arange(rows, dtype=float) * band)[:, None]
    keys = (xs - lo + offsets).ravel()

    def hinge(t: FloatArray) -> FloatArray:
        flat_t = (t - lo + offsets.reshape((rows,) + (1,) * (t.ndim - 1))).ravel()
        idx = np.searchsorted(keys, flat_t, side="left") - (
            np.repeat(np.arange(rows), t[0].size) * n
        )
        idx = np.clip(idx, 0, n).reshape(t.shape)
        r = np.arange(rows).reshape((rows,) + (1,) * (t.ndim - 1))
        return np.asarray(t * cum_w[r, idx] - cum_wx[r, idx])

    mid = (x[:, :, None] + x[:, None, :]) / 2.0
    g_mid = hinge(mid)
    g_self = hinge(x)[:, :, None]
    # x_i < x_j: i's side is left of the midpoint, support 2(G(m) − G(x_i)).
    left = 2.0 * (g_mid - g_self)
    # x_i > x_j: i's side is right of it, support 2(H(m) − H(x_i)) with the right-hand hinge
    # H(t) = G(t) − t·W + Σ w x, so H(m) − H(x_i) = G(m) − G(x_i) − (m − x_i)·W.
    right = left - 2.0 * (mid - x[:, :, None]) * total_w[:, :, None]
    lower = x[:, :, None] < x[:, None, :]
    higher = x[:, :, None] > x[:, None, :]
    support = np.maximum(np.where(lower, left, np.where(higher, right, 0.0)), 0.0)
    both = support + np.swapaxes(support, 1, 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(both > 0, support / np.where(both > 0, both, 1.0), 0.5)


def _count_at_or_below(xs: FloatArray, t: FloatArray, *, strict: bool) -> NDArray[np.intp]:
    """Per row, how many sorted positions ``xs (rows, n)`` lie below ``t (rows, ...)``
    (strictly below when ``strict``, else at or below), by one search over all rows."""
    rows, n = xs.shape
    lo = float(xs.min()) if xs.size else 0.0
    band = float(xs.max() - lo) + 1.0 if xs.size else 1.0
    offsets = np.arange(rows, dtype=float) * band
    keys = (xs - lo + offsets[:, None]).ravel()
    shaped = offsets.reshape((rows,) + (1,) * (t.ndim - 1))
    found = np.searchsorted(keys, (t - lo + shaped).ravel(), side="left" if strict else "right")
    found = found.reshape(t.shape) - (np.arange(rows) * n).reshape(shaped.shape)
    return np.asarray(np.clip(found, 0, n), dtype=np.intp)


class _PairGeometry:
    """What both vote counts of a round share: the scaled distances ``|x_i − x_j|/R``, the
    order of the positions and, per pair, how many positions lie below its midpoint."""

    def __init__(self, x: FloatArray, span: FloatArray, dist: FloatArray | None = None) -> None:
        self.dist = _distances(x, span) if dist is None else dist
        self.order = np.argsort(x, axis=1)
        xs = np.take_along_axis(x, self.order, axis=1)
        mid = (x[:, :, None] + x[:, None, :]) / 2.0
        self.below = _count_at_or_below(xs, mid, strict=True)


def all_pairs_win_probabilities(
    x: FloatArray,
    w: FloatArray,
    r: FloatArray,
    span: FloatArray,
    active: FloatArray,
    geometry: _PairGeometry | None = None,
) -> FloatArray:
    """Probability that ``i`` beats ``j`` as Scholz et al.'s program computes it.

    Voter ``k``'s vote for ``i`` over ``j`` is risk-weighted with ``k``'s own exponent,
    ``v_k = c_k s_k ((|x_k − x_j|/R)^{r_k} − (|x_k − x_i|/R)^{r_k})``; ``P_ij`` is the sum of
    the positive votes divided by one denominator shared by every pair: the sum of ``|v_k|``
    over every voter and every ordered pair of active actors. So ``P_ij + P_ji`` is small
    rather than 1.

    Parameters
    ----------
    x, w, r
        Positions, vote weights (capability × salience) and risk exponents ``(rows, actors)``.
    span
        The range ``R`` per row ``(rows,)``.
    active
        1 for actors taking part, 0 otherwise ``(rows, actors)``.
    geometry
        The pairs' distances and midpoint counts, when already worked out for these
        positions (a round counts votes twice on the same positions).

    Returns
    -------
    numpy.ndarray
        ``(rows, actors, actors)``; 0 where positions coincide.

    Notes
    -----
    With ``M[k, a] = w_k (|x_k − x_a|/R)^{r_k}``, the voters siding with the lower of
    ``x_i < x_j`` are those left of the midpoint, so the numerator is a difference of prefix
    sums of ``M`` over voters sorted by position, read at the midpoint: ``O(n²)`` work and
    memory per row instead of the direct ``O(n³)``. The denominator per voter is
    ``Σ_{a,b} |M_ka − M_kb| = 2 Σ_p (2p − n + 1) M_k(p)`` over ``M_k`` sorted.
    """
    rows, n = x.shape
    on = active > 0
    if n <= _DIRECT_ACTORS:
        return _direct_win_probabilities(x, w, r, span, on)
    shared = _PairGeometry(x, span) if geometry is None else geometry
    dist = shared.dist
    scaled = dist if np.all(r == 1.0) else np.power(dist, r[:, :, None])
    m = w[:, :, None] * scaled  # [row, voter k, actor a]
    m = np.where(on[:, None, :], m, 0.0)
    ms = np.take_along_axis(m, shared.order[:, :, None], axis=1)
    cum = np.concatenate([np.zeros((rows, 1, n)), np.cumsum(ms, axis=1)], axis=1)
    total = cum[:, -1, :]  # Σ_k M[k, a]
    below = shared.below
    # [i, j] = Σ_{x_k < m_ij} M[k, j]. A voter exactly at the midpoint is indifferent
    # (M[k, i] = M[k, j]), so it may count on either side.
    left = np.take_along_axis(cum, below, axis=1)
    # x_i < x_j: voters left of the midpoint gain M[k, j] − M[k, i] from i.
    lower = left - np.swapaxes(left, 1, 2)
    # x_i > x_j: voters right of it.
    upper = (total[:, None, :] - left) - (total[:, :, None] - np.swapaxes(left, 1, 2))
    xi, xj = x[:, :, None], x[:, None, :]
    support = np.where(xi < xj, lower, np.where(xi > xj, upper, 0.0))
    support = np.where(on[:, :, None] & on[:, None, :], np.maximum(support, 0.0), 0.0)
    ranked = np.sort(np.where(on[:, None, :], m, np.inf), axis=2)
    n_on = on.sum(axis=1)[:, None, None]
    coef = 2.0 * np.arange(n)[None, None, :] - n_on + 1.0
    spread = np.where(np.isfinite(ranked), ranked * coef, 0.0)
    denominator = 2.0 * spread.sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = support / np.where(denominator > 0, denominator, 1.0)[:, None, None]
    return np.asarray(np.where(denominator[:, None, None] > 0, share, 0.0))


def _direct_win_probabilities(
    x: FloatArray, w: FloatArray, r: FloatArray, span: FloatArray, on: NDArray[np.bool_]
) -> FloatArray:
    """:func:`all_pairs_win_probabilities` with every vote summed voter by voter: ``O(n³)``
    per row, but in few array calls, so faster than the prefix sums for a handful of actors
    (the same numbers up to rounding)."""
    dist = _distances(x, span)
    scaled = dist if np.all(r == 1.0) else np.power(dist, r[:, :, None])
    m = np.where(on[:, None, :], w[:, :, None] * scaled, 0.0)  # [row, voter k, actor a]
    votes = m[:, :, None, :] - m[:, :, :, None]  # [row, k, i, j] = M[k, j] − M[k, i]
    support = np.maximum(votes, 0.0).sum(axis=1)
    pair = on[:, :, None] & on[:, None, :]
    # Σ over ordered pairs of |v| is twice the sum of the positive parts (v_ij = −v_ji).
    denominator = 2.0 * np.where(pair, support, 0.0).sum(axis=(1, 2))
    support = np.where(pair & (x[:, :, None] != x[:, None, :]), support, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = support / np.where(denominator > 0, denominator, 1.0)[:, None, None]
    return np.asarray(np.where(denominator[:, None, None] > 0, share, 0.0))


def _distances(x: FloatArray, span: FloatArray) -> FloatArray:
    """``|x_i − x_j| / R`` for every pair ``(rows, actors, actors)``."""
    return np.asarray(np.abs(x[:, :, None] - x[:, None, :]) / span[:, None, None])
