"""The ledger of a document: who owes what to whom, how firmly, and what is left one-sided.

For each party the ledger lists the obligations a document puts on it (counted by modality),
the obligations that benefit it, and a salience-weighted **burden score**

.. math::

    B_a = \\sum_{o \\,:\\, a \\in on(o)} m(o)\\, \\sigma_a(o),
    \\qquad
    R_a = \\sum_{o \\,:\\, a \\in benefits(o)} m(o)\\, \\sigma_a(o)

where ``m`` weighs the modality (:data:`MODALITY_WEIGHTS`: binding 1, conditional 0.75,
hedged 0.5, aspirational 0.25) and ``σ_a(o)`` is the salience (0–1) party ``a`` gives the
obligation's issue: the obligation's own ``issue``, else the mean over the issues its
provision sets, else (no issue at all, or no stance on it) the party's mean salience over
its stances, else 1 (a party without stances: the score is a modality-weighted count).
``R_a`` is the same sum over what the party receives; ``net = R_a − B_a``.

An obligation ``on`` two parties counts once for each of them, so the per-party counts add
up to the number of (obligation, obliged party) pairs, not to the number of obligations.

**Reciprocity gaps** follow the idea of reciprocal concessions in the negotiation literature
(e.g. Pruitt 1981, *Negotiation Behavior*): an obligation on party ``a`` towards a
counterpart ``b`` is mirrored when the same document also obliges ``b`` with the same
``kind`` (or, when the obligation has no kind, the same ``issue``) and that obligation
either names ``a`` among its beneficiaries or names none. The counterparts of an obligation
are its ``benefits``; when it names none and the obliged party is one of the case's
``main_parties``, the other main party. Obligations with neither kind nor issue, or with no
counterpart, cannot be mirrored and are left out of the gap analysis. By default gaps are
sought only between parties whose role is ``party`` (the principals): a mediator's guarantee
or a donor's fund is a service, not a concession the receiver owes back
(``reciprocity_roles=None`` looks between every pair).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import Any

import pandas as pd

from ontable.analysis._common import resolve_document
from ontable.errors import UnknownIdError
from ontable.model import MODALITIES, Case, Document, Modality, Obligation, Provision, Role

MODALITY_WEIGHTS: Mapping[Modality, float] = MappingProxyType(
    {"binding": 1.0, "conditional": 0.75, "hedged": 0.5, "aspirational": 0.25}
)
"""How much one obligation weighs in a burden score, by how firmly it binds."""

DEFAULT_RECIPROCITY_ROLES: tuple[Role, ...] = ("party",)
"""Reciprocity is expected between the principal parties; a mediator's or guarantor's
services (a guarantee, a fund) are not concessions that the other side should mirror."""


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

    @classmethod
    def of(cls, provision: Provision, obligation: Obligation) -> LedgerEntry:
        """The entry for ``obligation`` of ``provision``."""
        o = obligation
        return cls(
            provision.id,
            o.on,
            o.action,
            o.kind,
            o.issue,
            o.modality,
            o.benefits,
            o.verified_by,
            o.enforced_by,
            o.condition,
            o.quote,
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
        """Number of obligations on the party for each modality (every modality present)."""
        counts: dict[str, int] = dict.fromkeys(MODALITIES, 0)
        for entry in self.obligations:
            counts[entry.modality] += 1
        return counts

    @property
    def net(self) -> float:
        """Benefit minus burden: positive when the party receives more than it gives."""
        return self.benefit - self.burden


@dataclass(frozen=True)
class ReciprocityGap:
    """An obligation on ``party`` that its ``counterpart`` does not mirror."""

    provision_id: str
    party: str
    counterpart: str
    kind: str | None
    issue: str | None
    action: str
    modality: Modality


@dataclass(frozen=True)
class Ledger:
    """The ledger of one document (see the module docstring for every formula)."""

    document_id: str
    parties: tuple[PartyLedger, ...]
    reciprocity_gaps: tuple[ReciprocityGap, ...]
    hedges: tuple[LedgerEntry, ...]
    unverified: tuple[LedgerEntry, ...]
    obligation_count: int

    def party(self, party_id: str) -> PartyLedger:
        """The row of this party (``KeyError`` when the ledger has none)."""
        for row in self.parties:
            if row.party == party_id:
                return row
        raise UnknownIdError("party", party_id, (r.party for r in self.parties), where="the ledger")

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
        """JSON-ready: parties, reciprocity_gaps, hedges and unverified, each naming provisions."""
        return {
            "document_id": self.document_id,
            "obligation_count": self.obligation_count,
            "modality_weights": dict(MODALITY_WEIGHTS),
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
            "hedges": [asdict(e) for e in self.hedges],
            "unverified": [asdict(e) for e in self.unverified],
        }


def ledger(
    case: Case,
    document: Document | str,
    *,
    reciprocity_roles: tuple[Role, ...] | None = DEFAULT_RECIPROCITY_ROLES,
) -> Ledger:
    """The ledger of ``document``: per-party obligations, burdens, gaps, hedges, unverified.

    Parameters
    ----------
    case
        The case (its stances give the saliences; its ``main_parties`` the default
        counterparts).
    document
        A document of the case, or its id.
    reciprocity_roles
        Roles between which reciprocity is expected (default: the principal parties,
        role ``party``); None to look for gaps between every pair of parties.

    Returns
    -------
    Ledger
        One row per party of the case (in case order, then any other party the document
        names), the reciprocity gaps, the hedged obligations and the obligations nobody
        verifies or enforces. Formulas: see :mod:`ontable.analysis.ledger`.
    """
    doc = resolve_document(case, document)
    pairs = doc.obligations
    named = [p for _, o in pairs for p in (*o.on, *o.benefits)]
    party_ids = list(dict.fromkeys([*case.party_ids, *named]))
    entries = [(prov, ob, LedgerEntry.of(prov, ob)) for prov, ob in pairs]

    rows = []
    for party in party_ids:
        mine = [(p, o, e) for p, o, e in entries if party in o.on]
        theirs = [(p, o, e) for p, o, e in entries if party in o.benefits]
        rows.append(
            PartyLedger(
                party,
                tuple(e for _, _, e in mine),
                tuple(e for _, _, e in theirs),
                sum(_weight(case, party, p, o) for p, o, _ in mine),
                sum(_weight(case, party, p, o) for p, o, _ in theirs),
            )
        )
    return Ledger(
        doc.id,
        tuple(rows),
        reciprocity_gaps(case, doc, roles=reciprocity_roles),
        tuple(e for _, o, e in entries if o.modality == "hedged"),
        tuple(e for _, o, e in entries if not o.verified_by and not o.enforced_by),
        len(pairs),
    )


def reciprocity_gaps(
    case: Case,
    document: Document | str,
    *,
    roles: tuple[Role, ...] | None = DEFAULT_RECIPROCITY_ROLES,
) -> tuple[ReciprocityGap, ...]:
    """Obligations of ``document`` whose counterpart has no mirroring obligation.

    The matching rule (same kind, else same issue; reversed roles) is described in
    :mod:`ontable.analysis.ledger`. One gap is listed per obliged party and counterpart,
    both of a role in ``roles`` (None: any role).
    """
    doc = resolve_document(case, document)
    role_of = {p.id: p.role for p in case.parties}

    def counted(party: str) -> bool:
        return roles is None or role_of.get(party) in roles

    pairs = doc.obligations
    gaps: list[ReciprocityGap] = []
    for prov, ob in pairs:
        key = _mirror_key(ob)
        if key is None:
            continue
        for party in filter(counted, ob.on):
            for counterpart in filter(counted, _counterparts(case, party, ob)):
                if counterpart in ob.on:
                    continue  # a joint obligation binds the counterpart too
                mirrored = any(
                    counterpart in other.on
                    and _mirror_key(other) == key
                    and (not other.benefits or party in other.benefits)
                    for _, other in pairs
                )
                if not mirrored:
                    gaps.append(
                        ReciprocityGap(
                            prov.id, party, counterpart, ob.kind, ob.issue, ob.action, ob.modality
                        )
                    )
    return tuple(gaps)


def _mirror_key(ob: Obligation) -> tuple[str, str] | None:
    if ob.kind is not None:
        return ("kind", ob.kind)
    if ob.issue is not None:
        return ("issue", ob.issue)
    return None


def _counterparts(case: Case, party: str, ob: Obligation) -> tuple[str, ...]:
    if ob.benefits:
        return tuple(b for b in ob.benefits if b != party)
    if case.main_parties is not None and party in case.main_parties:
        a, b = case.main_parties
        return (b if party == a else a,)
    return ()


def _weight(case: Case, party: str, provision: Provision, ob: Obligation) -> float:
    """``m(o) σ_a(o)``: the modality weight times the party's salience of the obligation."""
    return MODALITY_WEIGHTS[ob.modality] * _salience(case, party, provision, ob)


def _salience(case: Case, party: str, provision: Provision, ob: Obligation) -> float:
    issues = (ob.issue,) if ob.issue is not None else tuple(provision.issues)
    known = [s.salience for i in issues if (s := case.stance(party, i)) is not None]
    if known:
        return sum(known) / len(known) / 100.0
    own = [s.salience for s in case.stances if s.party == party]
    if own:
        return sum(own) / len(own) / 100.0
    return 1.0
