"""What alternating offers (:mod:`ontable.bargaining.alternating`) take and give back.

A change of one party's BATNA from a chosen round on (:class:`BatnaChange`), one round of the
equilibrium path (:class:`RoundPlay`) and the whole equilibrium play over a case's packages
(:class:`AlternatingResult`), with its table and JSON-ready forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from ontable.bargaining.package import Package

Recognition = Literal["rotating", "random"]
MoveKind = Literal["pressure", "withdrawal", "change"]


@dataclass(frozen=True)
class BatnaChange:
    """From round ``round`` on, ``party``'s BATNA is ``batna`` (``by`` whom, and why)."""

    round: int
    party: str
    batna: float
    by: str | None = None
    kind: MoveKind = "change"

    def __post_init__(self) -> None:
        if self.round < 0:
            raise ValueError(f"a BATNA change needs a round ≥ 0; got {self.round}")
        if not 0.0 <= self.batna <= 1.0:
            raise ValueError(f"a BATNA is in 0–1; got {self.batna}")


@dataclass(frozen=True)
class RoundPlay:
    """What happens in one round of the equilibrium path."""

    round: int
    proposer: str
    outcome: Literal["agreement", "no offer passes", "breakdown", "deadline"]
    reservations: tuple[float, ...]
    package: int | None = None


@dataclass(frozen=True)
class AlternatingResult:
    """The equilibrium play of alternating offers over a case's packages.

    ``package`` is the agreed package (None on breakdown); ``agreement_round`` and
    ``breakdown_round`` say when play ends; ``expected`` is each party's equilibrium value at
    the start (over recognition draws); ``path`` the rounds played.
    """

    party_ids: tuple[str, ...]
    patience: tuple[float, ...]
    deadline: int
    recognition: Recognition
    quota: int
    package: Package | None
    agreement_round: int | None
    breakdown_round: int | None
    proposer: str | None
    utilities: tuple[float, ...] | None
    expected: tuple[float, ...]
    path: tuple[RoundPlay, ...]
    batna_changes: tuple[BatnaChange, ...] = field(default=())

    @property
    def agreed(self) -> bool:
        """Whether the parties agree before the deadline."""
        return self.package is not None

    def to_frame(self) -> pd.DataFrame:
        """One row per round played: proposer, what happened, each party's reservation."""
        rows = []
        for play in self.path:
            row: dict[str, Any] = {
                "round": play.round,
                "proposer": play.proposer,
                "outcome": play.outcome,
            }
            for p, r in zip(self.party_ids, play.reservations, strict=True):
                row[f"reservation_{p}"] = r
            rows.append(row)
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "party_ids": list(self.party_ids),
            "patience": list(self.patience),
            "deadline": self.deadline,
            "recognition": self.recognition,
            "quota": self.quota,
            "agreed": self.agreed,
            "agreement_round": self.agreement_round,
            "breakdown_round": self.breakdown_round,
            "proposer": self.proposer,
            "utilities": None if self.utilities is None else list(self.utilities),
            "expected": list(self.expected),
            "batna_changes": [vars(c) for c in self.batna_changes],
            "path": [
                {
                    "round": p.round,
                    "proposer": p.proposer,
                    "outcome": p.outcome,
                    "reservations": list(p.reservations),
                }
                for p in self.path
            ],
            "package": None if self.package is None else self.package.to_dict(),
        }
