"""Diffs of drafts: one-to-one alignment, word diffs, issue shifts, revision chains."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.analysis import chain, chain_diffs, diff_documents, word_diff
from ontable.io import load_case
from ontable.model import Case
from tests.analysis.builders import document, mini, with_documents


def test_plan_a_to_plan_b() -> None:
    result = diff_documents(mini(), "plan-a", "plan-b")
    by_b = {p.b_id: p for p in result.pairs if p.b_id is not None}
    # the troop cap moves from 10,000 (100) to 50,000 (50): same point, changed
    assert by_b["2"].a_id == "2" and by_b["2"].status == "changed"
    assert [(c.issue, c.a, c.b) for c in by_b["2"].position_changes] == [("troops", 100, 50)]
    # the reconstruction fund has no counterpart in plan A
    assert by_b["4"].status == "new"
    # plan A's two non-attack points (3, 3a) meet one joint point in plan B: one-to-one
    # matching keeps one of them and drops the other
    assert by_b["3"].a_id in {"3", "3a"}
    dropped = [p.a_id for p in result.pairs if p.status == "dropped"]
    assert len(dropped) == 1 and dropped[0] in {"3", "3a"} and dropped[0] != by_b["3"].a_id
    shifts = {s.issue: (s.a, s.b, s.shift, s.status) for s in result.issue_shifts}
    assert shifts == {
        "border": (100, 60, -40, "shifted"),
        "troops": (100, 50, -50, "shifted"),
        "aid": (None, 90, None, "added"),
    }
    assert result.counts["new"] == 1 and result.counts["dropped"] == 1


def test_self_diff_is_unchanged() -> None:
    for doc_id in ("plan-a", "plan-b"):
        result = diff_documents(mini(), doc_id, doc_id)
        assert {p.status for p in result.pairs} == {"unchanged"}
        assert all(p.a_id == p.b_id and p.similarity == pytest.approx(1) for p in result.pairs)
        assert {s.status for s in result.issue_shifts} <= {"unchanged"}


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_shuffled_copy_gives_same_alignment(data: st.DataObject) -> None:
    case = mini()
    original = case.document(data.draw(st.sampled_from(["plan-a", "plan-b"])))
    shuffled = original.model_copy(
        update={"id": "copy", "provisions": tuple(data.draw(st.permutations(original.provisions)))}
    )
    case = with_documents(case, original, shuffled)
    result = diff_documents(case, original.id, "copy")
    assert result.alignment == {(p.id, p.id) for p in original.provisions}
    assert {p.status for p in result.pairs} == {"unchanged"}


def test_threshold_extremes() -> None:
    strict = diff_documents(mini(), "plan-a", "plan-b", threshold=1.01)
    assert strict.counts == {"unchanged": 0, "changed": 0, "new": 4, "dropped": 4}
    loose = diff_documents(mini(), "plan-a", "plan-b", threshold=0.0)
    assert loose.counts["new"] + loose.counts["dropped"] == 0  # 4 against 4: all paired


words = st.lists(st.sampled_from(["the", "cap", "of", "troops", "50,000", "10,000", "is"]))


@given(a=words, b=words)
def test_word_diff_rebuilds_both_texts(a: list[str], b: list[str]) -> None:
    ops = word_diff(" ".join(a), " ".join(b))
    old = " ".join(t for op, t in ops if op in "=-").split()
    new = " ".join(t for op, t in ops if op in "=+").split()
    assert old == a and new == b


def _branching_case() -> Case:
    case = mini()
    c = case.document("plan-b").model_copy(update={"id": "plan-c", "date": dt.date(2025, 3, 1)})
    d = document([], "plan-d", revises="plan-b", date="2025-04-01")
    return with_documents(case, *case.documents, c, d)


def test_chain_and_branches() -> None:
    assert [d.id for d in chain(mini(), "plan-b")] == ["plan-a", "plan-b"]
    assert [d.id for d in chain(mini(), "plan-a")] == ["plan-a", "plan-b"]
    case = _branching_case()
    # plan-b and plan-c both revise plan-a; plan-d revises plan-b
    assert [d.id for d in chain(case, "plan-a")] == ["plan-a", "plan-b", "plan-c", "plan-d"]
    assert [d.id for d in chain(case, "plan-b")] == ["plan-a", "plan-b", "plan-d"]
    assert [d.id for d in chain(case, "plan-c")] == ["plan-a", "plan-c"]
    # each draft is compared with the one it revises, not with its neighbour in time
    pairs = [(x.a_id, x.b_id) for x in chain_diffs(case, "plan-a")]
    assert pairs == [("plan-a", "plan-b"), ("plan-a", "plan-c"), ("plan-b", "plan-d")]


def test_frames_and_dicts() -> None:
    result = diff_documents(mini(), "plan-a", "plan-b")
    assert len(result.to_frame()) == len(result.pairs)
    data = result.to_dict()
    assert data["counts"] == result.counts
    assert {s["issue"] for s in data["issue_shifts"]} == {"border", "troops", "aid"}


def _builtin_revisions() -> tuple[Case, list[str]]:
    case = load_case("ukraine-2025")
    revisions = [d.id for d in case.documents if d.revises == "us-28-point-plan"]
    assert revisions, "the built-in case codes revisions of the 28-point plan"
    return case, revisions


def test_builtin_revisions_of_the_28_point_plan() -> None:
    case, revisions = _builtin_revisions()
    plan = case.document("us-28-point-plan")
    for rev_id in revisions:
        result = diff_documents(case, plan, rev_id)
        rev = case.document(rev_id)
        assert result.issue_shifts
        if "army_cap" in plan.positions and "army_cap" in rev.positions:
            shift = next(s for s in result.issue_shifts if s.issue == "army_cap")
            assert shift.shift == rev.positions["army_cap"] - plan.positions["army_cap"]
            if shift.shift != 0:
                army = [
                    p
                    for p in result.pairs
                    if any(c.issue == "army_cap" for c in p.position_changes)
                ]
                assert army, "the changed army cap appears in a changed pair"
        # an alignment can only use each provision once
        a_ids = [p.a_id for p in result.pairs if p.a_id is not None]
        assert sorted(a_ids) == sorted(p.id for p in plan.provisions)


def test_builtin_self_alignment() -> None:
    case = load_case("ukraine-2025")
    assert case.documents
    doc = case.documents[0]
    shuffled = doc.model_copy(update={"id": "copy", "provisions": tuple(reversed(doc.provisions))})
    result = diff_documents(with_documents(case, doc, shuffled), doc.id, "copy")
    assert result.alignment == {(p.id, p.id) for p in doc.provisions}
