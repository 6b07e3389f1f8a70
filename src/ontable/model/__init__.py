"""The case model: pydantic types for parties, issues, stances, documents and obligations."""

from ontable.model.case import (
    Case,
    Issue,
    IssueOption,
    Override,
    Party,
    Role,
    Scenario,
    Stance,
)
from ontable.model.document import (
    MODALITIES,
    PAX_CATEGORIES,
    Document,
    DocumentKind,
    Modality,
    Obligation,
    PaxCategory,
    Provision,
)
from ontable.model.refs import RefProblem, find_reference_problems
from ontable.model.source import SOURCE_KINDS, STRONG_KINDS, Source, SourceKind

__all__ = [
    "MODALITIES",
    "PAX_CATEGORIES",
    "SOURCE_KINDS",
    "STRONG_KINDS",
    "Case",
    "Document",
    "DocumentKind",
    "Issue",
    "IssueOption",
    "Modality",
    "Obligation",
    "Override",
    "Party",
    "PaxCategory",
    "Provision",
    "RefProblem",
    "Role",
    "Scenario",
    "Source",
    "SourceKind",
    "Stance",
    "find_reference_problems",
]
