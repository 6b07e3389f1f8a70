"""The spatial model's elementary functions: utility, votes, coalitions, victory chances,
the probabilistic Condorcet election, risk attitudes, distances and tie-breaking."""

from __future__ import annotations

import numpy as np

from ontable.forecast.smp import kernels
from ontable.forecast.smp.params import (
    _BINARY_VICTORY_EDGE,
    _BINARY_VOTE_SCALE,
    _MIN_COALITION,
    _UTILITY_NOISE,
    BoolArray,
    IntArray,
)
from ontable.model.arrays import FloatArray


def _utility(distance: FloatArray, risk: FloatArray) -> FloatArray:
    """``(1 - d)(1 + d R)``: 1 at distance 0, 0 at distance 1, curved by risk attitude R.

    Past distance 1 (which only rounding produces) the curve continues as ``(1 - d)(1 + R)``.
    """
    u = (1 - distance) * (1 + distance * risk)
    far = distance > 1
    if far.any():
        u = np.where(far, (1 - distance) * (1 + risk), u)
    return np.asarray(u)


def _vote(rule: str, weight: FloatArray, du: FloatArray) -> FloatArray:
    """Influence an actor of weight ``w`` casts for the option it prefers by ``du``."""
    if rule == "proportional":
        return weight * du
    binary = np.clip(du / _BINARY_VOTE_SCALE, -1.0, 1.0)
    if rule == "binary":
        return weight * binary
    if rule == "proportional-binary":
        return weight * (0.8 * du + 0.2 * binary)
    if rule == "proportional-cubic":
        return weight * (0.5 * du + 0.5 * du**3)
    if rule == "cubic":
        return weight * du**3
    return np.where(du < 0, weight * du, 2.0 * weight * du / 3.0)  # asymmetric-prospect


