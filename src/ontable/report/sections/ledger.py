"""The obligation ledger: who must do what under each document, and how firmly."""

from __future__ import annotations

import pandas as pd

from ontable.analysis import Ledger
from ontable.model import Document
from ontable.report import charts, data
from ontable.report.blocks import Block, Group, Note, Section, Table, slug
from ontable.report.context import Context, provision_link

ID = "ledger"
TITLE = "Who carries the obligations"


def all_counts(ctx: Context) -> pd.DataFrame:
    """Every document's obligations per party and modality, with the document's title.

    Returns
    -------
    pandas.DataFrame
        Columns ``title``, ``party``, ``party_name``, ``modality``, ``obligations``, in
        document then party order (parties listed in the case's order in every document).
    """
    frames = [
        data.obligation_counts(ctx.case, ctx.ledgers[d.id]).assign(title=d.title)
        for d in ctx.documents
    ]
    cols = ["title", "party", "party_name", "modality", "obligations"]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)[cols]


def section(ctx: Context) -> Section:
    """One chart of every document's obligations on one axis, then each document's gaps."""
    intro = (
        "Who must do what under each document, and how firmly: binding (shall, will, must), "
        "hedged (should, is expected to), aspirational (aims to) or conditional. A "
        "reciprocity gap is an obligation on one party that the counterpart does not mirror; "
        "a hedge is an obligation worded so that it binds less."
    )
    if not ctx.documents:
        return Section(ID, TITLE, intro, (Note("The case has no documents yet.", missing=True),))
    blocks: list[Block] = []
    counts = all_counts(ctx)
    if counts.empty:
        blocks.append(Note("No obligations are coded in any document."))
    else:
        title = "Obligations by party in each document, firmest first"
        desc = description(counts)
        chart = charts.obligations_chart(counts, title, desc)
        table = counts[counts["obligations"] > 0].drop(columns="party")
        blocks.append(charts.as_block("chart-ledger", title, desc, chart, table))
    for doc in ctx.documents:
        led = ctx.ledgers[doc.id]
        n_gaps, n_hedges = len(led.reciprocity_gaps), len(led.hedges)
        blocks.append(
            Group(
                slug("ledger", doc.id),
                doc.title,
                (gaps_table(ctx, doc, led), hedges_table(ctx, doc, led)),
                collapsed=True,
                summary=f"{n_gaps} reciprocity gap{'s' * (n_gaps != 1)}, "
                f"{n_hedges} hedged obligation{'s' * (n_hedges != 1)}.",
            )
        )
    return Section(ID, TITLE, intro, tuple(blocks))


def description(counts: pd.DataFrame) -> str:
    """The chart's text alternative: every document's counts per party and modality."""
    parts = []
    for title, rows in counts.groupby("title", sort=False):
        per = data.obligations_by_party(rows)
        parts.append(
            f"{title}: "
            + (
                ", ".join(
                    f"{p} {sum(c.values())} ({', '.join(f'{n} {m}' for m, n in c.items())})"
                    for p, c in per.items()
                )
                or "none"
            )
        )
    return (
        "Stacked bars, one panel per document on a shared axis, of the obligations each "
        "document puts on each party, split by how firmly they bind. " + "; ".join(parts) + "."
    )


def gaps_table(ctx: Context, doc: Document, led: Ledger) -> Table:
    """The document's reciprocity gaps, each linked to its provision."""
    case = ctx.case
    columns = ("provision", "obliged", "unmatched by", "action", "kind / issue", "modality")
    rows = tuple(
        (
            provision_link(doc.id, g.provision_id),
            data.party_name(case, g.party),
            data.party_name(case, g.counterpart),
            g.action,
            g.kind or (data.issue_name(case, g.issue) if g.issue else ""),
            g.modality,
        )
        for g in led.reciprocity_gaps
    )
    return Table(
        slug("gaps", doc.id),
        f"Reciprocity gaps: {doc.title}",
        columns,
        rows,
        caption=None if rows else "No reciprocity gaps found.",
    )


def hedges_table(ctx: Context, doc: Document, led: Ledger) -> Table:
    """The document's hedged obligations with their wording."""
    case = ctx.case
    columns = ("provision", "obliged", "action", "benefits", "wording")
    rows = tuple(
        (
            provision_link(doc.id, e.provision_id),
            data.names(case, e.on),
            e.action,
            data.names(case, e.benefits),
            e.quote or "",
        )
        for e in led.hedges
    )
    return Table(
        slug("hedges", doc.id),
        f"Hedged obligations: {doc.title}",
        columns,
        rows,
        caption=None if rows else "No hedged obligations.",
    )
