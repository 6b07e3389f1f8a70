"""CLI commands of the forecast part: ``ontable forecast CASE --model NAME``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ontable.cli.common import (
    MAX_ROUNDS,
    MAX_SEED,
    console,
    emit_json,
    fail,
    fail_unknown,
    open_case,
    record_finished_run,
    store_option,
)

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
    store: Path | None = store_option(),
    record: bool = typer.Option(True, "--record/--no-record", help="Record the run."),
) -> None:
    """Forecast each issue's outcome with one model (see the models' doc pages); record the run."""
    import time

    import numpy as np

    from ontable.forecast.registry import available_models, get_model
    from ontable.model.arrays import case_arrays

    try:
        run = get_model(model)  # imports this model only
    except (KeyError, ImportError, AttributeError):
        fail_unknown("model", model, available_models())
    the_case = open_case(case)
    if scenario is not None and scenario not in {s.id for s in the_case.scenarios}:
        fail_unknown(
            "scenario", scenario, (s.id for s in the_case.scenarios), where=f"case '{the_case.id}'"
        )
    if not the_case.stances:
        fail(f"{case}: the case has no stances yet, so there is nothing to forecast")
    arrays = case_arrays(the_case, scenario)
    params: dict[str, Any] = {}
    if rounds is not None:
        params[ROUNDS_PARAMETER.get(model, "rounds")] = rounds
    start = time.perf_counter()
    try:
        result = run(arrays, params=params or None, rng=np.random.default_rng(seed))
    except ValueError as exc:
        fail(f"{model}: {exc}")
    recorded = None
    if record:
        data = result.to_dict()
        data.pop("path")
        recorded = record_finished_run(
            store,
            kind="forecast",
            case=the_case,
            case_ref=case,
            model=model,
            params={**params, "scenario": scenario},
            seed=seed,
            result=data,
            elapsed_s=time.perf_counter() - start,
        )
    if as_json:
        data = result.to_dict()
        data["seed"] = seed
        data["scenario"] = scenario
        if recorded is not None:
            data["run"] = recorded[0]
        if not path:
            data.pop("path")
        emit_json(data)
        return
    _print_outcome(the_case, result, scenario)
    if path:
        _print_path(result)
    if recorded is not None:
        console.print(f"recorded as run {recorded[0]} in {recorded[1]}", highlight=False)


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
