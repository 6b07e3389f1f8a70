"""Documents, their provisions and the obligations those create (see DESIGN.md)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from ontable.errors import UnknownIdError
from ontable.model.common import Id, Scale, Strict, Text, Url

Modality = Literal["binding", "hedged", "aspirational", "conditional"]
"""How firmly an obligation binds: ``binding`` (shall, will, must), ``hedged`` (is expected
to, should), ``aspirational`` (aims to, seeks) or ``conditional`` (only if a condition holds)."""

MODALITIES: tuple[Modality, ...] = ("binding", "hedged", "aspirational", "conditional")

DocumentKind = Literal[
    "proposal", "counter-proposal", "framework", "memorandum", "position", "agreement", "statement"
]

ProvisionStatus = Literal["agreed", "disputed", "bracketed", "reported", "unknown"]

PaxCategory = Literal[
    "Groups",
    "Gender",
    "State definition",
    "Governance",
    "Power sharing",
    "Human rights and equality",
    "Rights-related issues",
    "Rights institutions",
    "Justice sector reform",
    "Socio-economic reconstruction",
    "Land/property/environment",
    "Security sector",
    "Transitional justice",
    "Implementation",
]
"""The 14 top-level categories of the PA-X peace agreements database (University of Edinburgh)."""

PAX_CATEGORIES: tuple[str, ...] = PaxCategory.__args__  # type: ignore[attr-defined]


def _one_or_many(value: object) -> object:
    """Accept ``on: ukraine`` as well as ``on: [ukraine, russia]``."""
    if isinstance(value, str):
        return (value,)
    return value


PartyIds = Annotated[tuple[Id, ...], BeforeValidator(_one_or_many)]


def _iso_date(value: object) -> object:
    """Only ISO dates (``2025-11-20``), not numbers read as timestamps."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip()
    raise ValueError("expected an ISO date such as 2025-11-20")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class Obligation(Strict):
    """Who (``on``) must do what (``action``), for whom (``benefits``), how firmly (``modality``).

    ``kind`` is a short slug naming the sort of action (``limit-strikes``, ``cap-army``,
    ``refrain-from-attack``); two obligations of the same kind with reversed roles mirror each
    other, which is how the ledger finds reciprocity gaps.
    """

    on: PartyIds = Field(min_length=1)
    action: Text
    kind: Id | None = None
    issue: Id | None = None
    benefits: PartyIds = ()
    modality: Modality
    condition: Text | None = None
    verified_by: PartyIds = ()
    enforced_by: PartyIds = ()
    quote: Text | None = Field(default=None, description="The wording that fixes the modality.")
    note: Text | None = None

    @model_validator(mode="after")
    def _condition_when_conditional(self) -> Obligation:
        if self.modality == "conditional" and self.condition is None:
            raise ValueError("a conditional obligation needs its condition")
        return self


class Provision(Strict):
    """One numbered point of a document: what it sets, who it obliges, where it comes from."""

    id: Text = Field(description="The point's number as printed ('7', '7a', 'preamble').")
    parent: Text | None = Field(default=None, description="The point this is a sub-point of.")
    title: Text | None = None
    summary: Text = Field(description="What the point says, in the case author's own words.")
    issues: dict[Id, Scale] = Field(
        default_factory=dict, description="Issue id → the position this point sets."
    )
    obligations: tuple[Obligation, ...] = ()
    conditions: tuple[Text, ...] = ()
    pax: PaxCategory | None = None
    status: ProvisionStatus = "reported"
    note: Text | None = Field(default=None, description="Coding judgements, marked as such.")
    sources: tuple[Url, ...] = Field(min_length=1)


class Document(Strict):
    """A proposal, counter-proposal, stated position or agreement."""

    id: Id
    title: Text
    date: IsoDate
    kind: DocumentKind
    drafters: PartyIds = Field(min_length=1)
    consulted: PartyIds = ()
    excluded: PartyIds = ()
    consultation_disputed: PartyIds = Field(
        default=(),
        description="Parties whose consultation sources disagree on (say which in the note).",
    )
    leaked_by: Text | None = None
    revises: Id | None = None
    summary: Text | None = None
    note: Text | None = None
    sources: tuple[Url, ...] = Field(min_length=1)
    provisions: tuple[Provision, ...] = ()

    def provision(self, provision_id: str) -> Provision:
        """The provision with this id (``KeyError`` when there is none)."""
        for p in self.provisions:
            if p.id == provision_id:
                return p
        raise UnknownIdError(
            "provision",
            provision_id,
            (p.id for p in self.provisions),
            where=f"document '{self.id}'",
        )

    @property
    def obligations(self) -> tuple[tuple[Provision, Obligation], ...]:
        """Every obligation with the provision that creates it, in document order."""
        return tuple((p, o) for p in self.provisions for o in p.obligations)

    @property
    def positions(self) -> dict[str, float]:
        """Issue id → position the document sets (the last provision to set it wins)."""
        out: dict[str, float] = {}
        for p in self.provisions:
            out.update(p.issues)
        return out
