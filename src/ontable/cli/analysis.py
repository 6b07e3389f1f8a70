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
    app.command("sequence")(sequence)


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
    from ontable.model import MODALITIES

    the_case = open_case(case)
    result = make_ledger(the_case, _document(the_case, document))
    if as_json:
        emit_json(result.to_dict())
        return
    a = result.assumptions
    weights = ", ".join(f"{m} {w:g}" for m, w in a.strength_weights.items())
    discounts = ", ".join(f"{c} {w:g}" for c, w in a.condition_discounts.items())
    table = Table(
        "party",
        *MODALITIES,
        "receives",
        "burden",
        "benefit",
        "net",
        title=f"Ledger of {result.document_id} ({result.obligation_count} obligations)",
        caption=(
            "burden = Σ strength × (1 − condition discount) × salience (0–1); "
            f"strengths: {weights}; condition judged by: {discounts}"
        ),
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
    if result.included_documents:
        console.print(
            "Includes the obligations of the documents it attaches or endorses: "
            + ", ".join(result.included_documents)
        )
    gaps = Table(
        "point",
        "obliged",
        "counterpart",
        "kind / issue",
        "action",
        "firmness",
        "could be traded against",
        title="Reciprocity gaps (unmatched duties)",
    )
    for g in result.reciprocity_gaps:
        candidates = "; ".join(f"pt {c.provision_id}: {c.action}" for c in g.candidates)
        gaps.add_row(
            g.provision_id,
            g.party,
            g.counterpart,
            g.kind or g.issue or "",
            escape(g.action),
            _fmt(g.firmness),
            escape(candidates) or f"nothing coded from {g.counterpart}",
        )
    console.print(gaps if result.reciprocity_gaps else "Reciprocity gaps: none")
    if result.exchanges:
        ex = Table(
            "party", "gives", "counterpart", "returns", "balance", "linked by", title="Exchanges"
        )
        for x in result.exchanges:
            ex.add_row(
                x.party,
                escape("; ".join(f"pt {d.provision_id}: {d.action}" for d in x.gives)),
                x.counterpart,
                escape("; ".join(f"pt {d.provision_id}: {d.action}" for d in x.receives)),
                _fmt(x.balance, "+.2f"),
                ", ".join(x.linked_by),
            )
        console.print(ex)
    for title, entries in (
        ("Hedges", result.hedges),
        ("Discretionary (a condition judged by its bearer)", result.discretionary),
        ("Unverified", result.unverified),
        ("No named beneficiary (unspecified)", result.unspecified_beneficiary),
    ):
        if not entries:
            console.print(f"{title}: none")
            continue
        entry_table = Table("point", "on", "kind", "modality", "action", title=title)
        for e in entries:
            entry_table.add_row(
                e.provision_id, ", ".join(e.on), e.kind or "", e.modality, escape(e.action)
            )
        console.print(entry_table)
    for d in result.deadlocks:
        console.print(f"[red]Sequencing deadlock[/red]: {escape(d.describe())}")


def sequence(
    case: str = CASE_ARG,
    document: str = typer.Argument(..., help="A document id."),
    as_json: bool = JSON_OPT,
) -> None:
    """The order of steps in a document: who moves first, what waits on whom, any deadlock."""
    from ontable.analysis import sequence as make_sequence

    the_case = open_case(case)
    result = make_sequence(the_case, _document(the_case, document))
    if as_json:
        emit_json(result.to_dict())
        return
    table = Table(
        "level",
        "step",
        "point",
        "on",
        "action",
        "timing",
        "waits on",
        title=f"Steps of {result.document_id}",
        caption="level 0 moves first; a step waits on the steps listed; — : on a cycle",
    )
    ordered = sorted(result.steps, key=lambda s: (s.level is None, s.level or 0))
    for s in ordered:
        table.add_row(
            "—" if s.level is None else str(s.level),
            s.key,
            s.provision_id,
            ", ".join(s.on),
            escape(s.action),
            escape(s.timing or ""),
            ", ".join(s.waits_on),
        )
    console.print(table)
    if result.included_documents:
        console.print("Includes the steps of: " + ", ".join(result.included_documents))
    if result.first_movers:
        console.print("Moves first: " + ", ".join(result.first_movers))
    if not result.deadlocks:
        console.print("Deadlocks: none")
    for d in result.deadlocks:
        who = " between " + " and ".join(d.demanded_by) if d.between_parties else ""
        console.print(f"[red]Deadlock{who}[/red]: {escape(d.describe())}")


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
    if result.order_changes:
        order = Table("first", "then", "change", title="Order of steps")
        for c in result.order_changes:
            order.add_row(escape(c.first), escape(c.then), c.status)
        console.print(order)


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
    unaddressed: str = typer.Option(
        "carry-over",
        "--unaddressed",
        help="Issues a document leaves open: carry-over, not-counted or status-quo.",
    ),
    samples: int = typer.Option(
        2000, "--samples", min=1, max=1_000_000, help="Draws over the input ranges."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the random draws."),
    as_json: bool = JSON_OPT,
) -> None:
    """Who would accept, who would veto, how likely over the input ranges, and why."""
    import numpy as np

    from ontable.analysis import UNADDRESSED_RULES, acceptance_odds, agreement_zone, zopa
    from ontable.utility import LOSS_FORMS

    if form not in LOSS_FORMS:
        fail(f"unknown --form '{form}' (expected one of: {', '.join(LOSS_FORMS)})")
    if unaddressed not in UNADDRESSED_RULES:
        fail(
            f"unknown --unaddressed '{unaddressed}' (expected one of: {', '.join(UNADDRESSED_RULES)})"
        )
    the_case = open_case(case)
    docs = None if document is None else [_document(the_case, document)]
    rng = np.random.default_rng(seed)
    odds = acceptance_odds(
        the_case,
        rng,
        docs,
        samples=samples,
        form=form,
        unaddressed=unaddressed,
    )
    result = odds.point
    zone = zopa(the_case, form=form)
    room = (
        None
        if document is None
        else agreement_zone(
            the_case,
            document,
            rng,
            form=form,
            unaddressed=unaddressed,
        )
    )
    if as_json:
        data = {
            "acceptability": result.to_dict(),
            "odds": odds.to_dict(),
            "zopa": zone.to_dict(),
            "seed": seed,
        }
        if room is not None:
            data["agreement_zone"] = room.to_dict()
        emit_json(data)
        return
    style = {"accepts": "green", "vetoes": "red", "rejects": "yellow", "no BATNA": "dim"}
    for i, d in enumerate(result.document_ids):
        table = Table(
            "party",
            "required",
            "utility",
            "BATNA",
            "margin",
            "verdict",
            "P(accepts)",
            "drivers",
            title=d,
            caption=(
                f"P over {samples} draws of the input ranges (seed {seed}); unaddressed issues: "
                f"{unaddressed}"
            ),
        )
        for j, p in enumerate(result.party_ids):
            verdict = result.verdict(d, p)
            drivers = ", ".join(
                f"{x.issue} {'RED LINE' if x.red_line else f'{x.loss_share:.0%}'}"
                for x in result.drivers(d, p)[:3]
            )
            table.add_row(
                p,
                "yes" if result.required[j] else "no",
                _fmt(result.utilities[i, j]),
                _fmt(result.batna[j]),
                _fmt(result.margins[i, j], "+.2f"),
                f"[{style[verdict]}]{verdict}[/]",
                _fmt(odds.probability[i, j], ".0%"),
                drivers,
            )
        console.print(table)
        carried = result.carried[i]
        if carried:
            console.print(
                "Taken from other documents: " + ", ".join(f"{k} ({v})" for k, v in carried.items())
            )
        console.print(
            f"P(every counted required party accepts): {_fmt(odds.all_required[i], '.0%')}"
        )
    if result.without_batna:
        console.print(
            f"No BATNA in the case for: {', '.join(result.without_batna)} (no verdict given)."
        )
    if room is not None:
        console.print(
            f"[bold]Room on each issue with the others held at {room.around}[/bold] "
            "(every counted party accepts; red lines cut out)"
        )
        atable = Table("issue", "draft sets", "room", "limited by")
        for z in room.issues:
            atable.add_row(
                z.issue,
                "—" if z.draft is None else _fmt(z.draft, ".0f"),
                "not set by the draft"
                if z.draft is None
                else ("; ".join(f"{lo:.1f}–{hi:.1f}" for lo, hi in z.intervals) or "none"),
                ", ".join(z.limited_by),
            )
        console.print(atable)
        console.print(
            f"Joint feasible region: {room.feasible_share:.1%} of all packages "
            f"({room.samples} uniform draws) are acceptable to every counted party."
        )
    else:
        console.print(
            f"[bold]Zone of possible agreement[/bold] ({form} loss; name a document for the room around it)"
        )
        ztable = Table("issue", "low", "high")
        for zi in zone.issues:
            if zi.empty:
                ztable.add_row(zi.issue, "empty", "")
            else:
                ztable.add_row(zi.issue, _fmt(zi.low, ".1f"), _fmt(zi.high, ".1f"))
        console.print(ztable)
    console.print(f"Counted (required, with a BATNA): {', '.join(zone.counted) or 'none'}.")
    if zone.without_batna:
        console.print(
            f"Required but without a BATNA, not counted: {', '.join(zone.without_batna)}."
        )
