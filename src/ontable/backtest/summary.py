"""Backtest results in words and tables: what each forecast assumes and how it scored.

:func:`track_record` gives, per forecast, one sentence on what it assumes beside its backtest
error, for a report or web page to show next to the model's forecast. :func:`results_markdown`
writes the tables of ``docs/backtest.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ontable.backtest.engine import ENSEMBLE, KEEP_RULE, BacktestResult, ForecastScore
from ontable.backtest.predict import BASELINES

if TYPE_CHECKING:
    import pandas as pd

LABELS: dict[str, str] = {
    "compromise": "Compromise (`compromise`)",
    "median": "Weighted median (`median`)",
    "bdm": "Bueno de Mesquita (`bdm`)",
    "smp": "KTAB spatial model (`smp`)",
    "exchange": "Exchange (`exchange`)",
    "reference_point": "Reference point (no change)",
    "commission": "Commission proposal",
    "mean": "Mean of positions",
    "plain_median": "Median of positions",
    "weighted_mean": "Capability × salience weighted mean",
    ENSEMBLE: "Ensemble (out of fold)",
}
"""Display names of the forecasts."""

TITLES: dict[str, str] = {"deu3": "DEU III (EU legislation, 1996–2019)"}
"""Display names of the built-in datasets."""

ASSUMPTIONS: dict[str, str] = {
    "compromise": "The outcome is the capability × salience weighted mean of the positions: "
    "every actor pulls it toward its own position in proportion to power and interest.",
    "median": "The outcome is the position a capability × salience weighted majority "
    "prefers to any other (the weighted median), as in a vote on single-peaked preferences.",
    "bdm": "Actors challenge, concede or compromise round by round according to their "
    "expected utility of a contest; the outcome is the weighted median of where they end.",
    "smp": "Actors bargain turn by turn and adopt the bargain the whole body is most likely "
    "to back in a probabilistic vote; the outcome is where the positions settle.",
    "exchange": "Actors trade positions across issues, giving ground where they care less for "
    "ground where they care more; the outcome is the weighted mean after the trades.",
    "reference_point": "Nothing changes: the outcome is what would hold without a new law.",
    "commission": "The proposer's text passes as proposed.",
    "mean": "Every actor with a position counts the same: the outcome is their plain mean.",
    "plain_median": "Every actor with a position counts the same: the outcome is their median.",
    "weighted_mean": "Like the compromise model: the capability × salience weighted mean.",
    ENSEMBLE: "A weighted average of the forecasts, weights fitted on other proposals.",
}
"""One sentence per forecast on what it assumes (descriptive, not a verdict)."""


@dataclass(frozen=True)
class TrackRecord:
    """One forecast's assumption and its backtest error (0–100 scale), for display."""

    name: str
    label: str
    assumes: str
    dataset: str
    n_issues: int
    mae: float
    mae_low: float
    mae_high: float
    weighted_mean_mae: float
    beats_weighted_mean: float

    @property
    def text(self) -> str:
        """The assumption and the error in one short paragraph."""
        return (
            f"{self.assumes} Backtest on {self.dataset} ({self.n_issues} issues): mean absolute "
            f"error {self.mae:.1f} points (95% interval {self.mae_low:.1f}–{self.mae_high:.1f}); "
            f"the capability × salience weighted mean: {self.weighted_mean_mae:.1f}."
        )


def track_record(result: BacktestResult | None = None) -> list[TrackRecord]:
    """Per forecast (models first, then the ensemble if kept, then baselines), what it
    assumes and its backtest error; by default from the results shipped with ontable
    (:func:`ontable.datasets.shipped_backtest`)."""
    if result is None:
        from ontable.datasets import shipped_backtest

        result = shipped_backtest()
    wmean = result.score("weighted_mean").mae
    order = [s for s in result.scores if s.kind == "model"]
    if result.ensemble.kept:
        order += [s for s in result.scores if s.kind == "ensemble"]
    order += [s for s in result.scores if s.kind == "baseline"]
    return [
        TrackRecord(
            name=s.name,
            label=LABELS.get(s.name, s.name),
            assumes=ASSUMPTIONS.get(s.name, ""),
            dataset=TITLES.get(result.dataset, result.dataset),
            n_issues=s.n_issues,
            mae=s.mae,
            mae_low=s.mae_low,
            mae_high=s.mae_high,
            weighted_mean_mae=wmean,
            beats_weighted_mean=s.beats_weighted_mean,
        )
        for s in order
    ]


