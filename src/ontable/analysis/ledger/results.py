"""The result types of the ledger: one entry per duty, each party's ledger, the duties,
reciprocity gaps and exchanges between parties, and the ledger of a document.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from ontable.analysis.ledger.assumptions import (
    DEFAULT_ASSUMPTIONS,
    MODALITY_WEIGHTS,
    JudgeClass,
    LedgerAssumptions,
    firmness,
    judge_class,
)
from ontable.errors import UnknownIdError
from ontable.model import (
    MODALITIES,
    Modality,
    Obligation,
    Provision,
    Strength,
)


@dataclass(frozen=True)
class ConditionEntry:
    """One condition as the ledger lists it: its text, judges and their class."""

    text: str
    judged_by: tuple[str, ...]
    judge_class: JudgeClass
    depends_on: str | None


@dataclass(frozen=True)
class LedgerEntry:
    """One obligation as the ledger lists it, with the provision that creates it."""

    provision_id: str
    on: tuple[str, ...]
    action: str
    kind: str | None
    issue: str | None
    modality: Modality
    benefits: tuple[str, ...]
    verified_by: tuple[str, ...]
    enforced_by: tuple[str, ...]
    condition: str | None
    quote: str | None
    obligation_id: str | None = None
    strength: Strength = "binding"
    conditions: tuple[ConditionEntry, ...] = ()
    firmness: float = 1.0
    in_exchange_for: tuple[str, ...] = ()
    penalty_provisions: tuple[str, ...] = ()
    timing: str | None = None
    document_id: str | None = None

    @classmethod
    def of(
        cls,
        provision: Provision,
        obligation: Obligation,
        assumptions: LedgerAssumptions = DEFAULT_ASSUMPTIONS,
        document_id: str | None = None,
    ) -> LedgerEntry:
        """The entry for ``obligation`` of ``provision``."""
        o = obligation
        return cls(
            provision.id,
            o.on,
            o.action,
            o.kind,
            o.issue,
            o.category,
            o.benefits,
            o.verified_by,
            o.enforcers,
            o.condition,
            o.quote,
            o.id,
            o.strength,
            tuple(
                ConditionEntry(c.text, c.judges, judge_class(c, o), c.depends_on)
                for c in o.conditions
            ),
            firmness(o, assumptions),
            o.in_exchange_for,
            o.penalty_provisions,
            None if o.timing is None else o.timing.text,
            document_id,
        )


@dataclass(frozen=True)
class PartyLedger:
    """One party's row: what it must do (by modality), what it receives, and the scores."""

    party: str
    obligations: tuple[LedgerEntry, ...]
    receives: tuple[LedgerEntry, ...]
    burden: float
    benefit: float

    @property
    def by_modality(self) -> dict[str, int]:
        """Number of obligations on the party per category (every category present)."""
        counts: dict[str, int] = dict.fromkeys(MODALITIES, 0)
        for entry in self.obligations:
            counts[entry.modality] += 1
        return counts

    @property
    def net(self) -> float:
        """Benefit minus burden: positive when the party receives more than it gives."""
        return self.benefit - self.burden


@dataclass(frozen=True)
class Duty:
    """A reference to one obligation in a gap or an exchange: where it is, what, how firm."""

    provision_id: str
    obligation_id: str | None
    on: tuple[str, ...]
    action: str
    issue: str | None
    firmness: float


@dataclass(frozen=True)
class ReciprocityGap:
    """A duty of ``party`` towards ``counterpart`` with nothing from the counterpart in return.

    ``firmness`` is the duty's weight (the size of the gap); ``candidates`` are the
    counterpart's duties towards ``party`` in the document that it could be traded against
    (none coded: empty).
    """

    provision_id: str
    party: str
    counterpart: str
    kind: str | None
    issue: str | None
    action: str
    modality: Modality
    obligation_id: str | None = None
    firmness: float = 1.0
    candidates: tuple[Duty, ...] = ()
    status: str = "unmatched"


@dataclass(frozen=True)
class Exchange:
    """A group of duties traded between two parties (through links or mirrors)."""

    party: str
    counterpart: str
    gives: tuple[Duty, ...]
    receives: tuple[Duty, ...]
    linked_by: tuple[str, ...]

    @property
    def balance(self) -> float:
        """Firmness ``party`` gives minus firmness it receives in this exchange."""
        return sum(d.firmness for d in self.gives) - sum(d.firmness for d in self.receives)


@dataclass(frozen=True)
class Ledger:
    """The ledger of one document (see the module docstring for every formula)."""

    document_id: str
    parties: tuple[PartyLedger, ...]
    reciprocity_gaps: tuple[ReciprocityGap, ...]
    hedges: tuple[LedgerEntry, ...]
    unverified: tuple[LedgerEntry, ...]
    obligation_count: int
    exchanges: tuple[Exchange, ...] = ()
    unspecified_beneficiary: tuple[LedgerEntry, ...] = ()
    actor_benefits: tuple[tuple[str, tuple[LedgerEntry, ...]], ...] = ()
    discretionary: tuple[LedgerEntry, ...] = ()
    included_documents: tuple[str, ...] = ()
    deadlocks: tuple[Any, ...] = ()
    assumptions: LedgerAssumptions = field(default=DEFAULT_ASSUMPTIONS)

    def party(self, party_id: str) -> PartyLedger:
        """The row of this party (``KeyError`` when the ledger has none)."""
        for row in self.parties:
            if row.party == party_id:
                return row
        raise UnknownIdError("party", party_id, (r.party for r in self.parties), where="the ledger")

    def gap_total(self, party: str, counterpart: str) -> float:
        """The summed firmness of ``party``'s unmatched duties towards ``counterpart``."""
        return sum(
            g.firmness
            for g in self.reciprocity_gaps
            if g.party == party and g.counterpart == counterpart
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per party: counts by modality, obligations received, burden, benefit, net."""
        rows = [
            {
                "party": r.party,
                **r.by_modality,
                "obligations": len(r.obligations),
                "receives": len(r.receives),
                "burden": r.burden,
                "benefit": r.benefit,
                "net": r.net,
            }
            for r in self.parties
        ]
        columns = ["party", *MODALITIES, "obligations", "receives", "burden", "benefit", "net"]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: parties, gaps, exchanges, hedges, unverified, each naming provisions."""
        return {
            "document_id": self.document_id,
            "obligation_count": self.obligation_count,
            "included_documents": list(self.included_documents),
            "modality_weights": dict(MODALITY_WEIGHTS),
            "assumptions": self.assumptions.to_dict(),
            "parties": [
                {
                    "party": r.party,
                    "by_modality": r.by_modality,
                    "obligations": [asdict(e) for e in r.obligations],
                    "receives": [asdict(e) for e in r.receives],
                    "burden": r.burden,
                    "benefit": r.benefit,
                    "net": r.net,
                }
                for r in self.parties
            ],
            "reciprocity_gaps": [asdict(g) for g in self.reciprocity_gaps],
            "exchanges": [asdict(x) | {"balance": x.balance} for x in self.exchanges],
            "hedges": [asdict(e) for e in self.hedges],
            "unverified": [asdict(e) for e in self.unverified],
            "discretionary": [asdict(e) for e in self.discretionary],
            "unspecified_beneficiary": [asdict(e) for e in self.unspecified_beneficiary],
            "actor_benefits": {a: [asdict(e) for e in es] for a, es in self.actor_benefits},
            "deadlocks": [d.to_dict() for d in self.deadlocks],
        }
