"""One turn of the spatial model: challenges, bargains and each actor's choice."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ontable.forecast.smp import kernels
from ontable.forecast.smp.elements import (
    _best,
    _coalitions,
    _condorcet,
    _distances,
    _utility,
    _victory,
    _vote,
)
from ontable.forecast.smp.params import (
    _BARGAIN_FLOOR,
    _MIN_CONTEST,
    _MIN_GAIN,
    BoolArray,
    IntArray,
    SMPParams,
)
from ontable.forecast.smp.state import _Actors, _Assessment
from ontable.model.arrays import FloatArray

_BLOCK_ELEMENTS = 16_384
"""Numbers in one temporary of the contest step (128 KB): initiators are taken a block at a
time (at least ``_BLOCK_ROWS``) so that the step's temporaries stay in the processor's cache."""
_BLOCK_ROWS = 4


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
    n = np.arange(actors.active.shape[-1])
    third = actors.active[:, None, None, :] & (n != i[..., None]) & (n != j[..., None])
    sides = (clout[s_idx, i], clout[s_idx, j], actors.attention[s_idx, j])
    return _odds(p, clout[:, None, None, :], third, u_n_i, u_n_j, u_ij, u_ji, *sides)


def _all_contests(a: _Assessment, actors: _Actors, p: SMPParams) -> tuple[FloatArray, FloatArray]:
    """:func:`_contests` for every initiator ``i`` (its own estimate, ``h = i``) against every
    ``j``, ``(S, A, A)`` each.

    The same arithmetic on the same numbers, element by element, so the result is the same
    bit for bit; but the initiators are taken a block at a time (the step's temporaries are
    ``block × A²`` instead of ``A³``), and what depends on ``i`` and ``n`` only is computed
    once per pair rather than once per ``j``. Large cases take the compiled kernel
    (:func:`.kernels.contests`, the same numbers).
    """
    s, n = actors.active.shape
    if kernels.use_kernels(p.voting_rule, s, n):
        clout = actors.attention * actors.capability
        return kernels.contests(
            a.distance,
            a.seen_risk,
            clout,
            actors.attention,
            actors.active,
            p.voting_rule,
            p.third_party_commit,
        )
    # dt[s, b, n] = d[s, n, b], laid out in rows so that every temporary below is too (sums
    # along rows are then taken in the same order as in :func:`_contests`)
    dt = np.ascontiguousarray(np.swapaxes(a.distance, -1, -2))
    own_risk = np.diagonal(a.seen_risk, axis1=-2, axis2=-1)  # (S, A): seen[s, i, i]
    clout = actors.attention * actors.capability
    w_n = clout[:, None, None, :]
    nn = np.arange(n)
    others = nn[None, :] != nn[:, None]  # [j, n]: n is not j
    p_ij = np.empty((s, n, n))
    gain = np.empty((s, n, n))
    block = max(_BLOCK_ROWS, _BLOCK_ELEMENTS // (s * n * n))
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        r = a.seen_risk[:, lo:hi, None, :]  # (S, b, 1, N): i's estimate of n's risk attitude
        u_n_i = _utility(dt[:, lo:hi, None, :], r)  # (S, b, 1, N)
        u_n_j = _utility(dt[:, None, :, :], r)  # (S, b, J, N)
        u_ij = _utility(a.distance[:, lo:hi, :], own_risk[:, lo:hi, None])  # i's utility of j
        u_ji = _utility(dt[:, lo:hi, :], a.seen_risk[:, lo:hi, :])  # j's utility of i
        third = (
            actors.active[:, None, None, :] & (nn != nn[lo:hi, None, None]) & others
        )  # (S, b, J, N)
        sides = (clout[:, lo:hi, None], clout[:, None, :], actors.attention[:, None, :])
        p_ij[:, lo:hi], gain[:, lo:hi] = _odds(p, w_n, third, u_n_i, u_n_j, u_ij, u_ji, *sides)
    return p_ij, gain


def _odds(
    p: SMPParams,
    w_n: FloatArray,
    third: BoolArray,
    u_n_i: FloatArray,
    u_n_j: FloatArray,
    u_ij: FloatArray,
    u_ji: FloatArray,
    clout_i: FloatArray,
    clout_j: FloatArray,
    s_j: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """The contest of ``i`` against ``j`` from the utilities the estimating actor sees.

    ``u_n_i``, ``u_n_j``: each third party ``n``'s utility of ``i``'s and ``j``'s positions
    (``..., N``, broadcastable); ``u_ij``, ``u_ji``: the principals' utilities of each other's
    position; ``clout_*``: their salience × capability, ``s_j`` ``j``'s salience; ``w_n``
    each third party's clout, ``third`` which ``n`` take part. In-place steps only reuse
    buffers; every number is computed as written.
    """
    rule = p.voting_rule
    v_i = _vote(rule, clout_i, 1.0 - u_ij)
    v_j = _vote(rule, clout_j, u_ji - 1.0)
    for_i = _MIN_CONTEST + np.maximum(v_i, 0) + np.maximum(v_j, 0)
    for_j = _MIN_CONTEST + np.maximum(-v_i, 0) + np.maximum(-v_j, 0)

    lean = np.asarray(_vote(rule, w_n, u_n_i - u_n_j))
    side_i = for_i[..., None] + np.maximum(lean, 0)
    against = np.maximum(np.negative(lean, out=lean), 0, out=lean)
    total = side_i + for_j[..., None]
    total += against
    p_in = np.divide(side_i, total, out=side_i)
    p_jn = np.subtract(1.0, p_in, out=total)
    # Utility sums of the three positions (i, j, n) after each outcome; n's own position is
    # worth 1 to n. "semi": n stays with i when i wins with n, but not with j.
    if p.third_party_commit == "full":
        ik_j, j_ik, i_jk, jk_i = 3 * u_n_i, 3 * u_n_j, 3 * u_n_i, 3 * u_n_j
    elif p.third_party_commit == "semi":
        ik_j, j_ik, i_jk, jk_i = 2 * u_n_i + 1, 3 * u_n_j, 3 * u_n_i, 2 * u_n_j + 1
    else:
        ik_j, j_ik, i_jk, jk_i = 2 * u_n_i + 1, 2 * u_n_j + 1, 2 * u_n_i + 1, 2 * u_n_j + 1
    with_i = p_in * ik_j
    with_i += np.multiply(p_jn, j_ik, out=against)
    with_j = np.multiply(p_in, i_jk, out=p_in)
    with_j += np.multiply(p_jn, jk_i, out=against)
    votes = np.ascontiguousarray(_vote(rule, w_n, np.subtract(with_i, with_j, out=with_i)))
    np.copyto(votes, 0.0, where=~third)
    with_j = np.ascontiguousarray(with_j)
    for_i = for_i + np.maximum(votes, 0, out=with_j).sum(axis=-1)
    for_j = for_j + np.maximum(np.negative(votes, out=votes), 0, out=votes).sum(axis=-1)
    p_ij = for_i / (for_i + for_j)
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
    p_ij, gain = _all_contests(a, actors, p)
    pair = actors.active[:, :, None] & actors.active[:, None, :] & (i != j)
    gain = np.where(pair & (gain > _MIN_GAIN), gain, -np.inf)
    s_idx = np.arange(s)[:, None]
    # ties between targets go by position (stated issues only), salience and capability
    at = x if actors.stated is None else np.where(actors.stated, x, -1.0)
    who = np.concatenate([at, actors.salience, actors.capability[..., None]], axis=-1)
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
    s_idx = np.arange(s)[:, None]
    counted = np.where(actors.active[:, None, :], a.own_utility, 0.0)
    total = counted.sum(axis=-1)  # (S, A): sum of utilities of all positions
    n_active = np.maximum(actors.active.sum(axis=-1), 1)[:, None, None]

    def value_of(points: FloatArray, holders: IntArray) -> FloatArray:
        # a bargain moves its holder's position, which keeps the holder's stated issues
        stated = None if actors.stated is None else actors.stated[s_idx, holders]
        return _utility(_distances(x, actors.weights, points, stated), a.risk[:, :, None])

    def held(who: IntArray) -> FloatArray:
        index = np.broadcast_to(who[:, None, :], (s, n, who.shape[-1]))
        return np.take_along_axis(a.own_utility, index, axis=-1)

    after = (
        total[:, :, None]
        - held(bargains.initiator)
        - held(bargains.receiver)
        + value_of(bargains.at_initiator, bargains.initiator)
        + value_of(bargains.at_receiver, bargains.receiver)
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
        key = lands if actors.stated is None else np.where(actors.stated[:, :, None], lands, -1.0)
        pick = _best(np.where(options, chance, -np.inf), key)
    else:
        cumulative = np.cumsum(chance, axis=-1)
        draw = rng.random((s, n, 1)) * cumulative[..., -1:]
        pick = np.minimum((cumulative <= draw).sum(axis=-1), chance.shape[-1] - 1)
    pick = np.where(actors.active, pick, 0)
    moved = np.take_along_axis(lands, pick[..., None, None], axis=2)[:, :, 0]
    if actors.stated is not None:  # a stand-in never moves (nor counts as movement)
        moved = np.where(actors.stated, moved, x)
    return np.asarray(moved)
