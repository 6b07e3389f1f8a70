"""Two texts side by side, possibly from two negotiations: what each point does, and how each
text distributes duties, conditions and credit.

Parties differ from one case to another, so nothing here compares ids across cases: parties
are described by their **role** in a text (drafter, consulted, excluded; a *principal* is a
party whose case role is ``party`` and on whom the text puts at least one obligation; mediators,
guarantors and observers with obligations are listed with their role) and by their **name**.

**What a provision does.** Each provision gets a set of functions, from three origins kept
apart in the output:

- ``coded``: the provision's own ``functions`` (the fixed list
  :data:`~ontable.model.PROVISION_FUNCTIONS`, tagged by the case author);
- ``derived``: what the data says without tagging: a ``kind: penalty`` provision performs
  ``penalty``; a provision with an obligation that has a ``timing`` or an ``after`` order
  performs ``sequencing``;
- ``inferred``: only for a provision with no coded functions, a keyword rule on its title and
  summary (:data:`INFERENCE_KEYWORDS`: a function is inferred when one of its patterns occurs
  as a word start). Inference is a fallback, never mixed silently with coded functions.

**Matching.** A provision ``p`` of text A and ``q`` of text B match when their function sets
share at least one function and their Jaccard overlap
``J = |F(p) ∩ F(q)| / |F(p) ∪ F(q)|`` is at least ``min_overlap`` (default
:data:`DEFAULT_MIN_OVERLAP` = 1/3). Phasing and application (:data:`CROSS_CUTTING`: ``sequencing``, ``implementation``) say
when or how, not what: sharing only those makes no match, unless both provisions do nothing
else. A provision may match several (one-to-many). Matches are
listed best first: by ``J``, then by the number of shared functions, then in document order.
A match is ``coded`` when every shared function is coded or derived on both sides, else
``inferred``. The rule is symmetric: ``compare(B, A)`` gives the same pairs, mirrored.

**Profile of a text** (the document's own obligations and those of the documents it attaches
or endorses, as in :func:`~ontable.analysis.ledger.ledger`): per party with obligations, the
shares of its duties that are binding, hedged, aspirational or conditional (the ledger's
categories: a conditional duty of any strength counts as conditional); who judges the
conditions (a ``bearer`` of the duty is among the judges; else ``other party``; else only
non-party ``actor``\\ s; or ``unspecified``); the ``in_exchange_for`` links and the exchanges
the ledger finds; penalty provisions and the duties they enforce; and, where the case has
stances, the salience-weighted distance of the text from each principal's ideal points and
the lean index between the case's main parties (:mod:`ontable.analysis.proximity`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

import pandas as pd

from ontable.analysis._common import json_number, resolve_document
from ontable.analysis.ledger import ledger
from ontable.analysis.proximity import lean, proximity
from ontable.errors import InputError
from ontable.model import MODALITIES, PROVISION_FUNCTIONS, Case, Document, Provision

DEFAULT_MIN_OVERLAP = 1 / 3
"""Least Jaccard overlap of two provisions' function sets for them to match."""

DERIVED_FUNCTIONS: tuple[str, ...] = ("penalty",)
"""Functions that only the data gives (no case author tags them): ``penalty``."""

COMPARED_FUNCTIONS: tuple[str, ...] = (*PROVISION_FUNCTIONS, *DERIVED_FUNCTIONS)
"""Every function a provision can be compared on, in display order."""

CROSS_CUTTING: frozenset[str] = frozenset({"sequencing", "implementation"})
"""Functions that say when or how rather than what: alone they do not make a match."""

