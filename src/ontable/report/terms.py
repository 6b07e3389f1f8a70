"""What each document trades, as tables: conditions and who judges them, exchanges, gaps,
penalties, non-party actors and red lines.

Pure functions from a case and the engines' results (the ledger of
:mod:`ontable.analysis.ledger`, the point verdicts of :mod:`ontable.analysis.acceptability`)
to :class:`pandas.DataFrame` rows in plain words: names, never ids. The report's sections and
the web app's pages show the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ontable.analysis import Acceptability, Ledger
from ontable.analysis.ledger import Duty, JudgeClass
from ontable.model import Case, Document
from ontable.report.data import party_name

JUDGE_WORDS: dict[JudgeClass, str] = {
    "bearer": "the obliged party itself",
    "shared": "the obliged party with others",
    "beneficiary": "the party it benefits",
    "third": "someone else",
    "unspecified": "not said",
}
"""Who judges a condition, relative to the obligation it is on (the ledger's judge classes)."""

LINK_WORDS = {"in_exchange_for": "coded exchange link", "mirror": "the same duty, roles reversed"}
"""How an exchange's duties were matched, in words."""


def who(case: Case, some_id: str) -> str:
    """A party's or a non-party actor's name (the id when the case knows neither)."""
    if some_id in case.actor_ids:
        return case.actor(some_id).name
    return party_name(case, some_id)


def whom(case: Case, ids: Sequence[str], empty: str = "—") -> str:
    """Party or actor names joined: ``"Ukraine, Peace Council"`` (``empty`` for none)."""
    return ", ".join(who(case, i) for i in ids) or empty


def judges_text(case: Case, judged_by: Sequence[str]) -> str:
    """Who judges a condition: names, or ``not said`` when the text does not say."""
    return whom(case, judged_by, "not said")


def duty_text(case: Case, duty: Duty) -> str:
    """``Russia: withdraw from Kharkiv (pt 7)``."""
    return f"{whom(case, duty.on)}: {duty.action.rstrip('.')} (pt {duty.provision_id})"


def _some(items: list[str], empty: str, top: int = 2) -> str:
    """The first ``top`` items joined by "; ", then how many more (``empty`` for none)."""
    if not items:
        return empty
    more = len(items) - top
    return "; ".join(items[:top]) + (f"; and {more} more" if more > 0 else "")


def _short(text: str, limit: int = 110) -> str:
    text = text.rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def conditions_frame(case: Case, led: Ledger) -> pd.DataFrame:
    """Every condition on an obligation of the ledger, with who judges it and what it costs.

    Returns
    -------
    pandas.DataFrame
        Columns ``provision``, ``obliged``, ``action``, ``condition``, ``judged_by`` (names
        or ``not said``), ``who_judges`` (relative to the obligation, :data:`JUDGE_WORDS`)
        and ``weight`` (the obligation's firmness after the condition discount, 0–1).
    """
    rows = [
        {
            "provision": e.provision_id,
            "obliged": whom(case, e.on),
            "action": e.action,
            "condition": c.text,
            "judged_by": judges_text(case, c.judged_by),
            "who_judges": JUDGE_WORDS[c.judge_class],
            "weight": round(e.firmness, 2),
        }
        for row in led.parties
        for e in row.obligations
        if e.on and e.on[0] == row.party
        for c in e.conditions
    ]
    cols = ["provision", "obliged", "action", "condition", "judged_by", "who_judges", "weight"]
    return pd.DataFrame(rows, columns=cols)


def exchanges_frame(case: Case, led: Ledger) -> pd.DataFrame:
    """The ledger's matched exchanges: what each side gives, how they were matched.

    Returns
    -------
    pandas.DataFrame
        Columns ``party``, ``gives``, ``counterpart``, ``gives_back`` (duties as text with
        their points), ``matched_by`` and ``balance`` (firmness given minus received).
    """
    rows = [
        {
            "party": who(case, x.party),
            "gives": "; ".join(duty_text(case, d) for d in x.gives),
            "counterpart": who(case, x.counterpart),
            "gives_back": "; ".join(duty_text(case, d) for d in x.receives),
            "matched_by": ", ".join(LINK_WORDS.get(h, h) for h in x.linked_by),
            "balance": round(x.balance, 2),
        }
        for x in led.exchanges
    ]
    cols = ["party", "gives", "counterpart", "gives_back", "matched_by", "balance"]
    return pd.DataFrame(rows, columns=cols)


def gaps_frame(case: Case, led: Ledger) -> pd.DataFrame:
    """The ledger's unmatched duties, each naming both sides: the duty and what the
    counterpart owes in the same text that it could be traded against.

    Returns
    -------
    pandas.DataFrame
        Columns ``provision``, ``owed_by``, ``to``, ``duty``, ``weight`` and ``candidates``
        (the counterpart's duties towards the party, or ``none in this text``).
    """
    rows = [
        {
            "provision": g.provision_id,
            "owed_by": who(case, g.party),
            "to": who(case, g.counterpart),
            "duty": g.action,
            "weight": round(g.firmness, 2),
            "candidates": _some([duty_text(case, d) for d in g.candidates], "none in this text"),
        }
        for g in led.reciprocity_gaps
    ]
    return pd.DataFrame(
        rows, columns=["provision", "owed_by", "to", "duty", "weight", "candidates"]
    )


def penalties_frame(case: Case, doc: Document, led: Ledger) -> pd.DataFrame:
    """The duties the document enforces, with the penalty points and enforcers behind them.

    Returns
    -------
    pandas.DataFrame
        Columns ``provision``, ``obliged``, ``action``, ``penalty`` (each penalty point's
        number and summary) and ``enforced_by`` (party or actor names).
    """
    summaries = {p.id: p.summary for p in doc.provisions}
    rows = [
        {
            "provision": e.provision_id,
            "obliged": whom(case, e.on),
            "action": e.action,
            "penalty": "; ".join(
                f"pt {p}: {_short(summaries.get(p, ''))}".rstrip(": ") for p in e.penalty_provisions
            ),
            "enforced_by": whom(case, e.enforced_by, ""),
        }
        for row in led.parties
        for e in row.obligations
        if e.on and e.on[0] == row.party and (e.penalty_provisions or e.enforced_by)
    ]
    cols = ["provision", "obliged", "action", "penalty", "enforced_by"]
    return pd.DataFrame(rows, columns=cols)


def burden_cells(case: Case, ledgers: dict[str, Ledger], docs: Sequence[Document]) -> pd.DataFrame:
    """Each party's weighted burden and benefit in each document (the ledger's ``B`` and ``R``).

    Returns
    -------
    pandas.DataFrame
        Columns ``title``, ``party_name``, ``burden``, ``benefit``, ``net`` (rounded to two
        decimals); parties that neither owe nor receive anything in a document are left out.
    """
    rows = [
        {
            "title": d.title,
            "party_name": party_name(case, r.party),
            "burden": round(r.burden, 2),
            "benefit": round(r.benefit, 2),
            "net": round(r.net, 2),
        }
        for d in docs
        for r in ledgers[d.id].parties
        if r.obligations or r.receives
    ]
    return pd.DataFrame(rows, columns=["title", "party_name", "burden", "benefit", "net"])


def actors_frame(case: Case, ledgers: dict[str, Ledger]) -> pd.DataFrame:
    """The non-party actors and what the documents name them as.

    Returns
    -------
    pandas.DataFrame
        Columns ``actor``, ``kind``, ``description`` and ``named_as`` (how many obligations
        name the actor as beneficiary, verifier, enforcer or judge of a condition).
    """
    entries = {
        (e.document_id or d, e.provision_id, e.action): e
        for d, led in ledgers.items()
        for row in led.parties
        for e in row.obligations
    }.values()
    rows = []
    for a in case.actors:
        counts = {
            "beneficiary": sum(a.id in e.benefits for e in entries),
            "verifier": sum(a.id in e.verified_by for e in entries),
            "enforcer": sum(a.id in e.enforced_by for e in entries),
            "judge of a condition": sum(
                any(a.id in c.judged_by for c in e.conditions) for e in entries
            ),
        }
        named = (
            ", ".join(f"{k} in {n} dut{'ies' if n != 1 else 'y'}" for k, n in counts.items() if n)
            or "not named in a duty"
        )
        rows.append(
            {"actor": a.name, "kind": a.kind, "description": a.description or "", "named_as": named}
        )
    return pd.DataFrame(rows, columns=["actor", "kind", "description", "named_as"])


def crossings(case: Case, acc: Acceptability) -> dict[str, list[str]]:
    """Red line ``party/issue`` → the documents whose package crosses it, with the position."""
    out: dict[str, list[str]] = {}
    for i, d in enumerate(acc.document_ids):
        for p in acc.party_ids:
            for issue in acc.red_lines_crossed(d, p):
                x = acc.packages[i, acc.issue_ids.index(issue)]
                out.setdefault(f"{p}/{issue}", []).append(f"{case.document(d).title} (sets {x:g})")
    return out


def red_lines_frame(case: Case, crossed: dict[str, list[str]]) -> pd.DataFrame:
    """The parties' declared red lines and the documents that cross them.

    ``crossed`` (:func:`crossings`) maps a red line's key ``party/issue`` to the titles (with
    the position set) of the documents whose package falls in the rejected range.

    Returns
    -------
    pandas.DataFrame
        Columns ``party``, ``issue``, ``rejects`` (the range in words), ``statement``,
        ``as_of`` and ``crossed_by``.
    """
    rows = []
    for r in case.red_lines:
        issue = case.issue(r.issue) if r.issue in case.issue_ids else None
        lo, hi = r.rejects
        span = f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"
        if issue is not None and lo == hi == 100:
            span += f" ({issue.high})"
        elif issue is not None and lo == hi == 0:
            span += f" ({issue.low})"
        rows.append(
            {
                "party": party_name(case, r.party),
                "issue": issue.name if issue else r.issue,
                "rejects": span,
                "statement": r.statement,
                "as_of": "" if r.as_of is None else r.as_of.isoformat(),
                "crossed_by": "; ".join(crossed.get(f"{r.party}/{r.issue}", [])) or "none",
            }
        )
    cols = ["party", "issue", "rejects", "statement", "as_of", "crossed_by"]
    return pd.DataFrame(rows, columns=cols)
