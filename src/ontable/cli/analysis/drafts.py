"""The ``diff`` and ``chain`` commands: one draft against another, and a revision chain."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from ontable.cli.analysis.shared import CASE_ARG, JSON_OPT, _document, _fmt
from ontable.cli.common import console, emit_json, open_case

if TYPE_CHECKING:
    from ontable.analysis import DocumentDiff
    from ontable.model import Document


def diff(
    case: str = CASE_ARG,
    a: str = typer.Argument(..., help="The earlier document's id."),
    b: str = typer.Argument(..., help="The later document's id."),
    threshold: float = typer.Option(
        None, "--threshold", min=0.0, max=1.0, help="Minimum similarity of aligned provisions."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Compare two drafts: aligned provisions, word diffs and per-issue shifts."""
    from ontable.analysis import diff_documents
    from ontable.analysis.diff import DEFAULT_THRESHOLD

    the_case = open_case(case)
    doc_a, doc_b = _document(the_case, a), _document(the_case, b)
    limit = DEFAULT_THRESHOLD if threshold is None else threshold
    result = diff_documents(the_case, doc_a, doc_b, threshold=limit)
    if as_json:
        emit_json(result.to_dict())
        return
    _print_diff(result, doc_a, doc_b)


def _summary(doc: Document | None, provision_id: str | None) -> str:
    """A provision's summary (what a new or dropped point says), or empty."""
    if doc is None or provision_id is None:
        return ""
    for provision in doc.provisions:
        if provision.id == provision_id:
            return provision.summary
    return ""


def _print_diff(
    result: DocumentDiff, doc_a: Document | None = None, doc_b: Document | None = None
) -> None:
    counts = ", ".join(f"{n} {status}" for status, n in result.counts.items())
    table = Table(
        "status",
        result.a_id,
        result.b_id,
        "sim.",
        "word diff / positions",
        title=f"{result.a_id} → {result.b_id}: {counts}",
        show_lines=True,
    )
    style = {"unchanged": "dim", "changed": "yellow", "new": "green", "dropped": "red"}
    for p in result.pairs:
        detail = escape(p.word_diff_text)
        if p.status == "new":
            detail = escape(f"{{+{_summary(doc_b, p.b_id)}+}}") if _summary(doc_b, p.b_id) else ""
        elif p.status == "dropped":
            detail = escape(f"[-{_summary(doc_a, p.a_id)}-]") if _summary(doc_a, p.a_id) else ""
        moves = "; ".join(
            f"{c.issue} {_fmt(c.a, 'g')} → {_fmt(c.b, 'g')}" for c in p.position_changes
        )
        if moves:
            detail = f"{detail}\n{moves}" if detail else moves
        table.add_row(
            f"[{style[p.status]}]{p.status}[/]",
            p.a_id or "",
            p.b_id or "",
            _fmt(p.similarity),
            detail,
        )
    console.print(table)
    shifts = Table("issue", result.a_id, result.b_id, "shift", "status", title="Issue shifts")
    for s in result.issue_shifts:
        shifts.add_row(s.issue, _fmt(s.a, "g"), _fmt(s.b, "g"), _fmt(s.shift, "+g"), s.status)
    console.print(shifts if result.issue_shifts else "Issue shifts: neither draft sets an issue")
    if result.order_changes:
        order = Table("first", "then", "change", title="Order of steps")
        for c in result.order_changes:
            order.add_row(escape(c.first), escape(c.then), c.status)
        console.print(order)


def chain(
    case: str = CASE_ARG,
    document: str = typer.Argument(..., help="A document id: follow it through its revisions."),
    as_json: bool = JSON_OPT,
) -> None:
    """Follow a document through its revisions: each draft against the one it revises."""
    from ontable.analysis import chain as make_chain
    from ontable.analysis import chain_diffs

    the_case = open_case(case)
    doc = _document(the_case, document)
    docs = make_chain(the_case, doc)
    diffs = chain_diffs(the_case, doc)
    if as_json:
        emit_json(
            {
                "documents": [
                    {"id": d.id, "date": d.date.isoformat(), "revises": d.revises} for d in docs
                ],
                "diffs": [x.to_dict() for x in diffs],
            }
        )
        return
    table = Table("document", "date", "revises", "drafters", title=f"Revision chain of {doc.id}")
    for d in docs:
        table.add_row(d.id, d.date.isoformat(), d.revises or "", ", ".join(d.drafters))
    console.print(table)
    for x in diffs:
        _print_diff(x, the_case.document(x.a_id), the_case.document(x.b_id))
