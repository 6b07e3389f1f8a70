"""How the drafts moved: a dated timeline, the position each sets, what each revision changed."""

from __future__ import annotations

import pandas as pd

from ontable.analysis import DocumentDiff, diff_documents
from ontable.model import Case, Document
from ontable.report import charts, charts_drafts, data
from ontable.report.blocks import Block, Cell, Group, Note, Section, Table, Words, slug
from ontable.report.context import Context, provision_link

ID = "drafts"
TITLE = "How the drafts moved"


def timeline(ctx: Context) -> pd.DataFrame:
    """One row per document by date: ``title``, ``date`` (ISO), ``label``, ``drafters``."""
    rows = [
        {
            "title": d.title,
            "date": d.date.isoformat(),
            "label": f"{d.date:%d %b %Y} · {data.names(ctx.case, d.drafters)}",
            "drafters": data.names(ctx.case, d.drafters),
        }
        for d in ctx.documents
    ]
    return pd.DataFrame(rows, columns=["title", "date", "label", "drafters"])


def section(ctx: Context) -> Section:
    """The timeline chart, the positions table and one collapsed diff per revision."""
    intro = (
        "When each document was put forward and by whom, where each puts each issue (0–100, "
        "the ends described in the glossary of issues in the appendix), and what each "
        "revision changed, provision by provision."
    )
    blocks: list[Block] = []
    if not ctx.documents:
        blocks.append(Note("The case has no documents yet.", missing=True))
        return Section(ID, TITLE, intro, tuple(blocks))
    frame = timeline(ctx)
    title = "The documents on a timeline"
    desc = (
        "Dots on a dated axis, one row per document, oldest first. "
        + "; ".join(f"{r.title}: {r.label}" for r in frame.itertuples())
        + "."
    )
    chart = charts_drafts.timeline_chart(frame, title, desc)
    blocks.append(
        charts.as_block("chart-timeline", title, desc, chart, frame.drop(columns="label"))
    )
    blocks.append(positions_table(ctx))
    blocks.extend(diff_blocks(ctx))
    return Section(ID, TITLE, intro, tuple(blocks))


def positions_table(ctx: Context) -> Table | Note:
    """Issues × documents: the position each document sets (empty where it sets none)."""
    case = ctx.case
    positions = data.draft_positions(case)
    if positions.empty:
        return Note("No document sets a position on any issue yet.", missing=True)
    rows = []
    for issue in case.issues:
        cells: list[Cell] = [issue.name]
        for d in ctx.documents:
            pos = d.positions.get(issue.id)
            cells.append(None if pos is None else round(float(pos), data.DECIMALS))
        rows.append(tuple(cells))
    return Table(
        "draft-positions",
        "Position each document sets, per issue (0–100)",
        ("issue", *(d.title for d in ctx.documents)),
        tuple(rows),
        caption="Documents oldest first; empty: the document does not settle the issue.",
    )


def diff_blocks(ctx: Context) -> list[Block]:
    """A collapsed group per document that revises another: positions moved, points aligned."""
    case = ctx.case
    known = {d.id for d in case.documents}
    revisions = [d for d in ctx.documents if d.revises is not None and d.revises in known]
    if not revisions:
        return [Note("No document of the case revises another, so there is nothing to diff.")]
    blocks: list[Block] = []
    for doc in revisions:
        old = case.document(str(doc.revises))
        diff = diff_documents(case, old, doc)
        counts = ", ".join(f"{n} {k}" for k, n in diff.counts.items())
        moved = sum(1 for s in diff.issue_shifts if s.status != "unchanged")
        blocks.append(
            Group(
                slug("diff", old.id, doc.id),
                f"{old.title} → {doc.title}",
                (shifts_table(case, old, doc, diff), pairs_table(case, old, doc, diff)),
                collapsed=True,
                summary=f"Provisions: {counts}; issue positions changed: {moved}.",
            )
        )
    return blocks


def pairs_table(case: Case, old: Document, new: Document, diff: DocumentDiff) -> Table:
    """The provisions of two documents aligned, with a word diff of changed ones."""
    columns = ("change", old.title, new.title, "similarity", "what changed")
    rows = []
    for pair in diff.pairs:
        if pair.status == "new":
            what: Words | str = new.provision(str(pair.b_id)).summary
        elif pair.status == "dropped":
            what = old.provision(str(pair.a_id)).summary
        elif pair.word_diff and any(op != "=" for op, _ in pair.word_diff):
            what = Words(tuple(pair.word_diff))
        else:
            what = ""
        moves = "; ".join(
            f"{data.issue_name(case, c.issue)} {_fmt(c.a)} → {_fmt(c.b)}"
            for c in pair.position_changes
        )
        if moves:
            what = (
                Words((*what.runs, ("=", f"(positions: {moves})")))
                if isinstance(what, Words)
                else f"{what} (positions: {moves})".strip()
            )
        rows.append(
            (
                pair.status,
                provision_link(old.id, pair.a_id) if pair.a_id else None,
                provision_link(new.id, pair.b_id) if pair.b_id else None,
                None if pair.similarity is None else round(pair.similarity, 2),
                what,
            )
        )
    counts = ", ".join(f"{n} {k}" for k, n in diff.counts.items())
    return Table(
        slug("diff-pairs", old.id, new.id),
        f"Provisions aligned: {old.title} → {new.title}",
        columns,
        tuple(rows),
        caption=f"{counts}. Struck-through words were removed, bold ones added.",
    )


def _fmt(value: float | None) -> str:
    return "open" if value is None else f"{value:g}"


def shifts_table(case: Case, old: Document, new: Document, diff: DocumentDiff) -> Table:
    """Each issue's position in two documents and the shift between them."""
    columns = ("issue", old.title, new.title, "shift", "status")
    rows = tuple(
        (
            data.issue_name(case, s.issue),
            s.a,
            s.b,
            None if s.shift is None else round(s.shift, 1),
            s.status,
        )
        for s in diff.issue_shifts
    )
    return Table(
        slug("diff-shifts", old.id, new.id),
        f"Issue positions: {old.title} → {new.title}",
        columns,
        rows,
        caption=None if rows else "Neither draft sets a position on any issue.",
    )
