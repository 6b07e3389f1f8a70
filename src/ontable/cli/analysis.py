"""Commands of the analysis part: ledger, diff, chain, proximity, accept.

Each prints readable tables (rich) and takes ``--json`` for scripts; the engines live in
``ontable.analysis`` and are imported inside the commands to keep ``ontable --help`` fast.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from ontable.cli.common import console, emit_json, fail, fail_unknown, open_case

if TYPE_CHECKING:
    from ontable.analysis import DocumentDiff
    from ontable.model import Case, Document

CASE_ARG = typer.Argument(..., help="A built-in case name or a case folder.")
JSON_OPT = typer.Option(False, "--json", help="Print JSON.")


def register(app: typer.Typer) -> None:
    """Add the analysis commands to ``app``."""
    app.command("ledger")(ledger)
    app.command("diff")(diff)
    app.command("chain")(chain)
    app.command("proximity")(proximity)
    app.command("accept")(accept)


def _document(case: Case, document_id: str) -> Document:
    try:
        return case.document(document_id)
    except KeyError as exc:
        fail(str(exc))


def _party(case: Case, party_id: str) -> str:
    if party_id not in case.party_ids:
        fail_unknown("party", party_id, case.party_ids, where=f"case '{case.id}'")
    return party_id


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "—" if value is None or math.isnan(value) else format(value, spec)


def ledger(
    case: str = CASE_ARG,
    document: str = typer.Argument(..., help="A document id."),
    as_json: bool = JSON_OPT,
) -> None:
    """Who owes what to whom in a document: obligations, burden, gaps, hedges, unverified."""
    from ontable.analysis import ledger as make_ledger
    from ontable.analysis.ledger import MODALITY_WEIGHTS
    from ontable.model import MODALITIES

    the_case = open_case(case)
    result = make_ledger(the_case, _document(the_case, document))
    if as_json:
        emit_json(result.to_dict())
        return
    weights = ", ".join(f"{m} {w:g}" for m, w in MODALITY_WEIGHTS.items())
    table = Table(
        "party",
        *MODALITIES,
        "receives",
        "burden",
        "benefit",
        "net",
        title=f"Ledger of {result.document_id} ({result.obligation_count} obligations)",
        caption=f"burden = Σ modality weight × salience (0–1); weights: {weights}",
    )
    for row in result.parties:
        counts = row.by_modality
        table.add_row(
            row.party,
            *(str(counts[m]) for m in MODALITIES),
            str(len(row.receives)),
            _fmt(row.burden),
            _fmt(row.benefit),
            _fmt(row.net, "+.2f"),
        )
    console.print(table)
    gaps = Table(
        "point", "obliged", "counterpart", "kind", "issue", "action", title="Reciprocity gaps"
    )
    for g in result.reciprocity_gaps:
        gaps.add_row(
            g.provision_id, g.party, g.counterpart, g.kind or "", g.issue or "", escape(g.action)
        )
    console.print(gaps if result.reciprocity_gaps else "Reciprocity gaps: none")
    for title, entries in (("Hedges", result.hedges), ("Unverified", result.unverified)):
        if not entries:
            console.print(f"{title}: none")
            continue
        entry_table = Table("point", "on", "kind", "modality", "action", title=title)
        for e in entries:
            entry_table.add_row(
                e.provision_id, ", ".join(e.on), e.kind or "", e.modality, escape(e.action)
            )
        console.print(entry_table)


def diff(
    case: str = CASE_ARG,
    a: str = typer.Argument(..., help="The earlier document's id."),
    b: str = typer.Argument(..., help="The later document's id."),
    threshold: float = typer.Option(
        None, "--threshold", min=0.0, max=1.0, help="Minimum similarity of aligned provisions."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Compare two drafts: aligned provisions, word diffs and per-issue shifts."""
    from ontable.analysis import diff_documents
    from ontable.analysis.diff import DEFAULT_THRESHOLD

    the_case = open_case(case)
    doc_a, doc_b = _document(the_case, a), _document(the_case, b)
    limit = DEFAULT_THRESHOLD if threshold is None else threshold
    result = diff_documents(the_case, doc_a, doc_b, threshold=limit)
    if as_json:
        emit_json(result.to_dict())
        return
    _print_diff(result, doc_a, doc_b)


