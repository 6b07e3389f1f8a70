"""The obligation ledger: who must do what under each document, and how firmly."""

from __future__ import annotations

import pandas as pd

from ontable.analysis import Ledger
from ontable.model import Document
from ontable.report import charts, charts_ledger, data, terms
from ontable.report.blocks import Block, Group, Note, Section, Table, slug
from ontable.report.context import Context, pairs_text, provision_link

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
        "hedged (should, is expected to), aspirational (aims to) or conditional. A duty "
        "whose condition its own bearer judges weighs little: the bearer decides whether it "
        "ever applies. A duty is matched when the text trades it (an exchange link) or the "
        "counterpart owes the same duty back; an unmatched duty is a reciprocity gap, listed "
        "with what the counterpart owes in the same text that it could be traded against. "
        "A hedge is an obligation worded so that it binds less."
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
        chart = charts_ledger.obligations_chart(counts, title, desc)
        table = counts[counts["obligations"] > 0].drop(columns="party")
        blocks.append(charts.as_block("chart-ledger", title, desc, chart, table))
    blocks.extend(burden_blocks(ctx))
    for doc in ctx.documents:
        led = ctx.ledgers[doc.id]
        n_gaps, n_ex = len(led.reciprocity_gaps), len(led.exchanges)
        n_cond = len(terms.conditions_frame(ctx.case, led))
        blocks.append(
            Group(
                slug("ledger", doc.id),
                doc.title,
                (
                    gaps_table(ctx, doc, led),
                    exchanges_table(ctx, doc, led),
                    conditions_table(ctx, doc, led),
                    penalties_table(ctx, doc, led),
                    hedges_table(ctx, doc, led),
                ),
                collapsed=True,
                summary=f"{n_gaps} unmatched dut{'ies' if n_gaps != 1 else 'y'}, "
                f"{n_ex} matched exchange{'s' * (n_ex != 1)}, "
                f"{n_cond} condition{'s' * (n_cond != 1)}, "
                f"{len(led.hedges)} hedged.",
            )
        )
    if ctx.case.actors:
        blocks.append(actors_table(ctx))
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
    """The document's unmatched duties, each naming both sides, linked to its provision."""
    frame = _linked(doc, terms.gaps_frame(ctx.case, led))
    rows = not frame.empty
    return Table.from_frame(
        slug("gaps", doc.id),
        f"Unmatched duties (reciprocity gaps): {doc.title}",
        frame.rename(columns={"owed_by": "owed by", "candidates": "what the other side owes here"}),
        caption="Weight: how firmly the duty binds (0–1, after its conditions). The last "
        "column lists the counterpart's duties in the same text that it could be traded "
        "against; the text links none of them to it."
        if rows
        else "No unmatched duties: every duty is traded or returned.",
    )


def exchanges_table(ctx: Context, doc: Document, led: Ledger) -> Table:
    """The document's matched exchanges: what each side gives, how they were matched."""
    frame = terms.exchanges_frame(ctx.case, led)
    return Table.from_frame(
        slug("exchanges", doc.id),
        f"What is traded for what: {doc.title}",
        frame.rename(columns={"gives_back": "gives in return", "matched_by": "matched by"}),
        caption="Balance: the firmness the first party gives minus what it receives in the "
        "exchange (positive: it gives more)."
        if not frame.empty
        else "No duty is traded against another (no exchange link, no returned duty).",
    )


def conditions_table(ctx: Context, doc: Document, led: Ledger) -> Table:
    """The conditions the document's duties hang on, and who judges each."""
    frame = _linked(doc, terms.conditions_frame(ctx.case, led))
    rows = not frame.empty
    return Table.from_frame(
        slug("conditions", doc.id),
        f"Conditions and who judges them: {doc.title}",
        frame.rename(
            columns={
                "action": "duty",
                "condition": "on condition that",
                "judged_by": "judged by",
                "who_judges": "that is",
            }
        ),
        caption="Weight: the duty's firmness after the condition's discount (a condition its "
        "own bearer judges takes off the most; see the appendix)."
        if rows
        else "No duty hangs on a condition.",
    )


def penalties_table(ctx: Context, doc: Document, led: Ledger) -> Table:
    """The duties a penalty point or a named enforcer backs."""
    frame = _linked(doc, terms.penalties_frame(ctx.case, doc, led))
    rows = not frame.empty
    return Table.from_frame(
        slug("penalties", doc.id),
        f"Enforcement: {doc.title}",
        frame.rename(
            columns={"action": "duty", "penalty": "penalty if broken", "enforced_by": "enforced by"}
        ),
        caption=None if rows else "No duty names a penalty point or an enforcer.",
    )


def _linked(doc: Document, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ``provision`` column turned into links to the provisions' rows."""
    links: list[object] = [provision_link(doc.id, str(p)) for p in frame["provision"]]
    return frame.assign(provision=pd.Series(links, index=frame.index, dtype=object))


def burden_blocks(ctx: Context) -> list[Block]:
    """One heatmap of every party's weighted burden in every document, on one scale."""
    cells = terms.burden_cells(ctx.case, ctx.ledgers, ctx.documents)
    if cells.empty or not (cells["burden"] > 0).any():
        return []
    title = "Weighted burden of each party in each document"
    top = float(cells["burden"].max())
    desc = (
        "Heatmap, documents by parties: the sum over a party's duties of how firmly each "
        "binds (after its conditions) times the salience the party gives its issue. "
        + pairs_text(
            cells.assign(
                shown=[
                    f"{b:g} (receives {r:g})"
                    for b, r in zip(cells["burden"], cells["benefit"], strict=True)
                ]
            ),
            "title",
            "party_name",
            "shown",
            "{}",
        )
    )
    chart = charts.heatmap(
        cells,
        x="party_name",
        y="title",
        value="burden",
        x_title="Party",
        y_title=None,
        value_title="Burden",
        title=title,
        description=desc,
        domain=(0.0, max(top, 1.0)),
        scheme="blues",
        fmt=".2f",
        x_sort=list(dict.fromkeys(cells["party_name"])),
        y_sort=[d.title for d in ctx.documents],
        subtitle="duties × firmness × salience; a conditional duty its bearer judges weighs "
        "a quarter",
        labels=280,  # document titles are long; the page narrows this on a phone
    )
    return [charts.as_block("chart-burden", title, desc, chart, cells)]


def actors_table(ctx: Context) -> Table:
    """The named actors who do not bargain, and what the documents name them as."""
    frame = terms.actors_frame(ctx.case, ctx.ledgers)
    return Table.from_frame(
        "actors",
        "Named actors who are not parties",
        frame.rename(columns={"named_as": "named in duties as"}),
        caption="Monitors, agencies and others the texts name: they verify, enforce, judge "
        "conditions or receive, but do not bargain (no stance, no verdict).",
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
