"""Commands of the sweep part: ``ontable sweep`` and the run store's ``ontable runs``.

The ``runs`` commands themselves live in :mod:`ontable.cli.runs`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ontable.cli.common import MAX_SAMPLES, MAX_SEED, MAX_WORKERS, store_option
from ontable.cli.runs import _fmt, runs, show_run

if TYPE_CHECKING:
    from ontable.model import Case
    from ontable.store import RunStore
    from ontable.sweep import ExecutorKind, SweepPlan, SweepResult

EXECUTOR_HELP = "Where chunks run: serial, process (a pool on all cores) or dask."


def register(app: typer.Typer) -> None:
    """Add this part's commands to ``app``."""
    app.command("sweep")(sweep)
    runs_app = typer.Typer(
        help="List the recorded runs, or show one.",
        invoke_without_command=True,
        no_args_is_help=False,
    )
    runs_app.callback()(runs)
    runs_app.command("show")(show_run)
    app.add_typer(runs_app, name="runs")


SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")


def check_scheduler(value: str | None) -> str | None:
    """``--scheduler``: a Dask address such as ``tcp://host:8786``, or a clear usage error."""
    if value is None:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (
        parts is None
        or parts.scheme not in SCHEDULER_SCHEMES
        or not parts.hostname
        or (parts.scheme != "inproc" and port is None)
        or any(c.isspace() for c in value)
    ):
        raise typer.BadParameter(
            f"{value!r} is not a Dask scheduler address "
            f"(expected SCHEME://HOST:PORT with SCHEME one of {', '.join(SCHEDULER_SCHEMES)}, "
            "e.g. tcp://127.0.0.1:8786)"
        )
    return value


