"""The ledger of a document: who owes what to whom, how firmly, and what is left one-sided.

Every weight below is a stated, changeable assumption: :class:`LedgerAssumptions` holds
them, with the defaults documented here and in ``docs/ledger.md``.

**Firmness of an obligation.** ``f(o) = s(o) × (1 − δ(o))`` where ``s`` weighs the strength
(:data:`DEFAULT_STRENGTH_WEIGHTS`: binding 1, hedged 0.5, aspirational 0.25) and ``δ`` is the
condition discount: 0 for an unconditional duty, else the largest discount among its
conditions (a duty is as discretionary as its most discretionary condition). A condition's
discount depends on who judges it, relative to the obligation (:data:`DEFAULT_CONDITION_DISCOUNTS`):

==============  =====================================================  ========
class           judges                                                  discount
==============  =====================================================  ========
``bearer``      only parties the obligation is ``on``                   0.75
``shared``      a bearer together with others                           0.5
``beneficiary`` only parties or actors it ``benefits``                  0.25
``third``       anyone else (a mediator, a monitor, an agency)          0.25
``unspecified`` the text does not say                                   0.25
==============  =====================================================  ========

A duty whose condition its own bearer judges thus weighs 0.25 (as an aspirational one): the
bearer decides whether it ever applies. The ``bearer`` discount must be at least every other
(so moving a judge to the bearer never makes a duty heavier). With the defaults a v1
``conditional`` obligation (binding, condition judged by an unspecified party) weighs 0.75, as
in format v1 (:data:`MODALITY_WEIGHTS`).

**Burden and benefit.**

.. math::

    B_a = \\sum_{o \\,:\\, a \\in on(o)} f(o)\\, \\sigma_a(o),
    \\qquad
    R_a = \\sum_{o \\,:\\, a \\in benefits(o)} f(o)\\, \\sigma_a(o)

``σ_a(o)`` is the salience (0–1) party ``a`` gives the obligation's issue: the obligation's
own ``issue``, else the mean over the issues its provision sets, else (no issue at all, or
no stance on it) the party's mean salience over its stances, else 1. ``net = R_a − B_a``. An
obligation ``on`` two parties counts once for each of them. A benefit is discounted like the
burden: a duty its bearer may declare void is worth less to the one who receives it.

**Reciprocity** (reciprocal concessions: Pruitt 1981, *Negotiation Behavior*). A duty of
``a`` towards a counterpart ``b`` (a party it ``benefits``; a duty with no beneficiary has an
*unspecified* one and no counterpart, unless ``unspecified_beneficiary="other-main-party"``
restores the format v1 rule) is *matched* when its **exchange group** holds a duty of ``b``
that benefits ``a`` or names no beneficiary. Exchange groups are the connected sets of
duties joined by ``in_exchange_for`` links (in either direction, across provisions and
issues) and by *mirrors* (the same ``kind``, or without a kind the same ``issue``, with roles
reversed: the v1 rule). An unmatched duty is a **reciprocity gap**; it names the duty, its
firmness, and the counterpart's duties towards ``a`` that it could be traded against
(``candidates``: same issue first). A duty with neither ``kind`` nor ``issue`` can be matched
through links but is never reported as a gap (as in format v1: nothing to compare it with).
Adding a link only merges groups, so it never adds a gap nor widens one. Matched groups are listed as **exchanges** with each
side's duties and total firmness. Gaps are sought between parties whose role is ``party``
by default (a mediator's guarantee is a service, not a concession to return).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import pandas as pd

from ontable.analysis._common import Item, document_items, resolve_document
from ontable.errors import UnknownIdError
from ontable.model import (
    MODALITIES,
    Case,
    Condition,
    Document,
    Modality,
    Obligation,
    Provision,
    Role,
    Strength,
)

JudgeClass = Literal["bearer", "shared", "beneficiary", "third", "unspecified"]
JUDGE_CLASSES: tuple[JudgeClass, ...] = ("bearer", "shared", "beneficiary", "third", "unspecified")

DEFAULT_STRENGTH_WEIGHTS: Mapping[Strength, float] = MappingProxyType(
    {"binding": 1.0, "hedged": 0.5, "aspirational": 0.25}
)
"""How much one obligation weighs by how firmly it is worded."""

DEFAULT_CONDITION_DISCOUNTS: Mapping[JudgeClass, float] = MappingProxyType(
    {"bearer": 0.75, "shared": 0.5, "beneficiary": 0.25, "third": 0.25, "unspecified": 0.25}
)
"""How much a condition takes off an obligation's weight, by who judges it."""

