"""Commands on case files: list, validate, show, schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from ontable.cli.common import console, emit_json, open_case

if TYPE_CHECKING:
    from ontable.model import Case, Document


def register(app: typer.Typer) -> None:
    """Add the case commands to ``app``."""
    app.command("cases")(cases)
    app.command("validate")(validate)
    app.command("show")(show)
    app.command("schema")(schema)
    app.command("migrate")(migrate)


def cases(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the built-in cases."""
    from ontable.io.load import builtin_cases

    names = builtin_cases()
    if as_json:
        emit_json(names)
        return
    for name in names:
        console.print(name)


def validate(
    path: str = typer.Argument(..., help="A case folder, case file or built-in name."),
    strict: bool = typer.Option(
        False, "--strict", help="Also fail while any note still holds a 'review:' line."
    ),
) -> None:
    """Check a case: every problem is printed as file:line: field: what is wrong.

    With --strict, every 'review:' line left in a note (written by `ontable ingest` and
    `ontable init` for a person to check) is listed and the check fails.
    """
    case = open_case(path)
    if strict:
        pending = review_notes(case)
        if pending:
            from ontable.cli.common import err_console, fail

            for where, line in pending:
                err_console.print(f"{where}: {line}", markup=False, highlight=False)
            fail(f"{case.id}: {len(pending)} review notes left; check them and delete each line")
    n_prov = sum(len(d.provisions) for d in case.documents)
    console.print(
        f"{case.id}: valid — {len(case.parties)} parties, {len(case.issues)} issues, "
        f"{len(case.stances)} stances, {len(case.documents)} documents, {n_prov} provisions"
    )


def review_notes(case: Case) -> list[tuple[str, str]]:
    """Every ``review:`` line left in the notes of ``case``, with where it is."""
    notes: list[tuple[str, str | None]] = [("case", case.note)]
    notes += [(f"parties.{p.id}", p.note) for p in case.parties]
    notes += [(f"stances.{s.party}.{s.issue}", s.note) for s in case.stances]
    for d in case.documents:
        notes.append((f"documents.{d.id}", d.note))
        for p in d.provisions:
            notes.append((f"documents.{d.id}.{p.id}", p.note))
            notes += [
                (f"documents.{d.id}.{p.id}.obligations.{k}", o.note)
                for k, o in enumerate(p.obligations)
            ]
    return [
        (where, line.strip())
        for where, note in notes
        for line in (note or "").splitlines()
        if line.strip().startswith("review:")
    ]


def show(
    case: str = typer.Argument(..., help="A built-in case name or a case folder."),
    document: str | None = typer.Argument(None, help="A document id: show its provisions."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show a case's parties and issues, or one document's provisions and obligations."""
    the_case = open_case(case)
    if document is None:
        if as_json:
            emit_json(
                the_case.model_dump(mode="json", exclude={"documents"})
                | {"documents": [d.id for d in the_case.documents]}
            )
            return
        print_case(the_case)
        return
    try:
        doc = the_case.document(document)
    except KeyError as exc:
        from ontable.cli.common import fail

        fail(str(exc))
    if as_json:
        emit_json(doc.model_dump(mode="json"))
        return
    print_document(the_case, doc)


def schema(
    out: Path = typer.Option(Path("schema"), "--out", "-o", help="Folder to write into."),
) -> None:
    """Write the JSON Schemas of case and document files (for editors)."""
    from ontable.io.schema import write_schemas

    for path in write_schemas(out):
        console.print(f"wrote {path}")


def migrate(
    path: str = typer.Argument(..., help="A case folder (or case file) to upgrade in place."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and list; write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Upgrade a case folder to the current file format, in place (safe to re-run)."""
    from ontable.io import CaseError
    from ontable.io.migrate import migrate_folder

    try:
        result = migrate_folder(Path(path), dry_run=dry_run)
    except CaseError as exc:
        from ontable.cli.common import report_problems

        report_problems(exc)
    if as_json:
        emit_json(result.to_dict())
        return
    if not result.changed:
        console.print(f"{result.folder}: already in the current format; nothing to do")
        return
    verb = "would upgrade" if dry_run else "upgraded"
    console.print(f"{result.folder}: {verb} {len(result.changed)} file(s)")
    for note in result.notes:
        console.print(f"  {escape(note)}")


def print_case(case: Case) -> None:
    """Readable tables of a case: parties, issues and documents."""
    from ontable.model import MODALITIES

    console.print(f"[bold]{case.title}[/bold] ({case.id})")
    if case.description:
        console.print(case.description)
    parties = Table("party", "name", "role", "capability", "BATNA", "patience", title="Parties")
    for p in case.parties:
        parties.add_row(
            p.id,
            p.name,
            p.role,
            f"{p.capability:g}",
            "" if p.batna is None else f"{p.batna:g}",
            "" if p.patience is None else f"{p.patience:g}",
        )
    console.print(parties)
    issues = Table("issue", "name", "0 means", "100 means", title="Issues")
    for i in case.issues:
        issues.add_row(i.id, i.name, i.low, i.high)
    console.print(issues)
    docs = Table(
        "document",
        "date",
        "drafted by",
        "points",
        "oblig.",
        *MODALITIES,
        title="Documents (obligations by modality)",
    )
    for d in sorted(case.documents, key=lambda d: (d.date, d.id)):
        counts = {m: 0 for m in MODALITIES}
        for _, ob in d.obligations:
            counts[ob.category] += 1
        docs.add_row(
            d.id,
            d.date.isoformat(),
            ", ".join(d.drafters),
            str(len(d.provisions)),
            str(len(d.obligations)),
            *(str(counts[m]) for m in MODALITIES),
        )
    console.print(docs)


def print_document(case: Case, doc: Document) -> None:
    """A readable table of a document's provisions with their obligations."""
    console.print(f"[bold]{doc.title}[/bold] ({doc.id}, {doc.date}, {doc.kind})")
    console.print(
        f"drafted by {', '.join(doc.drafters)}"
        + (f"; excluded: {', '.join(doc.excluded)}" if doc.excluded else "")
    )
    if doc.revises:
        console.print(f"revises {doc.revises}")
    table = Table("point", "summary", "sets", "obligations", show_lines=True)
    for prov in doc.provisions:
        point = prov.id if prov.parent is None else f"  {prov.id}"
        sets = "\n".join(f"{k}={v:g}" for k, v in prov.issues.items())
        obs = "\n".join(
            escape(f"{'+'.join(o.on)} [{o.modality}] {o.action}")
            + (f" → {', '.join(o.benefits)}" if o.benefits else "")
            for o in prov.obligations
        )
        table.add_row(point, prov.summary, sets, obs)
    console.print(table)