INFERENCE_KEYWORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "ceasefire": ("ceasefire", "cease-fire", "cease fire", "truce", "hostilities"),
        "withdrawal": ("withdraw", "pull back", "pulls back", "redeploy"),
        "force-limits": ("disarm", "demilitari", "weapons", "cap on", "decommission"),
        "territory": ("territor", "border", "line of contact", "frontier"),
        "security-guarantee": ("guarantee", "non-aggression", "alliance", "defence pact"),
        "international-force": (
            "peacekeep",
            "international force",
            "stabilisation force",
            "stabilization force",
        ),
        "monitoring": ("monitor", "verif", "inspect"),
        "institution": ("board", "commission", "council", "committee", "agency"),
        "governance": ("governance", "govern", "administ", "self-rule", "special status"),
        "elections": ("election", "referend"),
        "amnesty": ("amnest", "pardon"),
        "detainees": ("prisoner", "hostage", "detainee", "captive"),
        "humanitarian": ("humanitarian", "aid", "civilian"),
        "reconstruction": ("reconstruct", "rebuild", "invest", "recovery", "fund"),
        "sanctions": ("sanction", "embargo"),
        "integration": ("membership", "accession", "union", "trade", "market access", "forum"),
        "accountability": ("prosecut", "tribunal", "compensation", "reparation", "accountab"),
        "rights": ("rights", "minorit", "language", "religio"),
        "status": ("statehood", "sovereign", "neutral", "self-determination"),
        "sequencing": ("phase", "stage", "sequence", "timetable"),
        "implementation": ("entry into force", "enters into force", "implement", "dispute"),
    }
)
"""The keyword rule for provisions without coded functions: a function is inferred when one
of its keywords begins a word of the provision's title or summary (case-insensitive; a
keyword may continue into a longer word: ``amnest`` finds "amnesty")."""

_PATTERNS = {
    f: re.compile("|".join(rf"\b{re.escape(k)}" for k in keys), re.IGNORECASE)
    for f, keys in INFERENCE_KEYWORDS.items()
}

Origin = Literal["coded", "derived", "inferred"]
Basis = Literal["coded", "inferred"]
JudgeGroup = Literal["bearer", "other party", "actor", "unspecified"]
JUDGE_GROUPS: tuple[JudgeGroup, ...] = ("bearer", "other party", "actor", "unspecified")


def split_text_ref(spec: str) -> tuple[str, str]:
    """``CASE:DOC`` → ``(CASE, DOC)``, split at the last colon (a case folder may hold one).

    Raises
    ------
    InputError
        When either part is missing, with the expected form.
    """
    case, colon, document = spec.rpartition(":")
    if not colon or not case.strip() or not document.strip():
        raise InputError(
            f"{spec!r} is not CASE:DOC (a case name or folder, a colon, a document id; "
            "`ontable cases` lists the built-in cases, `ontable show CASE` their documents)"
        )
    return case.strip(), document.strip()


def infer_functions(text: str) -> tuple[str, ...]:
    """The functions :data:`INFERENCE_KEYWORDS` finds in ``text``, in vocabulary order."""
    return tuple(f for f in PROVISION_FUNCTIONS if _PATTERNS[f].search(text))


@dataclass(frozen=True)
class ProvisionFunctions:
    """What one provision does, by origin (see :mod:`ontable.analysis.compare`)."""

    provision_id: str
    summary: str
    coded: tuple[str, ...]
    derived: tuple[str, ...]
    inferred: tuple[str, ...]

    @property
    def functions(self) -> frozenset[str]:
        """Every function, whatever its origin."""
        return frozenset((*self.coded, *self.derived, *self.inferred))

    def origin(self, function: str) -> Origin | None:
        """Where ``function`` comes from for this provision (coded first)."""
        for name, found in (
            ("coded", self.coded),
            ("derived", self.derived),
            ("inferred", self.inferred),
        ):
            if function in found:
                return name  # type: ignore[return-value]
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "provision": self.provision_id,
            "summary": self.summary,
            "coded": list(self.coded),
            "derived": list(self.derived),
            "inferred": list(self.inferred),
        }


