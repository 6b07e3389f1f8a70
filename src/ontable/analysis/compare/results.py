"""The result types of a comparison: provision matches, per-function rows, duty profiles, the
profile of one text and the comparison of two.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from ontable.analysis._common import json_number
from ontable.analysis.compare.functions import DEFAULT_MIN_OVERLAP, Basis, ProvisionFunctions


@dataclass(frozen=True)
class ProvisionMatch:
    """Provision ``a`` of the first text and ``b`` of the second do some of the same things."""

    a: str
    b: str
    shared: tuple[str, ...]
    overlap: float
    basis: Basis
    a_summary: str = ""
    b_summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "shared": list(self.shared),
            "overlap": self.overlap,
            "basis": self.basis,
            "a_summary": self.a_summary,
            "b_summary": self.b_summary,
        }


@dataclass(frozen=True)
class FunctionRow:
    """One function: the provisions of each text that perform it (coded, derived or inferred)."""

    function: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    a_inferred: tuple[str, ...] = ()
    b_inferred: tuple[str, ...] = ()

    @property
    def presence(self) -> Literal["both", "a only", "b only"]:
        return "both" if self.a and self.b else ("a only" if self.a else "b only")


@dataclass(frozen=True)
class DutyProfile:
    """One party's duties in a text: count and share per category (shares sum to 1)."""

    name: str
    role: str
    obligations: int
    shares: Mapping[str, float]
    distance: float = math.nan

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "obligations": self.obligations,
            "shares": dict(self.shares),
            "distance": json_number(self.distance),
        }


@dataclass(frozen=True)
class TextProfile:
    """The structure of one text, by role and by name (no id is compared across cases)."""

    case_title: str
    document_title: str
    document_id: str
    date: str
    kind: str
    provisions: int
    obligations: int
    drafters: tuple[str, ...]
    consulted: tuple[str, ...]
    excluded: tuple[str, ...]
    consultation_disputed: tuple[str, ...]
    principals: tuple[DutyProfile, ...]
    others: tuple[DutyProfile, ...]
    conditions: int
    judges: Mapping[str, float]
    exchange_links: int
    exchanges: int
    penalty_provisions: int
    penalty_enforced: int
    lean_between: tuple[str, str] | None
    lean: float
    lean_low: float
    lean_high: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case_title,
            "document": self.document_title,
            "document_id": self.document_id,
            "date": self.date,
            "kind": self.kind,
            "provisions": self.provisions,
            "obligations": self.obligations,
            "drafters": list(self.drafters),
            "consulted": list(self.consulted),
            "excluded": list(self.excluded),
            "consultation_disputed": list(self.consultation_disputed),
            "principals": [p.to_dict() for p in self.principals],
            "other_parties_with_duties": [p.to_dict() for p in self.others],
            "conditions": self.conditions,
            "judged_by": dict(self.judges),
            "exchange_links": self.exchange_links,
            "exchanges": self.exchanges,
            "penalty_provisions": self.penalty_provisions,
            "duties_enforced_by_a_penalty": self.penalty_enforced,
            "lean": None
            if self.lean_between is None
            else {
                "from": self.lean_between[0],
                "to": self.lean_between[1],
                "index": json_number(self.lean),
                "low": json_number(self.lean_low),
                "high": json_number(self.lean_high),
            },
        }


@dataclass(frozen=True)
class Comparison:
    """Two texts compared (see :mod:`ontable.analysis.compare` for every rule)."""

    a: TextProfile
    b: TextProfile
    a_functions: tuple[ProvisionFunctions, ...]
    b_functions: tuple[ProvisionFunctions, ...]
    matches: tuple[ProvisionMatch, ...]
    functions: tuple[FunctionRow, ...]
    min_overlap: float = DEFAULT_MIN_OVERLAP

    @property
    def only_in_a(self) -> tuple[str, ...]:
        """Functions the first text performs and the second does not."""
        return tuple(r.function for r in self.functions if r.presence == "a only")

    @property
    def only_in_b(self) -> tuple[str, ...]:
        """Functions the second text performs and the first does not."""
        return tuple(r.function for r in self.functions if r.presence == "b only")

    @property
    def best_matches(self) -> tuple[ProvisionMatch, ...]:
        """For each point of the first text, its matches of highest overlap (ties kept), in
        the order of :attr:`matches`: a shorter list for reading."""
        top: dict[str, float] = {}
        for m in self.matches:
            top[m.a] = max(top.get(m.a, 0.0), m.overlap)
        return tuple(m for m in self.matches if m.overlap >= top[m.a] - 1e-12)

    @property
    def best_by_point(self) -> tuple[tuple[ProvisionMatch, ...], ...]:
        """:attr:`best_matches` grouped by the point of the first text, best points first."""
        groups: dict[str, list[ProvisionMatch]] = {}
        for m in self.best_matches:
            groups.setdefault(m.a, []).append(m)
        return tuple(tuple(g) for g in groups.values())

    @property
    def in_both(self) -> tuple[str, ...]:
        return tuple(r.function for r in self.functions if r.presence == "both")

    def to_frame(self) -> pd.DataFrame:
        """One row per match: the two provisions, shared functions, overlap, basis."""
        columns = ["a", "b", "shared", "overlap", "basis", "a_summary", "b_summary"]
        rows = [m.to_dict() | {"shared": ", ".join(m.shared)} for m in self.matches]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: both profiles, each text's functions, the matches, the function table."""
        return {
            "rule": {
                "min_overlap": self.min_overlap,
                "overlap": "Jaccard overlap of the two provisions' function sets",
                "inferred": "functions found by keyword in a summary without coded functions",
            },
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "a_provisions": [p.to_dict() for p in self.a_functions],
            "b_provisions": [p.to_dict() for p in self.b_functions],
            "matches": [m.to_dict() for m in self.matches],
            "functions": [
                {
                    "function": r.function,
                    "presence": r.presence,
                    "a": list(r.a),
                    "b": list(r.b),
                    "a_inferred": list(r.a_inferred),
                    "b_inferred": list(r.b_inferred),
                }
                for r in self.functions
            ],
            "only_in_a": list(self.only_in_a),
            "only_in_b": list(self.only_in_b),
        }
