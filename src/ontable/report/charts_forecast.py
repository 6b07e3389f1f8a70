"""Charts of the forecasts section: each model's forecast and what moves it most."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ontable.report.charts import WIDTH, finish, palette, row_header


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
    return finish(
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
                header=row_header(),
            ),
            spacing=10,
        )
        .resolve_scale(y="independent")
    )
    return finish(chart.properties(title=title), description, 280)