def provision_functions(provision: Provision) -> ProvisionFunctions:
    """The coded, derived and (only without coded ones) inferred functions of ``provision``."""
    derived = []
    if provision.kind == "penalty":
        derived.append("penalty")
    if "sequencing" not in provision.functions and any(
        o.timing is not None or o.after for o in provision.obligations
    ):
        derived.append("sequencing")
    inferred: tuple[str, ...] = ()
    if not provision.functions:
        text = " ".join(t for t in (provision.title, provision.summary) if t)
        inferred = tuple(f for f in infer_functions(text) if f not in derived)
    return ProvisionFunctions(
        provision.id, provision.summary, tuple(provision.functions), tuple(derived), inferred
    )


@dataclass(frozen=True)
class ProvisionMatch:
    """Provision ``a`` of the first text and ``b`` of the second do some of the same things."""

    a: str
    b: str
    shared: tuple[str, ...]
    overlap: float
    basis: Basis
    a_summary: str = ""
    b_summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "shared": list(self.shared),
            "overlap": self.overlap,
            "basis": self.basis,
            "a_summary": self.a_summary,
            "b_summary": self.b_summary,
        }


@dataclass(frozen=True)
class FunctionRow:
    """One function: the provisions of each text that perform it (coded, derived or inferred)."""

    function: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    a_inferred: tuple[str, ...] = ()
    b_inferred: tuple[str, ...] = ()

    @property
    def presence(self) -> Literal["both", "a only", "b only"]:
        return "both" if self.a and self.b else ("a only" if self.a else "b only")


@dataclass(frozen=True)
class DutyProfile:
    """One party's duties in a text: count and share per category (shares sum to 1)."""

    name: str
    role: str
    obligations: int
    shares: Mapping[str, float]
    distance: float = math.nan

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "obligations": self.obligations,
            "shares": dict(self.shares),
            "distance": json_number(self.distance),
        }


@dataclass(frozen=True)
class TextProfile:
    """The structure of one text, by role and by name (no id is compared across cases)."""

    case_title: str
    document_title: str
    document_id: str
    date: str
    kind: str
    provisions: int
    obligations: int
    drafters: tuple[str, ...]
    consulted: tuple[str, ...]
    excluded: tuple[str, ...]
    consultation_disputed: tuple[str, ...]
    principals: tuple[DutyProfile, ...]
    others: tuple[DutyProfile, ...]
    conditions: int
    judges: Mapping[str, float]
    exchange_links: int
    exchanges: int
    penalty_provisions: int
    penalty_enforced: int
    lean_between: tuple[str, str] | None
    lean: float
    lean_low: float
    lean_high: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case_title,
            "document": self.document_title,
            "document_id": self.document_id,
            "date": self.date,
            "kind": self.kind,
            "provisions": self.provisions,
            "obligations": self.obligations,
            "drafters": list(self.drafters),
            "consulted": list(self.consulted),
            "excluded": list(self.excluded),
            "consultation_disputed": list(self.consultation_disputed),
            "principals": [p.to_dict() for p in self.principals],
            "other_parties_with_duties": [p.to_dict() for p in self.others],
            "conditions": self.conditions,
            "judged_by": dict(self.judges),
            "exchange_links": self.exchange_links,
            "exchanges": self.exchanges,
            "penalty_provisions": self.penalty_provisions,
            "duties_enforced_by_a_penalty": self.penalty_enforced,
            "lean": None
            if self.lean_between is None
            else {
                "from": self.lean_between[0],
                "to": self.lean_between[1],
                "index": json_number(self.lean),
                "low": json_number(self.lean_low),
                "high": json_number(self.lean_high),
            },
        }


