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
compromise bargain weighs the receiver by its own capability; a utility difference below
rounding noise casts no vote. A party with no stance on an issue (``CaseArrays.stated``) has
no weight there and its stand-in coordinate never moves and enters no distance, option or
outcome. KTAB gives no single forecast: ``outcome`` here is the expected outcome over the
final positions' chances to win.

Positions and saliences arrive on ontable's 0–100 scales. Internally positions are divided by
100; an actor's saliences by ``max(100, sum of its saliences)``, so a KTAB scenario (whose
saliences per actor sum to at most 100) maps exactly and an ontable case whose saliences sum
past 100 gives that actor full attention. Capability is scale-free (only ratios matter).

The implementation is split into ``params`` (parameters), ``elements`` (the elementary
functions), ``state`` (a state's assessment and reports) and ``turn`` (challenges, bargains,
choices); this module runs the turns. ``kernels`` holds compiled versions of the heaviest
steps (numba, the optional extra ``fast``), used for larger cases and giving the same numbers
bit for bit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from ontable.forecast.base import Forecast
from ontable.forecast.driver import chunks, finish, join_paths
from ontable.forecast.smp.params import (
    _MIN_FIRST_MOVE,
    BARGAIN_MODELS,
    BIG_R_ADJUSTS,
    BIG_R_RANGES,
    INTERPOLATIONS,
    PCE_MODELS,
    STATE_TRANSITIONS,
    THIRD_PARTY_COMMITS,
    VERSION,
    VICTORY_MODELS,
    VOTING_RULES,
    BoolArray,
    IntArray,
    SMPParams,
)
from ontable.forecast.smp.state import (
    _Actors,
    _assess,
    _expected_outcome,
    _stated_mean,
    _win_chances,
)
from ontable.forecast.smp.turn import _choose, _propose
from ontable.model.arrays import CaseArrays, FloatArray

__all__ = [
    "BARGAIN_MODELS",
    "BIG_R_ADJUSTS",
    "BIG_R_RANGES",
    "INTERPOLATIONS",
    "PCE_MODELS",
    "STATE_TRANSITIONS",
    "THIRD_PARTY_COMMITS",
    "VERSION",
    "VICTORY_MODELS",
    "VOTING_RULES",
    "SMPParams",
    "forecast",
]


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
    stated = None
    if arrays.stated is not None and not arrays.stated.all():
        stated = np.broadcast_to(np.asarray(arrays.stated, dtype=bool), x.shape)
        sal = np.where(stated, sal, 0.0)
    sal = sal / np.maximum(sal.sum(axis=-1, keepdims=True), 100.0)
    attention = sal.sum(axis=-1)
    sq = sal * sal
    sq_total = sq.sum(axis=-1, keepdims=True)
    weights = np.where(sq_total > 0, sq / np.where(sq_total > 0, sq_total, 1.0), 0.0)
    active = (cap > 0) & (attention > 0)
    actors = _Actors(sal, weights, attention, np.where(active, cap, 0.0), active, stated)
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
    outcome[no_one] = _stated_mean(x, actors.stated)[no_one]
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
