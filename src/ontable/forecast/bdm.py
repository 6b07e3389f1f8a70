"""Bueno de Mesquita's expected-utility model, as specified by Scholz, Calbert & Smith (2011).

Source: J. B. Scholz, G. J. Calbert and G. A. Smith (2011), "Unravelling Bueno De Mesquita's
group decision model", *Journal of Theoretical Politics* 23(4): 510–531 (equation numbers
below are theirs), reconstructing B. Bueno de Mesquita (1994), "Political forecasting: an
expected utility method", in Bueno de Mesquita & Stokman (eds.), *European Community
Decision Making*, Yale University Press, ch. 4.

The model works on one issue at a time. On each issue, every active actor (capability ×
salience > 0) holds a position ``x``; with ``R`` the range of the active actors' starting
positions and ``μ`` the weighted median (the position a capability × salience weighted
majority prefers), each round:

1. Probability that ``i`` beats ``j`` (eq. 30): the votes of every actor ``k`` for ``i``
   over ``j`` summed over those who side with ``i``, divided by a denominator (see the
   variants below).
2. Utilities from ``i``'s view with risk exponent ``r_i`` (eqs. 15–24), ``d = |x_i − x_j|/R``:
   success ``2 − 4(½ − ½d)^r``, failure ``2 − 4(½ + ½d)^r``, status quo ``2 − 4·½^r``, things
   getting better / worse without a challenge ``2 − 4(½ ∓ ¼(|x_i − μ|/R + d))^r``.
3. Expected utility of challenging (eq. 25): ``EU_ij = s_j(P_ij U^s + (1 − P_ij) U^f)
   + (1 − s_j) U^s − Q U^sq − (1 − Q)(T U^b + (1 − T) U^w)``.
4. Risk attitude (eqs. 32–33): with risk-neutral utilities, ``i``'s exposure is the sum of the
   others' expected utilities of challenging ``i``; ``R_i = (2·exposure_i − max − min) /
   (max − min)`` over the actors, ``r_i = (1 − R_i/3) / (1 + R_i/3)`` (in ½…2). Steps 2–3
   are then recomputed with these exponents.
5. Offers, judged by the target ``i`` from its own view: with ``a = EU_ij`` (``i`` challenging
   ``j``) and ``b = EU_ji`` (``j`` challenging ``i``, computed with ``r_i``): conflict
   (``b > a > 0``: ``i`` expects to lose and moves to ``x_j``); compromise (``b > 0 > a`` and
   ``b > |a|``: ``i`` moves the fraction ``|a/b|`` of the way to ``x_j``); capitulation
   (``b > 0 > a`` and ``b ≤ |a|``: ``i`` moves to ``x_j``). Each actor accepts the credible
   offer that moves it least; all actors move at once.
6. Stopping rule: stop when no actor moves more than ``tolerance`` scale points in a round,
   or after ``rounds`` rounds. The outcome is the weighted median of the final positions.

Two variants, chosen by ``variant`` (docs/models/bdm.md compares them):

- ``"published-code"`` (default) follows the program Scholz et al. published with the paper,
  as read from its public replication (J. McKibben, ``bdm-scholz-expected-utility-model``),
  because only it reproduces their published ten-round run of the EC emission case. Votes
  are risk-weighted, ``v_k = c_k s_k ((|x_k − x_j|/R)^{r_k} − (|x_k − x_i|/R)^{r_k})``
  (all ``r = 1`` while risk attitudes are computed); the denominator of ``P`` is one sum of
  ``|v_k|`` over every voter and every ordered pair of actors; a target takes the nearest
  conflict it expects to lose, else the compromise with the lowest
  ``(|a| x_i + |b| x_j)/(|a| + |b|)``; the program's capitulation test can never hold, so
  nobody capitulates; ties go to the first actor.
- ``"printed-equations"`` follows the equations as printed: linear votes
  ``v_k = c_k s_k (|x_k − x_j| − |x_k − x_i|) / R``, the denominator of each pair its own
  ``Σ_k |v_k|``, and the credible offer that moves the target least (the lower position on
  ties), capitulation included.

Choices where the sources are silent (also listed in docs/models/bdm.md):

- ``Q`` (probability the status quo holds if ``i`` does not challenge) and ``T`` (probability
  that things improve for ``i`` if they change) default to 1, the values the public
  replications of Scholz et al. use; both are parameters.
- For ``Q < 1`` both variants use the whole of eq. 25 (the replication drops its last term).
- Actors with no capability or no salience on an issue take no part in it: they neither vote,
  challenge, are challenged, nor count in others' risk attitude; their positions stay put.
- The stopping rule replaces Bueno de Mesquita's discount-based rule (its discount rate is not
  published) with a fixed-point test on positions.
- An even split of the vote for the median is resolved by the midpoint rule of
  :mod:`ontable.forecast.median`.

The model is deterministic: ``rng`` is accepted for the common call shape. It is vectorised
over issues and samples (each issue of each sample is one row of the same array calls).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ontable.forecast.base import Forecast
from ontable.forecast.driver import chunks, finish, join_paths
from ontable.forecast.median import weighted_median
from ontable.model.arrays import CaseArrays, FloatArray

VERSION = "2"

PUBLISHED_CODE = "published-code"
PRINTED_EQUATIONS = "printed-equations"
VARIANTS = (PUBLISHED_CODE, PRINTED_EQUATIONS)
"""The named variants; the first is the default."""

_DIRECT_ACTORS = 6
"""Up to this many actors, the published variant's votes are summed voter by voter."""