@dataclass(frozen=True)
class Comparison:
    """Two texts compared (see :mod:`ontable.analysis.compare` for every rule)."""

    a: TextProfile
    b: TextProfile
    a_functions: tuple[ProvisionFunctions, ...]
    b_functions: tuple[ProvisionFunctions, ...]
    matches: tuple[ProvisionMatch, ...]
    functions: tuple[FunctionRow, ...]
    min_overlap: float = DEFAULT_MIN_OVERLAP

    @property
    def only_in_a(self) -> tuple[str, ...]:
        """Functions the first text performs and the second does not."""
        return tuple(r.function for r in self.functions if r.presence == "a only")

    @property
    def only_in_b(self) -> tuple[str, ...]:
        """Functions the second text performs and the first does not."""
        return tuple(r.function for r in self.functions if r.presence == "b only")

    @property
    def best_matches(self) -> tuple[ProvisionMatch, ...]:
        """For each point of the first text, its matches of highest overlap (ties kept), in
        the order of :attr:`matches`: a shorter list for reading."""
        top: dict[str, float] = {}
        for m in self.matches:
            top[m.a] = max(top.get(m.a, 0.0), m.overlap)
        return tuple(m for m in self.matches if m.overlap >= top[m.a] - 1e-12)

    @property
    def best_by_point(self) -> tuple[tuple[ProvisionMatch, ...], ...]:
        """:attr:`best_matches` grouped by the point of the first text, best points first."""
        groups: dict[str, list[ProvisionMatch]] = {}
        for m in self.best_matches:
            groups.setdefault(m.a, []).append(m)
        return tuple(tuple(g) for g in groups.values())

    @property
    def in_both(self) -> tuple[str, ...]:
        return tuple(r.function for r in self.functions if r.presence == "both")

    def to_frame(self) -> pd.DataFrame:
        """One row per match: the two provisions, shared functions, overlap, basis."""
        columns = ["a", "b", "shared", "overlap", "basis", "a_summary", "b_summary"]
        rows = [m.to_dict() | {"shared": ", ".join(m.shared)} for m in self.matches]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: both profiles, each text's functions, the matches, the function table."""
        return {
            "rule": {
                "min_overlap": self.min_overlap,
                "overlap": "Jaccard overlap of the two provisions' function sets",
                "inferred": "functions found by keyword in a summary without coded functions",
            },
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "a_provisions": [p.to_dict() for p in self.a_functions],
            "b_provisions": [p.to_dict() for p in self.b_functions],
            "matches": [m.to_dict() for m in self.matches],
            "functions": [
                {
                    "function": r.function,
                    "presence": r.presence,
                    "a": list(r.a),
                    "b": list(r.b),
                    "a_inferred": list(r.a_inferred),
                    "b_inferred": list(r.b_inferred),
                }
                for r in self.functions
            ],
            "only_in_a": list(self.only_in_a),
            "only_in_b": list(self.only_in_b),
        }


def compare(
    case_a: Case,
    document_a: Document | str,
    case_b: Case,
    document_b: Document | str,
    *,
    min_overlap: float = DEFAULT_MIN_OVERLAP,
) -> Comparison:
    """Match the provisions of two texts by what they do and profile each text.

    Parameters
    ----------
    case_a, document_a
        The first text: a case and one of its documents (or its id).
    case_b, document_b
        The second text; the same case is allowed.
    min_overlap
        The least Jaccard overlap of two function sets for a match (0 < ``min_overlap`` ≤ 1).

    Returns
    -------
    Comparison
        Both profiles, every provision's functions by origin, the matches best first and the
        function table (which text performs what); rules in :mod:`ontable.analysis.compare`.
    """
    if not 0.0 < min_overlap <= 1.0:
        raise ValueError(f"min_overlap is {min_overlap}, expected a number in (0, 1]")
    doc_a = resolve_document(case_a, document_a)
    doc_b = resolve_document(case_b, document_b)
    fa = tuple(provision_functions(p) for p in doc_a.provisions)
    fb = tuple(provision_functions(p) for p in doc_b.provisions)
    return Comparison(
        profile(case_a, doc_a),
        profile(case_b, doc_b),
        fa,
        fb,
        match_provisions(fa, fb, min_overlap),
        _function_rows(fa, fb),
        min_overlap,
    )


