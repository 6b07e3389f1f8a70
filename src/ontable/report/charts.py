"""Drawing: the shared look of the report's Altair charts, and the generic heatmap.

The charts of each section live beside this module (``charts_ledger``, ``charts_drafts``,
``charts_forecast``, ``charts_signing``) and draw the tables of ``data.py`` with the helpers
here.

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


def finish(chart: Any, description: str, labels: int = LABELS, extra: int = 0) -> Any:
    """Description, label room (``labels`` left of the plot, ``extra`` right of it) and the
    shared look."""
    return (
        chart.properties(description=description, usermeta={"labels": labels, "extra": extra})
        .configure_view(stroke=None)
        .configure_legend(symbolOpacity=1, labelLimit=300, orient="bottom", columns=2)
        .configure_axis(labelFontSize=11, titleFontSize=12, labelLimit=labels)
        .configure_title(anchor="start", subtitleColor="#5a5a60")
    )


def row_header(**extra: Any) -> alt.Header:
    """The header of a facet row: its label above the panel, left-aligned and bold."""
    return alt.Header(
        labelAngle=0,
        labelAlign="left",
        labelOrient="top",
        labelAnchor="start",
        labelFontWeight="bold",
        **extra,
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


def heatmap(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    x_title: str | None,
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
    labels: int = LABELS,
) -> Any:
    """A labelled heatmap of ``value`` over ``x`` × ``y`` (cell text: ``label`` or the value);
    ``labels`` is the room (px) its row labels may take on a wide page."""
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
    texts = base.mark_text(fontSize=11).encode(
        text=alt.Text(f"{label}:N") if label else alt.Text(f"{value}:Q", format=fmt),
        color=alt.condition(test, alt.value("white"), alt.value("black")),
    )
    heading = alt.TitleParams(title, subtitle=subtitle) if subtitle else title
    chart = alt.layer(cells, texts).properties(
        title=heading, width=max(80 * len(xs), 200), height=max(30 * len(ys), 60)
    )
    return finish(chart, description, labels)
