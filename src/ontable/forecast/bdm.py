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

1. Probability that ``i`` beats ``j`` (eq. 30): the votes of every actor ``k``,
   ``v_k = c_k s_k (|x_k − x_j| − |x_k − x_i|) / R``, summed over those who side with ``i``,
   divided by the sum of their absolute values.
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

Deviations and choices where the paper is silent (also listed in docs/models/bdm.md):

- ``Q`` (probability the status quo holds if ``i`` does not challenge) and ``T`` (probability
  that things improve for ``i`` if they change) default to 1, the values the public
  replications of Scholz et al. use; both are parameters.
- Votes use risk-neutral (linear) distance, so probabilities depend on positions only.
- Actors with no capability or no salience on an issue take no part in it: they neither vote,
  challenge, are challenged, nor count in others' risk attitude; their positions stay put.
- The stopping rule replaces Bueno de Mesquita's discount-based rule (its discount rate is not
  published) with a fixed-point test on positions.
- Among equally small moves the lower position is taken; an even split of the vote for the
  median is resolved by the midpoint rule of :mod:`ontable.forecast.median`.

The model is deterministic: ``rng`` is accepted for the common call shape. It is vectorised
over issues and samples (each issue of each sample is one row of the same array calls).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from ontable.forecast.base import Forecast
from ontable.forecast.driver import chunks, finish, join_paths
from ontable.forecast.median import weighted_median
from ontable.model.arrays import CaseArrays, FloatArray

VERSION = "1"

_CHUNK_ELEMENTS = 4_000_000
"""Rows × actors² per array call: bounds memory for large batches."""


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
    """

    Q: float = 1.0
    T: float = 1.0
    rounds: int = 10
    tolerance: float = 0.01

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any] | None) -> BdmParams:
        """Validated parameters from a mapping (unknown names are an error)."""
        given = dict(params or {})
        unknown = sorted(set(given) - {"Q", "T", "rounds", "tolerance"})
        if unknown:
            raise ValueError(
                f"unknown bdm parameters: {unknown} (expected Q, T, rounds, tolerance)"
            )
        out = cls(
            Q=float(given.get("Q", cls.Q)),
            T=float(given.get("T", cls.T)),
            rounds=int(given.get("rounds", cls.rounds)),
            tolerance=float(given.get("tolerance", cls.tolerance)),
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


def _utility(base: FloatArray, r: FloatArray) -> FloatArray:
    """``2 − 4·base^r`` with the base clipped to [0, 1] (Scholz et al. eqs. 15–24)."""
    return np.asarray(2.0 - 4.0 * np.power(np.clip(base, 0.0, 1.0), r))


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
    u_status_quo = _utility(np.full_like(d, 0.5), r)
    eu = s_target * (p * u_success + (1.0 - p) * u_failure) + (1.0 - s_target) * u_success
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
) -> tuple[FloatArray, FloatArray]:
    """``own[i, j]``: i's EU of challenging j; ``seen[i, j]``: j's EU of challenging i as i
    sees it (with ``r_i``). Zero where positions coincide or either actor is inactive."""
    d = np.abs(x[:, :, None] - x[:, None, :]) / span[:, None, None]
    dmu = np.abs(x - mu[:, None]) / span[:, None]
    ri = r[:, :, None]
    own = expected_utilities(d, dmu[:, :, None], s[:, None, :], p, ri, params)
    seen = expected_utilities(d, dmu[:, None, :], s[:, :, None], np.swapaxes(p, 1, 2), ri, params)
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
        p = win_probabilities(x, w)
        neutral = np.ones_like(x)
        own, _ = _challenge_matrices(x, s, active, span, mu, p, neutral, params)
        r = np.where(act, _risk_exponents(own, active), 1.0)
        own, seen = _challenge_matrices(x, s, active, span, mu, p, r, params)
        moved = np.where(act, _new_positions(x, own, seen), x)
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
