"""Ledger v2: who judges a condition, exchange links, unspecified beneficiaries, actors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.analysis import (
    LedgerAssumptions,
    condition_discount,
    firmness,
    judge_class,
    ledger,
)
from ontable.io import load_case
from ontable.model import Condition, Obligation, Provision
from tests.analysis.builders import PARTIES, document, mini, provision, with_documents
from tests.conftest import DATA

FERRY = load_case(DATA / "ferry")


def test_condition_judged_by_its_bearer_is_discretionary() -> None:
    result = ledger(FERRY, "package")
    withdraw = next(e for e in result.party("north").obligations if e.obligation_id == "withdraw")
    assert withdraw.conditions[0].judge_class == "bearer"
    assert withdraw.firmness == pytest.approx(0.5 * (1 - 0.75))  # hedged, judged by North
    assert [e.obligation_id for e in result.discretionary] == ["withdraw"]
    sanctions = next(e for e in result.party("broker").obligations)
    assert sanctions.conditions[0].judge_class == "third"  # the monitors judge it
    assert sanctions.firmness == pytest.approx(0.75)
    assert sanctions.penalty_provisions == ()


def test_exchange_links_match_across_issues() -> None:
    result = ledger(FERRY, "package")
    # disarm (South) is linked to withdraw (North): an exchange, not a gap
    (ex,) = result.exchanges
    assert {ex.party, ex.counterpart} == {"north", "south"}
    assert "in_exchange_for" in ex.linked_by
    gives = {d.obligation_id for d in ex.gives} | {d.obligation_id for d in ex.receives}
    assert gives == {"disarm", "withdraw"}
    # the elections and border duties have no return: gaps naming what they could be traded for
    gaps = {g.obligation_id: g for g in result.reciprocity_gaps}
    assert set(gaps) == {"elections", "border-control"}
    assert [c.obligation_id for c in gaps["elections"].candidates] == ["ceasefire", "withdraw"]
    assert result.gap_total("south", "north") == pytest.approx(2.0)


def test_unspecified_beneficiary_and_actor_benefits() -> None:
    result = ledger(FERRY, "package")
    assert [e.obligation_id for e in result.unspecified_beneficiary] == ["ceasefire"]
    assert dict(result.actor_benefits)["civilians"][0].obligation_id == "disarm"
    assert "civilians" not in {r.party for r in result.parties}
    assert result.deadlocks and result.deadlocks[0].between_parties
    data = result.to_dict()
    assert data["deadlocks"][0]["demanded_by"] == ["north", "south"]
    assert data["assumptions"]["condition_discounts"]["bearer"] == 0.75


def test_endorsed_document_obligations_are_included_and_named() -> None:
    result = ledger(FERRY, "declaration")
    assert result.included_documents == ("package",)
    assert result.obligation_count == 6
    assert {e.document_id for r in result.parties for e in r.obligations} == {"package"}
    alone = ledger(FERRY, "declaration", include_endorsed=False)
    assert alone.obligation_count == 0 and alone.included_documents == ()


def test_assumptions_are_checked() -> None:
    with pytest.raises(ValueError, match="bearer"):
        LedgerAssumptions(
            condition_discounts={
                "bearer": 0.1,
                "shared": 0.5,
                "beneficiary": 0.2,
                "third": 0.2,
                "unspecified": 0.2,
            }
        )
    with pytest.raises(ValueError, match="0–1"):
        LedgerAssumptions(strength_weights={"binding": 2.0, "hedged": 0.5, "aspirational": 0.2})


def test_v1_weights_are_reproduced() -> None:
    ob = Obligation(on=("north",), action="x", modality="conditional", condition="if")  # type: ignore[call-arg]
    assert firmness(ob) == pytest.approx(0.75)


# --- properties ------------------------------------------------------------------------

judges = st.one_of(
    st.just(()),
    st.lists(st.sampled_from([*PARTIES, "monitors"]), min_size=1, max_size=2, unique=True),
)


@st.composite
def conditioned(draw: st.DrawFn) -> Obligation:
    on = tuple(draw(st.lists(st.sampled_from(PARTIES), min_size=1, max_size=2, unique=True)))
    conds = draw(
        st.lists(
            st.builds(lambda j: Condition(text="if", judged_by=tuple(j)), judges),
            min_size=1,
            max_size=3,
        )
    )
    return Obligation(
        on=on,
        action="x",
        benefits=tuple(draw(st.lists(st.sampled_from(PARTIES), max_size=2, unique=True))),
        modality=draw(
            st.sampled_from(["conditional", "hedged conditional", "aspirational conditional"])
        ),  # type: ignore[arg-type]
        conditions=tuple(conds),
    )


@settings(max_examples=80, deadline=None)
@given(ob=conditioned(), which=st.integers(0, 2))
def test_moving_a_judge_to_the_bearer_never_lowers_the_discount(ob: Obligation, which: int) -> None:
    k = which % len(ob.conditions)
    moved = list(ob.conditions)
    moved[k] = Condition(text="if", judged_by=(ob.on[0],))
    after = ob.model_copy(update={"conditions": tuple(moved)})
    assert judge_class(moved[k], after) in ("bearer", "shared")
    if set(ob.on) == {ob.on[0]}:
        assert judge_class(moved[k], after) == "bearer"
    assert condition_discount(after) >= condition_discount(ob)
    assert firmness(after) <= firmness(ob)


KINDS = ["cap-army", "withdraw", None]


@st.composite
def linked_documents(draw: st.DrawFn) -> tuple[list[Provision], list[Provision]]:
    """A document of identified obligations, and the same with one more exchange link."""
    n = draw(st.integers(2, 6))
    obs = []
    for k in range(n):
        on = draw(st.sampled_from(["north", "south"]))
        other = "south" if on == "north" else "north"
        obs.append(
            {
                "id": f"o{k}",
                "on": on,
                "action": f"act {k}",
                "kind": draw(st.sampled_from(KINDS)),
                "issue": draw(st.sampled_from(["border", "troops", None])),
                "benefits": draw(st.sampled_from([[other], []])),
                "modality": draw(st.sampled_from(["binding", "hedged"])),
                "in_exchange_for": [],
            }
        )
    for ob in obs:
        ob["in_exchange_for"] = draw(
            st.lists(st.sampled_from([o["id"] for o in obs if o is not ob]), max_size=1)
        )
    a, b = draw(st.sampled_from([(x["id"], y["id"]) for x in obs for y in obs if x is not y]))
    extra = [dict(o) for o in obs]
    for o in extra:
        if o["id"] == a and b not in o["in_exchange_for"]:
            o["in_exchange_for"] = [*o["in_exchange_for"], b]
    return (
        [provision("1", obligations=obs)],
        [provision("1", obligations=extra)],
    )


@settings(max_examples=80, deadline=None)
@given(docs=linked_documents())
def test_adding_an_exchange_link_never_increases_a_gap(
    docs: tuple[list[Provision], list[Provision]],
) -> None:
    before = ledger(with_documents(mini(), document(docs[0])), "doc")
    after = ledger(with_documents(mini(), document(docs[1])), "doc")
    key = lambda g: (g.obligation_id, g.party, g.counterpart)  # noqa: E731
    assert {key(g) for g in after.reciprocity_gaps} <= {key(g) for g in before.reciprocity_gaps}
    for a in ("north", "south"):
        for b in ("north", "south"):
            assert after.gap_total(a, b) <= before.gap_total(a, b) + 1e-12
