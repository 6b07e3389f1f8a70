"""The documents at a glance: one card per document, oldest first."""

from __future__ import annotations

from collections import Counter

import numpy as np

from ontable.model import Document
from ontable.report import data, terms
from ontable.report.blocks import Block, Card, Note, Section, slug
from ontable.report.context import Context, doc_title, odds_of, percent

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
        f"{len(gaps)} unmatched: "
        + "; ".join(
            f"{terms.who(case, g.party)} owes {terms.who(case, g.counterpart)} "
            f"'{g.action}' (pt {g.provision_id})"
            for g in gaps[:3]
        )
        + ("; …" if len(gaps) > 3 else "")
        if gaps
        else "none found"
    )
    if led.exchanges:
        n = len(led.exchanges)
        gap_text += f"; {n} matched exchange{'s' * (n != 1)}"
    facts: list[tuple[str, str]] = [
        ("Drafted by", data.names(case, doc.drafters)),
        ("Consulted", data.names(case, doc.consulted)),
        ("Left out", data.names(case, doc.excluded)),
    ]
    if doc.revises:
        facts.append(("Revises", doc_title(case, doc.revises)))
    facts += [
        ("Obligations", obligations),
        ("Reciprocity", gap_text),
        ("Conditions", conditions_text(ctx, doc)),
        ("Enforcement", enforcement_text(ctx, doc)),
        ("Lean", lean_text(ctx, doc)),
        ("Would accept", accept_text(ctx, doc)),
        ("Red lines crossed", red_lines_text(ctx, doc)),
    ]
    subtitle = f"{doc.date:%d %B %Y} · {doc.kind} · {len(doc.provisions)} points"
    return Card(slug("card", doc.id), doc.title, subtitle, tuple(facts))


def conditions_text(ctx: Context, doc: Document) -> str:
    """How many duties hang on conditions, and who judges those conditions."""
    frame = terms.conditions_frame(ctx.case, ctx.ledgers[doc.id])
    if frame.empty:
        return "no duty hangs on a condition"
    counts = Counter(frame["who_judges"])
    parts = ", ".join(
        f"{n} judged by {w}" if w != "not said" else f"{n} with the judge not said"
        for w, n in counts.most_common()
    )
    return f"{len(frame)} condition{'s' * (len(frame) != 1)}: {parts}"


def enforcement_text(ctx: Context, doc: Document) -> str:
    """How many duties a penalty point or a named enforcer backs."""
    frame = terms.penalties_frame(ctx.case, doc, ctx.ledgers[doc.id])
    if frame.empty:
        return "no duty names a penalty or an enforcer"
    points = sorted({p.split(":")[0] for cell in frame["penalty"] for p in cell.split("; ") if p})
    n = len(frame)
    text = f"{n} dut{'ies' if n != 1 else 'y'} backed"
    if points:
        text += f" by penalty {', '.join(points)}"
    return text


def red_lines_text(ctx: Context, doc: Document) -> str:
    """The red lines the document's package crosses, naming party, issue and position."""
    acc = ctx.acceptability
    if acc is None or not ctx.case.red_lines:
        return "none coded in the case"
    case = ctx.case
    hits = [
        f"{data.party_name(case, p)}'s on {data.issue_name(case, i)}"
        for p in acc.party_ids
        for i in acc.red_lines_crossed(doc.id, p)
    ]
    return "; ".join(hits) or "none"


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
            prob = odds_of(odds, doc.id, p)
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
        i = odds.document_ids.index(doc.id)
        if odds.counted and not np.isnan(odds.all_required[i]):
            text += (
                f"; every party a deal needs accepts in {percent(float(odds.all_required[i]))} "
                "of draws"
            )
    return text
