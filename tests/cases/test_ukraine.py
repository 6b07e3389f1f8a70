"""The built-in case ``ukraine-2025``: what its texts state and how they are coded (the coding
guide's rules for every case are in ``test_coding_rules.py``)."""

from __future__ import annotations

import json
import re

import pytest

from ontable.io import load_case
from ontable.model import Case, Document, Obligation, Provision

CASE = "ukraine-2025"
DOCUMENT_IDS = {
    "us-28-point-plan",
    "e3-counter-proposal",
    "geneva-framework",
    "ukraine-20-point-draft",
    "russia-june-memorandum",
    "ukraine-stated-positions",
    "russia-stated-positions",
}
URL = re.compile(r"^https?://\S+$")


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE)


@pytest.fixture(scope="module")
def plan(case: Case) -> Document:
    return case.document("us-28-point-plan")


def test_at_least_six_documents_with_the_guide_ids(case: Case) -> None:
    ids = {d.id for d in case.documents}
    assert len(ids) >= 6
    assert ids >= DOCUMENT_IDS


def test_both_belligerents_have_a_stated_positions_document_from_their_own_statements(
    case: Case,
) -> None:
    by_url = {r.url: r for r in case.references}
    for party in ("russia", "ukraine"):
        doc = case.document(f"{party}-stated-positions")
        assert doc.kind == "position" and doc.drafters == (party,)
        assert len(doc.provisions) >= 6
        own = [
            u
            for u in doc.sources
            if by_url[u].party == party or by_url[u].kind in ("wire", "primary")
        ]
        assert own, party


def test_plan_has_points_1_to_28_at_top_level(plan: Document) -> None:
    top = [p.id for p in plan.provisions if p.parent is None]
    assert top == [str(n) for n in range(1, 29)]


def test_every_plan_point_has_an_obligation_or_a_reason(plan: Document) -> None:
    children: dict[str, list[str]] = {}
    for p in plan.provisions:
        if p.parent is not None:
            children.setdefault(p.parent, []).append(p.id)
    for p in plan.provisions:
        if p.parent is not None:
            continue
        kids = [plan.provision(k) for k in children.get(p.id, [])]
        has_duty = bool(p.obligations) or any(k.obligations for k in kids)
        assert has_duty or p.note, f"point {p.id} has neither obligations nor a note"
        if not p.obligations:
            assert p.note, f"point {p.id} codes its duties elsewhere without saying so"


def test_sub_points_name_an_existing_parent(plan: Document) -> None:
    ids = {p.id for p in plan.provisions}
    subs = [p for p in plan.provisions if p.parent is not None]
    assert subs, "the plan's sub-points (10a-10d, 21a-21d, ...) are coded"
    assert all(p.parent in ids for p in subs)
    assert {"10a", "10b", "10c", "10d", "21a", "21d"} <= ids


def _obligations(doc: Document, kind: str) -> list:
    return [o for _, o in doc.obligations if o.kind == kind]


def test_army_cap_binds_only_ukraine_for_russia(plan: Document) -> None:
    caps = _obligations(plan, "cap-army")
    assert caps
    assert all(o.on == ("ukraine",) for o in caps)
    assert any(
        o.issue == "army_cap" and o.benefits == ("russia",) and o.modality == "binding"
        for o in caps
    )
    assert plan.provision("6").issues["army_cap"] > 0


def test_strike_limit_binds_only_ukraine(plan: Document) -> None:
    limits = _obligations(plan, "limit-strikes")
    assert limits
    assert all(o.on == ("ukraine",) for o in limits)
    assert all(o.issue == "strike_limits" and "russia" in o.benefits for o in limits)