def doc_markers(capabilities: str = "votes") -> tuple[str, str]:
    """The comments that open and close the results block of a docs page, one block per
    capability rule."""
    return (
        f"<!-- backtest results, capabilities {capabilities}: begin "
        "(written by ontable backtest --update-doc) -->",
        f"<!-- backtest results, capabilities {capabilities}: end -->",
    )


def _rule(result: BacktestResult) -> str:
    return str(result.recipe.get("capabilities", result.capability_rule.get("council", "votes")))


def doc_block(result: BacktestResult) -> str:
    """The results block of a docs page: the command that made it, then the tables."""
    recipe = result.recipe
    command = (
        f"ontable backtest {recipe.get('dataset', result.dataset)} --seed {recipe.get('seed')}"
        f" --bootstrap {recipe.get('bootstrap')} --folds {recipe.get('folds')}"
        f" --capabilities {_rule(result)}"
    )
    if recipe.get("limit"):
        command += f" --limit {recipe['limit']}"
    for given in recipe.get("params") or ():
        command += f" --param {given}"
    head = (
        f"Made by `{command}`: {result.n_issues} issues of {result.n_proposals} proposals, "
        f"{len(result.excluded_issues)} left out for want of an outcome, {result.n_scored} "
        f"issues of {result.n_scored_proposals} proposals scored. Errors are in points on the "
        "0–100 scale; intervals are 95% cluster-bootstrap intervals over proposals."
    )
    begin, end = doc_markers(_rule(result))
    return f"{begin}\n\n{head}\n\n{results_markdown(result)}\n{end}"


def has_doc_block(page: str, capabilities: str = "votes") -> bool:
    """Whether ``page`` has the results markers of the capability rule, in order."""
    begin, end = doc_markers(capabilities)
    start = page.find(begin)
    return start >= 0 and page.find(end, start) > start


def replace_doc_block(page: str, result: BacktestResult) -> str:
    """``page`` with the text between the result's markers replaced by :func:`doc_block`."""
    begin, end = doc_markers(_rule(result))
    if not has_doc_block(page, _rule(result)):
        raise ValueError(f"the page has no results block ({begin} … {end})")
    start = page.find(begin)
    stop = page.find(end, start)
    return page[:start] + doc_block(result) + page[stop + len(end) :]


def _signed(x: float) -> str:
    """A signed difference to one decimal, or two where one would round a non-zero to 0."""
    return f"{x:+.2f}" if 0 < abs(x) < 0.05 else f"{x:+.1f}"


def _row(s: ForecastScore) -> str:
    label = LABELS.get(s.name, s.name)
    if s.name == "weighted_mean":
        versus = "—"
        share = "—"
    else:
        versus = (
            f"{_signed(s.vs_weighted_mean)} ({_signed(s.vs_weighted_mean_low)} to "
            f"{_signed(s.vs_weighted_mean_high)})"
        )
        share = f"{100 * s.beats_weighted_mean:.0f}%"
        if s.ties_weighted_mean >= 0.005:
            share += f" ({100 * s.ties_weighted_mean:.0f}% tied)"
    capped = str(s.round_capped) if s.kind == "model" else "—"
    return (
        f"| {label} | {s.n_issues} | {s.mae:.1f} ({s.mae_low:.1f}–{s.mae_high:.1f}) "
        f"| {versus} | {share} | {capped} |"
    )


def _label(name: str) -> str:
    return LABELS.get(name, name)


def ensemble_text(result: BacktestResult) -> str:
    """What the ensemble is, its out-of-fold error against the weighted mean, the best single
    model and the best single forecast, and whether the backtest keeps it (in words)."""
    e = result.ensemble
    ens = result.score(ENSEMBLE)
    weights = ", ".join(
        f"{_label(c)} {w:.2f}"
        for c, w in sorted(zip(e.components, e.weights, strict=True), key=lambda cw: -cw[1])
        if w >= 0.005
    )
    same = "".join(
        f" ({_label(a)} left out: the same forecast as {_label(b)})"
        for a, b in e.duplicates.items()
    )
    text = (
        f"Ensemble: a stacked combination of every forecast that covers every issue{same}, "
        "weights non-negative and summing to one, fitted to minimise the absolute error; "
        f"{e.folds}-fold cross-validation over proposals, weights fitted on the training folds "
        f"only. Weights fitted on all issues: {weights}. Out of fold its MAE is {e.mae:.1f} "
        f"({e.mae_low:.1f}–{e.mae_high:.1f}), {_signed(ens.vs_weighted_mean)} "
        f"({_signed(ens.vs_weighted_mean_low)} to {_signed(ens.vs_weighted_mean_high)}) "
        "against the weighted mean's."
    )
    if e.best_model:
        text += (
            f" The best single model is {_label(e.best_model)}, MAE {e.best_model_mae:.1f} "
            f"({e.best_model_oof_mae:.1f} when chosen out of fold): the ensemble is "
            + ("kept" if e.kept else "not kept")
            + f" (the rule: {KEEP_RULE})."
        )
    else:
        text += " No model forecast every issue, so there is no model to beat: not kept."
    if e.best_forecast != e.best_model:
        kind = "a baseline" if e.best_forecast in BASELINES else "a model"
        text += (
            f" The best single forecast on all issues is {kind}, {_label(e.best_forecast)}, "
            f"MAE {e.best_forecast_mae:.1f} ({e.best_forecast_oof_mae:.1f} when chosen out of "
            f"fold); the ensemble's MAE minus its: {_signed(e.vs_best_forecast)} "
            f"({_signed(e.vs_best_forecast_low)} to {_signed(e.vs_best_forecast_high)})."
        )
    return text


