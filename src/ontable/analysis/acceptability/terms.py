"""The terms a document sets: its positions under a rule for the issues it leaves unaddressed
(carry-over, not-counted, status-quo), the package as a vector, and the checks of the loss
form and the rule names.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ontable.analysis._common import resolve_document
from ontable.model import Case, Document
from ontable.model.arrays import FloatArray
from ontable.utility import LOSS_FORMS

UnaddressedRule = Literal["carry-over", "not-counted", "status-quo"]
UNADDRESSED_RULES: tuple[UnaddressedRule, ...] = ("carry-over", "not-counted", "status-quo")
DEFAULT_UNADDRESSED: UnaddressedRule = "carry-over"
"""The default rule for issues a document leaves unaddressed (see the module docstring)."""
RedLineRule = Literal["reject", "ignore"]


def document_terms(
    case: Case, document: Document | str, unaddressed: UnaddressedRule = DEFAULT_UNADDRESSED
) -> tuple[dict[str, float], dict[str, str]]:
    """The positions a document's package takes and where each came from.

    Returns ``(positions, carried)``: issue id → position, and for every issue the document
    does not set itself, the id of the document it was taken from (``status quo`` for the
    ``status-quo`` rule).
    """
    check_unaddressed(unaddressed)
    doc = resolve_document(case, document)
    known = {d.id for d in case.documents}
    positions = dict(doc.positions)
    carried: dict[str, str] = {}

    def take(other: Document) -> None:
        for issue, x in other.positions.items():
            if issue not in positions:
                positions[issue] = x
                carried[issue] = other.id

    def backing(start: Document, seen: set[str]) -> None:
        queue = [start]
        while queue:
            d = queue.pop(0)
            for o in (*d.attaches, *d.endorses):
                if o in known and o not in seen:
                    seen.add(o)
                    take(case.document(o))
                    queue.append(case.document(o))

    seen = {doc.id}
    backing(doc, seen)
    if unaddressed == "carry-over":
        node = doc
        while node.revises is not None and node.revises in known and node.revises not in seen:
            seen.add(node.revises)
            node = case.document(node.revises)
            take(node)
            backing(node, seen)
    elif unaddressed == "status-quo":
        for issue in case.issues:
            if issue.id not in positions and issue.status_quo is not None:
                positions[issue.id] = issue.status_quo
                carried[issue.id] = "status quo"
    return positions, carried


def document_vector(
    case: Case,
    document: Document | str,
    issue_ids: tuple[str, ...],
    unaddressed: UnaddressedRule = DEFAULT_UNADDRESSED,
) -> FloatArray:
    """The package over ``issue_ids`` (NaN where not counted) under the ``unaddressed`` rule."""
    positions, _ = document_terms(case, document, unaddressed)
    return np.array([positions.get(i, np.nan) for i in issue_ids], dtype=float)


def check_form(form: str) -> None:
    """Raise ``ValueError`` for a loss form :mod:`ontable.utility` does not know."""
    if form not in LOSS_FORMS:
        raise ValueError(f"unknown loss form {form!r} (expected one of {LOSS_FORMS})")


def check_unaddressed(rule: str) -> None:
    """Raise ``ValueError`` for an unknown rule for unaddressed issues."""
    if rule not in UNADDRESSED_RULES:
        raise ValueError(
            f"unknown rule for unaddressed issues {rule!r} (expected one of {UNADDRESSED_RULES})"
        )
