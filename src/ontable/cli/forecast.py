"""CLI commands of the forecast part: ``ontable forecast CASE --model NAME``."""

from __future__ import annotations

from typing import Any

import typer

from ontable.cli.common import MAX_ROUNDS, MAX_SEED, console, emit_json, fail, open_case

ROUNDS_PARAMETER = {"smp": "max_turns"}
"""The parameter ``--rounds`` sets, where a model does not call it ``rounds``."""


def register(app: typer.Typer) -> None:
    """Add this part's commands to ``app``."""
    app.command("forecast")(forecast)


def forecast(
    case: str = typer.Argument(..., help="A built-in case name or a case folder."),
    model: str = typer.Option("compromise", "--model", "-m", help="Forecast model name."),
    rounds: int | None = typer.Option(
        None, "--rounds", min=1, max=MAX_ROUNDS, help="Most rounds (iterative models)."
    ),
    seed: int = typer.Option(
        0, "--seed", min=0, max=MAX_SEED, help="Seed of the random generator."
    ),
    scenario: str | None = typer.Option(None, "--scenario", help="A scenario id of the case."),
    path: bool = typer.Option(False, "--path", help="Also print the round-by-round path."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Forecast each issue's outcome with one model (see the models' doc pages)."""
    import numpy as np

    from ontable.forecast.registry import available_models, get_model
    from ontable.model.arrays import case_arrays

    names = available_models()
    if model not in names:
        fail(f"unknown model '{model}' (available: {', '.join(names)})")
    the_case = open_case(case)
    if scenario is not None and scenario not in {s.id for s in the_case.scenarios}:
        known = ", ".join(s.id for s in the_case.scenarios) or "none"
        fail(f"{case}: scenario '{scenario}' not found (expected one of: {known})")
    if not the_case.stances:
        fail(f"{case}: the case has no stances yet, so there is nothing to forecast")
    arrays = case_arrays(the_case, scenario)
    params: dict[str, Any] = {}
    if rounds is not None:
        params[ROUNDS_PARAMETER.get(model, "rounds")] = rounds
    try:
        result = get_model(model)(arrays, params=params or None, rng=np.random.default_rng(seed))
    except ValueError as exc:
        fail(f"{model}: {exc}")
    if as_json:
        data = result.to_dict()
        data["seed"] = seed
        data["scenario"] = scenario
        if not path:
            data.pop("path")
        emit_json(data)
        return
    _print_outcome(the_case, result, scenario)
    if path:
        _print_path(result)


def _print_outcome(case: Any, result: Any, scenario: str | None) -> None:
    from rich.table import Table

    title = f"{case.id}: {result.model} forecast" + (f" (scenario {scenario})" if scenario else "")
    table = Table("issue", "outcome", "0 means", "100 means", title=title)
    for issue_id, value in zip(result.issue_ids, result.outcome, strict=True):
        issue = case.issue(issue_id)
        table.add_row(issue_id, f"{value:.1f}", issue.low, issue.high)
    console.print(table)
    console.print(f"rounds: {result.rounds}", highlight=False)


def _print_path(result: Any) -> None:
    from rich.table import Table

    rounds = result.path.shape[-3]
    for i, issue_id in enumerate(result.issue_ids):
        table = Table("round", *result.party_ids, title=f"path: {issue_id}")
        for r in range(rounds):
            table.add_row(str(r), *(f"{v:.1f}" for v in result.path[r, :, i]))
        console.print(table)