def baselines_ahead(result: BacktestResult) -> str:
    """Which baselines have a lower MAE than which models (and the ensemble, if kept), in
    words: a model that loses to a baseline is named, not hidden."""
    models = [s for s in result.scores if s.kind == "model"]
    if result.ensemble.kept:
        models += [s for s in result.scores if s.kind == "ensemble"]
    parts = []
    for b in sorted(
        (s for s in result.scores if s.kind == "baseline"), key=lambda s: (s.mae, s.name)
    ):
        behind = [m for m in models if m.mae > b.mae]
        if not behind:
            continue
        who = (
            "every model" + (" and the ensemble" if result.ensemble.kept else "")
            if len(behind) == len(models)
            else ", ".join(_label(m.name) for m in sorted(behind, key=lambda m: m.mae))
        )
        issues = f", on {b.n_issues} issues" if b.n_issues < result.n_scored else ""
        parts.append(f"{_label(b.name)} ({b.mae:.1f}{issues}) has a lower MAE than {who}")
    if not parts:
        return "Baselines ahead of models: none; every model has a lower MAE than every baseline."
    return "Baselines ahead of models: " + "; ".join(parts) + "."


def results_markdown(result: BacktestResult) -> str:
    """The results as Markdown tables: scores, the ensemble, and MAE by group."""
    ranked = sorted(result.scores, key=lambda s: (s.mae, s.name))
    lines = [
        "| Forecast | Issues | MAE (95% interval) | MAE − weighted mean's (95% interval) "
        "| Beats weighted mean | Cases at round cap |",
        "|---|---:|---:|---:|---:|---:|",
        *(_row(s) for s in ranked),
        "",
    ]
    lines += [ensemble_text(result), "", baselines_ahead(result), ""]
    for grouping in dict.fromkeys(g.grouping for g in result.groups):
        rows = [g for g in result.groups if g.grouping == grouping]
        values = list(dict.fromkeys(g.group for g in rows))
        sizes = {v: max(g.n_issues for g in rows if g.group == v) for v in values}
        lines += [
            f"MAE by {grouping}:",
            "",
            "| Forecast | " + " | ".join(f"{v} ({sizes[v]})" for v in values) + " |",
            "|---|" + "---:|" * len(values),
        ]
        for s in ranked:
            cells = []
            for v in values:
                g = next(g for g in rows if g.group == v and g.name == s.name)
                cells.append("—" if g.n_issues == 0 else f"{g.mae:.1f}")
            lines.append(f"| {LABELS.get(s.name, s.name)} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def synthesis(models: Sequence[str]) -> pd.DataFrame:
    """The backtest's track record of these models, one row each, for a report: what the model
    assumes and its mean absolute error on the shipped backtest, with its 95% interval and
    the capability × salience weighted mean's error beside it. Models the backtest did not
    score are left out."""
    import pandas

    records = {r.name: r for r in track_record()}
    rows = [
        {
            "model": name,
            "assumes": records[name].assumes,
            "backtest": records[name].dataset,
            "issues": records[name].n_issues,
            "MAE": round(records[name].mae, 1),
            "95% interval": f"{records[name].mae_low:.1f}–{records[name].mae_high:.1f}",
            "weighted mean's MAE": round(records[name].weighted_mean_mae, 1),
        }
        for name in models
        if name in records
    ]
    return pandas.DataFrame(
        rows,
        columns=[
            "model",
            "assumes",
            "backtest",
            "issues",
            "MAE",
            "95% interval",
            "weighted mean's MAE",
        ],
    )
