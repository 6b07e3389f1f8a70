"""Compared with another text (only when asked): one of the case's documents beside a text
from any case — the points that do the same things, and each text's profile side by side.

The engine is :func:`ontable.analysis.compare`; the rules are in its module docstring.
"""

from __future__ import annotations

from ontable.analysis.compare import Comparison, compare, function_label, profile_lines
from ontable.model import Case, Document
from ontable.report.blocks import Block, Card, Note, Section, Table
from ontable.report.context import Context

ID = "compare"


def own_document(case: Case, chosen: str | None) -> Document:
    """The document to compare: ``chosen``, else the one with the most provisions (latest on
    ties). Raises :class:`~ontable.errors.UnknownIdError` for an unknown id."""
    if chosen is not None:
        return case.document(chosen)
    return max(case.documents, key=lambda d: (len(d.provisions), d.date, d.id))


def section(ctx: Context) -> Section | None:
    """The "Compared with …" section, or None when the report was not asked for one."""
    target = ctx.options.compare_with
    if target is None:
        return None
    other = target.case.document(target.document)
    title = f"Compared with {other.title} ({target.case.title})"
    if not ctx.case.documents:
        note = Note("The case has no documents to compare.", missing=True)
        return Section(ID, title, "", (note,))
    mine = own_document(ctx.case, target.own_document)
    result = compare(ctx.case, mine, target.case, other)
    intro = (
        f"{mine.title} set beside {other.title}, from "
        + ("the same negotiation" if target.case.id == ctx.case.id else target.case.title)
        + ". Points are matched by what they do (the functions coded for each point, or read "
        "from its summary by keywords when none are coded: such matches are marked "
        "inferred). Parties are described by their role in each text and by name."
    )
    return Section(ID, title, intro, _blocks(result))


SUMMARY_CHARS = 110
"""Longest summary shown in the matches table (cut at a word, with "…"), to keep it short on
a phone; the command and the web page show summaries whole."""


def _short(text: str) -> str:
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[:SUMMARY_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _blocks(result: Comparison) -> tuple[Block, ...]:
    a, b = result.a, result.b
    blocks: list[Block] = [
        Card(f"compare-{side}", p.document_title, p.case_title, profile_lines(p)[2:])
        for side, p in (("this", a), ("other", b))
    ]
    if result.matches:
        best = result.best_matches
        rows = tuple(
            (
                f"pt {group[0].a}: {_short(group[0].a_summary)}",
                f"pt {group[0].b}: {_short(group[0].b_summary)}"
                + (f" (also pt {', '.join(m.b for m in group[1:])})" if len(group) > 1 else ""),
                ", ".join(map(function_label, group[0].shared)),
                group[0].basis,
            )
            for group in result.best_by_point
        )
        blocks.append(
            Table(
                "compare-matches",
                "Points that do the same things (each point's closest match)",
                (a.document_title, b.document_title, "both do", "basis"),
                rows,
                caption=(
                    f"Two points match when they share at least {result.min_overlap:.0%} of "
                    "their functions and more than the order of steps. Each point of "
                    f"{a.document_title} is shown with its closest match (and the points "
                    "that match it as closely)"
                    + (
                        f"; {len(result.matches) - len(best)} weaker matches are left out "
                        "(`ontable compare` lists them all)."
                        if len(best) < len(result.matches)
                        else "."
                    )
                ),
            )
        )
    else:
        blocks.append(Note("No point of one text does what a point of the other does."))
    for label, only in ((a.document_title, result.only_in_a), (b.document_title, result.only_in_b)):
        listed = ", ".join(map(function_label, only)) or "nothing the other text does not"
        blocks.append(Note(f"Only in {label}: {listed}."))
    inferred = sum(
        1 for p in (*result.a_functions, *result.b_functions) if p.inferred and not p.coded
    )
    if inferred:
        blocks.append(
            Note(
                f"{inferred} point(s) have no coded functions; what they do is read from their "
                "summaries by keywords, a rough guide."
            )
        )
    return tuple(blocks)