def test_point_3_is_a_hedge_enforced_through_point_10c(plan: Document) -> None:
    point3 = plan.provision("3").obligations
    russia = [o for o in point3 if o.on == ("russia",)]
    assert len(russia) == 1
    (r,) = russia
    assert r.kind == "refrain-from-attack" and r.modality == "hedged"
    assert set(r.benefits) == {"ukraine", "europe"}
    assert not r.verified_by
    nato = [o for o in point3 if o.on == ("nato",)]
    assert nato and nato[0].kind == "no-nato-expansion" and nato[0].modality == "hedged"


# --- The coding guide's rules, checked on the data (docs/coding-guide.md) -------------------

RESTRAINT = {"refrain-from-attack", "limit-strikes"}
BELLIGERENTS = ("russia", "ukraine")


def _penalties(doc: Document) -> dict[str, Provision]:
    return {p.id: p for p in doc.provisions if p.kind == "penalty"}


def _trigger_parties(doc: Document, provision: Provision) -> set[str] | None:
    """The parties whose breach a penalty provision's consequences wait on, read from its
    conditions ("Russia invades Ukraine", "Ukraine has not invaded Russia"); ``None`` for a
    general clause whose consequences wait on no named party's act."""
    parties = {party for _, o in doc.obligations for party in o.on}
    found = {
        party
        for o in provision.obligations
        for c in o.conditions
        for party in parties
        if c.text.lower().startswith(party.split("-")[0])
    }
    return found or None


def _linked(doc: Document, penalty_id: str) -> list[tuple[Provision, Obligation]]:
    return [(p, o) for p, o in doc.obligations if penalty_id in o.penalty_provisions]


def test_every_penalty_link_targets_a_penalty_provision_of_its_document(case: Case) -> None:
    for doc in case.documents:
        penalties = _penalties(doc)
        for _, o in doc.obligations:
            for target in o.penalty_provisions:
                assert target in penalties, (doc.id, o.action, target)


def test_every_penalty_provision_holds_a_consequence_and_enforces_some_duty(case: Case) -> None:
    for doc in case.documents:
        for pid, provision in _penalties(doc).items():
            assert provision.obligations, (doc.id, pid)
            assert _linked(doc, pid), (doc.id, pid)


def test_penalty_links_are_written_as_provision_references(case: Case) -> None:
    """Who administers a penalty is read from the penalty provision, never restated on the duty;
    a document without a penalty clause codes no enforcement for anyone."""
    for doc in case.documents:
        for _, o in doc.obligations:
            assert not o.enforcers, (doc.id, o.action)
            if not _penalties(doc):
                assert not o.enforced_by, (doc.id, o.action)


def test_a_general_penalty_clause_covers_every_duty_of_every_party(case: Case) -> None:
    for doc in case.documents:
        for pid, provision in _penalties(doc).items():
            if _trigger_parties(doc, provision) is None:
                for p, o in doc.obligations:
                    if p.id != pid:
                        assert pid in o.penalty_provisions, (doc.id, pid, p.id, o.action)


def test_a_triggered_penalty_covers_every_like_duty_of_the_triggering_party(case: Case) -> None:
    """Same rule for every party: a clause on "<party> invades ..." or "<party> fires ..." is
    linked from that party's duties of the kinds its trigger names, all of them, and from no
    other party's restraint duties."""
    for doc in case.documents:
        for pid, provision in _penalties(doc).items():
            triggers = _trigger_parties(doc, provision)
            if triggers is None:
                continue
            linked = [o for _, o in _linked(doc, pid)]
            assert all(len(o.on) == 1 and o.on[0] in triggers for o in linked), (doc.id, pid)
            kinds = {o.kind for o in linked}
            assert kinds <= RESTRAINT, (doc.id, pid, kinds)
            for _, o in doc.obligations:
                if len(o.on) == 1 and o.on[0] in triggers and o.kind in kinds:
                    others = set(BELLIGERENTS) - set(o.on)
                    if others & set(o.benefits):
                        assert pid in o.penalty_provisions, (doc.id, pid, o.action)