_CHUNK_ELEMENTS = 1_000_000
"""Rows × actors² per array call: bounds memory for large batches (one row at a time from
1,000 actors on, where a row's pairwise arrays take about 8 MB each)."""


@dataclass(frozen=True)
class BdmParams:
    """Parameters of the BDM model (Scholz et al. 2011 leave these open).

    Attributes
    ----------
    Q
        Probability that the status quo holds when ``i`` does not challenge ``j`` (eq. 25).
    T
        Probability that a change without challenge improves things for ``i`` (eq. 25).
    rounds
        Most rounds of offers to run.
    tolerance
        Stop when no actor moves more than this many scale points in a round.
    variant
        ``"published-code"`` (default: the choices of Scholz et al.'s own program, which
        reproduce their published run) or ``"printed-equations"`` (the paper's equations as
        printed); see the module docstring.
    """

    Q: float = 1.0
    T: float = 1.0
    rounds: int = 10
    tolerance: float = 0.01
    variant: str = PUBLISHED_CODE

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any] | None) -> BdmParams:
        """Validated parameters from a mapping (unknown names are an error)."""
        given = dict(params or {})
        unknown = sorted(set(given) - {"Q", "T", "rounds", "tolerance", "variant"})
        if unknown:
            raise ValueError(
                f"unknown bdm parameters: {unknown} (expected Q, T, rounds, tolerance, variant)"
            )
        out = cls(
            Q=float(given.get("Q", cls.Q)),
            T=float(given.get("T", cls.T)),
            rounds=int(given.get("rounds", cls.rounds)),
            tolerance=float(given.get("tolerance", cls.tolerance)),
            variant=str(given.get("variant", cls.variant)),
        )
        if out.variant not in VARIANTS:
            raise ValueError(
                f"unknown bdm variant {out.variant!r} (expected one of: {', '.join(VARIANTS)})"
            )
        if not (0.0 <= out.Q <= 1.0 and 0.0 <= out.T <= 1.0):
            raise ValueError("bdm parameters Q and T must lie in [0, 1]")
        if out.rounds < 0 or out.tolerance < 0:
            raise ValueError("bdm parameters rounds and tolerance must be non-negative")
        return out


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


def _utility(base: FloatArray, r: FloatArray) -> FloatArray:
    """``2 − 4·base^r`` with the base clipped to [0, 1] (Scholz et al. eqs. 15–24)."""
    clipped = np.clip(base, 0.0, 1.0)
    if np.all(r == 1.0):  # risk-neutral: skip the power
        return np.asarray(2.0 - 4.0 * clipped)
    return np.asarray(2.0 - 4.0 * np.power(clipped, r))


def expected_utilities(
    d: FloatArray,
    dmu: FloatArray,
    s_target: FloatArray,
    p: FloatArray,
    r: FloatArray,
    params: BdmParams,
) -> FloatArray:
    """Expected utility of a challenge (Scholz et al. eq. 25), element-wise.

    Parameters
    ----------
    d
        Distance between challenger and target over the range, ``|x_i − x_j| / R``.
    dmu
        Challenger's distance to the median over the range, ``|x_i − μ| / R``.
    s_target
        Target's salience in 0–1 (the chance it resists).
    p
        Probability that the challenger wins.
    r
        Risk exponent of the actor whose view is taken.
    params
        Supplies ``Q`` and ``T``.
    """
    u_success = _utility(0.5 - 0.5 * d, r)
    u_failure = _utility(0.5 + 0.5 * d, r)
    return _combine(u_success, u_failure, d, dmu, s_target, p, r, params)


def _combine(
    u_success: FloatArray,
    u_failure: FloatArray,
    d: FloatArray,
    dmu: FloatArray,
    s_target: FloatArray,
    p: FloatArray,
    r: FloatArray,
    params: BdmParams,
) -> FloatArray:
    """Eq. 25 from the success and failure utilities (shared by both views of a pair)."""
    u_status_quo = _utility(np.full(np.shape(r), 0.5), r)
    eu = s_target * (u_failure + p * (u_success - u_failure)) + (1.0 - s_target) * u_success
    eu = eu - params.Q * u_status_quo
    if params.Q < 1.0:
        u_better = _utility(0.5 - 0.25 * (dmu + d), r)
        u_worse = _utility(0.5 + 0.25 * (dmu + d), r)
        eu = eu - (1.0 - params.Q) * (params.T * u_better + (1.0 - params.T) * u_worse)
    return np.asarray(eu)


