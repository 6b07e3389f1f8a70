"""The run store's commands: ``ontable runs`` lists the recorded runs, ``runs show`` one run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ontable.cli.common import store_option

if TYPE_CHECKING:
    from ontable.store import Run, RunStore


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None or value != value else f"{value:.{digits}f}"


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
