"""The documents at a glance: one card per document, oldest first."""

from __future__ import annotations

import numpy as np

from ontable.model import Document
from ontable.report import data
from ontable.report.blocks import Block, Card, Note, Section, slug
from ontable.report.context import Context, doc_title, percent

ID = "documents"
TITLE = "The documents at a glance"


def section(ctx: Context) -> Section:
    """A card per document: who drafted it, who it obliges, its lean, who would accept."""
    if not ctx.documents:
        blocks: tuple[Block, ...] = (Note("The case has no documents yet.", missing=True),)
        return Section(ID, TITLE, "", blocks)
    cards = [document_card(ctx, d) for d in ctx.documents]
    intro = (
        f"{len(ctx.documents)} documents of {ctx.case.title}, oldest first: who drafted each, "
        "who it obliges and how firmly, and what it leaves one-sided."
    )
    return Section(ID, TITLE, intro, tuple(cards))


def document_card(ctx: Context, doc: Document) -> Card:
    """The card of one document."""
    case = ctx.case
    led = ctx.ledgers[doc.id]
    per_party = data.obligations_by_party(data.obligation_counts(case, led))
    obligations = (
        "; ".join(
            f"{p}: " + ", ".join(f"{n} {m}" for m, n in counts.items())
            for p, counts in per_party.items()
        )
        or "none coded"
    )
    gaps = led.reciprocity_gaps
    gap_text = (
        f"{len(gaps)}: "
        + "; ".join(
            f"{data.party_name(case, g.party)} owes {data.party_name(case, g.counterpart)} "
            f"'{g.action}' unmatched (pt {g.provision_id})"
            for g in gaps[:3]
        )
        + ("; …" if len(gaps) > 3 else "")
        if gaps
        else "none found"
    )
    facts: list[tuple[str, str]] = [
        ("Drafted by", data.names(case, doc.drafters)),
        ("Consulted", data.names(case, doc.consulted)),
        ("Left out", data.names(case, doc.excluded)),
    ]
    if doc.revises:
        facts.append(("Revises", doc_title(case, doc.revises)))
    facts += [
        ("Obligations", obligations),
        ("Reciprocity gaps", gap_text),
        ("Lean", lean_text(ctx, doc)),
        ("Would accept", accept_text(ctx, doc)),
    ]
    subtitle = f"{doc.date:%d %B %Y} · {doc.kind} · {len(doc.provisions)} points"
    return Card(slug("card", doc.id), doc.title, subtitle, tuple(facts))


def lean_text(ctx: Context, doc: Document) -> str:
    """The document's lean between the main parties, in words."""
    case = ctx.case
    if case.main_parties is None:
        return "not measured: the case names no main parties"
    x = ctx.leans.get(doc.id)
    if x is None or np.isnan(x.index):
        return "not defined: the document sets no issue that divides the main parties"
    a, b = (data.party_name(case, p) for p in case.main_parties)
    side = a if x.index < 0.5 else b if x.index > 0.5 else "neither"
    return (
        f"{x.index:.2f} on a scale from 0 ({a}) to 1 ({b}); range {x.low:.2f}–{x.high:.2f}; "
        f"closer to {side}"
    )


def accept_text(ctx: Context, doc: Document) -> str:
    """Who accepts the document at the coded values, and with what probability."""
    acc = ctx.acceptability
    if acc is None:
        return "not measured: the case has no stances"
    if np.isnan(acc.utilities[acc.document_ids.index(doc.id)]).all():
        return "not measured: the document sets no position the parties have a stance on"
    case = ctx.case
    odds = ctx.odds

    def who(parties: tuple[str, ...]) -> str:
        out = []
        for p in parties:
            prob = None if odds is None else odds.of(doc.id, p)
            name = data.party_name(case, p)
            out.append(name if prob is None else f"{name} ({percent(prob)})")
        return ", ".join(out) or "—"

    text = who(acc.accepting(doc.id))
    veto = acc.vetoing(doc.id)
    if veto:
        text += f"; would veto: {who(veto)}"
    rejects = tuple(p for p in acc.party_ids if acc.verdict(doc.id, p) == "rejects")
    if rejects:
        text += f"; would reject (not needed for a deal): {who(rejects)}"
    if acc.without_batna:
        text += f"; no BATNA coded for {data.names(case, acc.without_batna)}"
    if odds is not None:
        text += " (in brackets: probability of accepting over the input ranges)"
    return text
