"""The room on each issue around each document (:func:`ontable.analysis.agreement_zone`),
part of the "who would sign" section: the joint feasible share, a chart around the newest
document with room, and per document each issue's room and who limits it."""

from __future__ import annotations

import math

import pandas as pd

from ontable.report import charts, charts_signing, data
from ontable.report.blocks import Block, Group, Note, Table, slug
from ontable.report.context import Context, doc_title, percent


def room_frame(ctx: Context, document_id: str) -> pd.DataFrame:
    """The room on each issue around one document (:func:`ontable.analysis.agreement_zone`).

    Returns
    -------
    pandas.DataFrame
        Columns ``issue``, ``draft`` (the position the document's package takes, None
        where it sets none), ``low``, ``high`` (each interval of the room; an issue with
        no room has one row with both empty) and ``limited_by`` (names).
    """
    case = ctx.case
    zone = ctx.zones[document_id]
    rows = []
    for z in zone.issues:
        name = data.issue_name(case, z.issue)
        limited = data.names(case, z.limited_by) if z.limited_by else ""
        draft = None if z.draft is None else round(z.draft, 1)
        for lo, hi in z.intervals or ((None, None),):
            rows.append(
                {
                    "issue": name,
                    "draft": draft,
                    # Inward to one decimal: a range cut at a red line never shows its end.
                    "low": None if lo is None else math.ceil(lo * 10 - 1e-6) / 10,
                    "high": None if hi is None else math.floor(hi * 10 + 1e-6) / 10,
                    "limited_by": limited,
                }
            )
    return pd.DataFrame(rows, columns=["issue", "draft", "low", "high", "limited_by"])


def room_text(frame: pd.DataFrame, issue: str) -> str:
    """An issue's room as text: ``40–75`` (several intervals joined), or ``none``."""
    rows = frame[frame["issue"] == issue]
    parts = [
        f"{lo:g}–{hi:g}" for lo, hi in zip(rows["low"], rows["high"], strict=True) if pd.notna(lo)
    ]
    return "; ".join(str(p) for p in parts) or "none"


def room_blocks(ctx: Context) -> list[Block]:
    """The room on each issue around each document, and the joint feasible region's size."""
    if ctx.engines.agreement_zone is None:
        return [
            Note(
                "Room on each issue: not available, the zone engine (ontable.analysis.zopa, "
                "which needs scipy) is not installed.",
                missing=True,
            )
        ]
    if not ctx.zones:
        return []
    case = ctx.case
    first = next(iter(ctx.zones.values()))
    if not first.counted:
        return [
            Note(
                "No room is measured: no party whose consent a deal needs has a BATNA coded.",
                missing=True,
            )
        ]
    who = data.names(case, first.counted)
    blocks: list[Block] = [
        Note(
            f"Joint room: of all packages (every issue drawn uniformly over its 0–100 scale, "
            f"{first.samples:,} draws), {percent(first.feasible_share)} are worth at least "
            f"their BATNA to each of {who} and cross none of their red lines. The room on "
            "one issue below holds every other issue where the document puts it."
        )
    ]
    latest = _latest_with_room(ctx)
    if latest is not None:
        frame = room_frame(ctx, latest)
        title = f"Room on each issue around {doc_title(case, latest)}"
        desc = charts_signing.room_description(frame, doc_title(case, latest), who)
        lines = pd.DataFrame(
            [
                {
                    "issue": data.issue_name(case, r.issue),
                    "from": r.rejects[0],
                    "to": r.rejects[1],
                    "party": data.party_name(case, r.party),
                }
                for r in case.red_lines
                if r.party in first.counted
            ],
            columns=["issue", "from", "to", "party"],
        )
        if not lines.empty:
            desc += " Red lines marked: " + "; ".join(
                f"{who_} rejects {issue} {lo:g}–{hi:g}"
                for issue, lo, hi, who_ in lines.itertuples(index=False)
            )
        chart = charts_signing.room_chart(frame, title, desc, who, lines)
        blocks.append(charts.as_block("chart-room", title, desc, chart, frame))
    for doc in ctx.documents:
        frame = room_frame(ctx, doc.id)
        set_here = frame.dropna(subset=["draft"])
        issues = list(dict.fromkeys(set_here["issue"]))
        rows = tuple(
            (
                issue,
                float(set_here[set_here["issue"] == issue]["draft"].iloc[0]),
                room_text(set_here, issue),
                str(set_here[set_here["issue"] == issue]["limited_by"].iloc[0]),
            )
            for issue in issues
        )
        none = sum(1 for r in rows if r[2] == "none")
        blocks.append(
            Group(
                slug("room", doc.id),
                f"Room around {doc.title}",
                (
                    Table(
                        slug("room", doc.id, "table"),
                        f"Room on each issue around {doc.title}",
                        (
                            "issue",
                            "document sets",
                            f"room every one of {who} accepts",
                            "limited by",
                        ),
                        rows,
                        caption=(
                            "Room: the positions of that issue, with every other issue held "
                            "where the document puts it, that leave the document worth at "
                            f"least its BATNA to each of {who} and cross no red line of "
                            "theirs. “none”: one of them refuses the document whatever is "
                            "done on that issue alone."
                        )
                        if rows
                        else "The document's package sets no issue.",
                    ),
                ),
                collapsed=True,
                summary=f"{len(rows)} issues; no room on {none}."
                if rows
                else "The document's package sets no issue.",
            )
        )
    return blocks


def _latest_with_room(ctx: Context) -> str | None:
    """The newest document with room on at least one issue (the chart's document)."""
    for doc in reversed(ctx.documents):
        zone = ctx.zones.get(doc.id)
        if zone is not None and any(z.intervals for z in zone.issues if z.draft is not None):
            return doc.id
    return None
