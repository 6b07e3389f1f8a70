"""Who would sign: acceptance probabilities over the input ranges, with the point verdicts,
what drives each verdict, the parties' red lines and the room around each document."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ontable.analysis import Acceptability, AcceptanceOdds
from ontable.report import charts, data, terms
from ontable.report.blocks import Block, Group, Note, Section, Table
from ontable.report.context import Context, doc_title, odds_of, pairs_text, percent
from ontable.report.sections import room

ID = "signing"
TITLE = "Who would sign"

MARKS = {
    "accepts": "✓",
    "vetoes": "✗",
    "rejects": "✗",
    "all accept": "✓",
    "not all accept": "✗",
}

ALL_NEEDED = "Every needed party"
"""The heatmap's last column: every party a deal needs (required, with a BATNA) accepts."""


def odds_cells(ctx: Context) -> pd.DataFrame:
    """Document × party: utility, BATNA, point verdict and probability of accepting.

    The probability is :func:`ontable.analysis.acceptance_odds` over the case's input ranges;
    the verdict is its point verdict (the same package rule and red lines). When the odds
    were measured, one more column per document, :data:`ALL_NEEDED`, holds the probability
    that every counted required party accepts (✓ when they all do at the coded values).

    Returns
    -------
    pandas.DataFrame
        Columns ``title``, ``party_name``, ``utility``, ``batna``, ``margin``, ``verdict``,
        ``red_line`` (issues whose red line the document crosses), ``probability`` (NaN
        when not measured) and ``label`` (the cell text: the probability, or the utility,
        then the verdict's mark).
    """
    acc = ctx.acceptability
    assert acc is not None
    case = ctx.case
    cells = data.acceptance_cells(case, acc)
    ids = {d.title: d.id for d in ctx.documents}
    party_ids = {data.party_name(case, p): p for p in acc.party_ids}
    odds = ctx.odds
    probs, lines = [], []
    for title, party in zip(cells["title"], cells["party_name"], strict=True):
        doc_id, pid = ids.get(title, title), party_ids[party]
        p = odds_of(odds, doc_id, pid)
        probs.append(float("nan") if p is None else round(p, 3))
        lines.append(
            ", ".join(data.issue_name(case, i) for i in acc.red_lines_crossed(doc_id, pid))
        )
    cells = cells.assign(red_line=lines, probability=np.asarray(probs, dtype=float))
    if odds is not None and odds.counted:
        cells = pd.concat([cells, _all_needed(ctx, odds, acc)], ignore_index=True)
    labels = []
    for u, v, p in zip(cells["utility"], cells["verdict"], cells["probability"], strict=True):
        # Whole percentages without the sign: the cell stays narrow enough for a phone.
        shown = f"{u:.2f}" if np.isnan(p) else percent(float(p)).rstrip("%")
        labels.append(f"{shown} {MARKS.get(v, '–')}")
    return cells.assign(label=labels)


def _all_needed(ctx: Context, odds: AcceptanceOdds, acc: Acceptability) -> pd.DataFrame:
    rows = []
    for i, d in enumerate(odds.document_ids):
        if np.isnan(acc.utilities[i]).all() or np.isnan(odds.all_required[i]):
            continue
        every = all(acc.verdict(d, p) == "accepts" for p in odds.counted)
        rows.append(
            {
                "title": doc_title(ctx.case, d),
                "party_name": ALL_NEEDED,
                "verdict": "all accept" if every else "not all accept",
                "red_line": "",
                "probability": round(float(odds.all_required[i]), 3),
            }
        )
    return pd.DataFrame(rows)


def section(ctx: Context) -> Section:
    """The heatmap of probabilities (point verdicts marked), the drivers, the red lines and
    the room around each document."""
    case = ctx.case
    intro = (
        "A party accepts a document when the document is worth at least its BATNA (the value "
        "it puts on no deal) to it and crosses none of its declared red lines; a party whose "
        "consent a deal needs vetoes otherwise. Each cell gives the probability that the "
        "party accepts when the inputs (positions, saliences, BATNAs) vary within their "
        "stated ranges, and the verdict at the coded values (✓ accepts, ✗ vetoes or "
        "rejects). The two use the same rule; they differ only where the coded values sit "
        "near a threshold."
    )
    acc = ctx.acceptability
    if acc is None:
        why = "the case has no stances" if not case.stances else "the case has no documents"
        return Section(ID, TITLE, intro, (Note(f"Not measured: {why}.", missing=True),))
    cells = odds_cells(ctx)
    if cells.empty:
        note = Note("No document sets an issue any party has a stance on.", missing=True)
        return Section(ID, TITLE, intro, (note,))
    blocks: list[Block] = [heatmap_block(ctx, cells)]
    if ctx.odds is None:
        blocks.append(
            Note(
                "No probabilities: the report drew no inputs (0 samples), so only the "
                "verdicts at the coded values are shown."
            )
        )
    blocks.append(drivers_group(ctx, acc))
    blocks.extend(red_lines_blocks(ctx, acc))
    blocks.extend(room.room_blocks(ctx))
    if acc.without_batna:
        blocks.append(
            Note(
                f"No BATNA is coded for {data.names(case, acc.without_batna)}: no verdict is "
                "given for them unless a red line settles it (none is assumed)."
            )
        )
    return Section(ID, TITLE, intro, tuple(blocks))