def _challenge_matrices(
    x: FloatArray,
    s: FloatArray,
    active: FloatArray,
    span: FloatArray,
    mu: FloatArray,
    p: FloatArray,
    r: FloatArray,
    params: BdmParams,
    dist: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """``own[i, j]``: i's EU of challenging j; ``seen[i, j]``: j's EU of challenging i as i
    sees it (with ``r_i``). Zero where positions coincide or either actor is inactive.
    ``dist`` is ``|x_i − x_j|/R`` when already worked out."""
    d = _distances(x, span) if dist is None else dist
    dmu = np.abs(x - mu[:, None]) / span[:, None]
    ri = r[:, :, None]
    # Both views take i's exponent and the same distance: the utilities are computed once.
    u_success = _utility(0.5 - 0.5 * d, ri)
    u_failure = _utility(0.5 + 0.5 * d, ri)
    own = _combine(u_success, u_failure, d, dmu[:, :, None], s[:, None, :], p, ri, params)
    seen = _combine(
        u_success, u_failure, d, dmu[:, None, :], s[:, :, None], np.swapaxes(p, 1, 2), ri, params
    )
    live = (active[:, :, None] * active[:, None, :] > 0) & (d > 0)
    return np.where(live, own, 0.0), np.where(live, seen, 0.0)


def _risk_exponents(own: FloatArray, active: FloatArray) -> FloatArray:
    """Risk exponents from risk-neutral EUs (Scholz et al. eqs. 32–33); 1 for inactive actors."""
    exposure = own.sum(axis=1)  # Σ_j EU_ji: others' EU of challenging i
    on = active > 0
    hi = np.where(on, exposure, -np.inf).max(axis=1, keepdims=True)
    lo = np.where(on, exposure, np.inf).min(axis=1, keepdims=True)
    spread = hi - lo
    ok = on & np.isfinite(spread) & (spread > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        big_r = np.where(ok, (2.0 * exposure - hi - lo) / np.where(ok, spread, 1.0), 0.0)
    return np.asarray((1.0 - big_r / 3.0) / (1.0 + big_r / 3.0))


def _new_positions(x: FloatArray, own: FloatArray, seen: FloatArray) -> FloatArray:
    """Each target's position after accepting the offer that moves it least (step 5)."""
    a, b = own, seen
    xj = np.broadcast_to(x[:, None, :], a.shape)
    xi = x[:, :, None]
    conflict = (b > a) & (a > 0)
    yielding = (b > 0) & (a < 0)
    compromise = yielding & (b > -a)
    capitulation = yielding & ~compromise
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = np.where(compromise, -a / np.where(compromise, b, 1.0), 0.0)
    offer = np.where(compromise, xi + (xj - xi) * fraction, xj)
    credible = conflict | compromise | capitulation
    move = np.where(credible, np.abs(offer - xi), np.inf)
    least = move.min(axis=2, keepdims=True)
    chosen = credible & (move <= least)
    best = np.where(chosen, offer, np.inf).min(axis=2)
    return np.asarray(np.where(np.isfinite(best), best, x))


def _new_positions_published(x: FloatArray, own: FloatArray, seen: FloatArray) -> FloatArray:
    """Each target's new position by the rules of Scholz et al.'s program.

    A conflict the target expects to lose (``b > a > 0``) comes first: the one nearest to it.
    Failing that, a compromise (``b > 0 > a``, ``b > |a|``), choosing the partner with the
    lowest ``(|a| x_i + |b| x_j)/(|a| + |b|)``, and moving ``|a/b|`` of the way to it. The
    program's capitulation test can never hold, so nobody capitulates. Ties go to the first
    actor in order.
    """
    a, b = own, seen
    xi = x[:, :, None]
    xj = np.broadcast_to(x[:, None, :], a.shape)
    conflict = (b > a) & (a > 0)
    compromise = (b > 0) & (a < 0) & (b > -a)
    near = np.argmin(np.where(conflict, np.abs(xj - xi), np.inf), axis=2)[:, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        key = np.where(compromise, (-a * xi + b * xj) / np.where(compromise, b - a, 1.0), np.inf)
        step = np.where(compromise, xi + (xj - xi) * (-a / np.where(compromise, b, 1.0)), 0.0)
    pick = np.argmin(key, axis=2)[:, :, None]
    to_conflict = np.take_along_axis(xj, near, axis=2)[:, :, 0]
    to_compromise = np.take_along_axis(step, pick, axis=2)[:, :, 0]
    return np.asarray(
        np.where(
            conflict.any(axis=2), to_conflict, np.where(compromise.any(axis=2), to_compromise, x)
        )
    )


def run_rows(
    x0: FloatArray, c: FloatArray, s: FloatArray, params: BdmParams
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Run the model on independent one-issue rows.

    Parameters
    ----------
    x0
        Starting positions ``(rows, actors)``.
    c
        Capabilities ``(rows, actors)``.
    s
        Saliences in 0–1 ``(rows, actors)``.
    params
        Model parameters.

    Returns
    -------
    tuple
        The path ``(rounds_run + 1, rows, actors)``, the outcome ``(rows,)`` and the number
        of rounds each row ran ``(rows,)``.
    """
    rows, n = x0.shape
    published = params.variant == PUBLISHED_CODE
    w = c * s
    active = (w > 0).astype(float)
    act = active > 0
    hi = np.where(act, x0, -np.inf).max(axis=1)
    lo = np.where(act, x0, np.inf).min(axis=1)
    span = np.where(np.isfinite(hi - lo) & (hi - lo > 0), hi - lo, 1.0)
    x = x0.copy()
    path = [x.copy()]
    done = np.zeros(rows, dtype=bool)
    ran = np.zeros(rows, dtype=int)
    for _ in range(params.rounds):
        if done.all():
            break
        mu = weighted_median(x[:, :, None], w[:, :, None])[:, 0]
        neutral = np.ones_like(x)
        dist = _distances(x, span)
        geometry = _PairGeometry(x, span, dist) if published and n > _DIRECT_ACTORS else None
        if published:
            p = all_pairs_win_probabilities(x, w, neutral, span, active, geometry)
        else:
            p = win_probabilities(x, w)
        own, _ = _challenge_matrices(x, s, active, span, mu, p, neutral, params, dist)
        r = np.where(act, _risk_exponents(own, active), 1.0)
        if published:
            p = all_pairs_win_probabilities(x, w, r, span, active, geometry)
        del own
        own, seen = _challenge_matrices(x, s, active, span, mu, p, r, params, dist)
        del p, geometry, dist
        choose = _new_positions_published if published else _new_positions
        moved = np.where(act, choose(x, own, seen), x)
        moved = np.where(done[:, None], x, moved)
        step = np.abs(moved - x).max(axis=1) if n else np.zeros(rows)
        ran = ran + (~done).astype(int)
        done = done | (step <= params.tolerance)
        x = moved
        path.append(x.copy())
    outcome = weighted_median(x[:, :, None], w[:, :, None])[:, 0]
    return np.stack(path), outcome, ran


def forecast(
    arrays: CaseArrays,
    *,
    params: Mapping[str, Any] | None = None,
    rng: np.random.Generator,
) -> Forecast:
    """Predict each issue's outcome with Bueno de Mesquita's expected-utility model.

    Parameters
    ----------
    arrays
        The case's positions, saliences and capabilities (a leading sample axis is allowed).
    params
        ``Q``, ``T``, ``rounds``, ``tolerance`` (see :class:`BdmParams`).
    rng
        Unused (the model is deterministic); part of the common call shape.

    Returns
    -------
    Forecast
        Outcome per issue (the weighted median of final positions), final positions, the
        path round by round, and ``extras["rounds_run"]`` per issue (and sample).
    """
    p = BdmParams.from_mapping(params)
    positions = np.asarray(arrays.positions, dtype=float)
    lead = positions.shape[:-2]
    n, m = positions.shape[-2:]
    x0 = np.moveaxis(positions, -1, -2).reshape(-1, n)  # (samples·issues, actors)
    s = np.moveaxis(np.clip(arrays.saliences / 100.0, 0.0, 1.0), -1, -2).reshape(-1, n)
    c = np.broadcast_to(arrays.capabilities[..., None, :], (*lead, m, n)).reshape(-1, n)
    runs = [
        run_rows(x0[sl], c[sl], s[sl], p)
        for sl in chunks(x0.shape[0], _CHUNK_ELEMENTS // max(1, n * n))
    ]
    path_rows = join_paths([r[0] for r in runs], time_axis=0, join_axis=1)
    # (rounds, samples·issues, actors) → (..., rounds, actors, issues)
    path = np.moveaxis(path_rows.reshape((path_rows.shape[0], *lead, m, n)), 0, -3)
    path = np.swapaxes(path, -1, -2)
    outcome = np.concatenate([r[1] for r in runs]).reshape((*lead, m))
    rounds_run = np.concatenate([r[2] for r in runs]).reshape((*lead, m))
    return finish(
        arrays,
        model="bdm",
        version=VERSION,
        params=asdict(p),
        outcome=outcome,
        positions=path[..., -1, :, :],
        path=path,
        fallback="median",
        extras={"rounds_run": rounds_run},
    )