MODALITY_WEIGHTS: Mapping[Modality, float] = MappingProxyType(
    {"binding": 1.0, "conditional": 0.75, "hedged": 0.5, "aspirational": 0.25}
)
"""The format v1 weights by category, which the defaults reproduce (a ``conditional`` duty
is binding with a condition whose judge is unspecified)."""

DEFAULT_RECIPROCITY_ROLES: tuple[Role, ...] = ("party",)
"""Reciprocity is expected between the principal parties; a mediator's or guarantor's
services (a guarantee, a fund) are not concessions that the other side should mirror."""

UnspecifiedRule = Literal["unspecified", "other-main-party"]


@dataclass(frozen=True)
class LedgerAssumptions:
    """The ledger's weights (see :mod:`ontable.analysis.ledger`); each may be changed."""

    strength_weights: Mapping[Strength, float] = field(
        default_factory=lambda: DEFAULT_STRENGTH_WEIGHTS
    )
    condition_discounts: Mapping[JudgeClass, float] = field(
        default_factory=lambda: DEFAULT_CONDITION_DISCOUNTS
    )
    unspecified_beneficiary: UnspecifiedRule = "unspecified"

    def __post_init__(self) -> None:
        for name, value in (*self.strength_weights.items(), *self.condition_discounts.items()):
            if not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"weight of {name!r} is {value}, expected a number in 0–1")
        missing = set(JUDGE_CLASSES) - set(self.condition_discounts)
        if missing or set(("binding", "hedged", "aspirational")) - set(self.strength_weights):
            raise ValueError("every strength and every judge class needs a weight")
        top = self.condition_discounts["bearer"]
        if any(v > top for v in self.condition_discounts.values()):
            raise ValueError("the 'bearer' condition discount must be at least every other")
        if self.unspecified_beneficiary not in ("unspecified", "other-main-party"):
            raise ValueError(
                "unspecified_beneficiary must be 'unspecified' or 'other-main-party', "
                f"not {self.unspecified_beneficiary!r}"
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "strength_weights": dict(self.strength_weights),
            "condition_discounts": dict(self.condition_discounts),
            "unspecified_beneficiary": self.unspecified_beneficiary,
        }


DEFAULT_ASSUMPTIONS = LedgerAssumptions()


def judge_class(condition: Condition, obligation: Obligation) -> JudgeClass:
    """Who judges ``condition`` relative to ``obligation`` (see the module docstring)."""
    judges = set(condition.judges)
    if not judges:
        return "unspecified"
    bearers = set(obligation.on)
    if judges <= bearers:
        return "bearer"
    if judges & bearers:
        return "shared"
    if judges <= set(obligation.benefits):
        return "beneficiary"
    return "third"


def condition_discount(
    obligation: Obligation, assumptions: LedgerAssumptions = DEFAULT_ASSUMPTIONS
) -> float:
    """``δ(o)``: the largest discount among the obligation's conditions (0 without any)."""
    return max(
        (
            assumptions.condition_discounts[judge_class(c, obligation)]
            for c in obligation.conditions
        ),
        default=0.0,
    )


def firmness(obligation: Obligation, assumptions: LedgerAssumptions = DEFAULT_ASSUMPTIONS) -> float:
    """``f(o) = s(o) × (1 − δ(o))``: how much the obligation weighs, before salience."""
    return assumptions.strength_weights[obligation.strength] * (
        1.0 - condition_discount(obligation, assumptions)
    )


