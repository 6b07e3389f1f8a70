"""Drawing: Altair charts from the tables of ``data.py``.

Every chart has a title, axis titles and a description (Vega-Lite puts it in the SVG's
``aria-label``); colours come from the Okabe–Ito palette, which stays distinguishable under
the common colour-vision deficiencies (Okabe & Ito 2008, "Color Universal Design"), and
continuous scales use viridis / blue–orange, which are perceptually ordered for the same
readers. Charts have a natural width for a wide page; each spec's ``usermeta`` tells the page
how much room its labels need, and the page narrows the plot (never the text) to fit a phone
screen. Legends sit under the plot so that they never widen it.
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

WIDTH = 680
ROW = 22  # height per category row


def palette(n: int) -> list[str]:
    """``n`` categorical colours (the Okabe–Ito palette, repeated when ``n`` exceeds it)."""
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(n)]


LABELS = 200
"""Room (px) left of a plot for its category labels, the most the page ever gives them."""


def _finish(chart: Any, description: str, labels: int = LABELS, extra: int = 0) -> Any:
    """Description, label room (``labels`` left of the plot, ``extra`` right of it) and the
    shared look."""
    return (
        chart.properties(description=description, usermeta={"labels": labels, "extra": extra})
        .configure_view(stroke=None)
        .configure_legend(symbolOpacity=1, labelLimit=300, orient="bottom", columns=2)
        .configure_axis(labelFontSize=11, titleFontSize=12, labelLimit=labels)
        .configure_title(anchor="start", subtitleColor="#5a5a60")
    )


def as_block(chart_id: str, title: str, description: str, chart: Any, data: pd.DataFrame) -> Chart:
    """An Altair chart → a report chart block (the Vega-Lite spec plus its data table).

    Altair refuses data past 5,000 rows; a report's charts hold a row per issue and model or
    party at most, bounded by the size budgets of :mod:`ontable.report.budget`, so the limit
    is lifted here (a case of 1,000 issues charts ~10,000 rows).
    """
    with alt.data_transformers.disable_max_rows():
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


def _modality_rank() -> str:
    return " + ".join(f"(datum.modality == '{m}' ? {i} : 0)" for i, m in enumerate(MODALITIES))


def obligations_chart(counts: pd.DataFrame, title: str, description: str) -> Any:
    """Stacked bars: obligations per party (rows), split by modality, firmest first.

    With a ``title`` column (the document) the chart has one panel per document, all on the
    same axis, so that bar lengths compare across documents.
    """
    parties = list(dict.fromkeys(counts["party_name"]))
    colour = alt.Color(
        "modality:N",
        title="How firmly it binds",
        scale=alt.Scale(domain=list(MODALITIES), range=[MODALITY_COLOURS[m] for m in MODALITIES]),
        sort=list(MODALITIES),
    )
    base = alt.Chart().encode(
        y=alt.Y("party_name:N", title=None, sort=parties),
        x=alt.X("sum(obligations):Q", title="Obligations", axis=alt.Axis(tickMinStep=1)),
        color=colour,
        order=alt.Order("modality_rank:Q"),
        tooltip=["party_name:N", "modality:N", "obligations:Q"],
    )
    bars = base.transform_calculate(modality_rank=_modality_rank()).mark_bar()
    shown = counts[counts["obligations"] > 0]
    if "title" not in counts.columns:
        height = max(ROW * len(parties), 40)
        chart = alt.layer(bars, data=shown).properties(title=title, width=WIDTH - 160)
        return _finish(chart.properties(height=height), description, 170)
    docs = list(dict.fromkeys(counts["title"]))
    chart = (
        alt.layer(bars, data=shown)
        .properties(width=WIDTH - 160, height=alt.Step(ROW - 4))
        .facet(
            row=alt.Row(
                "title:N",
                title=None,
                sort=docs,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelOrient="top",
                    labelAnchor="start",
                    labelFontWeight="bold",
                    labelLimit=520,
                ),
            ),
            spacing=14,
        )
        .resolve_scale(y="independent")
    )
    return _finish(chart.properties(title=title), description, 170)


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
    return _finish(chart, description, extra=170)


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
    subtitle: str | None = None,
) -> Any:
    """A labelled heatmap of ``value`` over ``x`` × ``y`` (cell text: ``label`` or the value)."""
    xs = list(x_sort) if x_sort is not None else list(dict.fromkeys(frame[x]))
    ys = list(y_sort) if y_sort is not None else list(dict.fromkeys(frame[y]))
    base = alt.Chart(frame).encode(
        x=alt.X(f"{x}:N", title=x_title, sort=xs, axis=alt.Axis(labelAngle=-30, labelLimit=160)),
        y=alt.Y(f"{y}:N", title=y_title, sort=ys),
    )
    mid = (domain[0] + domain[1]) / 2
    cells = base.mark_rect().encode(
        color=alt.Color(
            f"{value}:Q",
            title=value_title,
            scale=alt.Scale(scheme=scheme, domain=list(domain), reverse=reverse),  # type: ignore[arg-type]
        ),
        tooltip=[f"{y}:N", f"{x}:N", alt.Tooltip(f"{value}:Q", format=fmt)]
        + ([alt.Tooltip(f"{label}:N", title="shown")] if label else []),
    )
    # Label colour flips at the middle of the scale so text stays readable on dark cells.
    dark_low = scheme == "viridis" and not reverse
    test = f"datum['{value}'] < {mid}" if dark_low else f"datum['{value}'] >= {mid}"
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text(f"{label}:N") if label else alt.Text(f"{value}:Q", format=fmt),
        color=alt.condition(test, alt.value("white"), alt.value("black")),
    )
    heading = alt.TitleParams(title, subtitle=subtitle) if subtitle else title
    chart = alt.layer(cells, labels).properties(
        title=heading, width=max(80 * len(xs), 200), height=max(30 * len(ys), 60)
    )
    return _finish(chart, description)


def forecast_chart(points: pd.DataFrame, ideals: pd.DataFrame, title: str, description: str) -> Any:
    """One panel per issue: each model's forecast (dot, with the sweep's band) and each
    party's ideal point (a grey diamond on its own labelled row).

    ``points`` has columns ``issue_name``, ``model``, ``outcome``, ``low``, ``high``;
    ``ideals`` has ``issue_name``, ``party_name``, ``position``.
    """
    issues = list(dict.fromkeys(points["issue_name"]))
    models = list(dict.fromkeys(points["model"]))
    parties = list(dict.fromkeys(ideals["party_name"]))
    rows = [*models, *(f"{p} wants" for p in parties)]
    combined = pd.concat(
        [
            points.assign(layer="forecast", row=points["model"]),
            ideals.assign(layer="ideal", row=ideals["party_name"] + " wants"),
        ],
        ignore_index=True,
    )
    x_scale = alt.Scale(domain=[0, 100])
    colour = alt.Color(
        "model:N",
        title="Model",
        sort=models,
        scale=alt.Scale(domain=models, range=palette(len(models))),
        legend=None,
    )
    y = alt.Y("row:N", sort=rows, title=None, axis=alt.Axis(labelFontSize=10, grid=False))
    base = alt.Chart()
    ideal = (
        base.transform_filter("datum.layer == 'ideal'")
        .mark_point(shape="diamond", filled=True, size=45, color="#999999")
        .encode(
            y=y,
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
            tooltip=["issue_name:N", "model:N", "outcome:Q", "low:Q", "high:Q"],
        )
    )
    chart = (
        alt.layer(ideal, band, dots, data=combined)
        .properties(width=WIDTH - 260, height=alt.Step(10))
        .facet(
            facet=alt.Facet(
                "issue_name:N",
                title=None,
                sort=issues,
                header=alt.Header(
                    labelFontWeight="bold", labelLimit=320, labelFontSize=12, labelAnchor="start"
                ),
            ),
            columns=2,
            spacing={"row": 12, "column": 24},
        )
        .resolve_scale(y="independent")
    )
    subtitle = (
        "dot = a model's forecast; bar = its sweep's 5–95% band; "
        "grey diamond = a party's ideal point"
    )
    return _finish(
        chart.properties(title=alt.TitleParams(title, subtitle=subtitle)), description, 140
    )


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
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelOrient="top",
                    labelAnchor="start",
                    labelFontWeight="bold",
                ),
            ),
            spacing=10,
        )
        .resolve_scale(y="independent")
    )
    return _finish(chart.properties(title=title), description, 280)


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
    return _finish(chart, description)
