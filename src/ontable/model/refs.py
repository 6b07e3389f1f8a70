"""Cross-reference checks of a Case: ids that must exist, be unique, or not form cycles.

Pydantic checks each object on its own; these checks need the whole case. They return every
problem found (not only the first) so that a user can fix a file in one pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ontable.model.case import Case
from ontable.model.overrides import override_problems

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class RefProblem:
    """One broken reference: where it is (a path into the case data) and what is wrong."""

    loc: Loc
    message: str
    expected: str


def _duplicates(ids: Iterable[str]) -> set[str]:
    return {k for k, n in Counter(ids).items() if n > 1}


def _known(kind: str, known: Iterable[str]) -> str:
    names = sorted(known)
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f"one of the case's {kind} ids: {shown}"


def find_reference_problems(case: Case) -> list[RefProblem]:
    """Every cross-reference problem of ``case``, in file order."""
    problems: list[RefProblem] = []
    party_ids = set(case.party_ids)
    issue_ids = set(case.issue_ids)
    doc_ids = {d.id for d in case.documents}

    def party(loc: Loc, value: str) -> None:
        if value not in party_ids:
            problems.append(RefProblem(loc, f"unknown party '{value}'", _known("party", party_ids)))

    def issue(loc: Loc, value: str) -> None:
        if value not in issue_ids:
            problems.append(RefProblem(loc, f"unknown issue '{value}'", _known("issue", issue_ids)))

    id_lists: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("parties", case.party_ids),
        ("issues", case.issue_ids),
        ("scenarios", tuple(s.id for s in case.scenarios)),
        ("documents", tuple(d.id for d in case.documents)),
    )
    for field, ids in id_lists:
        dups = _duplicates(ids)
        for i, x_id in enumerate(ids):
            if x_id in dups:
                problems.append(
                    RefProblem((field, i, "id"), f"duplicate id '{x_id}'", "each id used once")
                )

    if case.main_parties is not None:
        for i, p in enumerate(case.main_parties):
            party(("main_parties", i), p)

    seen: set[tuple[str, str]] = set()
    for i, s in enumerate(case.stances):
        party(("stances", i, "party"), s.party)
        issue(("stances", i, "issue"), s.issue)
        if (s.party, s.issue) in seen:
            problems.append(
                RefProblem(
                    ("stances", i),
                    f"a second stance of '{s.party}' on '{s.issue}'",
                    "one stance per party and issue",
                )
            )
        seen.add((s.party, s.issue))

    urls = [r.url for r in case.references]
    dup_urls = _duplicates(urls)
    for i, ref in enumerate(case.references):
        if ref.url in dup_urls:
            problems.append(
                RefProblem(
                    ("references", i, "url"), f"'{ref.url}' is listed twice", "each page once"
                )
            )
        if ref.party is not None:
            party(("references", i, "party"), ref.party)

    for i, sc in enumerate(case.scenarios):
        for j, o in enumerate(sc.overrides):
            for problem in override_problems(case, o):
                loc: Loc = ("scenarios", i, "overrides", j, problem.field)
                if problem.choices:
                    (party if problem.field == "party" else issue)(loc, problem.given)
                else:
                    problems.append(RefProblem(loc, problem.message, problem.expected))

    for d, doc in enumerate(case.documents):
        base: Loc = ("documents", d)
        for field in ("drafters", "consulted", "excluded", "consultation_disputed"):
            for k, p in enumerate(getattr(doc, field)):
                party((*base, field, k), p)
        if doc.revises is not None:
            if doc.revises not in doc_ids:
                problems.append(
                    RefProblem(
                        (*base, "revises"),
                        f"unknown document '{doc.revises}'",
                        _known("document", doc_ids),
                    )
                )
            elif doc.revises == doc.id:
                problems.append(
                    RefProblem(
                        (*base, "revises"), "a document cannot revise itself", "an earlier document"
                    )
                )
            elif case.document(doc.revises).date > doc.date:
                later = case.document(doc.revises)
                problems.append(
                    RefProblem(
                        (*base, "revises"),
                        f"'{later.id}' is dated {later.date}, after this document ({doc.date})",
                        "a document dated on or before this one",
                    )
                )
        prov_ids = [p.id for p in doc.provisions]
        dups = _duplicates(prov_ids)
        for j, prov in enumerate(doc.provisions):
            ploc: Loc = (*base, "provisions", j)
            if prov.id in dups:
                problems.append(
                    RefProblem(
                        (*ploc, "id"), f"duplicate provision id '{prov.id}'", "each id used once"
                    )
                )
            if prov.parent is not None and prov.parent not in prov_ids:
                problems.append(
                    RefProblem(
                        (*ploc, "parent"),
                        f"unknown provision '{prov.parent}'",
                        "the id of a provision of the same document",
                    )
                )
            for issue_id in prov.issues:
                issue((*ploc, "issues", issue_id), issue_id)
            for k, ob in enumerate(prov.obligations):
                oloc: Loc = (*ploc, "obligations", k)
                for field in ("on", "benefits", "verified_by", "enforced_by"):
                    for m, p in enumerate(getattr(ob, field)):
                        party((*oloc, field, m), p)
                if ob.issue is not None:
                    issue((*oloc, "issue"), ob.issue)

    problems.extend(_revision_cycles(case))
    return problems


def _revision_cycles(case: Case) -> list[RefProblem]:
    revises = {d.id: d.revises for d in case.documents}
    index = {d.id: i for i, d in enumerate(case.documents)}
    reported: set[str] = set()
    out: list[RefProblem] = []
    for start in revises:
        path: list[str] = []
        node: str | None = start
        while node is not None and node in revises and node not in path:
            path.append(node)
            node = revises[node]
        if node is not None and node in path:
            cycle = path[path.index(node) :]
            if not reported.intersection(cycle):
                reported.update(cycle)
                chain = " → ".join([*cycle, node])
                out.append(
                    RefProblem(
                        ("documents", index[node], "revises"),
                        f"revisions form a cycle: {chain}",
                        "a chain of revisions that ends at an original document",
                    )
                )
    return out
