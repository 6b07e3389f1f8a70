"""Charts of the "who would sign" section: the room on each issue around a document."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ontable.report.charts import OKABE_ITO, ROW, WIDTH, finish


def room_description(frame: pd.DataFrame, title: str, who: str) -> str:
    """The room chart's text alternative: each issue's draft position and room."""
    parts = []
    for issue, rows in frame.groupby("issue", sort=False):
        draft = rows["draft"].iloc[0]
        if pd.isna(draft):  # the document sets no position on the issue
            continue
        room = "; ".join(
            f"{lo:g}–{hi:g}"
            for lo, hi in zip(rows["low"], rows["high"], strict=True)
            if pd.notna(lo)
        )
        parts.append(f"{issue}: sets {draft:g}, room {room or 'none'}")
    return (
        f"Bars on each issue's 0–100 scale: the positions that leave {title} acceptable to "
        f"each of {who} with every other issue where the document puts it; a dot marks the "
        "document's own position. " + "; ".join(parts) + "."
    )


def room_chart(
    frame: pd.DataFrame, title: str, description: str, who: str, lines: pd.DataFrame
) -> Any:
    """One row per issue the document sets: its room as bars, its position as a dot, and
    the red lines of the counted parties as vermillion marks.

    ``frame`` has columns ``issue``, ``draft``, ``low``, ``high`` (one row per interval;
    an issue with no room has one row with empty ends); ``lines`` has ``issue``, ``from``,
    ``to`` and ``party`` (one row per red line).
    """
    shown = frame.dropna(subset=["draft"])
    issues = list(dict.fromkeys(shown["issue"]))
    y = alt.Y("issue:N", title=None, sort=issues)
    scale = alt.Scale(domain=[0, 100])
    track = (
        alt.Chart()
        .mark_rule(color="#bbbbbb", strokeWidth=1)
        .encode(y=y, x=alt.datum(0, scale=scale), x2=alt.datum(100))
    )
    room = (
        alt.Chart()
        .transform_filter("isValid(datum.low)")
        .mark_rule(strokeWidth=9, color=OKABE_ITO[2], opacity=0.7)
        .encode(
            y=y,
            x=alt.X("low:Q", scale=scale),
            x2="high:Q",
            tooltip=["issue:N", "low:Q", "high:Q", "limited_by:N"],
        )
    )
    dots = (
        alt.Chart()
        .mark_point(filled=True, size=70, color="#000000", opacity=1)
        .encode(
            y=y,
            x=alt.X("draft:Q", title="Position on the issue's scale (0–100)", scale=scale),
            tooltip=["issue:N", "draft:Q"],
        )
    )
    red = lines[lines["issue"].isin(issues)]
    rejected = (
        alt.Chart(red)
        .mark_rule(strokeWidth=9, color=OKABE_ITO[5])
        .encode(
            y=y, x=alt.X("from:Q", scale=scale), x2="to:Q", tooltip=["party:N", "from:Q", "to:Q"]
        )
    )
    ends = (
        alt.Chart(red)
        .mark_tick(thickness=3, size=16, color=OKABE_ITO[5])
        .encode(y=y, x=alt.X("to:Q", scale=scale), tooltip=["party:N", "from:Q", "to:Q"])
    )
    chart = alt.layer(track, room, alt.layer(rejected, ends), dots, data=shown).properties(
        title=alt.TitleParams(
            title,
            subtitle=f"green = positions every one of {who} accepts, other issues held; "
            "dot = the document's position; vermillion = a declared red line",
        ),
        width=WIDTH - 160,
        height=max(ROW * len(issues), 60),
    )
    return finish(chart, description)
