"""Typed results of bargaining: a package the parties could agree on, and a solution's answer."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ontable.model.arrays import FloatArray


@dataclass(frozen=True)
class Package:
    """One package: a position (and its label) on every issue, and each party's utility."""

    party_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    positions: FloatArray
    labels: dict[str, str]
    utilities: FloatArray

    def utility(self, party: str) -> float:
        """One party's utility of the package."""
        return float(self.utilities[self.party_ids.index(party)])

    def position(self, issue: str) -> float:
        """The package's position on one issue."""
        return float(self.positions[self.issue_ids.index(issue)])

    def to_frame(self) -> pd.DataFrame:
        """One row per issue: its label and position in the package."""
        return pd.DataFrame(
            {
                "issue": list(self.issue_ids),
                "label": [self.labels[i] for i in self.issue_ids],
                "position": [float(x) for x in self.positions],
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "party_ids": list(self.party_ids),
            "issue_ids": list(self.issue_ids),
            "positions": dict(zip(self.issue_ids, map(float, self.positions), strict=True)),
            "labels": dict(self.labels),
            "utilities": dict(zip(self.party_ids, map(float, self.utilities), strict=True)),
        }


@dataclass(frozen=True)
class Agreement(Package):
    """The package a bargaining solution picks, and how it was found.

    ``batna`` is each party's disagreement value, ``weights`` its Nash exponent; ``method`` is
    ``"frontier"`` (searched on the exact Pareto frontier of a package grid), ``"programme"``
    (an exact linear or mixed-integer programme) or ``"cutting-plane"`` (a concave programme
    solved to within ``gap``: for Nash, the largest share of the optimal Nash product the
    package can miss; otherwise the most the optimal objective, in utility, can exceed it).
    """

    solution: str = "nash"
    batna: FloatArray = field(default_factory=lambda: np.zeros(0))
    weights: FloatArray = field(default_factory=lambda: np.zeros(0))
    method: str = "frontier"
    gap: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def gains(self) -> FloatArray:
        """Each party's utility over its BATNA."""
        return np.asarray(self.utilities - self.batna, dtype=float)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        out = super().to_dict()
        out.update(
            {
                "solution": self.solution,
                "batna": dict(zip(self.party_ids, map(float, self.batna), strict=True)),
                "gains": dict(zip(self.party_ids, map(float, self.gains), strict=True)),
                "weights": dict(zip(self.party_ids, map(float, self.weights), strict=True)),
                "method": self.method,
                "gap": self.gap if math.isfinite(self.gap) else None,
                "params": dict(self.params),
            }
        )
        return out