def heatmap_block(ctx: Context, cells: pd.DataFrame) -> Block:
    """Documents × parties: the probability (or utility) with the point verdict marked."""
    acc = ctx.acceptability
    assert acc is not None
    parties = [data.party_name(ctx.case, p) for p in acc.party_ids]
    if ALL_NEEDED in set(cells["party_name"]):
        parties.append(ALL_NEEDED)
    docs = [d.title for d in ctx.documents if d.title in set(cells["title"])]
    odds = ctx.odds
    if odds is not None and cells["probability"].notna().any():
        title = "Probability that each party accepts each document"
        value, value_title, fmt = "probability", "Probability of accepting", ".0%"
        unit = "%"
        subtitle = (
            f"cell: % of {odds.samples} draws of the inputs in their ranges in which the "
            "party accepts; ✓/✗ = verdict at the coded values"
        )
        shown = cells.dropna(subset=["probability"])
        what = "the probability of accepting over the input ranges"
    else:
        title = "Utility of each document to each party"
        value, value_title, fmt = "utility", "Utility (0–1)", ".2f"
        unit = ""
        subtitle = "✓/✗ = verdict at the coded values (no draws, so no probabilities)"
        shown = cells.dropna(subset=["utility"])
        what = "the utility"
    desc = (
        f"Heatmap, documents by parties. Each cell: {what} and the verdict at the coded "
        "values. "
        + pairs_text(
            shown.assign(
                shown=[
                    f"{lab.split(' ')[0]}{unit} ({v}{'; red line' if r else ''})"
                    for lab, v, r in zip(
                        shown["label"], shown["verdict"], shown["red_line"], strict=True
                    )
                ]
            ),
            "title",
            "party_name",
            "shown",
            "{}",
        )
    )
    chart = charts.heatmap(
        shown,
        x="party_name",
        y="title",
        value=value,
        x_title="Party",
        y_title=None,
        value_title=value_title,
        title=title,
        description=desc,
        domain=(0.0, 1.0),
        scheme="viridis",
        fmt=fmt,
        x_sort=parties,
        y_sort=docs,
        label="label",
        subtitle=subtitle,
        labels=280,  # document titles are long; the page narrows this on a phone
    )
    table = cells.drop(columns="label").rename(
        columns={"probability": "probability of accepting", "red_line": "red line crossed on"}
    )
    return charts.as_block("chart-acceptance", title, desc, chart, table)


def drivers_frame(ctx: Context, acc: Acceptability) -> pd.DataFrame:
    """Per document and party: the verdict, its probability, and what drives it.

    Returns
    -------
    pandas.DataFrame
        Columns ``document``, ``party``, ``at the coded values`` (verdict and margin),
        ``probability``, ``issues that weigh most`` (the red line crossed, then the issues
        by their share of the party's loss) and ``inputs that go with accepting`` (the
        three inputs whose draws correlate most with acceptance, signed).
    """
    case = ctx.case
    odds = ctx.odds
    rows = []
    for i, d in enumerate(acc.document_ids):
        if np.isnan(acc.utilities[i]).all():
            continue
        for j, p in enumerate(acc.party_ids):
            verdict = acc.verdict(d, p)
            margin = acc.margins[i, j]
            at_point = verdict if np.isnan(margin) else f"{verdict} (margin {margin:+.2f})"
            weigh = [
                f"red line on {data.issue_name(case, x.issue)}"
                if x.red_line
                else f"{data.issue_name(case, x.issue)} {percent(x.loss_share)}"
                for x in acc.drivers(d, p)[:3]
                if x.red_line or x.loss_share > 0
            ]
            prob = odds_of(odds, d, p)
            inputs = (
                []
                if odds is None
                else [
                    f"{data.input_label(case, x.input)} ({x.correlation:+.2f})"
                    for x in odds.drivers[i][j]
                ]
            )
            rows.append(
                {
                    "document": doc_title(case, d),
                    "party": data.party_name(case, p),
                    "at the coded values": at_point,
                    "probability": "" if prob is None else percent(prob),
                    "issues that weigh most": "; ".join(weigh) or "none",
                    "inputs that go with accepting": "; ".join(inputs) or "none varies it",
                }
            )
    cols = [
        "document",
        "party",
        "at the coded values",
        "probability",
        "issues that weigh most",
        "inputs that go with accepting",
    ]
    return pd.DataFrame(rows, columns=cols)


def drivers_group(ctx: Context, acc: Acceptability) -> Block:
    """The drivers of every verdict, collapsed (one row per document and party)."""
    frame = drivers_frame(ctx, acc)
    caption = (
        "Issues that weigh most: the share of the party's loss from the document each issue "
        "carries (a crossed red line first: it settles the verdict alone). Inputs that go "
        "with accepting: the correlation between an input's draws and the party accepting "
        "(+: the higher the input, the likelier it accepts)."
    )
    table = Table.from_frame("acceptance-drivers", "What drives each verdict", frame, caption)
    return Group(
        "acceptance-drivers-group",
        "What drives each verdict",
        (table,),
        collapsed=True,
        summary="For every document and party: the issues that weigh most and the inputs "
        "that move the probability.",
    )


def red_lines_blocks(ctx: Context, acc: Acceptability) -> list[Block]:
    """The parties' red lines, each with its statement, date and the documents crossing it."""
    case = ctx.case
    if not case.red_lines:
        return [Note("No party's red line is coded in the case (only declared ones are).")]
    frame = terms.red_lines_frame(case, terms.crossings(case, acc))
    sources = tuple(r.sources for r in case.red_lines)
    table = Table.from_frame(
        "red-lines",
        "Red lines: what a party has declared it will never accept",
        frame.rename(columns={"as_of": "stated on", "crossed_by": "documents that cross it"}),
        caption="A document that crosses a party's red line is refused by that party "
        "whatever else it gives (its probability of accepting is 0). Positions on the "
        "issue's 0–100 scale. Sources: "
        + "; ".join(
            f"{data.party_name(case, r.party)}: " + " ".join(s)
            for r, s in zip(case.red_lines, sources, strict=True)
        ),
    )
    return [table]
