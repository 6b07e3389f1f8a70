"""Helpers shared by the analysis engines: finding documents, JSON numbers."""

from __future__ import annotations

import math
from collections.abc import Iterable

from ontable.errors import UnknownIdError
from ontable.model import Case, Document, Obligation, Provision


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
        raise UnknownIdError(
            "document", document, (d.id for d in case.documents), where=f"case '{case.id}'"
        ) from None


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


Item = tuple[str, Provision, Obligation]
"""(document id, provision, obligation)."""


def document_items(case: Case, doc: Document) -> tuple[tuple[Item, ...], tuple[str, ...]]:
    """The document's obligations, then those of the documents it attaches or endorses.

    Returns the items and the ids of the other documents included (each once, recursively).
    """
    items: list[Item] = []
    included: list[str] = []
    stack, seen = [doc], {doc.id}
    while stack:
        d = stack.pop(0)
        if d is not doc:
            included.append(d.id)
        items += [(d.id, p, o) for p, o in d.obligations]
        for other in (*d.attaches, *d.endorses):
            if other not in seen and other in {x.id for x in case.documents}:
                seen.add(other)
                stack.append(case.document(other))
    return tuple(items), tuple(included)