def match_provisions(
    a: tuple[ProvisionFunctions, ...],
    b: tuple[ProvisionFunctions, ...],
    min_overlap: float = DEFAULT_MIN_OVERLAP,
) -> tuple[ProvisionMatch, ...]:
    """Every pair sharing a function with overlap ≥ ``min_overlap``, best first."""
    found: list[tuple[float, int, int, int, ProvisionMatch]] = []
    for i, p in enumerate(a):
        for j, q in enumerate(b):
            shared = p.functions & q.functions
            if not shared or not _substantive(shared, p.functions | q.functions):
                continue
            overlap = len(shared) / len(p.functions | q.functions)
            if overlap < min_overlap - 1e-12:
                continue
            ordered = tuple(f for f in COMPARED_FUNCTIONS if f in shared)
            inferred = any(x.origin(f) == "inferred" for f in ordered for x in (p, q))
            match = ProvisionMatch(
                p.provision_id,
                q.provision_id,
                ordered,
                overlap,
                "inferred" if inferred else "coded",
                p.summary,
                q.summary,
            )
            found.append((-overlap, -len(shared), i, j, match))
    found.sort(key=lambda t: t[:4])
    return tuple(t[4] for t in found)


def _substantive(shared: frozenset[str], union: frozenset[str]) -> bool:
    """Whether the shared functions say what both points do (see :data:`CROSS_CUTTING`)."""
    return bool(shared - CROSS_CUTTING) or union <= CROSS_CUTTING


def _function_rows(
    a: tuple[ProvisionFunctions, ...], b: tuple[ProvisionFunctions, ...]
) -> tuple[FunctionRow, ...]:
    rows = []
    for f in COMPARED_FUNCTIONS:
        in_a = tuple(p.provision_id for p in a if f in p.functions)
        in_b = tuple(p.provision_id for p in b if f in p.functions)
        if not in_a and not in_b:
            continue
        rows.append(
            FunctionRow(
                f,
                in_a,
                in_b,
                tuple(p.provision_id for p in a if p.origin(f) == "inferred"),
                tuple(p.provision_id for p in b if p.origin(f) == "inferred"),
            )
        )
    return tuple(rows)


def _name(case: Case, some_id: str) -> str:
    for p in case.parties:
        if p.id == some_id:
            return p.name
    for actor in case.actors:
        if actor.id == some_id:
            return actor.name
    return some_id


def profile(case: Case, document: Document | str) -> TextProfile:
    """The structure of one text: duties by category per party, judges, links, penalties, lean."""
    doc = resolve_document(case, document)
    book = ledger(case, doc)
    roles = {p.id: p.role for p in case.parties}
    distances: dict[str, float] = {}
    if case.stances:
        near = proximity(case, [doc])
        distances = {p: near.distance(doc.id, p) for p in near.party_ids}
    principals: list[DutyProfile] = []
    others: list[DutyProfile] = []
    for row in book.parties:
        if not row.obligations:
            continue
        counts = row.by_modality
        total = len(row.obligations)
        duty = DutyProfile(
            _name(case, row.party),
            roles.get(row.party, "party"),
            total,
            MappingProxyType({m: counts[m] / total for m in MODALITIES}),
            distances.get(row.party, math.nan),
        )
        (principals if duty.role == "party" else others).append(duty)

    entries = {id(e): e for r in book.parties for e in r.obligations}.values()
    actors = set(case.actor_ids)
    judge_counts = dict.fromkeys(JUDGE_GROUPS, 0)
    for entry in entries:
        for c in entry.conditions:
            named = set(c.judged_by)
            if not named:
                group: JudgeGroup = "unspecified"
            elif named & set(entry.on):
                group = "bearer"
            elif named - actors:
                group = "other party"
            else:
                group = "actor"
            judge_counts[group] += 1
    n_conditions = sum(judge_counts.values())
    judges: dict[str, float] = {
        g: (judge_counts[g] / n_conditions if n_conditions else 0.0) for g in JUDGE_GROUPS
    }

    lean_between: tuple[str, str] | None = None
    index = low = high = math.nan
    if case.main_parties is not None and case.stances:
        a, b = case.main_parties
        result = lean(case, doc, a, b)
        lean_between = (_name(case, a), _name(case, b))
        index, low, high = result.index, result.low, result.high

    def names(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_name(case, p) for p in ids)

    unique = list(entries)
    return TextProfile(
        case.title,
        doc.title,
        doc.id,
        doc.date.isoformat(),
        doc.kind,
        len(doc.provisions),
        book.obligation_count,
        names(doc.drafters),
        names(doc.consulted),
        names(doc.excluded),
        names(doc.consultation_disputed),
        tuple(principals),
        tuple(others),
        n_conditions,
        MappingProxyType(judges),
        sum(len(e.in_exchange_for) for e in unique),
        len(book.exchanges),
        sum(1 for p in doc.provisions if p.kind == "penalty"),
        sum(1 for e in unique if e.penalty_provisions),
        lean_between,
        index,
        low,
        high,
    )


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _names_or(names: tuple[str, ...], empty: str) -> str:
    return ", ".join(names) if names else empty


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def _duties(duty: DutyProfile, with_role: bool) -> str:
    who = f"{duty.name} ({duty.role})" if with_role else duty.name
    n = duty.obligations
    shares = ", ".join(f"{_percent(duty.shares[m])} {m}" for m in MODALITIES)
    return f"{who}: {_count(n, 'duty', 'duties')} — {shares}"


