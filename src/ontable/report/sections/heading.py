"""Where it is heading: each model's forecast per issue, its band, its drivers, bargaining."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ontable.bargaining import Agreement
from ontable.forecast.base import Forecast
from ontable.report import charts, charts_forecast, data
from ontable.report.blocks import Block, Note, Section, Table
from ontable.report.context import Context

SOLUTION_NAMES = {
    "nash": "Nash",
    "ks": "Kalai–Smorodinsky",
    "utilitarian": "utilitarian (largest total gain)",
    "egalitarian": "egalitarian (largest smallest gain)",
}
"""Bargaining solutions by name, in words."""

ID = "heading"
TITLE = "Where it is heading"


def as_forecast(agreement: Agreement) -> Forecast:
    """A bargaining solution's package as a forecast (its positions are the outcome)."""
    positions = np.asarray(agreement.positions, dtype=float)
    return Forecast(
        model=f"{agreement.solution} bargaining",
        version=agreement.method,
        params=dict(agreement.params),
        party_ids=agreement.party_ids,
        issue_ids=agreement.issue_ids,
        outcome=positions,
        positions=np.tile(positions, (len(agreement.party_ids), 1)),
        path=np.tile(positions, (1, len(agreement.party_ids), 1)),
    )


def all_forecasts(ctx: Context) -> dict[str, Forecast]:
    """The models' forecasts, with the Nash bargaining package as one more where there is one."""
    forecasts = dict(ctx.forecasts)
    nash = None if ctx.bargaining is None else ctx.bargaining.nash
    if nash is not None:
        forecasts["nash bargaining"] = as_forecast(nash)
    return forecasts


def points(ctx: Context) -> pd.DataFrame:
    """:func:`ontable.report.data.forecast_points` of every forecast, with the sweep bands."""
    bands = {name: data.sweep_band(result) for name, result in ctx.sweeps.items()}
    return data.forecast_points(ctx.case, all_forecasts(ctx), bands)


def section(ctx: Context) -> Section:
    """The forecast chart, the drivers chart and the bargaining tables."""
    case = ctx.case
    intro = (
        "Each model's predicted outcome per issue from the stances in the appendix, with the "
        "spread of outcomes when the inputs vary within their ranges, beside every party's "
        "ideal point. Models disagree by design: each is a different theory of how the "
        "bargaining works (see the next section and the glossary)."
    )
    if not case.stances:
        note = Note("The case has no stances yet, so no model can forecast it.", missing=True)
        return Section(ID, TITLE, intro, (note,))
    blocks: list[Block] = []
    frame = points(ctx)
    ideals = data.ideal_points(case)
    title = "Forecast outcome per issue, by model, against the parties' ideal points"
    chart = charts_forecast.forecast_chart(
        frame, ideals[["issue_name", "party_name", "position"]], title, description(frame)
    )
    blocks.append(
        charts.as_block(
            "chart-forecast",
            title,
            description(frame),
            chart,
            frame.drop(columns="issue").rename(
                columns={"low": "sweep 5%", "median": "sweep median", "high": "sweep 95%"}
            ),
        )
    )
    if ctx.options.samples == 0:
        blocks.append(Note("No sweep was run (0 samples), so there are no bands or drivers."))
    elif not ctx.sweeps and ctx.sized_out("sweep"):
        pass  # a note above says which sweeps were skipped for their size
    elif not ctx.sweeps:
        blocks.append(
            Note(
                "Uncertainty bands and sensitivities: not available, the sweep engine "
                "(ontable.sweep) is not installed.",
                missing=True,
            )
        )
    else:
        blocks.append(tornado_block(ctx))
    blocks.extend(bargaining_blocks(ctx))
    return Section(ID, TITLE, intro, tuple(blocks))


def description(frame: pd.DataFrame) -> str:
    """The forecast chart's text alternative."""
    parts = []
    for issue_name, rows in frame.groupby("issue_name", sort=False):
        seq = ", ".join(
            f"{r['model']} {r['outcome']:g}"
            + ("" if r["low"] is None or pd.isna(r["low"]) else f" ({r['low']:g}–{r['high']:g})")
            for r in rows.to_dict("records")
        )
        parts.append(f"{issue_name}: {seq}")
    return "Forecast position (0–100) per issue and model. " + "; ".join(parts) + "."


