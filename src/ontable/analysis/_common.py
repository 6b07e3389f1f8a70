"""Helpers shared by the analysis engines: finding documents, JSON numbers."""

from __future__ import annotations

import math
from collections.abc import Iterable

from ontable.model import Case, Document


def resolve_document(case: Case, document: Document | str) -> Document:
    """The document itself, or the case's document with this id.

    Raises
    ------
    KeyError
        When the case has no document with this id (the message lists the known ids).
    """
    if isinstance(document, Document):
        return document
    try:
        return case.document(document)
    except KeyError:
        known = ", ".join(d.id for d in case.documents) or "none"
        raise KeyError(f"no document '{document}' in case '{case.id}' (known: {known})") from None


def resolve_documents(
    case: Case, documents: Iterable[Document | str] | None
) -> tuple[Document, ...]:
    """The named documents in the given order, or every document of the case by date."""
    if documents is None:
        return tuple(sorted(case.documents, key=lambda d: (d.date, d.id)))
    return tuple(resolve_document(case, d) for d in documents)


def json_number(value: float) -> float | None:
    """A float for JSON: None in place of NaN."""
    return None if math.isnan(value) else float(value)