def _coalitions(rule: str, utilities: FloatArray, weights: FloatArray) -> FloatArray:
    """``c[m, n]``: strength of the coalition for option m against n.

    ``utilities`` is ``(S, voters, options)``, ``weights`` ``(S, voters)``. The votes are
    computed a block of voters at a time (at most ``_COALITION_BLOCK`` numbers) and added up
    voter by voter in the voters' order, the order in which a sum over the voters' axis adds
    them, so the result does not depend on the block size. Large cases take the compiled
    kernel (:func:`.kernels.coalitions`, the same numbers).
    """
    if utilities.ndim == 3 and kernels.use_kernels(rule, utilities.shape[0], utilities.shape[1]):
        return kernels.coalitions(rule, utilities, weights)
    voters, m = utilities.shape[-2], utilities.shape[-1]
    per_voter = max(1, int(np.prod(utilities.shape[:-2])) * m * m)
    block = max(1, _COALITION_BLOCK // per_voter)
    total: FloatArray | None = None
    for lo in range(0, voters, block):
        u = utilities[..., lo : lo + block, :]
        w = weights[..., lo : lo + block, None, None]
        du = u[..., :, None] - u[..., None, :]
        # A difference below rounding noise is no preference: an actor indifferent between
        # two options casts no vote, however the sums behind their utilities were ordered.
        # (Every voting rule keeps the sign of the difference, so only preferences for m,
        # du > 0, survive the maximum below; the rest may be zeroed here at once.)
        np.copyto(du, 0.0, where=du < _UTILITY_NOISE)
        votes = _vote(rule, w, du)
        votes = np.maximum(votes, 0.0, out=votes)
        if total is None:
            total = votes.sum(axis=-3)
        else:
            for k in range(votes.shape[-3]):
                total += votes[..., k, :, :]
    if total is None:  # no voters
        return np.full((*utilities.shape[:-2], m, m), _MIN_COALITION)
    return _MIN_COALITION + total


_COALITION_BLOCK = 131_072
"""Numbers of votes computed at once in :func:`_coalitions` (1 MB)."""


def _victory(model: str, c: FloatArray) -> FloatArray:
    """``P[m beats n]`` from coalition strengths ``c`` (``..., M, M``); ½ on the diagonal."""
    ct = np.swapaxes(c, -1, -2)
    if model == "binary":
        ratio = c / (c + ct)
        edge = _BINARY_VICTORY_EDGE
        between = (ratio * (edge + 1.0) - 1.0) / (edge - 1.0)
        x1 = np.where(c >= edge * ct, 1.0, np.where(ct >= edge * c, 1e-6, between))
        x2 = np.where(c >= edge * ct, 1e-6, np.where(ct >= edge * c, 1.0, 1.0 - between))
    else:
        power = {"linear": 1, "square": 2, "quartic": 4, "octic": 8}[model]
        x1, x2 = c**power, ct**power
    p = x1 / (x1 + x2)
    m = c.shape[-1]
    p[..., np.arange(m), np.arange(m)] = 0.5
    return np.asarray(p)


def _condorcet(model: str, c: FloatArray, pv: FloatArray, options: BoolArray) -> FloatArray:
    """Each option's probability to win the probabilistic Condorcet election among ``options``.

    ``c`` and ``pv`` are ``(..., M, M)``; ``options`` ``(..., M)`` marks the options in play
    (the rest get 0). Conditional: ``P_m ∝ prod_n P[m beats n]``; the Markov models iterate
    the chain of challenges to its stationary distribution (KTAB ``Model::probCE2``).
    """
    on = options.astype(float)
    count = on.sum(axis=-1, keepdims=True)
    if model == "conditional":
        with np.errstate(divide="ignore"):
            log_pv = np.log(pv)
        log_pv = np.where(options[..., None, :], log_pv, 0.0)
        score = np.where(options, log_pv.sum(axis=-1), -np.inf)
        top = np.max(score, axis=-1, keepdims=True)
        top = np.where(np.isfinite(top), top, 0.0)
        weight = np.where(options, np.exp(score - top), 0.0)
        total = weight.sum(axis=-1, keepdims=True)
        return np.asarray(np.where(total > 0, weight / np.where(total > 0, total, 1.0), 0.0))
    p = np.where(count > 0, on / np.where(count > 0, count, 1.0), 0.0)
    pair = on[..., :, None] * on[..., None, :]
    if model == "markov-uniform":
        tol = 1e-6
        pv_on = pv * pair
        for _ in range(1000):
            q = (pv_on * (p[..., :, None] + p[..., None, :])).sum(axis=-1) / np.maximum(count, 1)
            change = np.max(np.abs(q - p), initial=0.0)
            p = (p + q) / 2.0
            if change <= tol:
                break
        return np.asarray(p)
    # markov-incentive: challenges to the current favourite in proportion to incentive
    m = c.shape[-1]
    incentive = c * pv * pair
    incentive[..., np.arange(m), np.arange(m)] += 1e-10 * on
    column = incentive.sum(axis=-2, keepdims=True)
    challenge = incentive / np.where(column > 0, column, 1.0)  # [i, j]: i challenges j
    for _ in range(1000):
        flow = p[..., :, None] * np.swapaxes(challenge, -1, -2)  # [i, j] = p_i * P[j -> i]
        q = (pv * (flow + np.swapaxes(flow, -1, -2))).sum(axis=-1) * on
        change = np.max(np.abs(q - p), initial=0.0)
        p = (p + q) / 2.0
        if change <= 1e-8:
            break
    return np.asarray(p)


def _risk_attitudes(range_: str, p: FloatArray, active: BoolArray) -> FloatArray:
    """Risk attitude of each position's holder from its win probability (KTAB ``bigRfromProb``)."""
    p_min = np.min(np.where(active, p, np.inf), axis=-1, keepdims=True)
    p_max = np.max(np.where(active, p, -np.inf), axis=-1, keepdims=True)
    span = p_max - p_min
    ok = np.isfinite(span) & (span > 1e-12)
    safe = np.where(ok, span, 1.0)
    p_min = np.where(ok, p_min, 0.0)
    p_max = np.where(ok, p_max, 0.0)
    if range_ == "min":
        r = (p - p_min) / safe
    elif range_ == "mid":
        r = (3 * p - (p_max + 2 * p_min)) / (2 * safe)
    else:
        r = (2 * p - (p_max + p_min)) / safe
    return np.asarray(np.where(ok & active, r, 0.0))


_ADJUST_WEIGHTS = {
    "none": (1.0, 0.0),
    "one-third": (2.0 / 3.0, 1.0 / 3.0),
    "half": (0.5, 0.5),
    "two-thirds": (1.0 / 3.0, 2.0 / 3.0),
    "full": (0.0, 1.0),
}


def _distances(
    ideals: FloatArray,
    weights: FloatArray,
    points: FloatArray,
    point_stated: BoolArray | None = None,
) -> FloatArray:
    """Salience-weighted distance from each actor's ideal to each point.

    ``ideals`` and ``weights`` ``(S, A, D)`` (weights are squared saliences normalised to sum
    1), ``points`` ``(S, P, D)`` → ``(S, A, P)``. ``point_stated`` ``(S, P, D)`` marks the
    issues each point takes a stance on (None: all): a point with no stance on an issue does
    not differ from anyone there, so its stand-in coordinate adds nothing to any distance.
    """
    diff = ideals[:, :, None, :] - points[:, None, :, :]
    if point_stated is not None:
        diff = np.where(point_stated[:, None, :, :], diff, 0.0)
    return np.asarray(np.sqrt((weights[:, :, None, :] * diff * diff).sum(axis=-1)))


def _same_option(x: FloatArray, tolerance: float, stated: BoolArray | None) -> BoolArray:
    """``(S, A, A)``: positions closer than ``tolerance`` (0–1 scale) with the same stated
    issues; the gap counts the stated issues only (all issues when ``stated`` is None)."""
    diff = x[:, :, None, :] - x[:, None, :, :]
    if stated is None:
        return np.asarray(np.sqrt((diff**2).sum(axis=-1)) < tolerance)
    gap = np.sqrt(np.where(stated[:, :, None, :], diff**2, 0.0).sum(axis=-1))
    alike = (stated[:, :, None, :] == stated[:, None, :, :]).all(axis=-1)
    return np.asarray((gap < tolerance) & alike)


def _best(score: FloatArray, key: FloatArray) -> IntArray:
    """Index of the highest ``score`` along the last axis.

    Scores within a relative 1e-9 of the best are tied (sums taken in another order differ in
    their last digits); a tie goes to the smallest ``key`` (``..., M, K``, compared coordinate
    by coordinate), so the choice does not depend on the actors' order, then to the first.
    """
    top = np.max(score, axis=-1, keepdims=True)
    tied = score >= top - 1e-9 * np.maximum(1.0, np.abs(top))
    for k in range(key.shape[-1]):
        coordinate = np.where(tied, key[..., k], np.inf)
        tied &= coordinate <= coordinate.min(axis=-1, keepdims=True) + 1e-12
    return np.asarray(np.argmax(tied, axis=-1))
