"""The result types of the zone of possible agreement: one party's interval on an issue, the
zone of one issue and the zones of a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ontable.errors import UnknownIdError
from ontable.utility import LossForm


@dataclass(frozen=True)
class PartyBound:
    """The interval one party could accept on one issue if it had its way on all others."""

    party: str
    low: float
    high: float


@dataclass(frozen=True)
class IssueZopa:
    """The zone of one issue: ``[low, high]``, or empty (both None)."""

    issue: str
    low: float | None
    high: float | None
    bounds: tuple[PartyBound, ...]

    @property
    def empty(self) -> bool:
        return self.low is None


@dataclass(frozen=True)
class Zopa:
    """Per issue the zone of possible agreement among the required parties with a BATNA."""

    form: LossForm
    issues: tuple[IssueZopa, ...]
    counted: tuple[str, ...]
    without_batna: tuple[str, ...]
    around: str | None = None

    @property
    def empty(self) -> bool:
        """Whether no package is acceptable to every counted party."""
        return any(z.empty for z in self.issues)

    def issue(self, issue_id: str) -> IssueZopa:
        """The zone of this issue (``KeyError`` when there is none)."""
        for z in self.issues:
            if z.issue == issue_id:
                return z
        raise UnknownIdError("issue", issue_id, (z.issue for z in self.issues))

    def to_frame(self) -> pd.DataFrame:
        """One row per issue: low, high, empty."""
        rows = [
            {"issue": z.issue, "low": z.low, "high": z.high, "empty": z.empty} for z in self.issues
        ]
        return pd.DataFrame(rows, columns=["issue", "low", "high", "empty"])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the parties counted, those without a BATNA, and each issue's zone."""
        return {
            "form": self.form,
            "around": self.around,
            "counted": list(self.counted),
            "without_batna": list(self.without_batna),
            "empty": self.empty,
            "issues": [
                {
                    "issue": z.issue,
                    "low": z.low,
                    "high": z.high,
                    "empty": z.empty,
                    "bounds": [b.__dict__ for b in z.bounds],
                }
                for z in self.issues
            ],
        }
