"""What a provision does: the function vocabulary of a comparison, the keyword rule that infers
functions for an untagged provision, and each provision's functions by origin (coded,
derived, inferred).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from ontable.model import PROVISION_FUNCTIONS, Provision

DEFAULT_MIN_OVERLAP = 1 / 3
"""Least Jaccard overlap of two provisions' function sets for them to match."""

DERIVED_FUNCTIONS: tuple[str, ...] = ("penalty",)
"""Functions that only the data gives (no case author tags them): ``penalty``."""

COMPARED_FUNCTIONS: tuple[str, ...] = (*PROVISION_FUNCTIONS, *DERIVED_FUNCTIONS)
"""Every function a provision can be compared on, in display order."""

CROSS_CUTTING: frozenset[str] = frozenset({"sequencing", "implementation"})
"""Functions that say when or how rather than what: alone they do not make a match."""

INFERENCE_KEYWORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "ceasefire": ("ceasefire", "cease-fire", "cease fire", "truce", "hostilities"),
        "withdrawal": ("withdraw", "pull back", "pulls back", "redeploy"),
        "force-limits": ("disarm", "demilitari", "weapons", "cap on", "decommission"),
        "territory": ("territor", "border", "line of contact", "frontier"),
        "security-guarantee": ("guarantee", "non-aggression", "alliance", "defence pact"),
        "international-force": (
            "peacekeep",
            "international force",
            "stabilisation force",
            "stabilization force",
        ),
        "monitoring": ("monitor", "verif", "inspect"),
        "institution": ("board", "commission", "council", "committee", "agency"),
        "governance": ("governance", "govern", "administ", "self-rule", "special status"),
        "elections": ("election", "referend"),
        "amnesty": ("amnest", "pardon"),
        "detainees": ("prisoner", "hostage", "detainee", "captive"),
        "humanitarian": ("humanitarian", "aid", "civilian"),
        "reconstruction": ("reconstruct", "rebuild", "invest", "recovery", "fund"),
        "sanctions": ("sanction", "embargo"),
        "integration": ("membership", "accession", "union", "trade", "market access", "forum"),
        "accountability": ("prosecut", "tribunal", "compensation", "reparation", "accountab"),
        "rights": ("rights", "minorit", "language", "religio"),
        "status": ("statehood", "sovereign", "neutral", "self-determination"),
        "sequencing": ("phase", "stage", "sequence", "timetable"),
        "implementation": ("entry into force", "enters into force", "implement", "dispute"),
    }
)
"""The keyword rule for provisions without coded functions: a function is inferred when one
of its keywords begins a word of the provision's title or summary (case-insensitive; a
keyword may continue into a longer word: ``amnest`` finds "amnesty")."""

_PATTERNS = {
    f: re.compile("|".join(rf"\b{re.escape(k)}" for k in keys), re.IGNORECASE)
    for f, keys in INFERENCE_KEYWORDS.items()
}

Origin = Literal["coded", "derived", "inferred"]
Basis = Literal["coded", "inferred"]
JudgeGroup = Literal["bearer", "other party", "actor", "unspecified"]
JUDGE_GROUPS: tuple[JudgeGroup, ...] = ("bearer", "other party", "actor", "unspecified")


def infer_functions(text: str) -> tuple[str, ...]:
    """The functions :data:`INFERENCE_KEYWORDS` finds in ``text``, in vocabulary order."""
    return tuple(f for f in PROVISION_FUNCTIONS if _PATTERNS[f].search(text))


@dataclass(frozen=True)
class ProvisionFunctions:
    """What one provision does, by origin (see :mod:`ontable.analysis.compare`)."""

    provision_id: str
    summary: str
    coded: tuple[str, ...]
    derived: tuple[str, ...]
    inferred: tuple[str, ...]

    @property
    def functions(self) -> frozenset[str]:
        """Every function, whatever its origin."""
        return frozenset((*self.coded, *self.derived, *self.inferred))

    def origin(self, function: str) -> Origin | None:
        """Where ``function`` comes from for this provision (coded first)."""
        for name, found in (
            ("coded", self.coded),
            ("derived", self.derived),
            ("inferred", self.inferred),
        ):
            if function in found:
                return name  # type: ignore[return-value]
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "provision": self.provision_id,
            "summary": self.summary,
            "coded": list(self.coded),
            "derived": list(self.derived),
            "inferred": list(self.inferred),
        }


def provision_functions(provision: Provision) -> ProvisionFunctions:
    """The coded, derived and (only without coded ones) inferred functions of ``provision``."""
    derived = []
    if provision.kind == "penalty":
        derived.append("penalty")
    if "sequencing" not in provision.functions and any(
        o.timing is not None or o.after for o in provision.obligations
    ):
        derived.append("sequencing")
    inferred: tuple[str, ...] = ()
    if not provision.functions:
        text = " ".join(t for t in (provision.title, provision.summary) if t)
        inferred = tuple(f for f in infer_functions(text) if f not in derived)
    return ProvisionFunctions(
        provision.id, provision.summary, tuple(provision.functions), tuple(derived), inferred
    )
