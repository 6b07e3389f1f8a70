"""A state of the spatial model: the actors' fixed inputs, the state's assessment
(utilities, risk attitudes), and what KTAB reports of a state (win chances, expected outcome)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ontable.forecast.smp import kernels
from ontable.forecast.smp.elements import (
    _ADJUST_WEIGHTS,
    _best,
    _coalitions,
    _condorcet,
    _distances,
    _risk_attitudes,
    _same_option,
    _utility,
    _victory,
)
from ontable.forecast.smp.params import BoolArray, IntArray, SMPParams
from ontable.model.arrays import FloatArray


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
    stated: BoolArray | None = None  # (S, A, D): issues an actor has a stance on (None: all)

    def take(self, samples: slice | IntArray) -> _Actors:
        """The same actors in some of the samples."""
        return _Actors(
            self.salience[samples],
            self.weights[samples],
            self.attention[samples],
            self.capability[samples],
            self.active[samples],
            None if self.stated is None else self.stated[samples],
        )


def _assess(x: FloatArray, actors: _Actors, p: SMPParams) -> _Assessment:
    d = _distances(x, actors.weights, x, actors.stated)
    neutral = 1.0 - d
    c = _coalitions(p.voting_rule, neutral, actors.capability)
    pv = _victory(p.victory_model, c)
    chance = _condorcet(p.pce_model, c, pv, actors.active)
    risk = _risk_attitudes(p.big_r_range, chance, actors.active)
    own, other = _ADJUST_WEIGHTS[p.big_r_adjust]
    seen = own * risk[:, :, None] + other * risk[:, None, :]
    return _Assessment(d, risk, seen, _utility(d, risk[:, :, None]))


def _win_chances(x: FloatArray, a: _Assessment, actors: _Actors, p: SMPParams) -> FloatArray:
    """Probability that each actor's position wins, as KTAB reports it (KTAB ``pDist``).

    Positions within ``position_tolerance`` count as one option (the first actor holding it
    stands for it), so actors sharing a position share its probability. Positions with
    stances on different issues are different options.
    """
    s, n = actors.active.shape
    tol = p.position_tolerance / 100.0
    same = _same_option(x, tol, actors.stated)
    same &= actors.active[:, :, None] & actors.active[:, None, :]
    # representative of each actor's position: the first earlier representative within
    # tolerance, else itself; only actors close to an earlier one need the sequential pass
    if kernels.use_kernels(None, s, n):
        stands_for = kernels.representatives(same, actors.active)
    else:
        stands_for = np.where(actors.active, np.arange(n), -1)
        for m in np.flatnonzero(np.tril(same, -1).any(axis=(0, 2))):
            known = (stands_for[:, :m] >= 0) & (stands_for[:, :m] == np.arange(m))
            match = same[:, m, :m] & known
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

    With missing stances, an option takes a stance only on the issues its holders have one
    on (linked positions state the same issues), and the expected outcome on an issue weighs
    the options with a stance there by their chances: a stand-in coordinate never enters it.
    When no option with a chance has a stance on an issue, the outcome there is the mean of
    the stated final positions.
    """
    n = actors.active.shape[1]
    tol = p.position_tolerance / 100.0
    both = actors.active[:, :, None] & actors.active[:, None, :]
    same = _same_option(x, tol, actors.stated)
    linked = (same & both) | (np.eye(n, dtype=bool) & actors.active[:, :, None])
    for _ in range(max(1, int(np.ceil(np.log2(max(n, 2)))))):
        linked = (linked.astype(float) @ linked.astype(float)) > 0
    slot = (np.argmax(linked, axis=-1) == np.arange(n)) & actors.active
    members = (linked & slot[:, :, None]).astype(float)
    if actors.stated is None:
        size = np.maximum(members.sum(axis=-1, keepdims=True), 1.0)
        centre = members @ x / size  # (S, slots, D)
        centre_stated = None
        key = centre
    else:
        count = members @ actors.stated.astype(float)  # (S, slots, D)
        centre_stated = count > 0
        centre = members @ np.where(actors.stated, x, 0.0) / np.maximum(count, 1.0)
        key = np.where(centre_stated, centre, -1.0)
    utility = _utility(_distances(x, actors.weights, centre, centre_stated), a.risk[:, :, None])
    c = _coalitions(p.voting_rule, utility, actors.capability)
    pv = _victory(p.victory_model, c)
    chance = _condorcet(p.pce_model, c, pv, slot)
    likeliest = _best(np.where(slot, chance, -np.inf), key)
    most_likely = np.take_along_axis(centre, likeliest[:, None, None], axis=1)[:, 0]
    if centre_stated is None:
        return np.asarray(np.einsum("sa,sad->sd", chance, centre)), np.asarray(most_likely)
    weight = chance[..., None] * centre_stated
    total = weight.sum(axis=1)
    outcome = (weight * centre).sum(axis=1) / np.where(total > 0, total, 1.0)
    plain = _stated_mean(x, actors.stated)
    outcome = np.where(total > 0, outcome, plain)
    likely_stated = np.take_along_axis(centre_stated, likeliest[:, None, None], axis=1)[:, 0]
    most_likely = np.where(likely_stated, most_likely, outcome)
    return np.asarray(outcome), np.asarray(most_likely)


def _stated_mean(x: FloatArray, stated: BoolArray | None) -> FloatArray:
    """``(S, D)``: the mean of the stated positions per issue (of all positions on an issue
    no one has a stance on, and of all when ``stated`` is None)."""
    if stated is None:
        return np.asarray(x.mean(axis=-2))
    count = stated.sum(axis=-2)
    mean = np.where(stated, x, 0.0).sum(axis=-2) / np.maximum(count, 1)
    return np.asarray(np.where(count > 0, mean, x.mean(axis=-2)))
