"""Charts of the obligation ledger section."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ontable.model import MODALITIES
from ontable.report.charts import MODALITY_COLOURS, ROW, WIDTH, finish, row_header


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
        return finish(chart.properties(height=height), description, 170)
    docs = list(dict.fromkeys(counts["title"]))
    chart = (
        alt.layer(bars, data=shown)
        .properties(width=WIDTH - 160, height=alt.Step(ROW - 4))
        .facet(
            row=alt.Row(
                "title:N",
                title=None,
                sort=docs,
                header=row_header(labelLimit=520),
            ),
            spacing=14,
        )
        .resolve_scale(y="independent")
    )
    return finish(chart.properties(title=title), description, 170)