def _summary(doc: Document | None, provision_id: str | None) -> str:
    """A provision's summary (what a new or dropped point says), or empty."""
    if doc is None or provision_id is None:
        return ""
    for provision in doc.provisions:
        if provision.id == provision_id:
            return provision.summary
    return ""


def _print_diff(
    result: DocumentDiff, doc_a: Document | None = None, doc_b: Document | None = None
) -> None:
    counts = ", ".join(f"{n} {status}" for status, n in result.counts.items())
    table = Table(
        "status",
        result.a_id,
        result.b_id,
        "sim.",
        "word diff / positions",
        title=f"{result.a_id} → {result.b_id}: {counts}",
        show_lines=True,
    )
    style = {"unchanged": "dim", "changed": "yellow", "new": "green", "dropped": "red"}
    for p in result.pairs:
        detail = escape(p.word_diff_text)
        if p.status == "new":
            detail = escape(f"{{+{_summary(doc_b, p.b_id)}+}}") if _summary(doc_b, p.b_id) else ""
        elif p.status == "dropped":
            detail = escape(f"[-{_summary(doc_a, p.a_id)}-]") if _summary(doc_a, p.a_id) else ""
        moves = "; ".join(
            f"{c.issue} {_fmt(c.a, 'g')} → {_fmt(c.b, 'g')}" for c in p.position_changes
        )
        if moves:
            detail = f"{detail}\n{moves}" if detail else moves
        table.add_row(
            f"[{style[p.status]}]{p.status}[/]",
            p.a_id or "",
            p.b_id or "",
            _fmt(p.similarity),
            detail,
        )
    console.print(table)
    shifts = Table("issue", result.a_id, result.b_id, "shift", "status", title="Issue shifts")
    for s in result.issue_shifts:
        shifts.add_row(s.issue, _fmt(s.a, "g"), _fmt(s.b, "g"), _fmt(s.shift, "+g"), s.status)
    console.print(shifts if result.issue_shifts else "Issue shifts: neither draft sets an issue")


def chain(
    case: str = CASE_ARG,
    document: str = typer.Argument(..., help="A document id: follow it through its revisions."),
    as_json: bool = JSON_OPT,
) -> None:
    """Follow a document through its revisions: each draft against the one it revises."""
    from ontable.analysis import chain as make_chain
    from ontable.analysis import chain_diffs

    the_case = open_case(case)
    doc = _document(the_case, document)
    docs = make_chain(the_case, doc)
    diffs = chain_diffs(the_case, doc)
    if as_json:
        emit_json(
            {
                "documents": [
                    {"id": d.id, "date": d.date.isoformat(), "revises": d.revises} for d in docs
                ],
                "diffs": [x.to_dict() for x in diffs],
            }
        )
        return
    table = Table("document", "date", "revises", "drafters", title=f"Revision chain of {doc.id}")
    for d in docs:
        table.add_row(d.id, d.date.isoformat(), d.revises or "", ", ".join(d.drafters))
    console.print(table)
    for x in diffs:
        _print_diff(x, the_case.document(x.a_id), the_case.document(x.b_id))