def profile_lines(profile: TextProfile) -> tuple[tuple[str, str], ...]:
    """The profile in plain words, one ``(label, text)`` line per aspect (names, never ids).

    The labels are the same for every text, so two profiles can be shown side by side.
    """
    p = profile
    judged = (
        f"{_count(p.conditions, 'condition')}: "
        + ", ".join(f"{g} {_percent(p.judges[g])}" for g in JUDGE_GROUPS)
        if p.conditions
        else "no conditions"
    )
    measured = [d for d in p.principals if not math.isnan(d.distance)]
    distance = (
        "; ".join(f"{d.name} {d.distance:.0f}" for d in measured)
        + " (0 = the party's ideal points, 100 = the far end)"
        if measured
        else "not measured (no stances on the issues it sets)"
    )
    if p.lean_between is None:
        leaning = "not measured (the case names no main parties, or has no stances)"
    elif math.isnan(p.lean):
        leaning = (
            f"not measured: no issue it sets divides {p.lean_between[0]} and {p.lean_between[1]}"
        )
    else:
        leaning = (
            f"{p.lean:.2f} between {p.lean_between[0]} (0) and {p.lean_between[1]} (1), "
            f"range {p.lean_low:.2f}–{p.lean_high:.2f}"
        )
    return (
        ("Negotiation", p.case_title),
        ("Text", f"{p.document_title} ({p.kind}, {p.date})"),
        ("Drafted by", _names_or(p.drafters, "not stated")),
        ("Consulted", _names_or(p.consulted, "none named")),
        ("Left out", _names_or(p.excluded, "none named")),
        ("Consultation disputed", _names_or(p.consultation_disputed, "none")),
        ("Size", f"{p.provisions} points, {p.obligations} obligations"),
        (
            "Duties of the principal parties",
            "; ".join(_duties(d, False) for d in p.principals) or "none",
        ),
        ("Duties of others", "; ".join(_duties(d, True) for d in p.others) or "none"),
        ("Conditions judged by", judged),
        (
            "Exchange links",
            f"{_count(p.exchange_links, 'link')}; "
            f"{_count(p.exchanges, 'exchange')} between principals",
        ),
        (
            "Penalties",
            f"{_count(p.penalty_provisions, 'penalty point')}, enforcing "
            f"{_count(p.penalty_enforced, 'duty', 'duties')}",
        ),
        ("Distance from each principal", distance),
        ("Lean", leaning),
    )


def side_by_side(comparison: Comparison) -> tuple[tuple[str, str, str], ...]:
    """``(label, first text, second text)`` for every line of :func:`profile_lines`."""
    a, b = profile_lines(comparison.a), profile_lines(comparison.b)
    return tuple((la, ta, tb) for (la, ta), (_, tb) in zip(a, b, strict=True))


def function_label(function: str) -> str:
    """A function as plain words: ``force-limits`` → ``force limits``."""
    return function.replace("-", " ")
