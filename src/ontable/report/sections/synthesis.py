"""The models compared: what each assumes, where they agree and split, which forecasts to
read with care, and how each has scored on past negotiations (when the backtest is there)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ontable.forecast.base import Forecast
from ontable.report.blocks import Block, Cell, Note, Section, Table
from ontable.report.context import Context
from ontable.report.sections.heading import all_forecasts, points

ID = "synthesis"
TITLE = "The models compared"

AGREE = 10.0
"""Models whose forecasts of an issue lie within this many points (of 100) agree on it."""

ASSUMES: dict[str, str] = {
    "compromise": "Everyone pulls the outcome towards their position with the weight of "
    "their capability × salience; the outcome is the weighted mean.",
    "median": "The outcome is the position no weighted majority would move away from: the "
    "weighted median.",
    "bdm": "Parties challenge one another issue by issue when they expect to gain, and those "
    "who expect to lose give way, round after round.",
    "smp": "Parties bargain over all issues at once, each adopting the proposal it expects "
    "coalitions to back.",
    "exchange": "Parties trade concessions on issues they care little about for gains on "
    "issues they care much about.",
    "nash bargaining": "The required parties settle on the package that maximises the "
    "product of their gains over no deal.",
}
"""One sentence per model on what it assumes (see the glossary for sources)."""


def round_cap(fc: Forecast) -> bool:
    """Whether the model stopped at its round limit instead of converging."""
    if fc.extras.get("converged") is False:
        return True
    cap = fc.params.get("rounds", fc.params.get("max_turns"))
    ran = fc.extras.get("rounds_run", fc.rounds)
    return isinstance(cap, int | float) and isinstance(ran, int | float) and 0 < cap <= ran


class Split(NamedTuple):
    """One issue's lowest and highest forecast, their models and the spread."""

    issue_name: str
    low: float
    low_model: str
    high: float
    high_model: str
    spread: float


def splits(frame: pd.DataFrame) -> list[Split]:
    """Per issue of :func:`~ontable.report.sections.heading.points`: the lowest and highest
    forecast and the spread; widest spread first (ties in issue order)."""
    out = []
    for issue_name, g in frame.groupby("issue_name", sort=False):
        values = g["outcome"].to_numpy(dtype=float)
        names = [str(m) for m in g["model"]]
        lo, hi = int(np.argmin(values)), int(np.argmax(values))
        out.append(
            Split(
                str(issue_name),
                float(values[lo]),
                names[lo],
                float(values[hi]),
                names[hi],
                round(float(values[hi] - values[lo]), 1),
            )
        )
    return sorted(out, key=lambda s: -s.spread)


def outside_band(frame: pd.DataFrame) -> pd.DataFrame:
    """The forecasts whose point lies outside their own sweep's 5–95% band."""
    has = frame.dropna(subset=["low", "high"])
    mask = (has["outcome"] < has["low"]) | (has["outcome"] > has["high"])
    return has[mask]


def section(ctx: Context) -> Section:
    """Models table (with backtest scores when available) and the agreement table."""
    intro = (
        "The models are different theories of how a negotiation ends, so they are shown side "
        "by side rather than averaged. This section says what each assumes, on which issues "
        "they agree (forecasts within "
        f"{AGREE:g} points of each other) and where they split, and flags forecasts to read "
        "with care."
    )
    if not ctx.forecasts:
        note = Note("No model ran, so there is nothing to compare.", missing=True)
        return Section(ID, TITLE, intro, (note,))
    frame = points(ctx)
    forecasts = all_forecasts(ctx)
    outside = outside_band(frame)
    scores = backtest_scores(ctx, list(forecasts))
    score_cols = [c for c in scores.columns if c != "model"] if scores is not None else []
    rows: list[tuple[Cell, ...]] = []
    for name, fc in forecasts.items():
        flags = []
        if round_cap(fc):
            flags.append(f"stopped at its round limit ({fc.params.get('rounds', fc.rounds)})")
        n_out = int((outside["model"] == name).sum())
        if n_out:
            flags.append(f"{n_out} forecast(s) outside its own 5–95% band")
        extra: list[Cell] = []
        if scores is not None:
            hit = scores[scores["model"] == name]
            extra = [
                None if hit.empty or pd.isna(hit.iloc[0][c]) else _cell(hit.iloc[0][c])
                for c in score_cols
            ]
        rows.append((name, ASSUMES.get(name, ""), *extra, "; ".join(flags) or "none"))
    columns = ("model", "assumes", *(f"backtest: {c}" for c in score_cols), "read with care")
    blocks: list[Block] = [
        Table("models-compared", "What each model assumes", columns, tuple(rows))
    ]
    if scores is None:
        blocks.append(
            Note(
                "Backtest scores are not shown: the backtest engine (ontable.backtest) is not "
                "installed or provides no synthesis, so no model is scored against past "
                "negotiations here."
            )
        )
    table = splits(frame)
    blocks.append(
        Table(
            "model-splits",
            "Where the models agree and split, widest split first",
            ("issue", "lowest", "by", "highest", "by", "spread", "models"),
            tuple((*r, "agree" if r.spread <= AGREE else "split") for r in table),
            caption=f"Spread: highest minus lowest forecast (0–100); the models agree when it "
            f"is at most {AGREE:g}.",
        )
    )
    return Section(ID, TITLE, intro, tuple(blocks))


def _cell(value: object) -> Cell:
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, int | str):
        return value
    return str(value)


def backtest_scores(ctx: Context, models: list[str]) -> pd.DataFrame | None:
    """The backtest's table for these models, or None when the engine is not there."""
    synthesis = ctx.engines.backtest_synthesis
    if synthesis is None:
        return None
    frame = synthesis(models)
    if not isinstance(frame, pd.DataFrame) or "model" not in frame.columns:
        return None
    return frame
