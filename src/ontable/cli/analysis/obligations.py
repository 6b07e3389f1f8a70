"""The ``ledger`` and ``sequence`` commands: who owes what in a document, and in which order."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from ontable.cli.analysis.shared import CASE_ARG, JSON_OPT, _document, _fmt
from ontable.cli.common import console, emit_json, open_case


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
