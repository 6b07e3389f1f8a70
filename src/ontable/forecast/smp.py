"""The spatial model of politics (SMP) of KAPSARC's Toolkit for Behavioral Analysis (KTAB).

Actors hold positions in a space of all issues at once and bargain turn by turn. Each turn:

1. **Assess the state.** Actor ``i``'s distance to position ``j`` weighs the issues by the
   square of ``i``'s saliences, ``d_ij = sqrt(sum_k (s_ik (x_ik - x_jk))^2 / sum_k s_ik^2)``,
   and its utility is ``u(d, R) = (1 - d)(1 + d R)`` with risk attitude ``R``. Votes between two
   positions are ``v_k(i:j) = w_k (u_ki - u_kj)`` (the proportional rule); the coalition for
   ``i`` against ``j`` sums the positive votes; ``i`` beats ``j`` with probability
   ``c_ij / (c_ij + c_ji)`` (the linear victory model); a probabilistic Condorcet election
   (conditional: ``P_i ∝ prod_j P(i beats j)``, or one of two Markov chains) gives each
   position's chance to win. Risk attitudes follow from these chances (the likeliest
   position's holder is the most risk-acceptant) and each actor estimates the others' as a
   blend of its own and theirs.
2. **Challenge.** Each actor estimates, for every other actor ``j``, the chance to beat ``j``
   in a contest where third parties join the side whose victory they expect to prefer, and
   the expected gain of challenging ``j`` over leaving things as they are; it targets the
   ``j`` with the largest positive gain.
3. **Bargain.** A challenge produces a proposal: both actors move, issue by issue, to a point
   between them weighted by salience² × win probability² (the ``s2p2`` interpolation).
4. **Choose.** Every actor faces the status quo and the proposals that involve it; all actors
   vote over those options (each option valued as the average utility of all positions after
   it) and the actor adopts the option most likely to win.

The run stops when the total movement of a turn falls below ``convergence_ratio`` of the first
turn's (after at least ``min_turns``), or after ``max_turns``.

The model follows KTAB's SMP (B. Wise et al., KAPSARC, https://github.com/KAPSARC/KTAB,
``examples/smp/libsrc/smp.cpp`` and ``smpbcn.cpp``, ``KTAB/kmodel/libsrc/kmodel.cpp``; the
challenge and bargaining logic of Bueno de Mesquita's expected-utility model recast as
probabilistic Condorcet elections, see Wise, Lester & Efird, "Markov Voting with Incentives in
KTAB", KAPSARC 2016). It is our own array implementation, not a port. Defaults are KTAB's.
Deviations (documented in ``docs/models/smp.md``): actors with zero capability or zero total
salience sit out (KTAB rejects them); when all positions are equally likely, risk attitudes
are 0 (KTAB stops with an error); exact ties go by position, not by actor order; the
compromise bargain weighs the receiver by its own capability. KTAB gives no single forecast:
``outcome`` here is the expected outcome over the final positions' chances to win.

Positions and saliences arrive on ontable's 0–100 scales. Internally positions are divided by
100; an actor's saliences by ``max(100, sum of its saliences)``, so a KTAB scenario (whose
saliences per actor sum to at most 100) maps exactly and an ontable case whose saliences sum
past 100 gives that actor full attention. Capability is scale-free (only ratios matter).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ontable.forecast.base import Forecast
from ontable.forecast.driver import chunks, finish, join_paths
from ontable.model.arrays import CaseArrays, FloatArray

VERSION = "1"

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]

VOTING_RULES = (
    "binary",
    "proportional-binary",
    "proportional",
    "proportional-cubic",
    "cubic",
    "asymmetric-prospect",
)
VICTORY_MODELS = ("linear", "square", "quartic", "octic", "binary")
PCE_MODELS = ("conditional", "markov-incentive", "markov-uniform")
STATE_TRANSITIONS = ("deterministic", "stochastic")
BIG_R_RANGES = ("min", "mid", "max")
BIG_R_ADJUSTS = ("none", "one-third", "half", "two-thirds", "full")
THIRD_PARTY_COMMITS = ("none", "semi", "full")
INTERPOLATIONS = ("s1p1", "s2p2", "s2pmax")
BARGAIN_MODELS = ("initiator", "initiator-receiver", "compromise")

# Small constants of KTAB's arithmetic: they keep ratios defined and decide ties.
_MIN_COALITION = 1e-8  # floor of a coalition's strength between positions or bargains
_MIN_CONTEST = 1e-10  # floor of each side's strength in a challenge
_BINARY_VOTE_SCALE = 1e-8  # utility difference that earns a full binary vote
_MIN_GAIN = 1e-5  # least expected gain worth a challenge
_BARGAIN_FLOOR = 1e-6  # weight that keeps an interpolated bargain defined
_MIN_FIRST_MOVE = 1e-4  # added to the first turn's movement in the stopping ratio
_BINARY_VICTORY_EDGE = 1.10  # strength ratio that makes victory certain (binary model)


@dataclass(frozen=True)
class SMPParams:
    """The model's parameters; the defaults are KTAB's (``SMPModel`` and ``configExec``).

    Parameters
    ----------
    voting_rule
        How an actor's vote grows with its utility difference: ``proportional`` (``w Δu``),
        ``binary`` (``w sign Δu``), ``proportional-binary`` (0.8/0.2 blend), ``cubic``
        (``w Δu³``), ``proportional-cubic`` (half/half), ``asymmetric-prospect`` (gains count 2/3).
    victory_model
        Chance that coalition strength ``c1`` beats ``c2``: ``c1^n / (c1^n + c2^n)`` with n = 1
        (``linear``), 2, 4 or 8; ``binary`` makes a 10 % edge decisive.
    pce_model
        The probabilistic Condorcet election: ``conditional`` (one round of pairwise
        contests), ``markov-incentive`` or ``markov-uniform`` (stationary challenge chains).
    state_transition
        ``deterministic`` (each actor adopts its likeliest option) or ``stochastic`` (drawn
        from the options' win probabilities with ``rng``).
    big_r_range
        Range of inferred risk attitudes: ``min`` [0, 1], ``mid`` [-½, 1], ``max`` [-1, 1].
    big_r_adjust
        How much of the other actor's own risk attitude an actor sees: ``none``, ``one-third``,
        ``half``, ``two-thirds``, ``full``.
    third_party_commit
        How committed a third party expects its side to stay: ``none``, ``semi``, ``full``.
    interpolation
        Bargain point per issue weighted by salience^n × probability^m: ``s1p1``, ``s2p2``, or
        ``s2pmax`` (the likelier winner concedes nothing).
    bargain_model
        Proposals per challenge: ``initiator`` (from the challenger's estimate),
        ``initiator-receiver`` (one from each side's estimate), ``compromise`` (their
        capability × salience weighted mean).
    max_turns, min_turns
        Bounds on the number of turns.
    convergence_ratio
        Stop once a turn moves the actors less than this fraction of the first turn.
    position_tolerance
        Positions closer than this (on the 0–100 scale) count as one in the win probabilities.
    """

    voting_rule: str = "proportional"
    victory_model: str = "linear"
    pce_model: str = "conditional"
    state_transition: str = "deterministic"
    big_r_range: str = "mid"
    big_r_adjust: str = "one-third"
    third_party_commit: str = "semi"
    interpolation: str = "s2p2"
    bargain_model: str = "initiator"
    max_turns: int = 100
    min_turns: int = 2
    convergence_ratio: float = 0.02
    position_tolerance: float = 0.1

    def __post_init__(self) -> None:
        choices = {
            "voting_rule": VOTING_RULES,
            "victory_model": VICTORY_MODELS,
            "pce_model": PCE_MODELS,
            "state_transition": STATE_TRANSITIONS,
            "big_r_range": BIG_R_RANGES,
            "big_r_adjust": BIG_R_ADJUSTS,
            "third_party_commit": THIRD_PARTY_COMMITS,
            "interpolation": INTERPOLATIONS,
            "bargain_model": BARGAIN_MODELS,
        }
        for name, allowed in choices.items():
            value = getattr(self, name)
            if value not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
        if int(self.max_turns) < 1 or int(self.max_turns) != self.max_turns:
            raise ValueError(f"max_turns must be a positive integer; got {self.max_turns!r}")
        if int(self.min_turns) < 1 or int(self.min_turns) != self.min_turns:
            raise ValueError(f"min_turns must be a positive integer; got {self.min_turns!r}")
        if not self.convergence_ratio >= 0:
            raise ValueError(f"convergence_ratio must be >= 0; got {self.convergence_ratio!r}")
        if not self.position_tolerance >= 0:
            raise ValueError(f"position_tolerance must be >= 0; got {self.position_tolerance!r}")

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any] | None) -> SMPParams:
        """Parameters from a mapping; unknown names are an error."""
        params = dict(params or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(params) - known)
        if unknown:
            raise ValueError(
                f"unknown SMP parameter(s) {unknown} (expected some of: {', '.join(sorted(known))})"
            )
        return cls(**params)


# --- the model's elementary functions -------------------------------------------------------


def _utility(distance: FloatArray, risk: FloatArray) -> FloatArray:
    """``(1 - d)(1 + d R)``: 1 at distance 0, 0 at distance 1, curved by risk attitude R."""
    return np.where(
        distance <= 1, (1 - distance) * (1 + distance * risk), (1 - distance) * (1 + risk)
    )


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

    ``utilities`` is ``(S, voters, options)``, ``weights`` ``(S, voters)``.
    """
    du = utilities[..., :, None] - utilities[..., None, :]
    votes = _vote(rule, weights[..., None, None], du)
    return _MIN_COALITION + np.maximum(votes, 0.0).sum(axis=-3)


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


def _distances(ideals: FloatArray, weights: FloatArray, points: FloatArray) -> FloatArray:
    """Salience-weighted distance from each actor's ideal to each point.

    ``ideals`` and ``weights`` ``(S, A, D)`` (weights are squared saliences normalised to sum
    1), ``points`` ``(S, P, D)`` → ``(S, A, P)``.
    """
    diff = ideals[:, :, None, :] - points[:, None, :, :]
    return np.asarray(np.sqrt((weights[:, :, None, :] * diff * diff).sum(axis=-1)))


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


# --- one turn ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Assessment:
    """A state's utilities and probabilities (KTAB ``setAllAUtil``), arrays with leading S."""

    distance: FloatArray  # (S, A, A): d[i, j] by i's saliences
    risk: FloatArray  # (S, A): each actor's own risk attitude
    seen_risk: FloatArray  # (S, H, A): h's estimate of each actor's risk attitude
    own_utility: FloatArray  # (S, A, A): u_i(position j) with i's own risk attitude

    def take(self, samples: IntArray) -> _Assessment:
        """The assessment of some of the samples."""
        return _Assessment(
            self.distance[samples],
            self.risk[samples],
            self.seen_risk[samples],
            self.own_utility[samples],
        )

    def updated(self, samples: IntArray, new: _Assessment) -> _Assessment:
        """A copy with the given samples' assessment replaced by ``new``."""
        out = _Assessment(
            self.distance.copy(), self.risk.copy(), self.seen_risk.copy(), self.own_utility.copy()
        )
        out.distance[samples] = new.distance
        out.risk[samples] = new.risk
        out.seen_risk[samples] = new.seen_risk
        out.own_utility[samples] = new.own_utility
        return out


@dataclass(frozen=True)
class _Actors:
    """The fixed inputs, arrays with a leading sample axis."""

    salience: FloatArray  # (S, A, D), KTAB's scale: sums per actor at most 1
    weights: FloatArray  # (S, A, D): squared saliences normalised to sum 1
    attention: FloatArray  # (S, A): sum of saliences
    capability: FloatArray  # (S, A), 0 for actors who sit out
    active: BoolArray  # (S, A)

    def take(self, samples: slice | IntArray) -> _Actors:
        """The same actors in some of the samples."""
        return _Actors(
            self.salience[samples],
            self.weights[samples],
            self.attention[samples],
            self.capability[samples],
            self.active[samples],
        )


def _assess(x: FloatArray, actors: _Actors, p: SMPParams) -> _Assessment:
    d = _distances(x, actors.weights, x)
    neutral = 1.0 - d
    c = _coalitions(p.voting_rule, neutral, actors.capability)
    pv = _victory(p.victory_model, c)
    chance = _condorcet(p.pce_model, c, pv, actors.active)
    risk = _risk_attitudes(p.big_r_range, chance, actors.active)
    own, other = _ADJUST_WEIGHTS[p.big_r_adjust]
    seen = own * risk[:, :, None] + other * risk[:, None, :]
    return _Assessment(d, risk, seen, _utility(d, risk[:, :, None]))


def _contests(
    a: _Assessment,
    actors: _Actors,
    p: SMPParams,
    h: IntArray,
    i: IntArray,
    j: IntArray,
) -> tuple[FloatArray, FloatArray]:
    """``h``'s estimate that ``i`` beats ``j``, and of ``i``'s expected gain from challenging.

    ``h``, ``i``, ``j`` are ``(S, I, J)`` actor indices. Principals vote their own stakes;
    each active third party ``n`` joins the side whose win it expects to prefer, given the
    principals' strengths (KTAB ``probEduChlg``, ``vProbLittle``, ``thirdPartyVoteSU``).
    """
    s_idx = np.arange(h.shape[0])[:, None, None]
    dt = np.swapaxes(a.distance, -1, -2)  # dt[s, b, n] = d[s, n, b]
    r = a.seen_risk[s_idx, h]  # (S, I, J, N): h's estimate of n's risk attitude
    u_n_i = _utility(dt[s_idx, i], r)  # h's estimate of n's utility of i's position
    u_n_j = _utility(dt[s_idx, j], r)
    u_ij = np.take_along_axis(u_n_j, i[..., None], axis=-1)[..., 0]  # i's utility of j
    u_ji = np.take_along_axis(u_n_i, j[..., None], axis=-1)[..., 0]  # j's utility of i
    clout = actors.attention * actors.capability
    rule = p.voting_rule
    v_i = _vote(rule, clout[s_idx, i], 1.0 - u_ij)
    v_j = _vote(rule, clout[s_idx, j], u_ji - 1.0)
    for_i = _MIN_CONTEST + np.maximum(v_i, 0) + np.maximum(v_j, 0)
    for_j = _MIN_CONTEST + np.maximum(-v_i, 0) + np.maximum(-v_j, 0)

    w_n = clout[:, None, None, :]
    lean = _vote(rule, w_n, u_n_i - u_n_j)
    side_i = for_i[..., None] + np.maximum(lean, 0)
    p_in = side_i / (side_i + for_j[..., None] + np.maximum(-lean, 0))
    p_jn = 1.0 - p_in
    # Utility sums of the three positions (i, j, n) after each outcome; n's own position is
    # worth 1 to n. "semi": n stays with i when i wins with n, but not with j.
    if p.third_party_commit == "full":
        ik_j, j_ik, i_jk, jk_i = 3 * u_n_i, 3 * u_n_j, 3 * u_n_i, 3 * u_n_j
    elif p.third_party_commit == "semi":
        ik_j, j_ik, i_jk, jk_i = 2 * u_n_i + 1, 3 * u_n_j, 3 * u_n_i, 2 * u_n_j + 1
    else:
        ik_j, j_ik, i_jk, jk_i = 2 * u_n_i + 1, 2 * u_n_j + 1, 2 * u_n_i + 1, 2 * u_n_j + 1
    with_i = p_in * ik_j + p_jn * j_ik
    with_j = p_in * i_jk + p_jn * jk_i
    votes = _vote(rule, w_n, with_i - with_j)
    n = np.arange(actors.active.shape[-1])
    third = actors.active[:, None, None, :] & (n != i[..., None]) & (n != j[..., None])
    votes = np.where(third, votes, 0.0)
    for_i = for_i + np.maximum(votes, 0).sum(axis=-1)
    for_j = for_j + np.maximum(-votes, 0).sum(axis=-1)
    p_ij = for_i / (for_i + for_j)
    s_j = actors.attention[s_idx, j]
    # j resists with probability s_j; winning moves j to i (worth 2), losing moves i to j.
    challenge = (1 - s_j) * 2.0 + s_j * (p_ij * 2.0 + (1 - p_ij) * 2.0 * u_ij)
    return p_ij, challenge - (1.0 + u_ij)


def _interpolate(
    p: SMPParams,
    t_i: FloatArray,
    s_i: FloatArray,
    prob_i: FloatArray,
    t_j: FloatArray,
    s_j: FloatArray,
    prob_j: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """The bargain's new positions for initiator and receiver, issue by issue (``..., D``)."""
    if p.interpolation == "s2pmax":
        d_i = np.maximum(prob_j - prob_i, 0.0)
        d_j = np.maximum(prob_i - prob_j, 0.0)
        k_i = d_i * s_j**2 / (d_i * s_j**2 + _BARGAIN_FLOOR + (1 - d_i) * s_i**2)
        k_j = d_j * s_i**2 / (d_j * s_i**2 + _BARGAIN_FLOOR + (1 - d_j) * s_j**2)
        return t_i + k_i * (t_j - t_i), t_j + k_j * (t_i - t_j)
    n = 1 if p.interpolation == "s1p1" else 2
    w_i = s_i**n * prob_i**n
    w_j = s_j**n * prob_j**n
    total = w_i + _BARGAIN_FLOOR + w_j
    # Rounded to 4 decimals (0.01 on the 0–100 scale), as KTAB does, against spurious precision.
    b_i = np.floor(((w_i + _BARGAIN_FLOOR) * t_i + w_j * t_j) / total * 1e4 + 0.5) / 1e4
    b_j = np.floor((w_i * t_i + (_BARGAIN_FLOOR + w_j) * t_j) / total * 1e4 + 0.5) / 1e4
    return b_i, b_j


@dataclass(frozen=True)
class _Bargains:
    """Proposals of one turn: ``B`` of them, each moving an initiator and a receiver."""

    initiator: IntArray  # (S, B)
    receiver: IntArray  # (S, B)
    at_initiator: FloatArray  # (S, B, D): the initiator's new position
    at_receiver: FloatArray  # (S, B, D)
    valid: BoolArray  # (S, B)


def _propose(x: FloatArray, a: _Assessment, actors: _Actors, p: SMPParams) -> _Bargains:
    """Every actor's best challenge, turned into bargains (KTAB ``SMPState::doBCN``)."""
    s, n = actors.active.shape
    idx = np.arange(n)
    i = np.broadcast_to(idx[None, :, None], (s, n, n))
    j = np.broadcast_to(idx[None, None, :], (s, n, n))
    p_ij, gain = _contests(a, actors, p, i, i, j)
    pair = actors.active[:, :, None] & actors.active[:, None, :] & (i != j)
    gain = np.where(pair & (gain > _MIN_GAIN), gain, -np.inf)
    s_idx = np.arange(s)[:, None]
    who = np.concatenate([x, actors.salience, actors.capability[..., None]], axis=-1)
    target = _best(gain, np.broadcast_to(who[:, None], (s, n, *who.shape[1:])))
    valid = np.isfinite(np.take_along_axis(gain, target[..., None], -1)[..., 0])
    prob_i = np.take_along_axis(p_ij, target[..., None], -1)  # (S, A, 1)
    t_i, t_j = x, x[s_idx, target]
    sal_i, sal_j = actors.salience, actors.salience[s_idx, target]
    b_i, b_j = _interpolate(p, t_i, sal_i, prob_i, t_j, sal_j, 1 - prob_i)
    initiator = np.broadcast_to(idx, (s, n))
    if p.bargain_model == "initiator":
        return _Bargains(initiator, target, b_i, b_j, valid)
    # the target's own estimate that the initiator wins
    tgt = target[..., None]
    prob_t, _ = _contests(a, actors, p, tgt, initiator[..., None], tgt)
    c_i, c_j = _interpolate(p, t_i, sal_i, prob_t, t_j, sal_j, 1 - prob_t)
    if p.bargain_model == "initiator-receiver":
        return _Bargains(
            np.concatenate([initiator, initiator], axis=1),
            np.concatenate([target, target], axis=1),
            np.concatenate([b_i, c_i], axis=1),
            np.concatenate([b_j, c_j], axis=1),
            np.concatenate([valid, valid], axis=1),
        )
    clout = actors.attention * actors.capability
    w_i = clout[..., None]
    w_j = clout[s_idx, target][..., None]
    total = np.where(w_i + w_j > 0, w_i + w_j, 1.0)
    return _Bargains(
        initiator,
        target,
        (w_i * b_i + w_j * c_i) / total,
        (w_i * b_j + w_j * c_j) / total,
        valid,
    )


def _choose(
    x: FloatArray,
    a: _Assessment,
    actors: _Actors,
    bargains: _Bargains,
    p: SMPParams,
    rng: np.random.Generator,
) -> FloatArray:
    """Each actor's next position: the status quo or a bargain it is party to, whichever the
    whole body of actors most likely prefers (KTAB ``updateBestBrgnPositions``)."""
    s, n = actors.active.shape
    counted = np.where(actors.active[:, None, :], a.own_utility, 0.0)
    total = counted.sum(axis=-1)  # (S, A): sum of utilities of all positions
    n_active = np.maximum(actors.active.sum(axis=-1), 1)[:, None, None]

    def value_of(points: FloatArray) -> FloatArray:
        return _utility(_distances(x, actors.weights, points), a.risk[:, :, None])

    def held(who: IntArray) -> FloatArray:
        index = np.broadcast_to(who[:, None, :], (s, n, who.shape[-1]))
        return np.take_along_axis(a.own_utility, index, axis=-1)

    after = (
        total[:, :, None]
        - held(bargains.initiator)
        - held(bargains.receiver)
        + value_of(bargains.at_initiator)
        + value_of(bargains.at_receiver)
    )
    values = np.concatenate([total[:, :, None], after], axis=-1) / n_active  # (S, A, 1+B)
    c = _coalitions(p.voting_rule, values, actors.capability)
    pv = _victory(p.victory_model, c)
    k_idx = np.arange(n)[None, :, None]
    involved = bargains.valid[:, None, :] & (
        (bargains.initiator[:, None, :] == k_idx) | (bargains.receiver[:, None, :] == k_idx)
    )
    options = np.concatenate([np.ones((s, n, 1), dtype=bool), involved], axis=-1)  # (S, K, M)
    chance = _condorcet(p.pce_model, c[:, None], pv[:, None], options)
    lands = np.where(
        (bargains.initiator[:, None, :] == k_idx)[..., None],
        bargains.at_initiator[:, None],
        bargains.at_receiver[:, None],
    )  # (S, K, B, D): where each bargain puts k
    lands = np.concatenate([x[:, :, None], lands], axis=2)
    if p.state_transition == "deterministic":
        pick = _best(np.where(options, chance, -np.inf), lands)
    else:
        cumulative = np.cumsum(chance, axis=-1)
        draw = rng.random((s, n, 1)) * cumulative[..., -1:]
        pick = np.minimum((cumulative <= draw).sum(axis=-1), chance.shape[-1] - 1)
    pick = np.where(actors.active, pick, 0)
    moved = np.take_along_axis(lands, pick[..., None, None], axis=2)[:, :, 0]
    return np.asarray(moved)


def _win_chances(x: FloatArray, a: _Assessment, actors: _Actors, p: SMPParams) -> FloatArray:
    """Probability that each actor's position wins, as KTAB reports it (KTAB ``pDist``).

    Positions within ``position_tolerance`` count as one option (the first actor holding it
    stands for it), so actors sharing a position share its probability.
    """
    s, n = actors.active.shape
    tol = p.position_tolerance / 100.0
    gap = np.sqrt(((x[:, :, None, :] - x[:, None, :, :]) ** 2).sum(axis=-1))
    same = (gap < tol) & actors.active[:, :, None] & actors.active[:, None, :]
    stands_for = np.full((s, n), -1, dtype=np.intp)  # representative of each actor's position
    for m in range(n):
        known = (stands_for >= 0) & (stands_for == np.arange(n))  # representatives so far
        match = same[:, m, :] & known
        first = np.argmax(match, axis=-1)
        has = match.any(axis=-1)
        stands_for[:, m] = np.where(has, first, np.where(actors.active[:, m], m, -1))
    rep = stands_for == np.arange(n)
    c = _coalitions(p.voting_rule, a.own_utility, actors.capability)
    pv = _victory(p.victory_model, c)
    chance = _condorcet(p.pce_model, c, pv, rep)
    # An actor reads the chance of the last option within tolerance of its position (as KTAB's
    # report does; closeness is not transitive, so this may differ from its own option).
    near = same & rep[:, None, :]
    last = n - 1 - np.argmax(near[..., ::-1], axis=-1)
    s_idx = np.arange(s)[:, None]
    return np.asarray(np.where(near.any(axis=-1), chance[s_idx, last], 0.0))


def _expected_outcome(
    x: FloatArray, a: _Assessment, actors: _Actors, p: SMPParams
) -> tuple[FloatArray, FloatArray]:
    """The expected outcome and the likeliest position of a state, ``(S, D)`` each.

    Positions linked by chains of gaps below ``position_tolerance`` form one option, placed
    at their mean, so neither the actors' order nor near-duplicates change the result; the
    options' chances come from the same election as the win probabilities.
    """
    n = actors.active.shape[1]
    tol = p.position_tolerance / 100.0
    gap = np.sqrt(((x[:, :, None, :] - x[:, None, :, :]) ** 2).sum(axis=-1))
    both = actors.active[:, :, None] & actors.active[:, None, :]
    linked = ((gap < tol) & both) | (np.eye(n, dtype=bool) & actors.active[:, :, None])
    for _ in range(max(1, int(np.ceil(np.log2(max(n, 2)))))):
        linked = (linked.astype(float) @ linked.astype(float)) > 0
    slot = (np.argmax(linked, axis=-1) == np.arange(n)) & actors.active
    members = (linked & slot[:, :, None]).astype(float)
    size = np.maximum(members.sum(axis=-1, keepdims=True), 1.0)
    centre = members @ x / size  # (S, slots, D)
    utility = _utility(_distances(x, actors.weights, centre), a.risk[:, :, None])
    c = _coalitions(p.voting_rule, utility, actors.capability)
    pv = _victory(p.victory_model, c)
    chance = _condorcet(p.pce_model, c, pv, slot)
    outcome = np.einsum("sa,sad->sd", chance, centre)
    likeliest = _best(np.where(slot, chance, -np.inf), centre)
    most_likely = np.take_along_axis(centre, likeliest[:, None, None], axis=1)[:, 0]
    return np.asarray(outcome), np.asarray(most_likely)


# --- the run ----------------------------------------------------------------------------


def _prepare(arrays: CaseArrays) -> tuple[FloatArray, _Actors]:
    x = np.asarray(arrays.positions, dtype=float) / 100.0
    sal = np.asarray(arrays.saliences, dtype=float)
    cap = np.asarray(arrays.capabilities, dtype=float)
    if not arrays.batched:
        x, sal, cap = x[None], sal[None], cap[None]
    if np.isnan(x).any() or np.isnan(sal).any() or np.isnan(cap).any():
        raise ValueError("the SMP needs every position, salience and capability (found NaN)")
    if (x < 0).any() or (x > 1).any() or (sal < 0).any() or (cap < 0).any():
        raise ValueError("positions must lie in 0–100 and saliences and capabilities be >= 0")
    sal = sal / np.maximum(sal.sum(axis=-1, keepdims=True), 100.0)
    attention = sal.sum(axis=-1)
    sq = sal * sal
    sq_total = sq.sum(axis=-1, keepdims=True)
    weights = np.where(sq_total > 0, sq / np.where(sq_total > 0, sq_total, 1.0), 0.0)
    active = (cap > 0) & (attention > 0)
    actors = _Actors(sal, weights, attention, np.where(active, cap, 0.0), active)
    return x, actors


_CHUNK_ELEMENTS = 4_000_000
"""Samples run together while their largest intermediate array stays below this many numbers
(32 MB); larger batches run in chunks."""


@dataclass(frozen=True)
class _Run:
    path: FloatArray  # (S, T+1, A, D), 0–1 scale
    chances: FloatArray  # (S, T+1, A)
    outcome: FloatArray  # (S, D)
    most_likely: FloatArray  # (S, D)
    risk: FloatArray  # (S, A)
    rounds: IntArray  # (S,)
    converged: BoolArray  # (S,)


def _hold(history: FloatArray, states: int) -> FloatArray:
    """A history ``(S, T+1, ...)`` extended to ``states`` entries by repeating its last."""
    extra = states - history.shape[1]
    if extra <= 0:
        return history
    tail = np.repeat(history[:, -1:], extra, axis=1)
    return np.concatenate([history, tail], axis=1)


def _simulate(x: FloatArray, actors: _Actors, p: SMPParams, rng: np.random.Generator) -> _Run:
    """Turns until every sample has stopped; a stopped sample keeps its state and drops out
    of the computation."""
    s = x.shape[0]
    path = [x]
    first_move = np.zeros(s)
    done = np.zeros(s, dtype=bool)
    converged = np.zeros(s, dtype=bool)
    rounds = np.zeros(s, dtype=np.intp)
    a = _assess(x, actors, p)
    chances = [_win_chances(x, a, actors, p)]
    for turn in range(1, int(p.max_turns) + 1):
        live = np.flatnonzero(~done)
        live_actors, live_a = actors.take(live), a.take(live)
        bargains = _propose(x[live], live_a, live_actors, p)
        x_new = x.copy()
        x_new[live] = _choose(x[live], live_a, live_actors, bargains, p, rng)
        step = np.sqrt(((x_new - x) ** 2).sum(axis=-1)).sum(axis=-1)
        if turn == 1:
            first_move = step + _MIN_FIRST_MOVE
        quiet = (turn >= p.min_turns) & (step / first_move < p.convergence_ratio)
        rounds = np.where(done, rounds, turn)
        converged |= ~done & quiet
        done = done | quiet | (turn >= p.max_turns)
        x = x_new
        live_a = _assess(x[live], live_actors, p)
        a = a.updated(live, live_a)
        chance = chances[-1].copy()
        chance[live] = _win_chances(x[live], live_a, live_actors, p)
        path.append(x)
        chances.append(chance)
        if done.all():
            break
    outcome, most_likely = _expected_outcome(x, a, actors, p)
    no_one = ~actors.active.any(axis=-1)
    outcome[no_one] = x[no_one].mean(axis=-2)
    most_likely[no_one] = outcome[no_one]
    return _Run(
        np.stack(path, axis=1),
        np.stack(chances, axis=1),
        outcome,
        most_likely,
        a.risk,
        rounds,
        converged,
    )


def forecast(
    arrays: CaseArrays,
    *,
    params: Mapping[str, Any] | None = None,
    rng: np.random.Generator,
) -> Forecast:
    """Run KTAB's spatial model of politics over all issues jointly.

    Parameters
    ----------
    arrays
        Positions and saliences (0–100) and capabilities; a leading sample axis is allowed and
        runs all samples together (each stops on its own; its path then stays put).
    params
        Any of :class:`SMPParams`' fields by name; the defaults are KTAB's.
    rng
        Used only when ``state_transition="stochastic"``.

    Returns
    -------
    Forecast
        ``outcome``: the expected outcome per issue, the final positions weighted by their
        probability to win; ``positions``: the final positions; ``path``: positions turn by
        turn (0–100). ``extras``: ``win_probability`` per turn and actor (the chance that the
        actor's position wins), ``most_likely`` (the final position likeliest to win),
        ``risk_attitude`` (final), ``rounds_run`` and ``converged`` (per sample when batched).
    """
    p = SMPParams.from_mapping(params)
    x, actors = _prepare(arrays)
    s, n = actors.active.shape
    options = (2 * n if p.bargain_model == "initiator-receiver" else n) + 1
    runs = [
        _simulate(x[sl], actors.take(sl), p, rng)
        for sl in chunks(s, _CHUNK_ELEMENTS // (n * max(n, options) ** 2))
    ]
    path_arr = join_paths([r.path for r in runs], time_axis=1, join_axis=0) * 100.0
    final = np.concatenate([r.path[:, -1] for r in runs]) * 100.0
    outcome = np.concatenate([r.outcome for r in runs]) * 100.0
    most_likely = np.concatenate([r.most_likely for r in runs]) * 100.0
    risk = np.concatenate([r.risk for r in runs])
    rounds = np.concatenate([r.rounds for r in runs])
    converged = np.concatenate([r.converged for r in runs])
    extras: dict[str, Any] = {
        "win_probability": join_paths([r.chances for r in runs], time_axis=1, join_axis=0),
        "most_likely": most_likely,
        "risk_attitude": risk,
        "rounds_run": rounds,
        "converged": converged,
    }
    if not arrays.batched:
        final, outcome, path_arr = final[0], outcome[0], path_arr[0]
        extras = {
            "win_probability": extras["win_probability"][0],
            "most_likely": most_likely[0],
            "risk_attitude": risk[0],
            "rounds_run": int(rounds[0]),
            "converged": bool(converged[0]),
        }
    return finish(
        arrays,
        model="smp",
        version=VERSION,
        params=asdict(p),
        outcome=outcome,
        positions=final,
        path=path_arr,
        fallback="mean",
        extras=extras,
    )
