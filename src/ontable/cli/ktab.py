"""CLI commands for KTAB interoperability: import a KTAB scenario CSV as a case folder."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add this part's commands to ``app``."""
    app.command("import-ktab")(import_ktab)


def import_ktab(
    csv_file: Path = typer.Argument(..., help="A KTAB scenario CSV file."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Case folder to write (default: ./<scenario id>)."
    ),
    source: str | None = typer.Option(
        None, "--source", help="The http(s) address the imported stances cite (default: KTAB)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing case folder."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Import a KTAB scenario CSV (actors, power, positions, saliences) as an ontable case."""
    from ontable.cli.common import console, emit_json, fail, report_problems
    from ontable.io import CaseError, dump_case
    from ontable.io.ktab import KTAB_SOURCE, read_ktab_csv

    if source is not None and not source.startswith(("http://", "https://")):
        fail(f"--source must be an http(s) address; got {source!r}")
    try:
        case = read_ktab_csv(csv_file, source=source or KTAB_SOURCE)
    except CaseError as exc:
        report_problems(exc)
    folder = out if out is not None else Path(case.id)
    if folder.exists() and not folder.is_dir():
        fail(f"{folder}: exists and is not a folder")
    if (folder / "case.yaml").exists() and not force:
        fail(f"{folder}: already holds a case (use --force to overwrite it)")
    case_file = dump_case(case, folder)
    if as_json:
        emit_json(
            {
                "case": str(case_file),
                "id": case.id,
                "parties": len(case.parties),
                "issues": len(case.issues),
            }
        )
        return
    console.print(
        f"wrote {case_file}: {len(case.parties)} parties, {len(case.issues)} issues, "
        f"{len(case.stances)} stances",
        markup=False,
        highlight=False,
    )
