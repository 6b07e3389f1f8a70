"""Drawing: Altair charts from the tables of ``data.py``.

Every chart has a title, axis titles and a description (Vega-Lite puts it in the SVG's
``aria-label``); colours come from the Okabe–Ito palette, which stays distinguishable under
the common colour-vision deficiencies (Okabe & Ito 2008, "Color Universal Design"), and
continuous scales use viridis / blue–orange, which are perceptually ordered for the same
readers. Charts have fixed sizes so that a report renders the same everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from ontable.model import MODALITIES
from ontable.report.blocks import Chart, Table

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#000000",  # black
    "#F0E442",  # yellow (last: weak on white)
)

MODALITY_COLOURS: dict[str, str] = {
    "binding": "#0072B2",
    "hedged": "#E69F00",
    "aspirational": "#009E73",
    "conditional": "#CC79A7",
}

DATA_COLUMN_NAMES: dict[str, str] = {
    "party_name": "party",
    "issue_name": "issue",
    "title": "document",
    "first_order": "first-order index",
    "spearman": "Spearman's rho",
    "batna": "BATNA",
}
"""Column names of the data tables under the charts, in words."""

WIDTH = 560
ROW = 22  # height per category row


def palette(n: int) -> list[str]:
    """``n`` categorical colours (the Okabe–Ito palette, repeated when ``n`` exceeds it)."""
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(n)]


def _finish(chart: Any, description: str) -> Any:
    return (
        chart.properties(description=description)
        .configure_view(stroke=None)
        .configure_legend(symbolOpacity=1, labelLimit=340)
        .configure_axis(labelFontSize=11, titleFontSize=12, labelLimit=260)
    )


def as_block(chart_id: str, title: str, description: str, chart: Any, data: pd.DataFrame) -> Chart:
    """An Altair chart → a report chart block (the Vega-Lite spec plus its data table)."""
    spec = _without_nan(chart.to_dict())
    names = {c: DATA_COLUMN_NAMES.get(c, c.replace("_", " ")) for c in data.columns}
    if len(set(names.values())) == len(names):
        data = data.rename(columns=names)
    return Chart(
        chart_id, title, description, spec, Table.from_frame(f"{chart_id}-data", title, data)
    )


def _without_nan(value: Any) -> Any:
    """The spec with NaN (pandas' missing value) turned into null, which JSON can carry."""
    if isinstance(value, dict):
        return {k: _without_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nan(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def obligations_chart(counts: pd.DataFrame, title: str, description: str) -> Any:
    """Stacked bars: obligations per party (rows), split by modality (colour)."""
    parties = list(dict.fromkeys(counts["party_name"]))
    base = alt.Chart(counts[counts["obligations"] > 0]).encode(
        y=alt.Y("party_name:N", title="Obliged party", sort=parties),
        x=alt.X("sum(obligations):Q", title="Obligations", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color(
            "modality:N",
            title="Modality",
            scale=alt.Scale(
                domain=list(MODALITIES), range=[MODALITY_COLOURS[m] for m in MODALITIES]
            ),
            sort=list(MODALITIES),
        ),
        order=alt.Order("modality_rank:Q"),
        tooltip=["party_name:N", "modality:N", "obligations:Q"],
    )
    chart = base.transform_calculate(
        modality_rank=" + ".join(
            f"(datum.modality == '{m}' ? {i} : 0)" for i, m in enumerate(MODALITIES)
        )
    ).mark_bar()
    height = max(ROW * len(parties), 40)
    return _finish(chart.properties(title=title, width=WIDTH - 160, height=height), description)


def drafts_chart(positions: pd.DataFrame, title: str, description: str, columns: int = 3) -> Any:
    """Small multiples, one per issue: the position each document sets, by date."""
    issues = list(dict.fromkeys(positions["issue_name"]))
    docs = list(dict.fromkeys(positions.sort_values("date", kind="mergesort")["title"]))
    x = alt.X("date:T", title="Date", axis=alt.Axis(format="%d %b", labelAngle=-40, tickCount=4))
    y = alt.Y("position:Q", title="Position (0–100)", scale=alt.Scale(domain=[0, 100]))
    base = alt.Chart().encode(x=x, y=y)
    line = base.mark_line(color="#999999", strokeDash=[3, 3])
    dots = base.mark_point(filled=True, size=70).encode(
        color=alt.Color(
            "title:N",
            title="Document",
            sort=docs,
            scale=alt.Scale(domain=docs, range=palette(len(docs))),
        ),
        shape=alt.Shape("title:N", title="Document", sort=docs, scale=alt.Scale(domain=docs)),
        tooltip=["issue_name:N", "title:N", "date:T", "drafters:N", "position:Q"],
    )
    chart = (
        alt.layer(line, dots, data=positions)
        .properties(width=190, height=110)
        .facet(
            facet=alt.Facet(
                "issue_name:N",
                title=None,
                sort=issues,
                header=alt.Header(labelLimit=230, labelFontSize=11),
            ),
            columns=columns,
        )
    )
    return _finish(chart.properties(title=title), description)


def heatmap(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    x_title: str,
    y_title: str | None,
    value_title: str,
    title: str,
    description: str,
    domain: tuple[float, float],
    scheme: str = "viridis",
    reverse: bool = False,
    fmt: str = ".2f",
    x_sort: Sequence[str] | None = None,
    y_sort: Sequence[str] | None = None,
    label: str | None = None,
) -> Any:
    """A labelled heatmap of ``value`` over ``x`` × ``y`` (cell text: ``label`` or the value)."""
    xs = list(x_sort) if x_sort is not None else list(dict.fromkeys(frame[x]))
    ys = list(y_sort) if y_sort is not None else list(dict.fromkeys(frame[y]))
    base = alt.Chart(frame).encode(
        x=alt.X(f"{x}:N", title=x_title, sort=xs, axis=alt.Axis(labelAngle=-30, labelLimit=300)),
        y=alt.Y(f"{y}:N", title=y_title, sort=ys),
    )
    mid = (domain[0] + domain[1]) / 2
    cells = base.mark_rect().encode(
        color=alt.Color(
            f"{value}:Q",
            title=value_title,
            scale=alt.Scale(scheme=scheme, domain=list(domain), reverse=reverse),  # type: ignore[arg-type]
        ),
        tooltip=[f"{y}:N", f"{x}:N", alt.Tooltip(f"{value}:Q", format=fmt)],
    )
    # Label colour flips at the middle of the scale so text stays readable on dark cells.
    dark_low = scheme == "viridis" and not reverse
    test = f"datum['{value}'] < {mid}" if dark_low else f"datum['{value}'] >= {mid}"
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text(f"{label}:N") if label else alt.Text(f"{value}:Q", format=fmt),
        color=alt.condition(test, alt.value("white"), alt.value("black")),
    )
    chart = alt.layer(cells, labels).properties(
        title=title, width=max(70 * len(xs), 200), height=max(28 * len(ys), 60)
    )
    return _finish(chart, description)


def acceptance_chart(frame: pd.DataFrame, title: str, description: str) -> Any:
    """Dots: each party's utility of each document, with a rule at the party's BATNA.

    ``frame`` has columns ``party_name``, ``title`` (document), ``utility`` and ``batna``.
    """
    parties = list(dict.fromkeys(frame["party_name"]))
    docs = list(dict.fromkeys(frame["title"]))
    y = alt.Y("party_name:N", title="Party", sort=parties)
    dots = (
        alt.Chart(frame)
        .mark_point(filled=True, size=80, opacity=0.9)
        .encode(
            y=y,
            x=alt.X("utility:Q", title="Utility (0–1)", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "title:N",
                title="Document",
                sort=docs,
                scale=alt.Scale(domain=docs, range=palette(len(docs))),
            ),
            shape=alt.Shape("title:N", title="Document", sort=docs, scale=alt.Scale(domain=docs)),
            tooltip=[
                "party_name:N",
                "title:N",
                alt.Tooltip("utility:Q", format=".3f"),
                alt.Tooltip("batna:Q", format=".3f"),
            ],
        )
    )
    batna_rows = frame.drop_duplicates("party_name").dropna(subset=["batna"])
    ticks = (
        alt.Chart(batna_rows)
        .mark_tick(color="#D55E00", thickness=2, size=ROW)
        .encode(
            y=y,
            x=alt.X("batna:Q"),
            tooltip=["party_name:N", alt.Tooltip("batna:Q", title="BATNA", format=".3f")],
        )
    )
    chart = alt.layer(ticks, dots).properties(
        title=alt.TitleParams(title, subtitle="vermillion tick = BATNA (value of no deal)"),
        width=WIDTH - 160,
        height=max(ROW * 1.6 * len(parties), 60),
    )
    return _finish(chart, description)


def forecast_chart(points: pd.DataFrame, ideals: pd.DataFrame, title: str, description: str) -> Any:
    """One row per issue: each model's forecast (a dot per model) with the sweep's band.

    ``ideals`` (columns ``issue_name``, ``party_name``, ``position``) adds the parties'
    ideal points as grey rules across each row for reference.
    """
    issues = list(dict.fromkeys(points["issue_name"]))
    models = list(dict.fromkeys(points["model"]))
    combined = pd.concat(
        [points.assign(layer="forecast"), ideals.assign(layer="ideal")], ignore_index=True
    )
    x_scale = alt.Scale(domain=[0, 100])
    colour = alt.Color(
        "model:N",
        title="Model",
        sort=models,
        scale=alt.Scale(domain=models, range=palette(len(models))),
    )
    y = alt.Y("model:N", sort=models, axis=None, title=None)
    base = alt.Chart()
    ideal = (
        base.transform_filter("datum.layer == 'ideal'")
        .mark_rule(color="#bbbbbb", strokeWidth=1.5)
        .encode(
            x=alt.X("position:Q", scale=x_scale),
            tooltip=[
                alt.Tooltip("party_name:N", title="party"),
                alt.Tooltip("position:Q", title="ideal point"),
            ],
        )
    )
    band = (
        base.transform_filter("datum.layer == 'forecast' && isValid(datum.low)")
        .mark_rule(strokeWidth=4, opacity=0.4)
        .encode(
            y=y,
            x=alt.X("low:Q", scale=x_scale),
            x2="high:Q",
            color=colour,
            tooltip=["model:N", "low:Q", "median:Q", "high:Q"],
        )
    )
    dots = (
        base.transform_filter("datum.layer == 'forecast'")
        .mark_point(filled=True, size=55, opacity=1)
        .encode(
            y=y,
            x=alt.X("outcome:Q", title="Position (0–100)", scale=x_scale),
            color=colour,
            shape=alt.Shape("model:N", title="Model", sort=models, scale=alt.Scale(domain=models)),
            tooltip=["issue_name:N", "model:N", "outcome:Q", "low:Q", "high:Q"],
        )
    )
    chart = (
        alt.layer(ideal, band, dots, data=combined)
        .properties(width=WIDTH - 200, height=alt.Step(9))
        .facet(
            row=alt.Row(
                "issue_name:N",
                title=None,
                sort=issues,
                header=alt.Header(
                    labelAngle=0, labelAlign="left", labelLimit=260, labelFontSize=11
                ),
            ),
            spacing=4,
        )
        .resolve_scale(y="independent")
    )
    subtitle = "dot = forecast; bar = sweep's 5–95% band; grey lines = parties' ideal points"
    return _finish(chart.properties(title=alt.TitleParams(title, subtitle=subtitle)), description)


def tornado_chart(drivers: pd.DataFrame, title: str, description: str) -> Any:
    """Per model (a panel each): horizontal bars of the top drivers' Spearman correlations.

    ``drivers`` has columns ``model``, ``driver``, ``spearman``, ``first_order`` and
    ``direction``, already in the order to show (largest effect on top).
    """
    models = list(dict.fromkeys(drivers["model"]))
    frame = drivers.assign(rank=range(len(drivers)))
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y(
                "driver:N",
                title=None,
                sort=alt.EncodingSortField("rank", order="ascending"),
                # "input → issue" on two lines: long names stay readable in a narrow panel.
                axis=alt.Axis(
                    labelLimit=420,
                    labelExpr="[split(datum.label, ' → ')[0], '→ ' + split(datum.label, ' → ')[1]]",
                ),
            ),
            x=alt.X(
                "spearman:Q",
                title="Spearman's rho with the outcome (−1 … 1)",
                scale=alt.Scale(domain=[-1, 1]),
            ),
            color=alt.Color(
                "direction:N",
                title="Raising the input",
                scale=alt.Scale(domain=["raises", "lowers"], range=["#0072B2", "#D55E00"]),
            ),
            tooltip=["model:N", "driver:N", "spearman:Q", "first_order:Q"],
        )
    )
    zero = alt.Chart().mark_rule(color="black").encode(x=alt.datum(0))
    chart = (
        alt.layer(bars, zero, data=frame)
        .properties(width=WIDTH - 300, height=alt.Step(28))
        .facet(
            row=alt.Row(
                "model:N",
                title=None,
                sort=models,
                header=alt.Header(labelAngle=0, labelAlign="left"),
            ),
            spacing=10,
        )
        .resolve_scale(y="independent")
    )
    return _finish(chart.properties(title=title), description)


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
            x=alt.X("lean:Q", title=f"Lean: 0 = {a}'s ideal points … 1 = {b}'s", scale=x_scale),
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
            title, subtitle="dot = lean index; grey bar = its range over the stances' ranges"
        ),
        width=WIDTH - 160,
        height=max(ROW * 1.4 * len(docs), 60),
    )
    return _finish(chart, description)
