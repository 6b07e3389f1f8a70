"""The ledger of a document and its reciprocity gaps: entries per party, exchange groups
joined by links and mirrors, and the duties left unmatched. The rules are in the docstring
of :mod:`ontable.analysis.ledger`.
"""

from __future__ import annotations

from ontable.analysis._common import Item, document_items, resolve_document
from ontable.analysis.ledger.assumptions import (
    DEFAULT_ASSUMPTIONS,
    DEFAULT_RECIPROCITY_ROLES,
    LedgerAssumptions,
    firmness,
)
from ontable.analysis.ledger.results import (
    Duty,
    Exchange,
    Ledger,
    LedgerEntry,
    PartyLedger,
    ReciprocityGap,
)
from ontable.model import (
    Case,
    Document,
    Obligation,
    Provision,
    Role,
)


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
