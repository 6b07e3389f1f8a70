"""Who would sign: acceptance probabilities over the input ranges, with the point verdicts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ontable.report import charts, data
from ontable.report.blocks import Block, Cell, Note, Section, Table
from ontable.report.context import Context, pairs_text, percent

ID = "signing"
TITLE = "Who would sign"

MARKS = {"accepts": "✓", "vetoes": "✗", "rejects": "✗"}


def odds_cells(ctx: Context) -> pd.DataFrame:
    """Document × party: utility, BATNA, point verdict and probability of accepting.

    Returns
    -------
    pandas.DataFrame
        Columns ``title``, ``party_name``, ``utility``, ``batna``, ``verdict``,
        ``probability`` (None when no sweep ran or no BATNA is coded) and ``label`` (the
        cell text: the probability, or the utility, and the point verdict's mark); NaN
        probability where none was measured.
    """
    acc = ctx.acceptability
    assert acc is not None
    cells = data.acceptance_cells(ctx.case, acc)
    odds = ctx.odds
    ids = {d.title: d.id for d in ctx.documents}
    party_ids = {data.party_name(ctx.case, p): p for p in acc.party_ids}
    probs: list[float] = []
    for title, party in zip(cells["title"], cells["party_name"], strict=True):
        p = None if odds is None else odds.of(ids.get(title, title), party_ids[party])
        probs.append(float("nan") if p is None else round(p, 3))
    cells = cells.assign(probability=np.asarray(probs, dtype=float))
    labels = []
    for u, v, p in zip(cells["utility"], cells["verdict"], probs, strict=True):
        shown = f"{u:.2f}" if math.isnan(p) else percent(p)
        labels.append(f"{shown} {MARKS.get(v, '–')}")
    return cells.assign(label=labels)


def section(ctx: Context) -> Section:
    """The heatmap of probabilities (point verdicts marked), utilities and room to move."""
    case = ctx.case
    intro = (
        "A party accepts a document when the document is worth at least its BATNA (the value "
        "it puts on no deal) to it; a party whose consent a deal needs vetoes otherwise. The "
        "verdict at the coded values (✓ accepts, ✗ vetoes or rejects) can differ from what "
        "happens when the inputs vary within their stated ranges: each cell's colour and "
        "number is the share of those draws in which the party accepts."
    )
    acc = ctx.acceptability
    if acc is None:
        why = "the case has no stances" if not case.stances else "the case has no documents"
        return Section(ID, TITLE, intro, (Note(f"Not measured: {why}.", missing=True),))
    cells = odds_cells(ctx)
    if cells.empty:
        note = Note("No document sets an issue any party has a stance on.", missing=True)
        return Section(ID, TITLE, intro, (note,))
    parties = [data.party_name(case, p) for p in acc.party_ids]
    docs = [d.title for d in ctx.documents if d.title in set(cells["title"])]
    odds = ctx.odds
    has_odds = odds is not None and cells["probability"].notna().any()
    if has_odds and odds is not None:
        title = "Probability that each party accepts each document"
        value, value_title, fmt = "probability", "Probability of accepting", ".0%"
        subtitle = (
            f"share of {odds.samples} draws of the inputs in their ranges; "
            "✓/✗ = verdict at the coded values"
        )
        heat = cells.assign(probability=cells["probability"].astype(float))
        shown = heat.dropna(subset=["probability"])
    else:
        title = "Utility of each document to each party"
        value, value_title, fmt = "utility", "Utility (0–1)", ".2f"
        subtitle = "✓/✗ = verdict at the coded values (no sweep ran, so no probabilities)"
        shown = cells
    desc = (
        "Heatmap, documents by parties. Each cell: "
        + ("the probability of accepting" if has_odds else "the utility")
        + " and the verdict at the coded values. "
        + pairs_text(
            shown.assign(
                shown=[
                    f"{lab.split(' ')[0]} ({v})"
                    for lab, v in zip(shown["label"], shown["verdict"], strict=True)
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
    )
    table = cells.drop(columns="label").rename(columns={"probability": "probability of accepting"})
    blocks: list[Block] = [charts.as_block("chart-acceptance", title, desc, chart, table)]
    if not has_odds:
        blocks.append(
            Note(
                "No probabilities: the sweep did not run (0 samples or no sweep engine), so "
                "only the verdicts at the coded values are shown."
            )
        )
    blocks.extend(room_around(ctx))
    if acc.without_batna:
        blocks.append(
            Note(
                f"No BATNA is coded for {data.names(case, acc.without_batna)}: no verdict is "
                "given for them (none is assumed)."
            )
        )
    return Section(ID, TITLE, intro, tuple(blocks))


def room_around(ctx: Context) -> list[Block]:
    """Per issue and document: how far the draft could move on that issue alone and still be
    acceptable to every required party with a BATNA (``zopa(case, around=doc)``)."""
    zopa = ctx.engines.zopa
    if zopa is None or not ctx.documents:
        return []
    case = ctx.case
    zones = [zopa(case, around=doc) for doc in ctx.documents]
    if not zones[0].counted:
        return []
    rows = []
    for i, issue in enumerate(case.issues):
        cells: list[Cell] = [issue.name]
        for doc, zone in zip(ctx.documents, zones, strict=True):
            z = zone.issues[i]
            if issue.id not in doc.positions:
                cells.append(None)
            elif z.empty:
                cells.append(f"{doc.positions[issue.id]:.0f}: none")
            else:
                cells.append(f"{doc.positions[issue.id]:.0f}: {z.low:.0f}–{z.high:.0f}")
        rows.append(tuple(cells))
    caption = (
        "Each cell: the position the document sets, then the range that issue could take, "
        "with every other issue held where the document sets it, and the document still be "
        f"worth at least its BATNA to {data.names(case, zones[0].counted)}. "
        "“none”: some of them would refuse the document whatever is done on that issue alone; "
        "empty: the document does not set the issue."
    )
    return [
        Table(
            "room-around",
            "Room to move: each issue, one at a time, around each document",
            ("issue", *(d.title for d in ctx.documents)),
            tuple(rows),
            caption=caption,
        )
    ]