def tornado_block(ctx: Context) -> Block:
    """The inputs that move each model's forecasts most."""
    case = ctx.case
    drivers = data.top_drivers(
        case, {name: r.sensitivity_frame() for name, r in ctx.sweeps.items()}, top=5
    )
    if drivers.empty:
        return Note("No input varies in the sweep, so there are no drivers to show.")
    title = "What moves the forecasts most: top drivers per model"
    desc = (
        "Tornado chart, one panel per model: the inputs whose variation explains most of the "
        "variance of an issue's outcome (first-order index), as bars of Spearman's rank "
        "correlation (right = raising the input raises the outcome). "
        + "; ".join(
            f"{model}: "
            + ", ".join(f"{r.driver} ({r.spearman:+.2f})" for r in rows.head(3).itertuples())
            for model, rows in drivers.groupby("model", sort=False)
        )
        + "."
    )
    chart = charts_forecast.tornado_chart(drivers, title, desc)
    return charts.as_block("chart-drivers", title, desc, chart, drivers)


def _package_cell(agreement: Agreement, issue: str) -> str:
    """``70 (de facto recognition)``: the position, and its option's name when it has one."""
    label = agreement.labels.get(issue, "")
    try:
        float(label)
    except ValueError:
        return (
            f"{agreement.position(issue):.0f} ({label})"
            if label
            else f"{agreement.position(issue):.0f}"
        )
    return f"{agreement.position(issue):.0f}"


def bargaining_blocks(ctx: Context) -> list[Block]:
    """The bargaining engine's reach, Nash package and its sensitivity."""
    summary = ctx.bargaining
    if not ctx.options.bargaining:
        return []
    if summary is None and ctx.sized_out("bargaining"):
        return []  # a note above says it was skipped for its size
    if summary is None:
        return [
            Note(
                "Bargaining (zone of agreement, Nash package): not available, the bargaining "
                "engine (ontable.bargaining) is not installed.",
                missing=True,
            )
        ]
    case = ctx.case
    parties = data.names(case, summary.party_ids)
    weights = {
        "equal": "equally",
        "capability": "by capability",
        "patience": "by patience",
    }.get(str(summary.weights), f"by {summary.weights}")
    if summary.agreement_possible or not summary.out_of_reach:
        zone = summary.explanation
    else:
        zone = (
            "No package beats every party's BATNA: "
            + "; ".join(
                f"{data.party_name(case, r.party)} (BATNA {r.batna:.2f}, best reachable "
                f"{r.best:.2f})"
                for r in summary.reach
                if r.best is not None and not r.within_reach
            )
            + "."
        )
    blocks: list[Block] = [
        Note(
            f"Bargaining between {parties}: {zone} The Nash bargaining package (shown above "
            "as 'nash bargaining') maximises the product of the parties' gains over their "
            f"BATNAs (Nash 1950), the parties weighted {weights} (Binmore, Rubinstein & "
            "Wolinsky 1986)."
        )
    ]
    reach = tuple(
        (
            data.party_name(case, r.party),
            round(r.batna, 3),
            None if r.best is None else round(r.best, 3),
            round(r.best_alone, 3),
            "yes" if r.within_reach else "no",
        )
        for r in summary.reach
    )
    blocks.append(
        Table(
            "bargaining-reach",
            "Is each party's BATNA within reach?",
            ("party", "BATNA", "best with the others at their BATNA", "best alone", "within reach"),
            reach,
        )
    )
    solutions = summary.solutions or ((summary.nash,) if summary.nash is not None else ())
    if solutions:
        names = [SOLUTION_NAMES.get(a.solution, a.solution) for a in solutions]
        rows = tuple(
            (
                data.issue_name(case, issue),
                *(_package_cell(a, issue) for a in solutions),
            )
            for issue in summary.issue_ids
        )
        blocks.append(
            Table(
                "bargaining-nash",
                "The package each bargaining solution picks (position and option)",
                ("issue", *names),
                rows,
            )
        )
    moves = tuple(
        (
            data.party_name(case, s.party or ""),
            s.parameter,
            s.before,
            s.after,
            "yes" if s.agreement else "no",
            ", ".join(data.issue_name(case, i) for i in s.moved) or "nothing",
        )
        for s in summary.sensitivity[1:]
    )
    if moves:
        blocks.append(
            Table(
                "bargaining-sensitivity",
                "How the Nash package moves when one party's BATNA or patience changes",
                ("party", "changed", "from", "to", "agreement", "issues that move"),
                moves,
            )
        )
    return blocks
