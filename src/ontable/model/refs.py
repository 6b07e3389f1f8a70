"""Cross-reference checks of a Case: ids that must exist, be unique, or not form cycles.

Pydantic checks each object on its own; these checks need the whole case. They return every
problem found (not only the first) so that a user can fix a file in one pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ontable.model.case import Case
from ontable.model.document import SIGNING, Document
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
    actor_ids = set(case.actor_ids)
    issue_ids = set(case.issue_ids)
    doc_ids = {d.id for d in case.documents}

    def party(loc: Loc, value: str) -> None:
        if value not in party_ids:
            problems.append(RefProblem(loc, f"unknown party '{value}'", _known("party", party_ids)))

    def party_or_actor(loc: Loc, value: str) -> None:
        if value not in party_ids and value not in actor_ids:
            problems.append(
                RefProblem(
                    loc,
                    f"unknown party or actor '{value}'",
                    _known("party or actor", party_ids | actor_ids),
                )
            )

    def issue(loc: Loc, value: str) -> None:
        if value not in issue_ids:
            problems.append(RefProblem(loc, f"unknown issue '{value}'", _known("issue", issue_ids)))

    id_lists: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("parties", case.party_ids),
        ("actors", case.actor_ids),
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

    for i, a in enumerate(case.actors):
        if a.id in party_ids:
            problems.append(
                RefProblem(
                    ("actors", i, "id"),
                    f"actor id '{a.id}' is also a party's id",
                    "an id distinct from every party's",
                )
            )

    for i, r in enumerate(case.red_lines):
        party(("red_lines", i, "party"), r.party)
        issue(("red_lines", i, "issue"), r.issue)

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
        for field in ("endorses", "attaches"):
            for k, other in enumerate(getattr(doc, field)):
                if other not in doc_ids:
                    problems.append(
                        RefProblem(
                            (*base, field, k),
                            f"unknown document '{other}'",
                            _known("document", doc_ids),
                        )
                    )
                elif other == doc.id:
                    problems.append(
                        RefProblem(
                            (*base, field, k),
                            f"a document cannot {'endorse' if field == 'endorses' else 'attach'} itself",
                            "another document's id",
                        )
                    )
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
        problems.extend(_document_problems(doc, base, party, party_or_actor, issue))

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


def _document_problems(
    doc: Document,
    base: Loc,
    party: Callable[[Loc, str], None],
    party_or_actor: Callable[[Loc, str], None],
    issue: Callable[[Loc, str], None],
) -> list[RefProblem]:
    """Problems inside one document: provisions, obligations and what they refer to."""
    problems: list[RefProblem] = []
    prov_ids = [p.id for p in doc.provisions]
    kinds = {p.id: p.kind for p in doc.provisions}
    ob_ids = [o.id for _, o in doc.obligations if o.id is not None]
    known_obs = set(ob_ids)
    dup_obs = _duplicates(ob_ids)
    dups = _duplicates(prov_ids)
    obligation_expected = "the id of an obligation of the same document" + (
        f" ({', '.join(sorted(known_obs)[:12])})" if known_obs else " (none has an id yet)"
    )

    def obligation(loc: Loc, value: str, own: str | None) -> None:
        if value not in known_obs:
            problems.append(RefProblem(loc, f"unknown obligation '{value}'", obligation_expected))
        elif value == own:
            problems.append(
                RefProblem(loc, "an obligation cannot refer to itself", obligation_expected)
            )

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
        for k, other in enumerate(prov.prevails_over):
            if other not in prov_ids or other == prov.id:
                problems.append(
                    RefProblem(
                        (*ploc, "prevails_over", k),
                        f"unknown provision '{other}'"
                        if other != prov.id
                        else "a provision cannot prevail over itself",
                        "the id of another provision of the same document",
                    )
                )
        for issue_id in prov.issues:
            issue((*ploc, "issues", issue_id), issue_id)
        for k, ob in enumerate(prov.obligations):
            oloc: Loc = (*ploc, "obligations", k)
            if ob.id is not None and ob.id in dup_obs:
                problems.append(
                    RefProblem(
                        (*oloc, "id"),
                        f"duplicate obligation id '{ob.id}'",
                        "each obligation id used once in a document",
                    )
                )
            for m, p in enumerate(ob.on):
                party((*oloc, "on", m), p)
            for field in ("benefits", "verified_by"):
                for m, p in enumerate(getattr(ob, field)):
                    party_or_actor((*oloc, field, m), p)
            for m, e in enumerate(ob.enforced_by):
                if isinstance(e, str):
                    party_or_actor((*oloc, "enforced_by", m), e)
                elif e.provision not in kinds:
                    problems.append(
                        RefProblem(
                            (*oloc, "enforced_by", m, "provision"),
                            f"unknown provision '{e.provision}'",
                            "the id of a penalty provision of the same document",
                        )
                    )
                elif kinds[e.provision] != "penalty":
                    problems.append(
                        RefProblem(
                            (*oloc, "enforced_by", m, "provision"),
                            f"provision '{e.provision}' is of kind '{kinds[e.provision]}'",
                            "a provision of kind 'penalty'",
                        )
                    )
            if ob.issue is not None:
                issue((*oloc, "issue"), ob.issue)
            for m, c in enumerate(ob.conditions):
                for n, judge in enumerate(c.judged_by):
                    party_or_actor((*oloc, "conditions", m, "judged_by", n), judge)
                if c.depends_on is not None:
                    obligation((*oloc, "conditions", m, "depends_on"), c.depends_on, ob.id)
            for m, link in enumerate(ob.in_exchange_for):
                obligation((*oloc, "in_exchange_for", m), link, ob.id)
            for m, demand in enumerate(ob.after):
                obligation((*oloc, "after", m, "obligation"), demand.obligation, ob.id)
                for n, p in enumerate(demand.demanded_by):
                    party((*oloc, "after", m, "demanded_by", n), p)
            if ob.timing is not None and ob.timing.after not in (None, SIGNING):
                obligation((*oloc, "timing", "after"), str(ob.timing.after), ob.id)
    problems.extend(_issue_conflicts(doc, base))
    return problems


def _issue_conflicts(doc: Document, base: Loc) -> list[RefProblem]:
    """Two provisions setting one issue at different positions with neither governing."""
    out: list[RefProblem] = []
    index = {id(p): j for j, p in enumerate(doc.provisions)}
    issues = dict.fromkeys(i for p in doc.provisions for i in p.issues)
    for issue_id in issues:
        winners = doc.issue_setters(issue_id)
        values = {p.issues[issue_id] for p in winners}
        if len(values) <= 1:
            continue
        first, later = winners[0], winners[-1]
        out.append(
            RefProblem(
                (*base, "provisions", index[id(later)], "issues", issue_id),
                f"provisions '{first.id}' and '{later.id}' both set '{issue_id}' "
                f"({first.issues[issue_id]:g} and {later.issues[issue_id]:g}) and neither governs",
                f"one position, or 'prevails_over: [{first.id}]' on the provision that governs "
                "(a sub-point governs its parent)",
            )
        )
    return out
