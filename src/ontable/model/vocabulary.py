"""The words of the case format: strengths, modalities, kinds, categories and field types.

Literal vocabularies for documents, provisions and obligations (with their tuples of allowed
values), the format version, and the lenient field types (one id or many, ISO dates) that
:mod:`ontable.model.obligation` and :mod:`ontable.model.document` build on.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator

from ontable.model.common import Id

FORMAT_VERSION: Literal[2] = 2
"""The case-file format this version of ontable writes (and reads without upgrading)."""

Strength = Literal["binding", "hedged", "aspirational"]
"""How firmly an obligation binds: ``binding`` (shall, will, must), ``hedged`` (is expected
to, should) or ``aspirational`` (aims to, seeks)."""

STRENGTHS: tuple[Strength, ...] = ("binding", "hedged", "aspirational")

ModalityTerm = Literal["binding", "hedged", "aspirational", "conditional"]
"""One word of an obligation's modality: a strength, or ``conditional``."""

Modality = Literal["binding", "hedged", "aspirational", "conditional"]
"""The category an obligation is counted under: ``conditional`` when it has conditions,
else its strength (the four categories of format v1, kept for counts and charts)."""

MODALITIES: tuple[Modality, ...] = ("binding", "hedged", "aspirational", "conditional")

DocumentKind = Literal[
    "proposal", "counter-proposal", "framework", "memorandum", "position", "agreement", "statement"
]

ProvisionStatus = Literal["agreed", "disputed", "bracketed", "reported", "unknown"]

ProvisionKind = Literal["term", "penalty", "procedure"]
"""``term``: what the parties give and get; ``penalty``: what happens if another provision is
broken (it may enforce obligations through their ``enforced_by``); ``procedure``: how the text
itself is applied (entry into force, monitoring bodies, reviews)."""

UNSPECIFIED = "unspecified"
"""Who judges a condition when the text does not say."""

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

ProvisionFunction = Literal[
    "ceasefire",
    "withdrawal",
    "force-limits",
    "territory",
    "security-guarantee",
    "international-force",
    "monitoring",
    "institution",
    "governance",
    "elections",
    "amnesty",
    "accountability",
    "detainees",
    "humanitarian",
    "reconstruction",
    "sanctions",
    "integration",
    "rights",
    "status",
    "sequencing",
    "implementation",
]
"""What a provision does, for matching provisions across texts and cases.

``ceasefire``: hostilities stop; ``withdrawal``: forces pull back or redeploy;
``force-limits``: disarmament, demilitarisation, caps on forces or arms; ``territory``: control
of land, lines, borders; ``security-guarantee``: guarantees, non-aggression, alliances;
``international-force``: a stabilisation or peacekeeping force; ``monitoring``: verification;
``institution``: a new body is created; ``governance``: how a territory is governed or
administered; ``elections``; ``amnesty``; ``accountability``: prosecution, tribunals, compensation claims;
``detainees``: release or exchange of prisoners,
hostages, detainees or remains; ``humanitarian``: aid, access, civilians; ``reconstruction``:
funds, investment, recovery; ``sanctions``: imposing or lifting them; ``integration``: membership of economic or
political unions and forums, trade agreements, market access;
``rights``: minority, language, religious and human rights; ``status``: statehood,
self-determination, neutrality; ``sequencing``: phases and the order of steps;
``implementation``: entry into force, disputes, review."""

PROVISION_FUNCTIONS: tuple[str, ...] = ProvisionFunction.__args__  # type: ignore[attr-defined]


def _one_or_many(value: object) -> object:
    """Accept ``on: ukraine`` as well as ``on: [ukraine, russia]``."""
    if isinstance(value, str):
        return (value,)
    return value


PartyIds = Annotated[tuple[Id, ...], BeforeValidator(_one_or_many)]
Ids = PartyIds


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
