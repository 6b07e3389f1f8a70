"""The order of steps: per document, who moves first, what waits on whom, and any deadlock."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ontable.analysis import Sequence, sequence
from ontable.report import charts, data
from ontable.report.blocks import Block, Cell, Group, Note, Section, Table, slug
from ontable.report.context import Context, provision_link

ID = "sequencing"
TITLE = "The order of steps"


def _ordered(seq: Sequence) -> list[Any]:
    """The steps that take part in an order or carry a timing."""
    in_order = {w.first for w in seq.waits} | {w.then for w in seq.waits}
    return [s for s in seq.steps if s.key in in_order or s.timing]


def steps_frame(ctx: Context, sequences: list[Sequence]) -> pd.DataFrame:
    """One row per ordered step: document, who, the step's place in the order, its point."""
    rows = []
    for seq in sequences:
        title = ctx.case.document(seq.document_id).title
        for s in _ordered(seq):
            rows.append(
                {
                    "document": title,
                    "row": f"{title} · {data.names(ctx.case, s.on) or 'no one named'}",
                    "step": "in a loop" if s.level is None else f"step {s.level + 1}",
                    "order": 0 if s.level is None else s.level + 1,
                    "point": s.provision_id,
                    "action": s.action,
                }
            )
    return pd.DataFrame(rows, columns=["document", "row", "step", "order", "point", "action"])


def order_chart(frame: pd.DataFrame, title: str, description: str) -> Any:
    """Dots on the order of steps (step 1, 2, …; a deadlock at 0), one row per document and
    party."""
    rows = list(dict.fromkeys(frame["row"]))
    y = alt.Y("row:N", title=None, sort=rows)
    steps = list(range(0, int(frame["order"].max()) + 1))
    x = alt.X(
        "order:Q",
        title="Step in the order (0: caught in a deadlock)",
        axis=alt.Axis(values=steps, format="d"),
        scale=alt.Scale(domain=[-0.5, steps[-1] + 0.5]),
    )
    dots = (
        alt.Chart()
        .mark_point(filled=True, size=90, color=charts.OKABE_ITO[0])
        .encode(y=y, x=x, tooltip=["document:N", "step:N", "point:N", "action:N"])
    )
    labels = (
        alt.Chart()
        .mark_text(align="left", dx=8, fontSize=11, color="#1d1d1f")
        .encode(y=y, x=x, text="point:N")
    )
    chart = alt.layer(dots, labels, data=frame).properties(
        title=alt.TitleParams(title, subtitle="label: the point that sets the step"),
        width=charts.WIDTH - 200,
        height=max(charts.ROW * 1.5 * len(rows), 60),
    )
    return charts.finish(chart, description)


def section(ctx: Context) -> Section:
    """The order-of-steps chart, then per document its ordered steps and any deadlock."""
    intro = (
        "Which steps a document orders (one only after another, or by a date), who takes the "
        "first step, and whether two demanded orders contradict each other (a deadlock: "
        "each side's step waits on the other's)."
    )
    sequences = [sequence(ctx.case, d) for d in ctx.documents]
    with_order = [s for s in sequences if _ordered(s)]
    blocks: list[Block] = []
    if not with_order:
        blocks.append(Note("No document of the case orders its steps or gives them a date."))
        return Section(ID, TITLE, intro, tuple(blocks))
    frame = steps_frame(ctx, with_order)
    title = "The order of steps in each document"
    desc = (
        "Dots at each step's place in its document's order, one row per document and party. "
        + "; ".join(f"{r.row}: {r.step}, point {r.point}" for r in frame.itertuples())
        + "."
    )
    blocks.append(
        charts.as_block(
            "chart-sequence",
            title,
            desc,
            order_chart(frame, title, desc),
            frame.drop(columns="row"),
        )
    )
    for seq in with_order:
        doc = ctx.case.document(seq.document_id)
        parts: list[Block] = []
        for lock in seq.deadlocks:
            parts.append(
                Note(
                    f"Deadlock over steps of {data.names(ctx.case, lock.bearers)}: "
                    f"{lock.describe()}. The orders that contradict each other are demanded "
                    f"by {data.names(ctx.case, lock.demanded_by) or 'nobody named'}."
                )
            )
        if seq.first_movers:
            parts.append(Note(f"Moves first: {data.names(ctx.case, seq.first_movers)}."))
        rows: list[tuple[Cell, ...]] = [
            (
                "in a loop" if s.level is None else s.level + 1,
                provision_link(doc.id, s.provision_id),
                data.names(ctx.case, s.on),
                s.action,
                s.timing or "",
                ", ".join(s.waits_on),
            )
            for s in _ordered(seq)
        ]
        parts.append(
            Table(
                slug("sequence", doc.id),
                f"Ordered steps of {doc.title}",
                ("step", "point", "who", "does what", "when", "waits on"),
                tuple(rows),
            )
        )
        blocks.append(Group(slug("sequence-group", doc.id), doc.title, tuple(parts)))
    return Section(ID, TITLE, intro, tuple(blocks))
