"""The built-in case ``ukraine-2025``: completeness, sourcing and the coded hedges and gaps."""

from __future__ import annotations

import json
import re

import pytest

from ontable.io import load_case
from ontable.model import Case, Document

CASE = "ukraine-2025"
DOCUMENT_IDS = {
    "us-28-point-plan",
    "e3-counter-proposal",
    "geneva-framework",
    "ukraine-20-point-draft",
    "russia-june-memorandum",
    "ukraine-stated-positions",
}
URL = re.compile(r"^https?://\S+$")


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE)


@pytest.fixture(scope="module")
def plan(case: Case) -> Document:
    return case.document("us-28-point-plan")


def test_case_validates(cli) -> None:
    result = cli("validate", CASE)
    assert result.code == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_at_least_six_documents_with_the_guide_ids(case: Case) -> None:
    ids = {d.id for d in case.documents}
    assert len(ids) >= 6
    assert ids >= DOCUMENT_IDS


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


def test_every_provision_has_a_source_url(case: Case) -> None:
    for doc in case.documents:
        assert doc.sources and all(URL.match(u) for u in doc.sources), doc.id
        for p in doc.provisions:
            assert p.sources, f"{doc.id} {p.id}"
            assert all(URL.match(u) for u in p.sources), f"{doc.id} {p.id}"


def test_every_stance_and_party_figure_is_sourced(case: Case) -> None:
    for s in case.stances:
        assert s.sources and all(URL.match(u) for u in s.sources), (s.party, s.issue)
        assert s.rationale.strip()
    for p in case.parties:
        assert p.sources, p.id
        assert p.capability_rationale and "placeholder" not in p.capability_rationale
        assert p.capability_range is not None
        assert p.batna is not None and p.batna_range is not None and p.batna_rationale
        assert p.patience is not None and p.patience_range is not None


def test_every_party_has_a_ranged_stance_on_every_issue(case: Case) -> None:
    for party in case.party_ids:
        for issue in case.issue_ids:
            s = case.stance(party, issue)
            assert s is not None, (party, issue)
            assert s.position_range is not None and s.salience_range is not None
            low, high = s.position_range
            assert low <= s.position <= high
    assert len(case.stances) == len(case.party_ids) * len(case.issue_ids)


def test_every_issue_has_a_lexicon(case: Case) -> None:
    assert all(i.lexicon for i in case.issues)


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


def test_point_3_is_a_hedge_without_verifier_or_enforcer(plan: Document) -> None:
    point3 = plan.provision("3").obligations
    russia = [o for o in point3 if o.on == ("russia",)]
    assert len(russia) == 1
    (r,) = russia
    assert r.kind == "refrain-from-attack" and r.modality == "hedged"
    assert set(r.benefits) == {"ukraine", "europe"}
    assert not r.verified_by and not r.enforced_by
    nato = [o for o in point3 if o.on == ("nato",)]
    assert nato and nato[0].kind == "no-nato-expansion" and nato[0].modality == "hedged"


def test_ukraines_restraint_is_enforced_where_russias_is_only_expected(plan: Document) -> None:
    ukr = [o for o in _obligations(plan, "refrain-from-attack") if o.on == ("ukraine",)]
    rus = [o for o in _obligations(plan, "refrain-from-attack") if o.on == ("russia",)]
    assert any(o.enforced_by for o in ukr)
    assert not any(o.enforced_by for o in rus)


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