@dataclass(frozen=True)
class ConditionEntry:
    """One condition as the ledger lists it: its text, judges and their class."""

    text: str
    judged_by: tuple[str, ...]
    judge_class: JudgeClass
    depends_on: str | None


@dataclass(frozen=True)
class LedgerEntry:
    """One obligation as the ledger lists it, with the provision that creates it."""

    provision_id: str
    on: tuple[str, ...]
    action: str
    kind: str | None
    issue: str | None
    modality: Modality
    benefits: tuple[str, ...]
    verified_by: tuple[str, ...]
    enforced_by: tuple[str, ...]
    condition: str | None
    quote: str | None
    obligation_id: str | None = None
    strength: Strength = "binding"
    conditions: tuple[ConditionEntry, ...] = ()
    firmness: float = 1.0
    in_exchange_for: tuple[str, ...] = ()
    penalty_provisions: tuple[str, ...] = ()
    timing: str | None = None
    document_id: str | None = None

    @classmethod
    def of(
        cls,
        provision: Provision,
        obligation: Obligation,
        assumptions: LedgerAssumptions = DEFAULT_ASSUMPTIONS,
        document_id: str | None = None,
    ) -> LedgerEntry:
        """The entry for ``obligation`` of ``provision``."""
        o = obligation
        return cls(
            provision.id,
            o.on,
            o.action,
            o.kind,
            o.issue,
            o.category,
            o.benefits,
            o.verified_by,
            o.enforcers,
            o.condition,
            o.quote,
            o.id,
            o.strength,
            tuple(
                ConditionEntry(c.text, c.judges, judge_class(c, o), c.depends_on)
                for c in o.conditions
            ),
            firmness(o, assumptions),
            o.in_exchange_for,
            o.penalty_provisions,
            None if o.timing is None else o.timing.text,
            document_id,
        )


@dataclass(frozen=True)
class PartyLedger:
    """One party's row: what it must do (by modality), what it receives, and the scores."""

    party: str
    obligations: tuple[LedgerEntry, ...]
    receives: tuple[LedgerEntry, ...]
    burden: float
    benefit: float

    @property
    def by_modality(self) -> dict[str, int]:
        """Number of obligations on the party per category (every category present)."""
        counts: dict[str, int] = dict.fromkeys(MODALITIES, 0)
        for entry in self.obligations:
            counts[entry.modality] += 1
        return counts

    @property
    def net(self) -> float:
        """Benefit minus burden: positive when the party receives more than it gives."""
        return self.benefit - self.burden


@dataclass(frozen=True)
class Duty:
    """A reference to one obligation in a gap or an exchange: where it is, what, how firm."""

    provision_id: str
    obligation_id: str | None
    on: tuple[str, ...]
    action: str
    issue: str | None
    firmness: float


@dataclass(frozen=True)
class ReciprocityGap:
    """A duty of ``party`` towards ``counterpart`` with nothing from the counterpart in return.

    ``firmness`` is the duty's weight (the size of the gap); ``candidates`` are the
    counterpart's duties towards ``party`` in the document that it could be traded against
    (none coded: empty).
    """

    provision_id: str
    party: str
    counterpart: str
    kind: str | None
    issue: str | None
    action: str
    modality: Modality
    obligation_id: str | None = None
    firmness: float = 1.0
    candidates: tuple[Duty, ...] = ()
    status: str = "unmatched"


@dataclass(frozen=True)
class Exchange:
    """A group of duties traded between two parties (through links or mirrors)."""

    party: str
    counterpart: str
    gives: tuple[Duty, ...]
    receives: tuple[Duty, ...]
    linked_by: tuple[str, ...]

    @property
    def balance(self) -> float:
        """Firmness ``party`` gives minus firmness it receives in this exchange."""
        return sum(d.firmness for d in self.gives) - sum(d.firmness for d in self.receives)


