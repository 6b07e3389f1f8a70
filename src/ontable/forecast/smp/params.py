"""The spatial model's parameters and the constants of KTAB's arithmetic."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

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

_UTILITY_NOISE = 1e-12
"""Utility differences smaller than this are rounding noise (utilities are of order 1 and
carry errors near 1e-16 from sums over actors taken in the actors' order). Left in, KTAB's
coalition floor of 1e-8 would magnify such noise into win chances that differ by ~1e-8
between options that are equal (for example the same bargain proposed by either side), so
that which one an actor adopts would follow the actors' order."""


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
