"""``ontable ingest``: a plan's text → a first-cut document YAML, or a score against a coded one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ontable.cli.common import console, emit_json, err_console, fail, open_case, report_problems

if TYPE_CHECKING:
    import datetime as dt

    from ontable.io.ingest.evaluate import Score
    from ontable.model import Case, Document

_ID = re.compile(r"[a-z0-9][a-z0-9_.\-]{0,79}")
_URL = re.compile(r"https?://\S+")
_KINDS = (
    "proposal",
    "counter-proposal",
    "framework",
    "memorandum",
    "position",
    "agreement",
    "statement",
)


def register(app: typer.Typer) -> None:
    """Add the ingest commands to ``app``."""
    app.command("ingest")(ingest)
    app.command("ingest-score")(ingest_score)


def ingest(
    file: Path = typer.Argument(..., help="The plan's text: .txt, .md, .html or .pdf."),
    case: str = typer.Option(..., "--case", help="A built-in case name or a case folder."),
    document_id: str | None = typer.Option(None, "--id", help="The new document's id."),
    source: str | None = typer.Option(None, "--source", help="URL the text comes from."),
    revises: str | None = typer.Option(None, "--revises", help="Id of the document it revises."),
    title: str | None = typer.Option(None, "--title", help="Title (default: first heading)."),
    date: str | None = typer.Option(
        None, "--date", help="Date as YYYY-MM-DD (default: a date the text states, else unknown)."
    ),
    drafter: list[str] | None = typer.Option(
        None, "--drafter", help="A drafting party's id (repeat for several)."
    ),
    kind: str | None = typer.Option(None, "--kind", help=f"One of: {', '.join(_KINDS)}."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="File to write (default: the case folder's documents/<id>.yaml)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
    evaluate_against: str | None = typer.Option(
        None,
        "--evaluate",
        help="A document id of the case or a document YAML file: score the ingester against it.",
    ),
    new_case: bool = typer.Option(
        False,
        "--new-case",
        help="Propose the case's parties from the names the text uses (you confirm each), "
        "then read the text against them. The case must be a folder (see ontable init).",
    ),
    yes: bool = typer.Option(False, "--yes", help="With --new-case: accept every proposal."),
    time_budget: float = typer.Option(
        300.0, "--time-budget", min=1.0, help="Seconds the reading may take before it stops."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Read a plan's text and write a first-cut coded document for a person to review.

    Every guess carries a 'review:' line in a note; numbers go in 'quantity:' lines. What the
    text does not say (who drafted it, its date) is left out, not guessed: give --drafter and
    --date, or fill them in before the case validates.

    With --evaluate nothing is written: FILE's reading is scored against a coded document.
    """
    if new_case:
        from ontable.cli.init import propose_parties

        propose_parties(file, case, yes)
    the_case = open_case(case)
    if evaluate_against is not None:
        _evaluate(file, the_case, evaluate_against, as_json)
        return

    if document_id is None:
        fail("ingest: give the new document's id with --id")
    if not _ID.fullmatch(document_id):
        fail(f"ingest: --id '{document_id}' is not a valid id (lower-case letters, digits, -_.)")
    if source is None:
        fail("ingest: give the URL the text comes from with --source")
    if not _URL.fullmatch(source):
        fail(f"ingest: --source '{source}' is not an http:// or https:// URL")
    if kind is not None and kind not in _KINDS:
        fail(f"ingest: --kind '{kind}' is not one of: {', '.join(_KINDS)}")
    if document_id in {d.id for d in the_case.documents}:
        if not force:
            fail(
                f"ingest: the case already has a document '{document_id}'; "
                "choose another --id, or --force to replace it"
            )
        the_case = the_case.model_copy(
            update={"documents": tuple(d for d in the_case.documents if d.id != document_id)}
        )
    if revises is not None and revises not in {d.id for d in the_case.documents}:
        known = ", ".join(d.id for d in the_case.documents) or "none"
        fail(f"ingest: --revises '{revises}' is not a document of the case (known: {known})")
    for party in drafter or ():
        if party not in the_case.party_ids:
            fail(f"ingest: --drafter '{party}' is not a party of the case")
    day = _parse_date(date)
    target = _target(case, document_id, out, force)

    from pydantic import ValidationError

    from ontable.io import CaseError, atomic_write_text
    from ontable.io.ingest import (
        Budget,
        IngestError,
        document_yaml,
        draft_document,
        read_source_text,
        reference_problems,
        review_lines,
    )

    try:
        text = read_source_text(file)
    except CaseError as exc:
        report_problems(exc)
    budget = Budget(seconds=time_budget, progress=_progress)
    try:
        draft = draft_document(
            text,
            the_case,
            document_id=document_id,
            source=source,
            date=day,
            title=title,
            revises=revises,
            drafters=tuple(drafter or ()),
            kind=kind,  # type: ignore[arg-type]
            budget=budget,
        )
        document = None if draft.missing else draft.document()
    except IngestError as exc:
        fail(f"{file}: {exc}")
    except ValidationError as exc:
        fail(f"{file}: the document does not validate: {exc.errors()[0]['msg']}")
    if document is not None:
        problems = reference_problems(the_case, document)
        if problems:
            for p in problems:
                err_console.print(f"{'.'.join(map(str, p.loc))}: {p.message}", markup=False)
            fail(f"{file}: the new document does not fit the case; nothing written")
    atomic_write_text(target, document_yaml(document or draft))
    obligations = [o for p in draft.provisions for o in p.obligations]
    n_review = len(review_lines(draft.note)) + sum(
        len(review_lines(p.note)) + sum(len(review_lines(o.note)) for o in p.obligations)
        for p in draft.provisions
    )
    summary = {
        "written": str(target),
        "document": draft.id,
        "provisions": len(draft.provisions),
        "obligations": len(obligations),
        "review_notes": n_review,
        "missing": list(draft.missing),
    }
    if as_json:
        emit_json(summary)
        return
    console.print(
        f"wrote {target}: {len(draft.provisions)} provisions, {len(obligations)} obligations, "
        f"{n_review} review notes",
        markup=False,
        highlight=False,
    )
    if draft.missing:
        err_console.print(
            f"the text does not say its {' or '.join(draft.missing)}: the file leaves "
            f"{'them' if len(draft.missing) > 1 else 'it'} out, and the case does not validate "
            "until you fill them in (or run again with "
            + ", ".join(f"--{'drafter' if m == 'drafters' else m}" for m in draft.missing)
            + ")",
            markup=False,
            highlight=False,
        )