@dataclass(frozen=True)
class Ledger:
    """The ledger of one document (see the module docstring for every formula)."""

    document_id: str
    parties: tuple[PartyLedger, ...]
    reciprocity_gaps: tuple[ReciprocityGap, ...]
    hedges: tuple[LedgerEntry, ...]
    unverified: tuple[LedgerEntry, ...]
    obligation_count: int
    exchanges: tuple[Exchange, ...] = ()
    unspecified_beneficiary: tuple[LedgerEntry, ...] = ()
    actor_benefits: tuple[tuple[str, tuple[LedgerEntry, ...]], ...] = ()
    discretionary: tuple[LedgerEntry, ...] = ()
    included_documents: tuple[str, ...] = ()
    deadlocks: tuple[Any, ...] = ()
    assumptions: LedgerAssumptions = field(default=DEFAULT_ASSUMPTIONS)

    def party(self, party_id: str) -> PartyLedger:
        """The row of this party (``KeyError`` when the ledger has none)."""
        for row in self.parties:
            if row.party == party_id:
                return row
        raise UnknownIdError("party", party_id, (r.party for r in self.parties), where="the ledger")

    def gap_total(self, party: str, counterpart: str) -> float:
        """The summed firmness of ``party``'s unmatched duties towards ``counterpart``."""
        return sum(
            g.firmness
            for g in self.reciprocity_gaps
            if g.party == party and g.counterpart == counterpart
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per party: counts by modality, obligations received, burden, benefit, net."""
        rows = [
            {
                "party": r.party,
                **r.by_modality,
                "obligations": len(r.obligations),
                "receives": len(r.receives),
                "burden": r.burden,
                "benefit": r.benefit,
                "net": r.net,
            }
            for r in self.parties
        ]
        columns = ["party", *MODALITIES, "obligations", "receives", "burden", "benefit", "net"]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: parties, gaps, exchanges, hedges, unverified, each naming provisions."""
        return {
            "document_id": self.document_id,
            "obligation_count": self.obligation_count,
            "included_documents": list(self.included_documents),
            "modality_weights": dict(MODALITY_WEIGHTS),
            "assumptions": self.assumptions.to_dict(),
            "parties": [
                {
                    "party": r.party,
                    "by_modality": r.by_modality,
                    "obligations": [asdict(e) for e in r.obligations],
                    "receives": [asdict(e) for e in r.receives],
                    "burden": r.burden,
                    "benefit": r.benefit,
                    "net": r.net,
                }
                for r in self.parties
            ],
            "reciprocity_gaps": [asdict(g) for g in self.reciprocity_gaps],
            "exchanges": [asdict(x) | {"balance": x.balance} for x in self.exchanges],
            "hedges": [asdict(e) for e in self.hedges],
            "unverified": [asdict(e) for e in self.unverified],
            "discretionary": [asdict(e) for e in self.discretionary],
            "unspecified_beneficiary": [asdict(e) for e in self.unspecified_beneficiary],
            "actor_benefits": {a: [asdict(e) for e in es] for a, es in self.actor_benefits},
            "deadlocks": [d.to_dict() for d in self.deadlocks],
        }


def ledger(
    case: Case,
    document: Document | str,
    *,
    reciprocity_roles: tuple[Role, ...] | None = DEFAULT_RECIPROCITY_ROLES,
    assumptions: LedgerAssumptions = DEFAULT_ASSUMPTIONS,
    include_endorsed: bool = True,
) -> Ledger:
    """The ledger of ``document``: per-party obligations, burdens, gaps, hedges, unverified.

    Parameters
    ----------
    case
        The case (its stances give the saliences; its ``main_parties`` the v1 counterparts).
    document
        A document of the case, or its id.
    reciprocity_roles
        Roles between which reciprocity is expected (default: the principal parties,
        role ``party``); None to look for gaps between every pair of parties.
    assumptions
        The weights (:class:`LedgerAssumptions`; defaults in :mod:`ontable.analysis.ledger`).
    include_endorsed
        Also count the obligations of the documents this one ``attaches`` or ``endorses``
        (listed in ``included_documents``; each entry names its ``document_id``).

    Returns
    -------
    Ledger
        One row per party of the case (in case order, then any other party the document
        names), the reciprocity gaps and exchanges, the hedged, discretionary and unverified
        obligations, those without a named beneficiary, and what actors receive.
    """
    from ontable.analysis.sequence import sequence

    doc = resolve_document(case, document)
    if include_endorsed:
        items, included = document_items(case, doc)
    else:
        items, included = tuple((doc.id, p, o) for p, o in doc.obligations), ()
    actors = set(case.actor_ids)
    named = [p for _, _, o in items for p in (*o.on, *o.benefits) if p not in actors]
    party_ids = list(dict.fromkeys([*case.party_ids, *named]))
    entries = [
        (prov, ob, LedgerEntry.of(prov, ob, assumptions, d if d != doc.id else None))
        for d, prov, ob in items
    ]

    rows = []
    for party in party_ids:
        mine = [(p, o, e) for p, o, e in entries if party in o.on]
        theirs = [(p, o, e) for p, o, e in entries if party in o.benefits]
        rows.append(
            PartyLedger(
                party,
                tuple(e for _, _, e in mine),
                tuple(e for _, _, e in theirs),
                sum(e.firmness * _salience(case, party, p, o) for p, o, e in mine),
                sum(e.firmness * _salience(case, party, p, o) for p, o, e in theirs),
            )
        )
    gaps, exchanges = _reciprocity(case, items, reciprocity_roles, assumptions)
    actor_benefits = tuple(
        (a, tuple(e for _, o, e in entries if a in o.benefits))
        for a in case.actor_ids
        if any(a in o.benefits for _, o, _ in entries)
    )
    return Ledger(
        doc.id,
        tuple(rows),
        gaps,
        tuple(e for _, o, e in entries if o.strength == "hedged"),
        tuple(e for _, o, e in entries if not o.verified_by and not o.enforced_by),
        len(items),
        exchanges,
        tuple(e for _, o, e in entries if not o.benefits),
        actor_benefits,
        tuple(
            e
            for _, o, e in entries
            if any(c.judge_class in ("bearer", "shared") for c in e.conditions)
        ),
        included,
        sequence(case, doc).deadlocks,
        assumptions,
    )


def reciprocity_gaps(
    case: Case,
    document: Document | str,
    *,
    roles: tuple[Role, ...] | None = DEFAULT_RECIPROCITY_ROLES,
    assumptions: LedgerAssumptions = DEFAULT_ASSUMPTIONS,
) -> tuple[ReciprocityGap, ...]:
    """Duties of ``document`` that their counterpart does not return (see the module docs)."""
    doc = resolve_document(case, document)
    items = tuple((doc.id, p, o) for p, o in doc.obligations)
    return _reciprocity(case, items, roles, assumptions)[0]


def _mirror_key(ob: Obligation) -> tuple[str, str] | None:
    if ob.kind is not None:
        return ("kind", ob.kind)
    if ob.issue is not None:
        return ("issue", ob.issue)
    return None


def _counterparts(
    case: Case, party: str, ob: Obligation, assumptions: LedgerAssumptions
) -> tuple[str, ...]:
    if ob.benefits:
        return tuple(b for b in ob.benefits if b != party)
    if (
        assumptions.unspecified_beneficiary == "other-main-party"
        and case.main_parties is not None
        and party in case.main_parties
    ):
        a, b = case.main_parties
        return (b if party == a else a,)
    return ()


def _towards(ob: Obligation, party: str, counterpart: str) -> bool:
    """Whether ``ob`` is a duty of ``party`` that ``counterpart`` can count as returned."""
    return party in ob.on and (not ob.benefits or counterpart in ob.benefits)


def _reciprocity(
    case: Case,
    items: tuple[Item, ...],
    roles: tuple[Role, ...] | None,
    assumptions: LedgerAssumptions,
) -> tuple[tuple[ReciprocityGap, ...], tuple[Exchange, ...]]:
    role_of = {p.id: p.role for p in case.parties}

    def counted(party: str) -> bool:
        return party in role_of and (roles is None or role_of[party] in roles)

    n = len(items)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    link_kind: dict[int, set[str]] = {}

    def union(i: int, j: int, how: str) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[ri] = rj
        link_kind.setdefault(i, set()).add(how)
        link_kind.setdefault(j, set()).add(how)

    by_id = {(d, o.id): k for k, (d, _, o) in enumerate(items) if o.id is not None}
    for k, (d, _, ob) in enumerate(items):
        for link in ob.in_exchange_for:
            if (d, link) in by_id:
                union(k, by_id[(d, link)], "in_exchange_for")
    for k, (_, _, ob) in enumerate(items):
        key = _mirror_key(ob)
        if key is None:
            continue
        for m, (_, _, other) in enumerate(items):
            if m == k or _mirror_key(other) != key:
                continue
            if any(
                _towards(other, b, a)
                for a in ob.on
                for b in _counterparts(case, a, ob, assumptions)
            ):
                union(k, m, "mirror")

    groups: dict[int, list[int]] = {}
    for k in range(n):
        groups.setdefault(find(k), []).append(k)

    def duty(k: int) -> Duty:
        _, prov, ob = items[k]
        return Duty(prov.id, ob.id, ob.on, ob.action, ob.issue, firmness(ob, assumptions))

    gaps: list[ReciprocityGap] = []
    pairs_seen: dict[tuple[int, str, str], list[int]] = {}
    for k, (_, prov, ob) in enumerate(items):
        members = groups[find(k)]
        keyless = _mirror_key(ob) is None
        for party in filter(counted, ob.on):
            for counterpart in filter(counted, _counterparts(case, party, ob, assumptions)):
                if counterpart in ob.on:
                    continue  # a joint obligation binds the counterpart too
                returned = [m for m in members if _towards(items[m][2], counterpart, party)]
                if returned:
                    low, high = sorted((party, counterpart))
                    pairs_seen.setdefault((find(k), low, high), []).append(k)
                    continue
                if keyless:
                    continue  # neither kind nor issue: matched only through links
                candidates = [
                    m
                    for m, (_, _, other) in enumerate(items)
                    if _towards(other, counterpart, party)
                ]
                candidates.sort(key=lambda m: (items[m][2].issue != ob.issue, m))
                gaps.append(
                    ReciprocityGap(
                        prov.id,
                        party,
                        counterpart,
                        ob.kind,
                        ob.issue,
                        ob.action,
                        ob.category,
                        ob.id,
                        firmness(ob, assumptions),
                        tuple(duty(m) for m in candidates[:5]),
                    )
                )
    exchanges: list[Exchange] = []
    for (root, a, b), _ in pairs_seen.items():
        members = groups[root]
        gives = [m for m in members if _towards(items[m][2], a, b)]
        receives = [m for m in members if _towards(items[m][2], b, a)]
        how = sorted({h for m in members for h in link_kind.get(m, ())})
        exchanges.append(
            Exchange(a, b, tuple(map(duty, gives)), tuple(map(duty, receives)), tuple(how))
        )
    return tuple(gaps), tuple(exchanges)


def _salience(case: Case, party: str, provision: Provision, ob: Obligation) -> float:
    issues = (ob.issue,) if ob.issue is not None else tuple(provision.issues)
    known = [s.salience for i in issues if (s := case.stance(party, i)) is not None]
    if known:
        return sum(known) / len(known) / 100.0
    own = [s.salience for s in case.stances if s.party == party]
    if own:
        return sum(own) / len(own) / 100.0
    return 1.0
