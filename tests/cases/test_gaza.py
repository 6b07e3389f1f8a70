"""The built-in case ``gaza-2025``: what its texts state and how they are coded.

Every test checks a fact the texts state or a coding choice for this case, never a result an
analysis gives; the coding guide's rules for every case are in ``test_coding_rules.py``."""

from __future__ import annotations

import json
import re

import pytest

from ontable.io import load_case
from ontable.model import PROVISION_FUNCTIONS, Case, Document, Provision

CASE = "gaza-2025"
PLAN = "us-20-point-plan"
DRAFT = "us-21-point-draft"
URL = re.compile(r"^https?://\S+$")
STATED = ("israel", "hamas", "palestinian-authority", "mediators")


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE)


@pytest.fixture(scope="module")
def plan(case: Case) -> Document:
    return case.document(PLAN)


def test_parties_actors_and_issues(case: Case) -> None:
    assert set(case.party_ids) >= {"israel", "hamas", "united-states", "mediators"}
    assert "palestinian-authority" in case.party_ids
    assert case.main_parties == ("israel", "hamas")
    assert 8 <= len(case.issues) <= 12
    for issue in case.issues:
        assert issue.low.strip() and issue.high.strip() and issue.low != issue.high, issue.id
        assert issue.lexicon, issue.id
    kinds = {a.kind for a in case.actors}
    assert {"organisation", "monitor", "population"} <= kinds
    assert not {a.id for a in case.actors} & set(case.party_ids)


def test_the_mediators_are_one_party_with_the_reason_stated(case: Case) -> None:
    mediators = next(p for p in case.parties if p.id == "mediators")
    assert {"Egypt", "Qatar", "Turkey"} <= set(mediators.aliases)
    assert case.note and "one party" in case.note
    assert all(name in case.note for name in ("Egypt", "Qatar", "Turkey"))


def test_documents_and_revision_chain(case: Case) -> None:
    ids = {d.id for d in case.documents}
    assert {DRAFT, PLAN, "hamas-reply", "israel-acceptance"} <= ids
    assert {f"{p}-stated-positions" for p in STATED} <= ids
    assert case.document(PLAN).revises == DRAFT
    assert case.document(DRAFT).revises is None
    assert PLAN in case.document("israel-acceptance").endorses


def test_points_are_numbered_as_printed(case: Case) -> None:
    for doc_id, count in ((PLAN, 20), (DRAFT, 21)):
        top = [p.id for p in case.document(doc_id).provisions if p.parent is None]
        assert top == [str(n) for n in range(1, count + 1)], doc_id


def test_every_provision_has_functions_or_is_unknown(case: Case) -> None:
    """The coding guide: tag what the point's words do; an unknown point is left untagged and
    its note names the pages checked."""
    for doc in case.documents:
        for p in doc.provisions:
            assert set(p.functions) <= set(PROVISION_FUNCTIONS), (doc.id, p.id)
            if p.status == "unknown":
                assert not p.functions and not p.obligations, (doc.id, p.id)
                assert p.note and "checked" in p.note, (doc.id, p.id)
            else:
                assert p.functions, (doc.id, p.id)


def test_phasing_is_tagged_as_sequencing(case: Case) -> None:
    for doc in case.documents:
        for p, o in doc.obligations:
            if o.after and p.status != "unknown":
                assert "sequencing" in p.functions or any(
                    "sequencing" in q.functions
                    for q in doc.provisions
                    for ob in q.obligations
                    if ob.id in {a.obligation for a in o.after}
                ), (doc.id, p.id)


def test_patience_shares_one_prior(case: Case) -> None:
    assert len({(p.patience, p.patience_range) for p in case.parties}) == 1


def test_each_party_but_the_drafter_has_its_own_stated_positions(case: Case) -> None:
    by_url = {r.url: r for r in case.references}
    for party in STATED:
        doc = case.document(f"{party}-stated-positions")
        assert doc.kind == "position" and doc.drafters == (party,)
        assert len(doc.provisions) >= 5
        assert any(by_url[u].kind in ("primary", "official", "wire") for u in doc.sources), party


def test_withdrawal_is_judged_by_those_the_plan_names(plan: Document) -> None:
    (withdrawal,) = [o for o in plan.provision("16").obligations if o.kind == "withdraw-forces"]
    judges = {j for c in withdrawal.conditions for j in c.judges}
    assert judges == {
        "israel",
        "stabilization-force",
        "mediators",
        "united-states",
        "board-of-peace",
    }
    assert any(c.depends_on == "demilitarise" for c in withdrawal.conditions)
    assert withdrawal.strength == "binding" and withdrawal.conditions


def test_statehood_is_hedged_with_its_wording(plan: Document) -> None:
    (o,) = plan.provision("19").obligations
    assert o.strength == "hedged" and o.conditions
    assert o.quote and "may" in o.quote


def _penalties(doc: Document) -> dict[str, Provision]:
    return {p.id: p for p in doc.provisions if p.kind == "penalty"}


def _trigger_parties(case: Case, provision: Provision) -> set[str]:
    names = {p.id: p.name.split()[0].lower() for p in case.parties}
    return {
        pid
        for o in provision.obligations
        for c in o.conditions
        for pid, first in names.items()
        if c.text.lower().startswith(first)
    }


def test_penalty_links_follow_one_rule_for_every_party(case: Case) -> None:
    """A penalty clause triggered by a party's act is linked from every duty that party alone
    bears in the document, and from no duty another party alone bears (coding guide)."""
    for doc in case.documents:
        penalties = _penalties(doc)
        for _, o in doc.obligations:
            assert set(o.penalty_provisions) <= set(penalties), (doc.id, o.action)
            assert not o.enforcers, (doc.id, o.action)
            if not penalties:
                assert not o.enforced_by, (doc.id, o.action)
        for pid, provision in penalties.items():
            assert provision.obligations, (doc.id, pid)
            triggers = _trigger_parties(case, provision)
            assert triggers, (doc.id, pid)
            for p, o in doc.obligations:
                if p.id == pid:
                    continue
                linked = pid in o.penalty_provisions
                if set(o.on) <= triggers:
                    assert linked, (doc.id, pid, p.id, o.action)
                elif not set(o.on) & triggers:
                    assert not linked, (doc.id, pid, p.id, o.action)


def test_the_exchange_is_coded_both_ways_in_hamas_reply(case: Case) -> None:
    reply = case.document("hamas-reply")
    _, hostages = reply.obligation("release-hostages")
    _, prisoners = reply.obligation("release-prisoners")
    assert hostages.in_exchange_for == ("release-prisoners",)
    assert prisoners.in_exchange_for == ("release-hostages",)
    assert hostages.on == ("hamas",) and prisoners.on == ("israel",)


@pytest.mark.parametrize(
    "args",
    [
        ("show", CASE, PLAN, "--json"),
        ("ledger", CASE, PLAN),
        ("accept", CASE, PLAN),
        ("chain", CASE, PLAN),
        ("sources", CASE, "--json"),
    ],
)
def test_commands_run_on_the_case(cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    if args[-1] == "--json":
        assert json.loads(result.stdout)
