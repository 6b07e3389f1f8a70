"""Whose agenda: the lean of each document between the main parties, and its distance from
every party's ideal points."""

from __future__ import annotations

from ontable.report import charts, charts_drafts, data
from ontable.report.blocks import Block, Note, Section, Table
from ontable.report.context import Context

ID = "agenda"
TITLE = "Whose positions each draft follows"


def section(ctx: Context) -> Section:
    """The lean chart and the distance table."""
    case = ctx.case
    intro = (
        "The lean index places each document between the two main parties' ideal points on "
        "the issues that divide them (0 = entirely the first's positions, 1 = the second's). "
        "The table gives the salience-weighted distance of each document from every party's "
        "ideal points (0 = everything it sets is where the party wants it, 100 = the far end "
        "of every scale)."
    )
    if ctx.proximity is None:
        why = "the case has no stances" if not case.stances else "the case has no documents"
        return Section(ID, TITLE, intro, (Note(f"Not measured: {why}.", missing=True),))
    blocks: list[Block] = []
    if case.main_parties is None:
        blocks.append(Note("The case names no main parties, so no lean index is measured."))
    else:
        a, b = (data.party_name(case, p) for p in case.main_parties)
        rows = data.lean_rows(case, [ctx.leans[d.id] for d in ctx.documents])
        if rows.empty:
            blocks.append(Note(f"No document sets an issue that divides {a} and {b}."))
        else:
            title = f"Lean of each document between {a} and {b}"
            desc = (
                f"Dots on a 0–1 scale: 0 means the document sides with {a}'s ideal points on "
                f"every issue dividing the two, 1 with {b}'s. "
                + "; ".join(
                    f"{r.title}: {r.lean:.2f} (range {r.low:.2f}–{r.high:.2f})"
                    for r in rows.itertuples()
                )
                + "."
            )
            chart = charts_drafts.lean_chart(rows, title, desc, a, b)
            blocks.append(
                charts.as_block(
                    "chart-lean",
                    title,
                    desc,
                    chart,
                    rows.rename(columns={"low": "range low", "high": "range high"}),
                )
            )
    cells = data.proximity_cells(case, ctx.proximity)
    if cells.empty:
        blocks.append(Note("No document sets an issue any party has a stance on.", missing=True))
    else:
        parties = [data.party_name(case, p) for p in ctx.proximity.party_ids]
        table = cells.pivot(index="title", columns="party_name", values="distance")
        order = [d.title for d in ctx.documents if d.title in table.index]
        table = table.reindex(index=order, columns=[p for p in parties if p in table.columns])
        blocks.append(
            Table(
                "proximity",
                "Distance of each document from each party's ideal points (0–100, lower is closer)",
                ("document", *table.columns),
                tuple(
                    (title, *(None if v != v else float(v) for v in row))
                    for title, row in zip(table.index, table.to_numpy().tolist(), strict=True)
                ),
            )
        )
    return Section(ID, TITLE, intro, tuple(blocks))
