"""Time-based concession: Boulware, linear and conceder negotiators over a case's packages.

Each party lowers its aspiration from its best package to its BATNA as the deadline nears,
following the time-dependent tactics of Faratin, Sierra & Jennings (1998, "Negotiation
decision functions for autonomous agents", *Robotics and Autonomous Systems* 24):

.. math:: a(t) = r + (1 − α(t))(\\bar u − r), \\qquad α(t) = κ + (1 − κ)(t/T)^{1/β}

with ``r`` the BATNA, ``ū`` the party's best package, ``T`` the deadline. ``β < 1`` concedes
late (Boulware), ``β = 1`` at a steady rate, ``β > 1`` early (conceder).

Parties propose in turn. The proposer offers, among the Pareto-optimal packages worth at
least its aspiration, the one whose least satisfied other party is best off; each other
party accepts an offer worth at least what it would ask next round (the "AC-next"
acceptance rule of Baarslag, Hindriks & Jonker 2014, *Computational Intelligence* 30). Talks
end at the first offer everyone accepts, or break down at the deadline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ontable.bargaining.package import Package
from ontable.bargaining.pareto import Frontier, pareto_frontier
from ontable.bargaining.space import BargainingProblem
from ontable.model.arrays import FloatArray

VERSION = "1"
TACTICS: dict[str, float] = {"boulware": 0.2, "linear": 1.0, "conceder": 5.0}
"""Named tactics → β (Faratin et al. 1998 use β < 1 for Boulware, β > 1 for conceder)."""
DEFAULT_DEADLINE = 20


def aspiration(
    t: float | FloatArray, deadline: int, beta: float | FloatArray, kappa: float = 0.0
) -> FloatArray:
    """The share still demanded, ``1 − α(t)``, with ``α(t) = κ + (1 − κ)(t/T)^{1/β}``."""
    tau = np.clip(np.asarray(t, dtype=float) / deadline, 0.0, 1.0)
    alpha = kappa + (1.0 - kappa) * tau ** (1.0 / np.asarray(beta, dtype=float))
    return np.asarray(1.0 - alpha)


@dataclass(frozen=True)
class Offer:
    """One round: who proposed which package, its utilities and who accepted."""

    round: int
    proposer: str
    package: dict[str, str]
    utilities: tuple[float, ...]
    aspirations: tuple[float, ...]
    accepted_by: tuple[str, ...]


@dataclass(frozen=True)
class ConcessionResult:
    """A simulated negotiation: its offers, and the agreed ``package`` (None on breakdown).

    ``path`` holds the package each party stands by, round by round ``(rounds, parties,
    issues)``: its ideal point first, then its latest offer.
    """

    party_ids: tuple[str, ...]
    tactics: dict[str, float]
    deadline: int
    offers: tuple[Offer, ...]
    package: Package | None
    agreement_round: int | None
    path: FloatArray

    @property
    def agreed(self) -> bool:
        """Whether an offer was accepted before the deadline."""
        return self.package is not None

    def to_frame(self) -> pd.DataFrame:
        """One row per offer: round, proposer, each party's utility and aspiration, accepted."""
        rows = []
        for o in self.offers:
            row: dict[str, Any] = {"round": o.round, "proposer": o.proposer}
            for p, u, a in zip(self.party_ids, o.utilities, o.aspirations, strict=True):
                row[f"u_{p}"] = u
                row[f"aspiration_{p}"] = a
            row["accepted"] = len(o.accepted_by) == len(self.party_ids) - 1
            rows.append(row)
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "party_ids": list(self.party_ids),
            "tactics": dict(self.tactics),
            "deadline": self.deadline,
            "agreed": self.agreed,
            "agreement_round": self.agreement_round,
            "offers": [
                {
                    "round": o.round,
                    "proposer": o.proposer,
                    "package": o.package,
                    "utilities": list(o.utilities),
                    "aspirations": list(o.aspirations),
                    "accepted_by": list(o.accepted_by),
                }
                for o in self.offers
            ],
            "package": None if self.package is None else self.package.to_dict(),
        }


def _beta(tactic: str | float) -> float:
    if isinstance(tactic, str):
        if tactic not in TACTICS:
            raise ValueError(f"unknown tactic {tactic!r} (expected one of: {', '.join(TACTICS)})")
        return TACTICS[tactic]
    if tactic <= 0:
        raise ValueError(f"a tactic's β must be positive; got {tactic}")
    return float(tactic)


def concession_simulation(
    problem: BargainingProblem,
    tactics: Mapping[str, str | float] | None = None,
    *,
    deadline: int = DEFAULT_DEADLINE,
    first: str | None = None,
    frontier: Frontier | None = None,
) -> ConcessionResult:
    """Simulate time-based concession among the problem's parties (see the module notes).

    Parameters
    ----------
    problem
        Parties, packages and BATNAs.
    tactics
        Party → ``"boulware"``, ``"linear"``, ``"conceder"`` or a β > 0 (default linear).
    deadline
        Rounds 0…deadline; at the deadline each party asks only for its BATNA.
    first
        The party that proposes first (default: the first party).
    frontier
        The problem's Pareto frontier when already computed.
    """
    if deadline < 1:
        raise ValueError(f"deadline must be at least 1 round; got {deadline}")
    parties = problem.party_ids
    for p in tactics or {}:
        problem.index(p)
    beta = np.array([_beta((tactics or {}).get(p, "linear")) for p in parties])
    front = frontier if frontier is not None else pareto_frontier(problem)
    u = front.utilities
    reserve = problem.disagreement
    best = u.max(axis=0)
    n = len(parties)
    start = 0 if first is None else problem.index(first)

    def asks(t: int) -> FloatArray:
        return reserve + aspiration(t, deadline, beta) * np.maximum(best - reserve, 0.0)

    offers: list[Offer] = []
    agreed_at: int | None = None
    chosen = -1
    held = np.broadcast_to(problem.ideals, problem.ideals.shape).copy()
    path = [held.copy()]
    for t in range(deadline + 1):
        k = (start + t) % n
        level = asks(t)
        own_ok = u[:, k] >= level[k] - 1e-12
        if not own_ok.any():
            own_ok = u[:, k] >= u[:, k].max() - 1e-12
        others = np.delete(np.arange(n), k)
        slack = (u[:, others] - level[others]).min(axis=1) if n > 1 else np.zeros(len(u))
        pick = int(np.argmax(np.where(own_ok, slack, -np.inf)))
        next_level = asks(t + 1)
        accept = tuple(parties[j] for j in others if u[pick, j] >= next_level[j] - 1e-12)
        offers.append(
            Offer(
                round=t,
                proposer=parties[k],
                package=front.labels(pick),
                utilities=tuple(float(x) for x in u[pick]),
                aspirations=tuple(float(x) for x in level),
                accepted_by=accept,
            )
        )
        held[k] = front.positions[pick]
        path.append(held.copy())
        if len(accept) == n - 1:
            agreed_at, chosen = t, pick
            break
    agreed_package = None
    tactic_betas = dict(zip(parties, map(float, beta), strict=True))
    if agreed_at is not None:
        agreed_package = Package(
            party_ids=parties,
            issue_ids=problem.space.issue_ids,
            positions=front.positions[chosen].copy(),
            labels=front.labels(chosen),
            utilities=u[chosen].copy(),
        )
    return ConcessionResult(
        party_ids=parties,
        tactics=tactic_betas,
        deadline=deadline,
        offers=tuple(offers),
        package=agreed_package,
        agreement_round=agreed_at,
        path=np.stack(path),
    )
