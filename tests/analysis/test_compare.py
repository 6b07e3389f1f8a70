"""Comparing two texts across cases: matching by function, profiles by role and name."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ontable.analysis import compare, infer_functions, provision_functions
from ontable.analysis.compare import (
    COMPARED_FUNCTIONS,
    CROSS_CUTTING,
    INFERENCE_KEYWORDS,
    JUDGE_GROUPS,
    ProvisionFunctions,
    match_provisions,
)
from ontable.errors import UnknownIdError
from ontable.io import load_case
from ontable.model import MODALITIES, Case
from ontable.model.document import PROVISION_FUNCTIONS

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def ferry() -> Case:
    return load_case(DATA / "ferry")


@pytest.fixture(scope="module")
def lake() -> Case:
    return load_case(DATA / "lake")


def _pairs(cases: tuple[Case, Case]) -> list[tuple[Case, str, Case, str]]:
    a, b = cases
    return [(a, da.id, b, db.id) for da in a.documents for db in b.documents]


def _key(match: object) -> tuple[object, ...]:
    m = match
    return (m.a, m.b, m.shared, round(m.overlap, 12), m.basis)  # type: ignore[attr-defined]


def test_matching_is_symmetric(ferry: Case, lake: Case) -> None:
    for ca, da, cb, db in _pairs((ferry, lake)) + _pairs((lake, lake)):
        ab = compare(ca, da, cb, db)
        ba = compare(cb, db, ca, da)
        mirrored = {(m.b, m.a, m.shared, round(m.overlap, 12), m.basis) for m in ba.matches}
        assert {_key(m) for m in ab.matches} == mirrored
        assert ab.only_in_a == ba.only_in_b and ab.only_in_b == ba.only_in_a
        assert ab.a.to_dict() == ba.b.to_dict() and ab.b.to_dict() == ba.a.to_dict()


def test_no_match_without_a_shared_function(ferry: Case, lake: Case) -> None:
    result = compare(ferry, "package", lake, "accord")
    a = {p.provision_id: p for p in result.a_functions}
    b = {p.provision_id: p for p in result.b_functions}
    matched = {(m.a, m.b) for m in result.matches}
    assert matched, "the two texts share functions: some points must match"
    for pa, pb in itertools.product(a.values(), b.values()):
        shared = pa.functions & pb.functions
        if not shared:
            assert (pa.provision_id, pb.provision_id) not in matched
    for m in result.matches:
        assert set(m.shared) == a[m.a].functions & b[m.b].functions
        assert m.overlap >= result.min_overlap - 1e-12


def test_matches_are_listed_best_first(ferry: Case, lake: Case) -> None:
    result = compare(ferry, "package", lake, "accord")
    keys = [(-m.overlap, -len(m.shared)) for m in result.matches]
    assert keys == sorted(keys)
    best = result.best_matches
    assert set(best) <= set(result.matches) and {m.a for m in best} == {m.a for m in result.matches}
    for m in best:
        assert m.overlap == max(x.overlap for x in result.matches if x.a == m.a)
    groups = result.best_by_point
    assert [m for g in groups for m in g] == [
        m for a in [g[0].a for g in groups] for m in best if m.a == a
    ]
    assert all(len({m.a for m in g}) == 1 for g in groups)
    frame = result.to_frame()
    assert list(zip(frame["a"], frame["b"], strict=True)) == [(m.a, m.b) for m in result.matches]


def test_a_higher_threshold_keeps_a_subset(ferry: Case, lake: Case) -> None:
    loose = compare(ferry, "package", lake, "accord", min_overlap=0.1)
    strict = compare(ferry, "package", lake, "accord", min_overlap=1.0)
    assert {_key(m) for m in strict.matches} <= {_key(m) for m in loose.matches}
    assert all(m.overlap == 1.0 for m in strict.matches)
    assert len(strict.matches) < len(loose.matches)


@pytest.mark.parametrize("bad", [0.0, -0.5, 1.5, math.nan])
def test_threshold_outside_zero_one_is_refused(ferry: Case, lake: Case, bad: float) -> None:
    with pytest.raises(ValueError, match="min_overlap"):
        compare(ferry, "package", lake, "accord", min_overlap=bad)


def test_coded_and_inferred_functions_are_kept_apart(ferry: Case, lake: Case) -> None:
    result = compare(ferry, "package", lake, "accord")
    by_pair = {(m.a, m.b): m for m in result.matches}
    # ferry point 1 has no coded functions: "ceasefire" is inferred from its summary, so its
    # match with the lake accord's coded ceasefire is marked inferred.
    first = next(p for p in result.a_functions if p.provision_id == "1")
    assert first.coded == () and "ceasefire" in first.inferred
    assert by_pair[("1", "1")].basis == "inferred"
    # the two penalty points share coded sanctions and the derived penalty: a coded match.
    penalty = by_pair[("6", "6")]
    assert penalty.shared == ("sanctions", "penalty")
    assert penalty.basis == "coded"
    # a point with coded functions is never given inferred ones
    for p in (*result.a_functions, *result.b_functions):
        if p.coded:
            assert p.inferred == ()


def test_phasing_alone_makes_no_match(ferry: Case, lake: Case) -> None:
    result = compare(ferry, "package", lake, "accord")
    assert all(set(m.shared) - CROSS_CUTTING for m in result.matches)
    # ferry point 5 and lake point 5 both imply sequencing (an `after` order), nothing else shared
    assert ("5", "5") not in {(m.a, m.b) for m in result.matches}
    both_phasing = ProvisionFunctions("x", "", ("sequencing",), (), ())
    assert len(match_provisions((both_phasing,), (both_phasing,))) == 1


def test_derived_functions_come_from_the_data(lake: Case) -> None:
    accord = lake.document("accord")
    penalty = provision_functions(accord.provision("6"))
    assert penalty.derived == ("penalty",) and penalty.coded == ("sanctions",)
    # an obligation with timing or an `after` order implies sequencing
    assert "sequencing" in provision_functions(accord.provision("1")).derived
    assert "sequencing" in provision_functions(accord.provision("5")).derived
    assert provision_functions(accord.provision("2")).derived == ()


def test_every_function_has_keywords() -> None:
    assert set(INFERENCE_KEYWORDS) == set(PROVISION_FUNCTIONS)
    assert all(INFERENCE_KEYWORDS[f] for f in PROVISION_FUNCTIONS)


def test_keyword_rule_reads_word_starts() -> None:
    assert infer_functions("An amnesty, and prisoners released") == ("amnesty", "detainees")
    assert infer_functions("The bill was paid and said so") == ()  # no "aid" inside words
    assert infer_functions("A Board of Trustees oversees the Recovery Fund") == (
        "institution",
        "reconstruction",
    )


def test_functions_only_in_one_text_are_listed(ferry: Case, lake: Case) -> None:
    result = compare(ferry, "package", lake, "accord")
    a_all = set().union(*(p.functions for p in result.a_functions))
    b_all = set().union(*(p.functions for p in result.b_functions))
    assert set(result.only_in_a) == a_all - b_all
    assert set(result.only_in_b) == b_all - a_all
    assert set(result.in_both) == a_all & b_all
    assert "amnesty" in result.only_in_b  # the package's own points grant no amnesty


def test_profile_shares_sum_to_one_per_party(ferry: Case, lake: Case) -> None:
    for ca, da, cb, db in _pairs((ferry, lake)):
        result = compare(ca, da, cb, db)
        for profile in (result.a, result.b):
            for duty in (*profile.principals, *profile.others):
                assert duty.obligations > 0
                assert set(duty.shares) == set(MODALITIES)
                assert sum(duty.shares.values()) == pytest.approx(1.0)
            assert set(profile.judges) == set(JUDGE_GROUPS)
            if profile.conditions:
                assert sum(profile.judges.values()) == pytest.approx(1.0)


def test_profile_is_by_role_and_name(lake: Case) -> None:
    result = compare(lake, "accord", lake, "east-reply")
    accord = result.a
    assert accord.drafters == ("Facilitator",)
    assert accord.consulted == ("West Shore",) and accord.excluded == ("East Shore",)
    assert accord.consultation_disputed == ("Guarantor",)
    assert [p.name for p in accord.principals] == ["West Shore", "East Shore"]
    assert [(p.name, p.role) for p in accord.others] == [("Guarantor", "guarantor")]
    # one condition each judged by a bearer, another party and a non-party actor
    assert accord.judges == {
        "bearer": 1 / 3,
        "other party": 1 / 3,
        "actor": 1 / 3,
        "unspecified": 0,
    }
    assert accord.exchange_links == 1 and accord.penalty_provisions == 1
    assert accord.lean_between == ("West Shore", "East Shore")


def _renamed(case: Case, mapping: dict[str, str], names: dict[str, str] | None = None) -> Case:
    text = json.dumps(case.model_dump(mode="json"))
    for old, new in mapping.items():
        text = re.sub(rf'"{re.escape(old)}"', json.dumps(new), text)
    for old, new in (names or {}).items():
        text = text.replace(json.dumps(old), json.dumps(new))
    return Case.model_validate(json.loads(text))


def test_renaming_party_ids_changes_nothing(ferry: Case, lake: Case) -> None:
    renamed = _renamed(lake, {"westbank": "w", "eastbank": "e", "patron": "g", "observers": "o"})
    assert renamed.party_ids != lake.party_ids
    for doc in ("accord", "east-reply"):
        before = compare(ferry, "package", lake, doc).to_dict()
        after = compare(ferry, "package", renamed, doc).to_dict()
        assert after == before


def test_renaming_a_party_changes_only_its_name(ferry: Case, lake: Case) -> None:
    renamed = _renamed(lake, {}, {"West Shore": "Western Side"})
    before = json.dumps(compare(ferry, "package", lake, "accord").to_dict())
    after = json.dumps(compare(ferry, "package", renamed, "accord").to_dict())
    assert after != before
    assert after == before.replace('"West Shore"', '"Western Side"')


def test_unknown_document_is_a_located_error(ferry: Case, lake: Case) -> None:
    with pytest.raises(UnknownIdError, match="unknown document 'nope' in case 'lake'"):
        compare(ferry, "package", lake, "nope")


_functions = st.lists(st.sampled_from(COMPARED_FUNCTIONS), max_size=4, unique=True)


@given(
    st.lists(st.tuples(_functions, _functions), min_size=1, max_size=5),
    st.lists(st.tuples(_functions, _functions), min_size=1, max_size=5),
    st.floats(min_value=0.05, max_value=1.0),
)
def test_matching_rule_properties(
    a_sets: list[tuple[list[str], list[str]]],
    b_sets: list[tuple[list[str], list[str]]],
    threshold: float,
) -> None:
    def build(sets: list[tuple[list[str], list[str]]]) -> tuple[ProvisionFunctions, ...]:
        return tuple(
            ProvisionFunctions(
                str(i),
                "",
                tuple(f for f in coded if f in PROVISION_FUNCTIONS),
                (),
                tuple(f for f in inferred if f not in coded),
            )
            for i, (coded, inferred) in enumerate(sets)
        )

    a, b = build(a_sets), build(b_sets)
    ab = match_provisions(a, b, threshold)
    ba = match_provisions(b, a, threshold)
    assert {(m.a, m.b, m.shared, m.basis) for m in ab} == {
        (m.b, m.a, m.shared, m.basis) for m in ba
    }
    pa, pb = {p.provision_id: p for p in a}, {p.provision_id: p for p in b}
    for m in ab:
        assert m.shared and set(m.shared) == pa[m.a].functions & pb[m.b].functions
        inferred = any(x.origin(f) == "inferred" for f in m.shared for x in (pa[m.a], pb[m.b]))
        assert m.basis == ("inferred" if inferred else "coded")
    expected = {
        (p.provision_id, q.provision_id)
        for p in a
        for q in b
        if p.functions & q.functions
        and (
            p.functions & q.functions - CROSS_CUTTING
            or (p.functions | q.functions) <= CROSS_CUTTING
        )
        and len(p.functions & q.functions) / len(p.functions | q.functions) >= threshold - 1e-12
    }
    assert {(m.a, m.b) for m in ab} == expected
