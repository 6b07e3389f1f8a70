"""Charts of the drafts and agenda sections: the dated timeline and the lean of each draft."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ontable.report.charts import OKABE_ITO, ROW, WIDTH, finish


def timeline_chart(frame: pd.DataFrame, title: str, description: str) -> Any:
    """The documents on a dated axis (month and year), one row each, oldest on top.

    ``frame`` has columns ``title``, ``date`` (ISO text), ``label`` (shown beside the dot)
    and ``drafters``.
    """
    docs = list(frame["title"])
    y = alt.Y("title:N", title=None, sort=docs)
    x = alt.X(
        "date:T",
        title="Date",
        axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount="month", grid=True),
    )
    dots = (
        alt.Chart()
        .mark_point(filled=True, size=90, color=OKABE_ITO[0])
        .encode(y=y, x=x, tooltip=["title:N", "label:N", "drafters:N"])
    )
    labels = (
        alt.Chart()
        .mark_text(align="left", dx=8, fontSize=11, color="#1d1d1f")
        .encode(y=y, x=x, text="label:N")
    )
    chart = alt.layer(dots, labels, data=frame).properties(
        title=alt.TitleParams(
            title, subtitle="one row per document, by date; label: day and drafters"
        ),
        width=WIDTH - 160,
        height=max(ROW * 1.5 * len(docs), 60),
    )
    return finish(chart, description, extra=170)


def lean_chart(frame: pd.DataFrame, title: str, description: str, a: str, b: str) -> Any:
    """Each document's lean between parties ``a`` (0) and ``b`` (1): a dot and its interval."""
    docs = list(frame["title"])
    y = alt.Y("title:N", title=None, sort=docs)  # long document names label themselves
    x_scale = alt.Scale(domain=[0, 1])
    interval = (
        alt.Chart(frame)
        .mark_rule(strokeWidth=3, color="#999999")
        .encode(
            y=y,
            x=alt.X("low:Q", scale=x_scale),
            x2="high:Q",
            tooltip=["title:N", "lean:Q", "low:Q", "high:Q"],
        )
    )
    dots = (
        alt.Chart(frame)
        .mark_point(filled=True, size=90, color="#0072B2")
        .encode(
            y=y,
            x=alt.X(
                "lean:Q",
                title=f"0 = {a}'s positions … 1 = {b}'s",
                scale=x_scale,
                axis=alt.Axis(values=[0, 0.25, 0.5, 0.75, 1]),
            ),
            tooltip=["title:N", "lean:Q", "low:Q", "high:Q"],
        )
    )
    middle = (
        alt.Chart(pd.DataFrame({"middle": [0.5]}))
        .mark_rule(color="black", strokeDash=[4, 4])
        .encode(x="middle:Q")
    )
    chart = alt.layer(middle, interval, dots).properties(
        title=alt.TitleParams(
            title,
            subtitle="dot = lean index; grey bar = its range over the stances' ranges; "
            "dashed = halfway",
        ),
        width=WIDTH - 160,
        height=max(ROW * 1.4 * len(docs), 60),
    )
    return finish(chart, description)
