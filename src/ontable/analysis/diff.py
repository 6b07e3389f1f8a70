"""What changed between two drafts: provisions aligned one-to-one, word diffs, issue shifts.

Alignment. Each pair of provisions ``(p, q)`` of drafts A and B gets a similarity in 0–1

.. math::

    s(p, q) = (1 - \\beta)\\, t(p, q) + \\beta\\, J(p, q)

where ``t`` is the text similarity of the two summaries (rapidfuzz's ``token_sort_ratio``
after lower-casing and stripping punctuation, divided by 100), ``J`` the Jaccard overlap of
their *topics* (the issues the provision sets, the issues of its obligations and the
obligations' kinds) and ``β =`` :data:`TOPIC_WEIGHT`; when neither provision has a topic,
``s = t``. The pairs are then chosen to maximise the total similarity with each provision
used at most once: the linear assignment problem, solved with scipy's
``linear_sum_assignment`` (Crouse 2016, *On implementing 2D rectangular assignment
algorithms*). A chosen pair below ``threshold`` is not an alignment: its A side is
**dropped** and its B side **new**. Ties are broken in favour of provisions with the same
point number, so a draft aligned with itself (in any order) pairs every point with itself.

A pair is **unchanged** when summary, title, the positions it sets, its obligations and its
conditions are equal, else **changed**, with a word-level diff of the summaries (Python's
``difflib``, after Ratcliff & Obershelp's gestalt pattern matching).

Issue shifts compare the positions each draft sets (``Document.positions``): ``shift`` is
B minus A on the issue's 0–100 scale.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, utils
from scipy.optimize import linear_sum_assignment

from ontable.analysis._common import resolve_document
from ontable.analysis.sequence import OrderChange, order_changes
from ontable.model import Case, Document, Provision

TOPIC_WEIGHT = 0.3
"""β: the share of a pair's similarity that comes from shared issues and obligation kinds."""

DEFAULT_THRESHOLD = 0.45
"""Below this similarity two provisions are not the same point (one dropped, one new)."""

_TIE_BREAK = 1e-6

PairStatus = Literal["unchanged", "changed", "new", "dropped"]
ShiftStatus = Literal["unchanged", "shifted", "added", "dropped"]
WordOp = Literal["=", "-", "+"]


@dataclass(frozen=True)
class PositionChange:
    """A position one provision sets that its counterpart sets differently (or not at all)."""

    issue: str
    a: float | None
    b: float | None