def test_a_penalty_clause_codes_no_duty_that_another_point_states(case: Case) -> None:
    """A penalty provision holds consequences; the duty its trigger implies is coded in it only
    when no other point of the document states a duty of that kind on that party (10c codes no
    Russian duty, and 10b no Ukrainian one, for the same reason)."""
    for doc in case.documents:
        penalties = _penalties(doc)
        for pid, provision in penalties.items():
            for o in provision.obligations:
                if o.kind not in RESTRAINT:
                    continue
                elsewhere = [
                    q
                    for p, q in doc.obligations
                    if p.id not in penalties and q.on == o.on and q.kind == o.kind
                ]
                assert not elsewhere, (doc.id, pid, o.action)


def test_both_belligerents_restraint_is_linked_alike(case: Case) -> None:
    """In a document with penalty clauses, each belligerent's restraint duties are linked to a
    triggered clause exactly when the document has a clause triggered by that belligerent."""
    for doc in case.documents:
        penalties = _penalties(doc)
        if not penalties:
            continue
        for party in BELLIGERENTS:
            triggered = {
                pid for pid, p in penalties.items() if party in (_trigger_parties(doc, p) or set())
            }
            duties = [
                o
                for _, o in doc.obligations
                if o.on == (party,) and o.kind == "refrain-from-attack"
            ]
            for o in duties:
                if (set(BELLIGERENTS) - {party}) & set(o.benefits):
                    assert bool(set(o.penalty_provisions) & triggered) == bool(triggered), (
                        doc.id,
                        party,
                        o.action,
                    )


def test_the_texts_name_non_party_actors(case: Case) -> None:
    assert case.actors, "the texts name non-party actors (IAEA, Peace Council, monitors)"


def test_ukraines_part_in_drafting_the_plan_is_coded_as_disputed(case: Case) -> None:
    assert "ukraine" in case.document("us-28-point-plan").consultation_disputed


def test_memorandum_sanctions_clause_is_scored_as_written(case: Case) -> None:
    memo = case.document("russia-june-memorandum")
    clause = [p for p in memo.provisions if "sanctions" in p.issues]
    assert clause
    for p in clause:
        if "between them" in p.summary:
            assert p.issues["sanctions"] < 100


def test_conditional_obligations_state_their_condition(case: Case) -> None:
    for doc in case.documents:
        for p, o in doc.obligations:
            if o.modality == "conditional":
                assert o.condition, f"{doc.id} {p.id}"


def test_geneva_brackets_territory_and_nato(case: Case) -> None:
    geneva = case.document("geneva-framework")
    statuses = [p.status for p in geneva.provisions]
    assert statuses.count("bracketed") >= 2
    assert "unknown" in statuses
    assert geneva.positions.get("army_cap") == 0


def test_every_revision_chain_ends_at_an_original(case: Case) -> None:
    by_id = {d.id: d for d in case.documents}
    for doc in case.documents:
        seen = {doc.id}
        node = doc
        while node.revises is not None:
            assert node.revises in by_id, node.revises
            node = by_id[node.revises]
            assert node.id not in seen, "revision cycle"
            seen.add(node.id)
        assert node.revises is None
    assert by_id["e3-counter-proposal"].revises == "us-28-point-plan"
    assert by_id["geneva-framework"].revises == "us-28-point-plan"


def test_scenarios_override_known_parties(case: Case) -> None:
    assert 2 <= len(case.scenarios) <= 3
    assert all(sc.overrides for sc in case.scenarios)


def test_show_lists_the_28_points(cli) -> None:
    result = cli("show", CASE, "us-28-point-plan", "--json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    top = [p["id"] for p in data["provisions"] if p["parent"] is None]
    assert top == [str(n) for n in range(1, 29)]
    table = cli("show", CASE, "us-28-point-plan")
    assert table.code == 0, table.stderr
    for n in (1, 10, 21, 28):
        assert re.search(rf"│ {n}\s", table.stdout), n