def proximity(
    case: str = CASE_ARG,
    between: tuple[str, str] | None = typer.Option(
        None, "--between", help="Two party ids for the lean index (default: main_parties)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Whose agenda: each document's distance to each party's ideal, and its lean."""
    from ontable.analysis import lean
    from ontable.analysis import proximity as make_proximity

    the_case = open_case(case)
    pair = between if between is not None else the_case.main_parties
    if pair is not None:
        pair = (_party(the_case, pair[0]), _party(the_case, pair[1]))
    result = make_proximity(the_case)
    leans = [lean(the_case, d, *pair) for d in result.document_ids] if pair else []
    if as_json:
        emit_json(
            result.to_dict()
            | {"between": list(pair) if pair else None, "leans": [x.to_dict() for x in leans]}
        )
        return
    if not result.document_ids:
        console.print(f"{the_case.id}: no documents")
        return
    columns = ["document", *result.party_ids, "closest"]
    if pair:
        columns += [f"lean {pair[0]}→{pair[1]}", "interval"]
    table = Table(
        *columns,
        title="Distance to each party's ideal (0–100, salience-weighted)",
        caption="lean: 0 = all the way to the first party, 1 = all the way to the second",
    )
    for k, d in enumerate(result.document_ids):
        row = [d, *(_fmt(v, ".1f") for v in result.distances[k]), result.closest(d) or "—"]
        if pair:
            x = leans[k]
            row += [_fmt(x.index), f"[{_fmt(x.low)}, {_fmt(x.high)}]"]
        table.add_row(*row)
    console.print(table)
    if pair is None:
        console.print("No lean: the case names no main_parties; pass --between A B.")


def accept(
    case: str = CASE_ARG,
    document: str | None = typer.Argument(None, help="A document id (default: every document)."),
    form: str = typer.Option("linear", "--form", help="Utility loss: linear or quadratic."),
    as_json: bool = JSON_OPT,
) -> None:
    """Who would accept, who would veto, by how much; and each issue's zone of agreement."""
    from ontable.analysis import acceptability, zopa
    from ontable.utility import LOSS_FORMS

    if form not in LOSS_FORMS:
        fail(f"unknown --form '{form}' (expected one of: {', '.join(LOSS_FORMS)})")
    the_case = open_case(case)
    docs = None if document is None else [_document(the_case, document)]
    result = acceptability(the_case, docs, form=form)
    zone = zopa(the_case, form=form)
    around = None if document is None else zopa(the_case, form=form, around=document)
    if as_json:
        data = {"acceptability": result.to_dict(), "zopa": zone.to_dict()}
        if around is not None:
            data["zopa_around"] = around.to_dict()
        emit_json(data)
        return
    style = {"accepts": "green", "vetoes": "red", "rejects": "yellow", "no BATNA": "dim"}
    for i, d in enumerate(result.document_ids):
        table = Table("party", "required", "utility", "BATNA", "margin", "verdict", title=d)
        for j, p in enumerate(result.party_ids):
            verdict = result.verdict(d, p)
            table.add_row(
                p,
                "yes" if result.required[j] else "no",
                _fmt(result.utilities[i, j]),
                _fmt(result.batna[j]),
                _fmt(result.margins[i, j], "+.2f"),
                f"[{style[verdict]}]{verdict}[/]",
            )
        console.print(table)
    if result.without_batna:
        console.print(
            f"No BATNA in the case for: {', '.join(result.without_batna)} (no verdict given)."
        )
    console.print(f"[bold]Zone of possible agreement[/bold] ({form} loss)")
    ztable = Table("issue", "low", "high")
    for z in zone.issues:
        if z.empty:
            ztable.add_row(z.issue, "empty", "")
        else:
            ztable.add_row(z.issue, _fmt(z.low, ".1f"), _fmt(z.high, ".1f"))
    console.print(ztable)
    if around is not None:
        set_here = set(the_case.document(str(around.around)).positions)
        console.print(
            f"[bold]Room on each issue with the others held at {around.around}[/bold] "
            "(the draft changed on that issue alone stays acceptable to every counted party)"
        )
        atable = Table("issue", "draft sets", "low", "high")
        positions = the_case.document(str(around.around)).positions
        for z in around.issues:
            if z.issue not in set_here:
                atable.add_row(z.issue, "—", "not set by the draft", "")
            elif z.empty:
                atable.add_row(z.issue, _fmt(positions[z.issue], ".0f"), "empty", "")
            else:
                atable.add_row(
                    z.issue,
                    _fmt(positions[z.issue], ".0f"),
                    _fmt(z.low, ".1f"),
                    _fmt(z.high, ".1f"),
                )
        console.print(atable)
    console.print(f"Counted (required, with a BATNA): {', '.join(zone.counted) or 'none'}.")
    if zone.without_batna:
        console.print(
            f"Required but without a BATNA, not counted: {', '.join(zone.without_batna)}."
        )
