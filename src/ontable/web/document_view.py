"""What the case and document pages show of the format v2 terms, in names, not ids.

Conditions and who judges them, what is traded for what, unmatched duties with what they
could be traded against, enforcement, non-party actors, red lines (and the documents that
cross them), stance dates, and per document the probability of acceptance with its drivers
and the room on each issue. The rows are the report's (:mod:`ontable.report.terms`), so the
page and the report say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ontable.analysis import acceptability, acceptance_odds, agreement_zone, ledger
from ontable.model import Case, Document
from ontable.report import data, terms
from ontable.report.context import percent

ODDS_SAMPLES = 2000
"""Draws over the input ranges behind a page's acceptance probabilities."""

ZONE_SAMPLES = 20_000
"""Uniform draws of packages behind a page's joint feasible share."""

SEED = 0
"""The pages' fixed seed: the same case shows the same numbers on every visit."""


def _records(frame: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in frame.to_dict("records")]


def ordered(case: Case) -> list[Document]:
    """The case's documents by date, then id."""
    return list(data.documents_in_order(case))


def namers(case: Case) -> dict[str, Callable[..., str]]:
    """Functions the templates call to show names instead of ids."""
    return {
        "names": lambda ids: terms.whom(case, ids),
        "judges": lambda ids: terms.judges_text(case, ids),
        "issue_name": lambda i: data.issue_name(case, i),
        "party_name": lambda p: terms.who(case, p),
    }


def document_view(case: Case, doc: Document) -> dict[str, Any]:
    """Everything the document page shows beyond its provisions."""
    led = ledger(case, doc)
    parties = [
        {
            "name": terms.who(case, r.party),
            "by_modality": r.by_modality,
            "burden": r.burden,
            "benefit": r.benefit,
            "net": r.net,
        }
        for r in led.parties
        if r.obligations or r.receives
    ]
    return {
        "parties": parties,
        "conditions": _records(terms.conditions_frame(case, led)),
        "exchanges": _records(terms.exchanges_frame(case, led)),
        "gaps": _records(terms.gaps_frame(case, led)),
        "penalties": _records(terms.penalties_frame(case, doc, led)),
        "hedges": [
            {
                "provision": e.provision_id,
                "obliged": terms.whom(case, e.on),
                "action": e.action,
                "quote": e.quote,
            }
            for e in led.hedges
        ],
        "unverified": len(led.unverified),
        "acceptance": acceptance_view(case, doc),
        "room": room_view(case, doc),
    }


def acceptance_view(case: Case, doc: Document) -> dict[str, Any]:
    """Each party's probability of accepting the document, its point verdict and why."""
    if not case.stances:
        return {"rows": [], "samples": 0, "all_needed": None}
    odds = acceptance_odds(case, np.random.default_rng(SEED), [doc], samples=ODDS_SAMPLES)
    acc = odds.point
    if np.isnan(acc.utilities[0]).all():
        return {"rows": [], "samples": odds.samples, "all_needed": None}
    rows = []
    for j, p in enumerate(acc.party_ids):
        prob = float(odds.probability[0, j])
        margin = float(acc.margins[0, j])
        weigh = [
            f"red line on {data.issue_name(case, x.issue)}"
            if x.red_line
            else f"{data.issue_name(case, x.issue)} {percent(x.loss_share)}"
            for x in acc.drivers(doc.id, p)[:3]
            if x.red_line or x.loss_share > 0
        ]
        rows.append(
            {
                "party": data.party_name(case, p),
                "verdict": acc.verdict(doc.id, p),
                "margin": None if np.isnan(margin) else margin,
                "probability": None if np.isnan(prob) else percent(prob),
                "weigh": "; ".join(weigh) or "none",
                "inputs": "; ".join(
                    f"{data.input_label(case, x.input)} ({x.correlation:+.2f})"
                    for x in odds.drivers[0][j]
                )
                or "none varies it",
            }
        )
    share = odds.all_required[0]
    return {
        "rows": rows,
        "samples": odds.samples,
        "all_needed": None if np.isnan(share) else percent(float(share)),
        "counted": data.names(case, odds.counted),
    }


def room_view(case: Case, doc: Document) -> dict[str, Any]:
    """The room on each issue around the document and the joint feasible share."""
    if not case.stances:
        return {"rows": [], "counted": "", "share": None}
    zone = agreement_zone(case, doc, np.random.default_rng(SEED), samples=ZONE_SAMPLES)
    rows = [
        {
            "issue": data.issue_name(case, z.issue),
            "draft": z.draft,
            "room": "; ".join(f"{lo:.0f}–{hi:.0f}" for lo, hi in z.intervals) or "none",
            "limited_by": data.names(case, z.limited_by) if z.limited_by else "",
        }
        for z in zone.issues
        if z.draft is not None
    ]
    return {
        "rows": rows,
        "counted": data.names(case, zone.counted),
        "share": percent(zone.feasible_share) if zone.counted else None,
        "samples": zone.samples,
    }


def case_view(case: Case) -> dict[str, Any]:
    """The case page's actors, red lines (with the documents crossing them) and stances."""
    docs = ordered(case)
    crossed = (
        terms.crossings(case, acceptability(case, docs))
        if case.red_lines and case.stances and docs
        else {}
    )
    ledgers = {d.id: ledger(case, d) for d in docs} if case.actors else {}
    stances = [
        {
            "party_id": s.party,
            "issue_id": s.issue,
            "party": data.party_name(case, s.party),
            "issue": data.issue_name(case, s.issue),
            "position": s.position,
            "bounds": s.position_bounds,
            "salience": s.salience,
            "as_of": s.as_of.isoformat() if s.as_of else "",
            "rationale": s.rationale,
            "sources": s.sources,
        }
        for s in case.stances
    ]
    return {
        "actors": _records(terms.actors_frame(case, ledgers)) if case.actors else [],
        "red_lines": [
            {**row, "sources": r.sources}
            for row, r in zip(
                _records(terms.red_lines_frame(case, crossed)), case.red_lines, strict=True
            )
        ],
        "stances": stances,
    }
