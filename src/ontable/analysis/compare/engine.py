"""The comparison itself: reading a ``CASE:DOC`` spec, matching provisions by their function
sets, and profiling a text (duties, conditions, exchanges, penalties, distance and lean).
The rules are in the docstring of :mod:`ontable.analysis.compare`.
"""

from __future__ import annotations

import math
from types import MappingProxyType

from ontable.analysis._common import resolve_document
from ontable.analysis.compare.functions import (
    COMPARED_FUNCTIONS,
    CROSS_CUTTING,
    DEFAULT_MIN_OVERLAP,
    JUDGE_GROUPS,
    JudgeGroup,
    ProvisionFunctions,
    provision_functions,
)
from ontable.analysis.compare.results import (
    Comparison,
    DutyProfile,
    FunctionRow,
    ProvisionMatch,
    TextProfile,
)
from ontable.analysis.ledger import ledger
from ontable.analysis.proximity import lean, proximity
from ontable.errors import InputError
from ontable.model import MODALITIES, Case, Document


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
