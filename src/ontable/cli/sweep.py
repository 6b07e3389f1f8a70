"""Commands of the sweep part: ``ontable sweep`` and the run store's ``ontable runs``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ontable.cli.common import MAX_SAMPLES, MAX_SEED, MAX_WORKERS, store_option

if TYPE_CHECKING:
    from ontable.model import Case
    from ontable.store import Run, RunStore
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
        help="Samples per chunk (part of the results' recipe).",
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
    from ontable.sweep import DEFAULT_CHUNK_SIZE, DISTRIBUTIONS, parse_override, plan_sweep

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
            chunk_size=chunk_size or DEFAULT_CHUNK_SIZE,
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


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None or value != value else f"{value:.{digits}f}"


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


def _read_store(store: Path | None) -> RunStore | None:
    from ontable.cli.common import fail
    from ontable.store import RunStore, StoreError, default_store_path

    path = store or default_store_path()
    if not path.exists():
        return None
    try:
        return RunStore(path)
    except StoreError as exc:
        fail(str(exc))


def runs(
    ctx: typer.Context,
    store: Path | None = store_option(),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (a list, one object a run)."),
) -> None:
    """List the recorded runs."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"store": store}
        return
    from rich.table import Table

    from ontable.cli.common import console, emit_json

    run_store = _read_store(store)
    found: list[Run] = []
    if run_store is not None:
        with run_store:
            found = run_store.runs()
    if as_json:
        emit_json([r.to_dict(with_result=False) for r in found])
        return
    if not found:
        console.print("no runs recorded yet", markup=False)
        return
    table = Table(title="Runs")
    for column in ("id", "kind", "status", "case", "model", "samples", "seed", "chunks", "created"):
        table.add_column(column)
    for r in found:
        table.add_row(
            str(r.id),
            r.kind,
            r.status,
            r.case_id,
            r.model,
            str(r.params.get("samples", "")),
            str(r.seed),
            f"{r.chunks_done}/{r.n_chunks}",
            r.created_at,
        )
    console.print(table)


def _value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(v) for v in value) or "none"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_value_text(v)}" for k, v in value.items()) or "none"
    return str(value)


def run_lines(data: dict[str, Any]) -> list[str]:
    """A run's fields as readable ``key: value`` lines: settings one a line, indented; seconds
    to a tenth; no Python dicts or lists."""
    lines: list[str] = []
    for key, value in data.items():
        if key == "elapsed_s":
            lines.append("elapsed: —" if value is None else f"elapsed: {float(value):.1f} s")
        elif isinstance(value, dict):
            lines.append(f"{key}:" if value else f"{key}: none")
            lines += [f"  {k}: {_value_text(v)}" for k, v in value.items()]
        else:
            lines.append(f"{key}: {_value_text(value)}")
    return lines


def show_run(
    ctx: typer.Context,
    run_id: int = typer.Argument(..., help="The run's id (see `ontable runs`)."),
    store: Path | None = store_option(),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one run: its settings, status and results."""
    from rich.table import Table

    from ontable.cli.common import console, emit_json, fail
    from ontable.store import StoreError

    parent_store = (ctx.obj or {}).get("store") if isinstance(ctx.obj, dict) else None
    run_store = _read_store(store or parent_store)
    if run_store is None:
        fail(f"no run {run_id}: no runs recorded yet")
    with run_store:
        try:
            run = run_store.run(run_id)
        except StoreError as exc:
            fail(str(exc))
    if as_json:
        emit_json(run.to_dict())
        return
    for line in run_lines(run.to_dict(with_result=False)):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if run.result:
        table = Table(title="Outcome per issue (0–100)")
        table.add_column("issue")
        levels = list(run.result["issues"][0]["quantiles"]) if run.result["issues"] else []
        for column in ["mean", *levels]:
            table.add_column(column, justify="right")
        for issue in run.result["issues"]:
            table.add_row(
                issue["issue"],
                _fmt(issue["mean"]),
                *(_fmt(issue["quantiles"][q]) for q in levels),
            )
        console.print(table)
