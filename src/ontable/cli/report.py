"""CLI commands of the report part: ``ontable report``."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path

import typer

from ontable.cli.common import (
    MAX_SAMPLES,
    MAX_SEED,
    console,
    fail,
    open_case,
    record_finished_run,
    store_option,
)
from ontable.errors import unknown_id_message

POOL_FROM_SAMPLES = 5000
"""Sweeps of at least this many samples per model run on a process pool."""


class ReportFormat(StrEnum):
    html = "html"
    md = "md"


def register(app: typer.Typer) -> None:
    """Add this part's commands to ``app``."""
    app.command("report")(report)


def list_builtin_cases() -> None:
    """Print the built-in cases and how to pick one (``ontable report`` with no case)."""
    from ontable.io import builtin_cases, load_case

    names = builtin_cases()
    console.print("Name a case to report on: ontable report CASE", highlight=False)
    console.print("CASE is a built-in case name or a case folder. Built-in cases:", highlight=False)
    for name in names:
        console.print(f"  {name}: {load_case(name).title}", highlight=False, markup=False)
    if names:
        console.print(f"For example: ontable report {names[0]}", highlight=False)


def report(
    case: str | None = typer.Argument(
        None,
        help="A built-in case name or a case folder (without one: the built-in cases are listed).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: report-<case>.html or .md)."
    ),
    models: list[str] | None = typer.Option(
        None,
        "--models",
        "-m",
        help="Forecast models to run, repeated or comma-separated (default: every available one).",
    ),
    samples: int | None = typer.Option(
        None,
        "--samples",
        "-n",
        min=0,
        max=MAX_SAMPLES,
        help="Sweep samples for the uncertainty bands (0: no sweep).",
    ),
    seed: int = typer.Option(
        2025, "--seed", "-s", min=0, max=MAX_SEED, help="Seed of every random draw."
    ),
    format: ReportFormat = typer.Option(
        ReportFormat.html,
        "--format",
        "-f",
        help="html (one offline file) or md (charts beside it).",
    ),
    compare: str | None = typer.Option(
        None,
        "--compare",
        metavar="CASE:DOC",
        help="Add a section comparing one of this case's documents with a text of any case.",
    ),
    compare_document: str | None = typer.Option(
        None,
        "--compare-document",
        help="This case's document to compare (default: the one with the most points).",
    ),
    store: Path | None = store_option(),
    record: bool = typer.Option(True, "--record/--no-record", help="Record the run."),
) -> None:
    """Write a report of a case: ledgers, drafts, proximity, acceptability, forecasts, sources.

    Without a case, list the built-in cases and how to pick one.
    """
    if case is None:
        list_builtin_cases()
        return
    from ontable.forecast.registry import MODELS, available_models
    from ontable.report import ReportOptions, build_report, write_html, write_markdown
    from ontable.report.build import DEFAULT_SAMPLES
    from ontable.sweep import open_executor

    chosen: tuple[str, ...] | None = None
    if models:
        chosen = tuple(
            dict.fromkeys(m.strip() for part in models for m in part.split(",") if m.strip())
        )
        unknown = [m for m in chosen if m not in MODELS]
        if unknown:
            fail(unknown_id_message("model", ", ".join(unknown), MODELS))
        missing = [m for m in chosen if m not in available_models()]
        if missing:
            fail(
                f"model {', '.join(missing)} is not installed yet "
                f"(available: {', '.join(available_models())})"
            )
    the_case = open_case(case)
    compare_with = None
    if compare is not None:
        from ontable.cli.compare import open_text
        from ontable.report.context import CompareWith

        other_case, other_document = open_text(compare, label="--compare")
        if compare_document is not None and compare_document not in {
            d.id for d in the_case.documents
        }:
            fail(
                "--compare-document: "
                + unknown_id_message(
                    "document",
                    compare_document,
                    (d.id for d in the_case.documents),
                    where=f"case '{the_case.id}'",
                )
            )
        compare_with = CompareWith(other_case, other_document, compare_document)
    elif compare_document is not None:
        fail("--compare-document needs --compare CASE:DOC (the text to compare with)")
    suffix = ".md" if format is ReportFormat.md else ".html"
    path = output if output is not None else Path(f"report-{the_case.id}{suffix}")
    if path.exists() and path.is_dir():
        fail(f"{path} is a folder; give a file name with -o")
    options = ReportOptions(
        models=chosen,
        samples=DEFAULT_SAMPLES if samples is None else samples,
        seed=seed,
        compare_with=compare_with,
    )
    start = time.perf_counter()
    # Large sweeps run on a process pool (same numbers as serial: the plan fixes every chunk's
    # seed). At the default size starting the pool costs more than it saves on 2 cores
    # (benchmarks/report.py --stages).
    pool = options.samples >= POOL_FROM_SAMPLES and bool(the_case.stances)
    with (
        console.status("building the report…") as status,
        open_executor("process" if pool else "serial") as executor,
    ):
        built = build_report(
            the_case,
            options,
            progress=lambda s: status.update(f"report: {s}…"),
            executor=executor,
        )
        status.update("writing…")
        if format is ReportFormat.md:
            written = write_markdown(built, path)
        else:
            written = write_html(built, path)
    elapsed = time.perf_counter() - start
    size = path.stat().st_size
    console.print(f"[bold]{built.title}[/bold] ({built.case_id})", highlight=False)
    for number, section in enumerate(built.sections, start=1):
        state = "[yellow]incomplete[/yellow]" if section.missing else "[green]ok[/green]"
        console.print(f"  {number}. {section.title}: {state}", highlight=False)
    charts = len(built.charts)
    extra = f" and {len(written) - 1} chart images" if len(written) > 1 else ""
    console.print(
        f"{charts} charts; models: {', '.join(built.meta['models']) or 'none'}; "
        f"{options.samples} samples; seed {seed}; {size / 1e6:.2f} MB{extra}; {elapsed:.1f} s",
        highlight=False,
    )
    console.print(f"wrote {path.resolve()}", highlight=False, soft_wrap=True)
    if record:
        recorded = record_finished_run(
            store,
            kind="report",
            case=the_case,
            case_ref=case,
            model=",".join(built.meta["models"]) or "none",
            params={
                "models": list(chosen or ()),
                "samples": options.samples,
                "format": format.value,
                **(
                    {"compare": compare, "compare_document": compare_document}
                    if compare is not None
                    else {}
                ),
            },
            seed=seed,
            result={
                "output": str(path.resolve()),
                "files": [str(Path(f).resolve()) for f in written],
                "sections": [
                    {"title": s.title, "missing": bool(s.missing)} for s in built.sections
                ],
                "charts": charts,
            },
            elapsed_s=elapsed,
        )
        if recorded is not None:
            console.print(f"recorded as run {recorded[0]} in {recorded[1]}", highlight=False)