@dataclass(frozen=True)
class ProvisionPair:
    """One row of an alignment: a provision of A, of B, or of both."""

    status: PairStatus
    a_id: str | None
    b_id: str | None
    similarity: float | None
    word_diff: tuple[tuple[WordOp, str], ...] = ()
    position_changes: tuple[PositionChange, ...] = ()

    @property
    def word_diff_text(self) -> str:
        """The word diff as text: ``[-removed-]`` and ``{+added+}`` around changed words."""
        parts = []
        for op, text in self.word_diff:
            parts.append(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
        return " ".join(parts)


@dataclass(frozen=True)
class IssueShift:
    """The positions two drafts set on one issue and the shift from A to B."""

    issue: str
    a: float | None
    b: float | None
    shift: float | None
    status: ShiftStatus


@dataclass(frozen=True)
class DocumentDiff:
    """Two drafts compared: aligned provisions and per-issue shifts (see the module docs)."""

    a_id: str
    b_id: str
    threshold: float
    pairs: tuple[ProvisionPair, ...]
    issue_shifts: tuple[IssueShift, ...]
    order_changes: tuple[OrderChange, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """Number of pairs per status (every status present)."""
        out = dict.fromkeys(("unchanged", "changed", "new", "dropped"), 0)
        for pair in self.pairs:
            out[pair.status] += 1
        return out

    @property
    def alignment(self) -> frozenset[tuple[str | None, str | None]]:
        """The set of ``(a_id, b_id)`` pairs (None on the missing side)."""
        return frozenset((p.a_id, p.b_id) for p in self.pairs)

    def to_frame(self) -> pd.DataFrame:
        """One row per pair: status, the two ids, similarity and the word diff as text."""
        rows = [
            {
                "status": p.status,
                "a": p.a_id,
                "b": p.b_id,
                "similarity": p.similarity,
                "word_diff": p.word_diff_text,
            }
            for p in self.pairs
        ]
        return pd.DataFrame(rows, columns=["status", "a", "b", "similarity", "word_diff"])

    def shifts_frame(self) -> pd.DataFrame:
        """One row per issue either draft sets: both positions and the shift."""
        return pd.DataFrame(
            [asdict(s) for s in self.issue_shifts], columns=["issue", "a", "b", "shift", "status"]
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the pairs (word diffs as ``[op, text]`` lists) and the issue shifts."""
        return {
            "a": self.a_id,
            "b": self.b_id,
            "threshold": self.threshold,
            "counts": self.counts,
            "pairs": [
                {
                    "status": p.status,
                    "a": p.a_id,
                    "b": p.b_id,
                    "similarity": p.similarity,
                    "word_diff": [list(w) for w in p.word_diff],
                    "position_changes": [asdict(c) for c in p.position_changes],
                }
                for p in self.pairs
            ],
            "issue_shifts": [asdict(s) for s in self.issue_shifts],
            "order_changes": [asdict(c) for c in self.order_changes],
        }


def provision_similarity(p: Provision, q: Provision) -> float:
    """``s(p, q)`` in 0–1: text similarity blended with shared topics (module docstring)."""
    text = fuzz.token_sort_ratio(p.summary, q.summary, processor=utils.default_process) / 100.0
    tp, tq = _topics(p), _topics(q)
    if not tp and not tq:
        return float(text)
    jaccard = len(tp & tq) / len(tp | tq)
    return float((1 - TOPIC_WEIGHT) * text + TOPIC_WEIGHT * jaccard)


def diff_documents(
    case: Case,
    a: Document | str,
    b: Document | str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> DocumentDiff:
    """Align the provisions of drafts ``a`` and ``b`` and compare what each sets.

    Parameters
    ----------
    case
        The case (gives the issue order of the shifts).
    a, b
        The earlier and the later draft (documents or ids).
    threshold
        Minimum similarity (0–1) for two provisions to count as the same point.

    Returns
    -------
    DocumentDiff
        Pairs in B's order, each dropped provision of A placed after the pairs that precede
        it in A; per-issue shifts in the case's issue order.
    """
    doc_a, doc_b = resolve_document(case, a), resolve_document(case, b)
    pa, pb = doc_a.provisions, doc_b.provisions
    matched: dict[int, tuple[int, float]] = {}  # index in B → (index in A, similarity)
    if pa and pb:
        sim = np.array([[provision_similarity(p, q) for q in pb] for p in pa])
        same_id = np.array([[p.id == q.id for q in pb] for p in pa], dtype=float)
        rows, cols = linear_sum_assignment(sim + _TIE_BREAK * same_id, maximize=True)
        for i, j in zip(rows, cols, strict=True):
            if sim[i, j] >= threshold:
                matched[int(j)] = (int(i), float(sim[i, j]))
    used_a = {i for i, _ in matched.values()}
    dropped = [i for i in range(len(pa)) if i not in used_a]

    pairs: list[ProvisionPair] = []
    for j, q in enumerate(pb):
        if j not in matched:
            pairs.append(ProvisionPair("new", None, q.id, None))
            continue
        i, similarity = matched[j]
        while dropped and dropped[0] < i:
            pairs.append(ProvisionPair("dropped", pa[dropped.pop(0)].id, None, None))
        pairs.append(_pair(pa[i], q, similarity))
    pairs.extend(ProvisionPair("dropped", pa[i].id, None, None) for i in dropped)
    return DocumentDiff(
        doc_a.id,
        doc_b.id,
        threshold,
        tuple(pairs),
        issue_shifts(case, doc_a, doc_b),
        order_changes(case, doc_a, doc_b),
    )


def issue_shifts(case: Case, a: Document | str, b: Document | str) -> tuple[IssueShift, ...]:
    """For each issue either draft sets: the two positions and the shift ``b − a``."""
    pos_a = resolve_document(case, a).positions
    pos_b = resolve_document(case, b).positions
    order = [*case.issue_ids, *sorted((set(pos_a) | set(pos_b)) - set(case.issue_ids))]
    out = []
    for issue in order:
        x, y = pos_a.get(issue), pos_b.get(issue)
        if x is None and y is None:
            continue
        if x is None:
            out.append(IssueShift(issue, None, y, None, "added"))
        elif y is None:
            out.append(IssueShift(issue, x, None, None, "dropped"))
        else:
            out.append(IssueShift(issue, x, y, y - x, "unchanged" if x == y else "shifted"))
    return tuple(out)


def chain(case: Case, document: Document | str) -> tuple[Document, ...]:
    """The revision chain of ``document``, oldest first.

    The chain is the document's ancestors (following ``revises`` back to the original), the
    document, and every later document that revises it directly or through others. Where
    drafts branch (two documents revise the same one) both branches are included; the order
    is by date, then id.
    """
    doc = resolve_document(case, document)
    by_id = {d.id: d for d in case.documents}
    members = {doc.id: doc}
    node = doc
    while node.revises is not None and node.revises in by_id and node.revises not in members:
        node = by_id[node.revises]
        members[node.id] = node
    for d in case.documents:
        if d.id not in members and _descends(by_id, d, doc.id):
            members[d.id] = d
    return tuple(sorted(members.values(), key=lambda d: (d.date, d.id)))


def chain_diffs(
    case: Case, document: Document | str, *, threshold: float = DEFAULT_THRESHOLD
) -> tuple[DocumentDiff, ...]:
    """Each document of the chain compared with the document it revises, oldest first."""
    docs = chain(case, document)
    ids = {d.id for d in docs}
    by_id = {d.id: d for d in docs}
    return tuple(
        diff_documents(case, by_id[d.revises], d, threshold=threshold)
        for d in docs
        if d.revises is not None and d.revises in ids
    )


def _descends(by_id: dict[str, Document], doc: Document, ancestor: str) -> bool:
    seen: set[str] = set()
    node: str | None = doc.revises
    while node is not None and node not in seen:
        if node == ancestor:
            return True
        seen.add(node)
        node = by_id[node].revises if node in by_id else None
    return False


def _topics(p: Provision) -> set[str]:
    out = set(p.issues)
    for o in p.obligations:
        if o.issue is not None:
            out.add(o.issue)
        if o.kind is not None:
            out.add(f"kind:{o.kind}")
    return out


def _pair(p: Provision, q: Provision, similarity: float) -> ProvisionPair:
    changes = tuple(
        PositionChange(issue, p.issues.get(issue), q.issues.get(issue))
        for issue in dict.fromkeys([*p.issues, *q.issues])
        if p.issues.get(issue) != q.issues.get(issue)
    )
    same = (
        p.summary == q.summary
        and p.title == q.title
        and not changes
        and p.obligations == q.obligations
        and p.conditions == q.conditions
    )
    if same:
        return ProvisionPair("unchanged", p.id, q.id, similarity)
    return ProvisionPair(
        "changed", p.id, q.id, similarity, word_diff(p.summary, q.summary), changes
    )


def word_diff(a: str, b: str) -> tuple[tuple[WordOp, str], ...]:
    """The word-level diff of two texts: runs of kept (``=``), removed (``-``), added (``+``)."""
    wa, wb = a.split(), b.split()
    out: list[tuple[WordOp, str]] = []
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(wa[i1:i2])))
        if op in ("delete", "replace"):
            out.append(("-", " ".join(wa[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("+", " ".join(wb[j1:j2])))
    return tuple(out)
