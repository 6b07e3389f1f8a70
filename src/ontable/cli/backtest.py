"""The ``ontable backtest`` command: every forecast model against real past outcomes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import typer

from ontable.cli.sweep import EXECUTOR_HELP

DEFAULT_SEED = 20260101
"""The seed of the results shipped with ontable and shown in the docs."""


def register(app: typer.Typer) -> None:
    """Add this part's commands to ``app``."""
    app.command("backtest")(backtest)


def backtest(
    dataset: str = typer.Argument(
        ..., help="A built-in dataset (deu3) or a tab-separated file in the DEU layout."
    ),
    models: list[str] = typer.Option(
        [], "--model", "-m", help="A forecast model to run (repeatable; default: all)."
    ),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Seed for all random draws.", min=0),
    bootstrap: int = typer.Option(
        2000, "--bootstrap", help="Bootstrap resamples for the intervals.", min=100
    ),
    folds: int = typer.Option(10, "--folds", help="Cross-validation folds (ensemble).", min=2),
    capabilities: str = typer.Option(
        "votes", "--capabilities", help="Capability rule: votes (see the docs) or equal."
    ),
    limit: int | None = typer.Option(
        None, "--limit", help="Use only the first N proposals (a quick look).", min=2
    ),
    executor: str = typer.Option("process", "--executor", help=EXECUTOR_HELP),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address (default: a local cluster)."
    ),
    workers: int | None = typer.Option(None, "--workers", help="Worker processes.", min=1),
    chunk_size: int = typer.Option(
        8, "--chunk-size", help="Proposals per task (does not change the numbers).", min=1
    ),
    param: list[str] = typer.Option(
        [],
        "--param",
        help="A model parameter other than its default, MODEL.NAME=VALUE, e.g. bdm.rounds=50 "
        "(repeatable; the shipped results use none).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also write the full results as JSON to this file."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full results as JSON."),
    update_doc: Path | None = typer.Option(
        None,
        "--update-doc",
        help="Rewrite the results block of this Markdown page with this run's tables.",
    ),
) -> None:
    """Backtest every forecast model and naive baselines on past negotiations."""
    import numpy as np
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ontable.backtest import CapabilityRule, run_backtest
    from ontable.backtest.summary import (
        doc_markers,
        has_doc_block,
        replace_doc_block,
        results_markdown,
    )
    from ontable.cli.common import console, emit_json, err_console, fail
    from ontable.datasets import DATASETS, load_dataset
    from ontable.forecast.registry import MODELS, available_models
    from ontable.sweep import EXECUTORS, open_executor

    if executor not in EXECUTORS:
        fail(f"unknown executor {executor!r} (expected one of: {', '.join(EXECUTORS)})")
    if capabilities not in ("votes", "equal"):
        fail(f"unknown capability rule {capabilities!r} (expected votes or equal)")
    offered = available_models()
    for name in models:
        if name not in offered:
            known = ", ".join(offered) if name in MODELS else ", ".join(MODELS)
            fail(f"unknown or unavailable model {name!r} (expected one of: {known})")
    if update_doc is not None:
        try:
            page = update_doc.read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"{update_doc}: cannot read the page: {exc}")
        if not has_doc_block(page, capabilities):
            begin, end = doc_markers(capabilities)
            fail(f"{update_doc}: no results block ({begin} … {end}) to rewrite")
    if dataset not in DATASETS and not Path(dataset).exists():
        fail(
            f"{dataset}: no such file, and not a built-in dataset (built-in: {', '.join(DATASETS)})"
        )
    data = load_dataset(dataset)
    if limit is not None:
        first = list(dict.fromkeys(data.proposal_ids))[:limit]
        data = data.proposals(first)
    rule = CapabilityRule(council="equal" if capabilities == "equal" else "votes")
    settings = parse_params(param, fail)

    progress = Progress(
        TextColumn("backtest {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("proposals"),
        console=err_console,
    )
    with progress, open_executor(executor, workers=workers, scheduler=scheduler) as pool:
        task = progress.add_task(data.name, total=data.n_proposals)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            result = run_backtest(
                data,
                rng=np.random.default_rng(seed),
                models=models or None,
                rule=rule,
                executor=pool,
                chunk_size=chunk_size,
                bootstrap=bootstrap,
                folds=folds,
                progress=advance,
                params=settings,
            )
        except ValueError as exc:
            fail(f"{dataset}: {exc}")
    from dataclasses import replace

    result = replace(
        result,
        recipe={
            "command": "ontable backtest",
            "dataset": dataset if dataset in DATASETS else Path(dataset).name,
            "seed": seed,
            "bootstrap": bootstrap,
            "folds": folds,
            "capabilities": capabilities,
            "limit": limit,
            "params": list(param),
        },
    )
    payload = result.to_dict()
    if output is not None:
        output.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    if update_doc is not None:
        # Read the page again: it may have been edited while the backtest ran.
        page = update_doc.read_text(encoding="utf-8")
        update_doc.write_text(replace_doc_block(page, result), encoding="utf-8")
    if as_json:
        emit_json(payload)
        return
    console.print(
        f"{result.dataset}: {result.n_issues} issues of {result.n_proposals} proposals; "
        f"{len(result.excluded_issues)} issues without a recorded outcome left out; "
        f"{result.n_scored} issues of {result.n_scored_proposals} proposals scored "
        f"(seed {seed}, capabilities: {capabilities}). Errors in points on the 0–100 scale.",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    console.print("")
    console.print(results_markdown(result), markup=False, highlight=False, soft_wrap=True)
    for proposal, failed in result.failures.items():
        for model, message in failed.items():
            err_console.print(f"{model} failed on {proposal}: {message}", markup=False)


def parse_params(
    given: list[str], fail: Callable[[str], NoReturn]
) -> dict[str, dict[str, int | float | str]]:
    """``MODEL.NAME=VALUE`` options as parameters per model (numbers where they parse)."""
    out: dict[str, dict[str, int | float | str]] = {}
    for text in given:
        head, sep, raw = text.partition("=")
        model, dot, name = head.strip().partition(".")
        if not (sep and dot and model and name.strip() and raw.strip()):
            fail(f"--param {text!r}: expected MODEL.NAME=VALUE, e.g. bdm.rounds=50")
        value: int | float | str = raw.strip()
        for kind in (int, float):
            try:
                value = kind(raw)
                break
            except ValueError:
                continue
        out.setdefault(model, {})[name.strip()] = value
    return out
