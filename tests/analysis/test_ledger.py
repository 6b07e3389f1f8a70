"""The ledger: per-party obligations and burdens, reciprocity gaps, hedges, unverified."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from ontable.analysis import ledger, reciprocity_gaps
from ontable.analysis.ledger import MODALITY_WEIGHTS, LedgerAssumptions
from ontable.io import load_case
from ontable.model import Obligation, Provision
from tests.analysis.builders import (
    document,
    mini,
    provision,
    provision_lists,
    with_documents,
)


def test_plan_a_by_hand() -> None:
    result = ledger(mini(), "plan-a")
    # South must withdraw (1), cap troops (2) and not attack (3a); North is only "expected"
    # not to attack (3), which mirrors South's 3a, so only 1 and 2 are one-sided.
    gaps = {(g.provision_id, g.party, g.counterpart, g.kind) for g in result.reciprocity_gaps}
    assert gaps == {("1", "south", "north", "withdraw"), ("2", "south", "north", "cap-army")}
    assert [h.provision_id for h in result.hedges] == ["3"]
    # only point 2 names a verifier
    assert [e.provision_id for e in result.unverified] == ["1", "3", "3a"]
    south = result.party("south")
    assert south.by_modality == {"binding": 3, "hedged": 0, "aspirational": 0, "conditional": 0}
    # border salience 90, troops 70, and 3a (no issue) South's mean salience (90+70+50)/3
    assert south.burden == pytest.approx(0.9 + 0.7 + 0.7)
    # North's one hedged duty, no issue: 0.5 x mean salience (80+60+20)/3 / 100
    assert result.party("north").burden == pytest.approx(0.5 * 160 / 300)
    # North receives 1, 2 and 3a, weighted by its own saliences: 0.8 + 0.6 + 160/300
    assert result.party("north").benefit == pytest.approx(0.8 + 0.6 + 160 / 300)
    assert result.party("broker").obligations == ()


def test_issue_key_when_no_kind() -> None:
    # no kinds: obligations mirror each other through their issue
    p = provision(
        "1",
        obligations=(
            Obligation(
                on=("south",), action="x", issue="troops", benefits=("north",), modality="binding"
            ),
            Obligation(
                on=("north",), action="y", issue="troops", benefits=("south",), modality="binding"
            ),
        ),
    )
    assert reciprocity_gaps(with_documents(mini(), document([p])), "doc") == ()
    q = provision(
        "1",
        obligations=(
            Obligation(
                on=("south",), action="x", issue="troops", benefits=("north",), modality="binding"
            ),
            Obligation(
                on=("north",), action="y", issue="border", benefits=("south",), modality="binding"
            ),
        ),
    )
    assert len(reciprocity_gaps(with_documents(mini(), document([q])), "doc")) == 2


def test_roles_filter_and_main_party_counterpart() -> None:
    # plan-b: the broker (a mediator) funds South; that is no gap between the principals
    assert {g.party for g in ledger(mini(), "plan-b").reciprocity_gaps} == {"south"}
    every = ledger(mini(), "plan-b", reciprocity_roles=None).reciprocity_gaps
    assert ("4", "broker", "south") in {(g.provision_id, g.party, g.counterpart) for g in every}
    # no beneficiaries: the beneficiary stays unspecified, so there is no counterpart...
    p = provision(
        "1", obligations=(Obligation(on=("south",), action="x", kind="k", modality="binding"),)
    )
    case = with_documents(mini(), document([p]))
    assert reciprocity_gaps(case, "doc") == ()
    assert [e.provision_id for e in ledger(case, "doc").unspecified_beneficiary] == ["1"]
    # ...unless the format v1 rule is asked for: the other main party
    v1 = LedgerAssumptions(unspecified_beneficiary="other-main-party")
    gaps = reciprocity_gaps(case, "doc", assumptions=v1)
    assert [(g.party, g.counterpart) for g in gaps] == [("south", "north")]


@settings(max_examples=60, deadline=None)
@given(provisions=provision_lists)
def test_totals_count_each_obliged_party(provisions: list[Provision]) -> None:
    doc = document(provisions)
    result = ledger(with_documents(mini(), doc), doc)
    pairs = doc.obligations
    assert result.obligation_count == len(pairs)
    # an obligation on two parties counts once for each of them
    assert sum(len(r.obligations) for r in result.parties) == sum(len(o.on) for _, o in pairs)
    assert sum(sum(r.by_modality.values()) for r in result.parties) == sum(
        len(o.on) for _, o in pairs
    )
    assert len(result.hedges) == sum(o.modality == "hedged" for _, o in pairs)
    for r in result.parties:
        assert 0 <= r.burden <= max(MODALITY_WEIGHTS.values()) * len(r.obligations)


def _mirror(ob: Obligation) -> Obligation | None:
    # the counterparts the ledger uses: the beneficiaries (none named: none)
    counterparts = ob.benefits
    if ob.kind is None and ob.issue is None:
        return None
    others = tuple(p for p in dict.fromkeys(counterparts) if p not in ob.on)
    if not others:
        return None
    return ob.model_copy(update={"on": others, "benefits": ob.on})


@settings(max_examples=60, deadline=None)
@given(provisions=provision_lists)
def test_mirrored_document_has_no_gap(provisions: list[Provision]) -> None:
    mirrored = []
    for p in provisions:
        extra = [m for o in p.obligations if (m := _mirror(o)) is not None]
        mirrored.append(p.model_copy(update={"obligations": (*p.obligations, *extra)}))
    case = with_documents(mini(), document(mirrored))
    assert reciprocity_gaps(case, "doc", roles=None) == ()


def test_to_dict_names_provisions() -> None:
    data = ledger(mini(), "plan-a").to_dict()
    assert {"parties", "reciprocity_gaps", "hedges", "unverified"} <= set(data)
    assert all("provision_id" in g for g in data["reciprocity_gaps"] + data["hedges"])
    frame = ledger(mini(), "plan-a").to_frame()
    assert list(frame["party"]) == ["north", "south", "broker"]


def test_unknown_document() -> None:
    with pytest.raises(KeyError, match="plan-z"):
        ledger(mini(), "plan-z")


def _builtin_plan() -> tuple[object, str]:
    case = load_case("ukraine-2025")
    case.document("us-28-point-plan")  # KeyError fails the test if it is missing
    return case, "us-28-point-plan"


def test_builtin_28_point_plan() -> None:
    case, doc_id = _builtin_plan()
    result = ledger(case, doc_id)  # type: ignore[arg-type]
    doc = case.document(doc_id)  # type: ignore[attr-defined]

    def point_of(kind: str, on: str) -> str:
        return next(p.id for p, o in doc.obligations if o.kind == kind and on in o.on)

    gaps = {(g.provision_id, g.party, g.counterpart, g.kind) for g in result.reciprocity_gaps}
    assert (point_of("limit-strikes", "ukraine"), "ukraine", "russia", "limit-strikes") in gaps
    assert (point_of("cap-army", "ukraine"), "ukraine", "russia", "cap-army") in gaps
    hedged_russia = [
        h for h in result.hedges if h.kind == "refrain-from-attack" and "russia" in h.on
    ]
    assert hedged_russia and all(h.modality == "hedged" for h in hedged_russia)