def _progress(done: int, total: int) -> None:
    err_console.print(f"read {done:,} of {total:,} points", markup=False, highlight=False)


def ingest_score(
    manifest: Path = typer.Argument(..., help="A corpus manifest.yaml (texts, codings, cases)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Score the ingester on a corpus of hand-coded texts: precision and recall per part.

    Counts are pooled over the texts of each part (tuning, held out, …).
    """
    from rich.table import Table

    from ontable.io import CaseError
    from ontable.io.ingest import IngestError, evaluate_corpus

    try:
        result = evaluate_corpus(manifest)
    except CaseError as exc:
        report_problems(exc)
    except IngestError as exc:
        fail(f"{manifest}: {exc}")
    if as_json:
        emit_json(
            {part: {s.aspect: s.to_dict() for s in result.pooled(part)} for part in result.parts()}
        )
        return
    for part in result.parts():
        texts = sum(1 for t, _ in result.evaluations if t.part == part)
        table = Table(
            "aspect",
            "precision",
            "recall",
            "matched",
            "coded",
            "ingested",
            title=f"{part} ({texts} texts)",
        )
        for s in result.pooled(part):
            table.add_row(*_score_cells(s))
        console.print(table)


def _score_cells(s: Score) -> tuple[str, ...]:
    """One aspect's score as table cells: aspect, precision, recall and the three counts."""
    return (
        s.aspect,
        "—" if s.precision is None else f"{s.precision:.2f}",
        "—" if s.recall is None else f"{s.recall:.2f}",
        str(s.matched),
        str(s.coded),
        str(s.ingested),
    )


def _parse_date(value: str | None) -> dt.date | None:
    import datetime as dt

    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"ingest: --date '{value}' is not a date such as 2025-11-20")


def _target(case: str, document_id: str, out: Path | None, force: bool) -> Path:
    """Where to write: ``-o``, else the case folder's ``documents/<id>.yaml``; never clobber."""
    if out is None:
        folder = Path(case)
        if not folder.is_dir():
            fail("ingest: the case is not a folder given by path; say where to write with -o PATH")
        out = folder / "documents" / f"{document_id}.yaml"
    if out.exists() and not force:
        fail(f"ingest: {out} exists; use --force to overwrite it, or -o for another file")
    if out.exists() and out.is_dir():
        fail(f"ingest: {out} is a folder; give a file name with -o")
    return out


def _coded_document(case: Case, reference: str) -> Document:
    path = Path(reference)
    if path.is_file():
        from pydantic import ValidationError

        from ontable.io import CaseError
        from ontable.io.yamlio import load_yaml, to_plain
        from ontable.model import Document

        try:
            data = to_plain(load_yaml(path))
        except CaseError as exc:
            report_problems(exc)
        try:
            return Document.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"]))
            fail(f"{path}: not a valid document: {where}: {first['msg']}")
    try:
        return case.document(reference)
    except KeyError:
        known = ", ".join(d.id for d in case.documents) or "none"
        fail(f"ingest: '{reference}' is neither a file nor a document of the case (known: {known})")


def _evaluate(file: Path, case: Case, reference: str, as_json: bool) -> None:
    from rich.table import Table

    from ontable.io import CaseError
    from ontable.io.ingest import IngestError, evaluate, ingest_text, read_source_text

    coded = _coded_document(case, reference)
    try:
        text = read_source_text(file)
    except CaseError as exc:
        report_problems(exc)
    others = case.model_copy(
        update={"documents": tuple(d for d in case.documents if d.id != coded.id)}
    )
    try:
        ingested = ingest_text(
            text,
            others,
            document_id=coded.id,
            source=coded.sources[0],
            date=coded.date,
            title=coded.title,
            drafters=coded.drafters,
            kind=coded.kind,
            exclude=(coded.id,),
        )
    except IngestError as exc:
        fail(f"{file}: {exc}")
    result = evaluate(coded, ingested)
    if as_json:
        emit_json(result.to_dict())
        return
    table = Table(
        "aspect", "precision", "recall", "matched", "coded", "ingested", title=f"vs {coded.id}"
    )
    for s in result.scores:
        table.add_row(*_score_cells(s))
    console.print(table)
    if result.missed_provisions:
        console.print(f"missed provisions: {', '.join(result.missed_provisions)}", markup=False)
    if result.extra_provisions:
        console.print(f"extra provisions: {', '.join(result.extra_provisions)}", markup=False)
