"""``ontable compare CASE_A:DOC CASE_B:DOC``: two texts, possibly from two negotiations.

The engine is :func:`ontable.analysis.compare`; this face reads the two ``CASE:DOC`` specs,
prints the profiles side by side, the points matched by what they do and the function table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from ontable.cli.common import console, emit_json, fail, open_case

if TYPE_CHECKING:
    from ontable.analysis import Comparison
    from ontable.model import Case

SPEC_HELP = (
    "CASE:DOC — a built-in case name or a case folder, a colon, and one of its document ids."
)


def register(app: typer.Typer) -> None:
    """Add ``compare`` to ``app``."""
    app.command("compare")(compare)


def open_text(spec: str, *, label: str) -> tuple[Case, str]:
    """The case and document id of a ``CASE:DOC`` spec, or a located error and exit 1."""
    from ontable.analysis.compare import split_text_ref

    try:
        case_ref, document = split_text_ref(spec)
    except ValueError as exc:
        fail(f"{label}: {exc}")
    case = open_case(case_ref)
    if document not in {d.id for d in case.documents}:
        from ontable.errors import unknown_id_message

        fail(
            f"{label}: "
            + unknown_id_message(
                "document", document, (d.id for d in case.documents), where=f"case '{case.id}'"
            )
        )
    return case, document


def compare(
    first: str = typer.Argument(..., metavar="CASE_A:DOC", help=SPEC_HELP),
    second: str = typer.Argument(..., metavar="CASE_B:DOC", help=SPEC_HELP),
    min_overlap: float = typer.Option(
        1 / 3,
        "--min-overlap",
        min=0.01,
        max=1.0,
        help="Least share of functions two points must share to match (Jaccard, 0–1).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Two texts side by side, from one negotiation or two: points matched by what they do,
    and who drafted, who was consulted, how firm each party's duties are, who judges the
    conditions, exchange links, penalties and lean."""
    from ontable.analysis import compare as make_comparison

    case_a, doc_a = open_text(first, label="first text")
    case_b, doc_b = open_text(second, label="second text")
    result = make_comparison(case_a, doc_a, case_b, doc_b, min_overlap=min_overlap)
    if as_json:
        emit_json(result.to_dict())
        return
    print_comparison(result)


def print_comparison(result: Comparison) -> None:
    """The comparison as readable tables (or CSV with ``--csv``)."""
    from ontable.analysis.compare import function_label, side_by_side

    a, b = result.a, result.b
    profiles = Table(
        "",
        f"A: {escape(a.document_title)}",
        f"B: {escape(b.document_title)}",
        title="Profiles side by side",
        caption="Parties are named, never matched by id across cases; principals are parties "
        "(role 'party') with duties in the text.",
    )
    for label, ta, tb in side_by_side(result):
        profiles.add_row(label, escape(ta), escape(tb))
    console.print(profiles)

    matches = Table(
        "A point",
        "B point",
        "both do",
        "overlap",
        "basis",
        "A says",
        "B says",
        title="Points matched by what they do (best first)",
        caption=f"A match shares a function and at least {result.min_overlap:.0%} of the two "
        "points' functions (Jaccard), phasing alone does not count; 'inferred' = a function "
        "read from a summary by keyword.",
    )
    for m in result.matches:
        matches.add_row(
            m.a,
            m.b,
            ", ".join(map(function_label, m.shared)),
            f"{m.overlap:.2f}",
            m.basis,
            escape(m.a_summary),
            escape(m.b_summary),
        )
    console.print(matches if result.matches else "Points matched: none")

    functions = Table(
        "function",
        "A points",
        "B points",
        "present in",
        title="What each text does",
        caption="* = inferred from the summary by keyword (the point has no coded functions).",
    )
    for row in result.functions:
        presence = {"both": "both", "a only": "A only", "b only": "B only"}[row.presence]
        functions.add_row(
            function_label(row.function),
            _points(row.a, row.a_inferred),
            _points(row.b, row.b_inferred),
            presence,
        )
    console.print(functions)
    for label, only in (("A", result.only_in_a), ("B", result.only_in_b)):
        listed = ", ".join(map(function_label, only)) or "nothing"
        console.print(f"Only in {label}: {listed}", highlight=False)


def _points(ids: tuple[str, ...], inferred: tuple[str, ...]) -> str:
    return ", ".join(f"{p}*" if p in inferred else p for p in ids) or "—"
