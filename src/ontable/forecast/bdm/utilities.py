"""Expected utilities and offers of the BDM model (:mod:`ontable.forecast.bdm`).

Utilities of a challenge and its expected utility (Scholz et al. 2011, eqs. 15–25), the risk
exponents (eqs. 32–33), and the positions actors move to on the offers they accept, as
printed and as in the published program.
"""

from __future__ import annotations

import numpy as np

from ontable.forecast.bdm.params import BdmParams
from ontable.forecast.bdm.votes import _distances
from ontable.model.arrays import FloatArray


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