def sweep(
    case: str | None = typer.Argument(
        None, help="A built-in case name or a case folder (optional with --resume)."
    ),
    model: str | None = typer.Option(None, "--model", "-m", help="Forecast model."),
    samples: int = typer.Option(
        1000, "--samples", "-n", help="Samples to draw.", min=1, max=MAX_SAMPLES
    ),
    executor: str = typer.Option("process", "--executor", help=EXECUTOR_HELP),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler address such as tcp://host:8786 (default: a local cluster).",
        callback=check_scheduler,
    ),
    workers: int | None = typer.Option(
        None, "--workers", help="Worker processes.", min=1, max=MAX_WORKERS
    ),
    seed: int | None = typer.Option(
        None, "--seed", help="Seed (default: a fresh one).", min=0, max=MAX_SEED
    ),
    store: Path | None = store_option(),
    shocks: list[str] = typer.Option(
        [], "--set", help="Fix an input: party.field[.issue]=value (repeatable)."
    ),
    scenario: str | None = typer.Option(None, "--scenario", help="A scenario of the case."),
    distribution: str = typer.Option(
        "triangular", "--distribution", help="uniform, triangular (peak at the point) or beta."
    ),
    chunk_size: int | None = typer.Option(
        None,
        "--chunk-size",
        help="Samples per chunk (part of the results' recipe); default: 1/32 of the samples, at least 1,000.",
        min=1,
        max=MAX_SAMPLES,
    ),
    resume: int | None = typer.Option(
        None, "--resume", help="Finish an interrupted run.", min=1, max=MAX_SEED
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Forecast many times over inputs drawn within the case's ranges; record the run."""
    from ontable.cli.common import fail, fail_unknown
    from ontable.store import RunStore, StoreError, default_store_path
    from ontable.sweep import EXECUTORS
    from ontable.sweep.record import start_sweep_run

    if executor not in EXECUTORS:
        fail_unknown("executor", executor, EXECUTORS)
    store_path = store or default_store_path()
    try:
        run_store = RunStore(store_path)
    except StoreError as exc:
        fail(str(exc))
    with run_store:
        resume_case: Case | None = None
        if resume is not None:
            run_id = resume
            resume_case, plan = _resume_plan(run_store, resume, case)
        else:
            if case is None:
                fail("give a CASE (a built-in name or a folder), or --resume RUN")
            if model is None:
                fail("give a model with --model (e.g. --model compromise)")
            the_case, case_ref = _open(case)
            plan = _new_plan(
                the_case,
                model=model,
                samples=samples,
                seed=seed,
                shocks=shocks,
                scenario=scenario,
                distribution=distribution,
                chunk_size=chunk_size,
            )
            run_id = start_sweep_run(run_store, the_case, plan, case_ref=case_ref)
        result, elapsed = _execute(
            run_store, run_id, plan, executor, workers, scheduler, resume_case
        )
        if as_json:
            from ontable.cli.common import emit_json

            emit_json({"run": run_id, "store": str(run_store.path), **result.to_dict()})
            return
        _print_result(result, run_id, run_store.path, elapsed)


def _open(case: str) -> tuple[Case, str]:
    from ontable.cli.common import open_case

    path = Path(case)
    return open_case(case), str(path.resolve()) if path.exists() else case


def _new_plan(
    case: Case,
    *,
    model: str,
    samples: int,
    seed: int | None,
    shocks: list[str],
    scenario: str | None,
    distribution: str,
    chunk_size: int | None,
) -> SweepPlan:
    import secrets

    from ontable.cli.common import fail, fail_unknown
    from ontable.sweep import DISTRIBUTIONS, parse_override, plan_sweep

    if distribution not in DISTRIBUTIONS:
        fail_unknown("distribution", distribution, DISTRIBUTIONS)
    if scenario is not None and scenario not in {s.id for s in case.scenarios}:
        fail_unknown(
            "scenario", scenario, (s.id for s in case.scenarios), where=f"case '{case.id}'"
        )
    overrides = []
    for text in shocks:
        try:
            overrides.append((text, parse_override(text, case)))
        except ValueError as exc:
            fail(f"--set {exc}")
    try:
        return plan_sweep(
            case,
            model=model,
            samples=samples,
            seed=secrets.randbits(32) if seed is None else seed,
            distribution=distribution,
            scenario=scenario,
            overrides=overrides,
            chunk_size=chunk_size,
        )
    except KeyError as exc:
        fail(str(exc.args[0]) if exc.args else str(exc))
    except (ImportError, AttributeError):
        from ontable.forecast.registry import available_models

        fail(f"model {model!r} is not available yet (available: {', '.join(available_models())})")
    except ValueError as exc:
        fail(str(exc))


def _resume_plan(store: RunStore, run_id: int, case: str | None) -> tuple[Case, SweepPlan]:
    from ontable.cli.common import fail
    from ontable.errors import OntableError
    from ontable.store import StoreError
    from ontable.sweep.record import recorded_plan

    try:
        run = store.run(run_id)
    except StoreError as exc:
        fail(str(exc))
    if run.kind != "sweep":
        fail(f"run {run_id} is a {run.kind} run, not a sweep")
    ref = case or run.case_ref
    if ref is None:
        fail(f"run {run_id} does not say where its case is: give the CASE")
    the_case, _ = _open(ref)
    try:
        return the_case, recorded_plan(store, run_id, the_case)
    except (OntableError, ValueError) as exc:
        fail(str(exc))


def _execute(
    store: RunStore,
    run_id: int,
    plan: SweepPlan,
    executor: ExecutorKind,
    workers: int | None,
    scheduler: str | None,
    resume_case: Case | None,
) -> tuple[SweepResult, float]:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from ontable.cli.common import err_console, fail
    from ontable.store import StoreError
    from ontable.sweep import open_executor
    from ontable.sweep.record import execute_sweep_run, resume_sweep

    progress = Progress(
        TextColumn(f"[bold]run {run_id}[/] {plan.model}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("samples"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
    )
    task = progress.add_task("sweep", total=plan.samples)

    def report(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    try:
        with progress, open_executor(executor, workers=workers, scheduler=scheduler) as pool:
            if resume_case is not None:
                return resume_sweep(store, run_id, resume_case, pool, progress=report)
            return execute_sweep_run(store, run_id, plan, pool, progress=report)
    except StoreError as exc:  # e.g. the run is still running in another process
        fail(str(exc))
    except KeyboardInterrupt:
        done = store.run(run_id).chunks_done
        fail(
            f"interrupted: {done} of {plan.n_chunks} chunks of run {run_id} are stored; "
            f"finish it with: ontable sweep --resume {run_id} --store {store.path}",
            130,
        )
    except (OSError, RuntimeError) as exc:
        fail(f"sweep failed: {exc}")


def _print_result(result: SweepResult, run_id: int, store_path: Path, elapsed: float) -> None:
    from rich.table import Table

    from ontable.cli.common import console

    console.print(
        f"run {run_id}: {result.case_id} · {result.model} · {result.samples} samples · "
        f"seed {result.seed} · {result.distribution} · {elapsed:.1f} s · stored in {store_path}",
        markup=False,
        highlight=False,
    )
    table = Table(title="Outcome per issue (0–100)")
    table.add_column("issue")
    for column in ["mean", *(f"q{round(q * 100):02d}" for q in result.quantile_levels)]:
        table.add_column(column, justify="right")
    columns = [result.mean, *result.quantiles.T]
    for i, issue in enumerate(result.issue_ids):
        table.add_row(issue, *(_fmt(float(c[i])) for c in columns))
    console.print(table)
    drivers = Table(title="Top drivers per issue (first-order index S, Spearman ρ)")
    for column, justify in (("issue", "left"), ("input", "left"), ("S", "right"), ("ρ", "right")):
        drivers.add_column(column, justify=justify)  # type: ignore[arg-type]
    for issue in result.issue_ids:
        top = result.top_drivers(issue, 3)
        for rank, (name, s, rho) in enumerate(
            zip(top["input"], top["first_order"], top["spearman"], strict=True)
        ):
            drivers.add_row(issue if rank == 0 else "", name, _fmt(s, 2), _fmt(rho, 2))
        if top.empty:
            drivers.add_row(issue, "(no input varies)", "–", "–")
        drivers.add_section()
    console.print(drivers)
    if result.document_ids:
        accept = Table(title="Probability each party accepts each document (utility ≥ BATNA)")
        accept.add_column("document")
        for party in result.party_ids:
            accept.add_column(party, justify="right")
        for d, doc in enumerate(result.document_ids):
            accept.add_row(doc, *(_fmt(float(p), 2) for p in result.acceptance[d]))
        console.print(accept)
