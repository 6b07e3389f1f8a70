"""Sequencing: steps as a dependency graph, levels, first movers, deadlocks, order changes."""

from __future__ import annotations

from ontable.analysis import order_changes, sequence
from ontable.io import load_case
from tests.analysis.builders import document, mini, provision, with_documents
from tests.conftest import DATA

FERRY = load_case(DATA / "ferry")


def test_deadlock_between_two_demanded_orders() -> None:
    result = sequence(FERRY, "package")
    (dead,) = result.deadlocks
    assert set(dead.steps) == {"elections", "border-control"}
    assert dead.between_parties and dead.demanded_by == ("north", "south")
    assert {(w.first, w.then) for w in dead.waits} == {
        ("border-control", "elections"),
        ("elections", "border-control"),
    }
    assert result.step("elections").level is None  # on the cycle: no level
    assert result.step("disarm").level == 0 and result.step("withdraw").level == 1
    assert result.step("withdraw").waits_on == ("disarm",)  # through its condition
    assert result.first_movers == ("south",)
    assert "demanded by north" in dead.describe()


def _chain(order: list[tuple[str, str | None]]) -> list:
    obs = [
        {"id": i, "on": "south" if n % 2 else "north", "action": f"step {i}", "modality": "binding"}
        | ({"after": [after]} if after else {})
        for n, (i, after) in enumerate(order)
    ]
    return [provision("1", obligations=obs)]


def test_levels_follow_the_longest_wait() -> None:
    case = with_documents(
        mini(), document(_chain([("a", None), ("b", "a"), ("c", "b"), ("d", "a")]))
    )
    result = sequence(case, "doc")
    assert {s.key: s.level for s in result.steps} == {"a": 0, "b": 1, "c": 2, "d": 1}
    assert result.deadlocks == ()
    assert result.waits[0].demanded_by == ("broker",)  # the drafters by default
    frame = result.to_frame()
    assert list(frame["step"]) == ["a", "b", "c", "d"]


def test_a_step_after_a_cycle_has_no_level_and_is_not_a_deadlock_member() -> None:
    case = with_documents(mini(), document(_chain([("a", "b"), ("b", "a"), ("c", "a")])))
    result = sequence(case, "doc")
    assert [set(d.steps) for d in result.deadlocks] == [{"a", "b"}]
    assert result.step("c").level is None
    assert not result.deadlocks[0].between_parties  # both orders come from the drafters


def test_order_changes_between_drafts() -> None:
    first = document(_chain([("a", None), ("b", "a"), ("c", "a")]), "first")
    second = document(_chain([("a", "b"), ("b", None), ("c", None)]), "second")
    case = with_documents(mini(), first, second)
    changes = {(c.first, c.then, c.status) for c in order_changes(case, "first", "second")}
    assert changes == {("b", "a", "reversed"), ("a", "c", "dropped")}


def test_diff_lists_order_changes() -> None:
    from ontable.analysis import diff_documents

    first = document(_chain([("a", None), ("b", "a")]), "first")
    second = document(_chain([("a", "b"), ("b", None)]), "second")
    result = diff_documents(with_documents(mini(), first, second), "first", "second")
    assert [(c.first, c.then, c.status) for c in result.order_changes] == [("b", "a", "reversed")]
    assert result.to_dict()["order_changes"][0]["status"] == "reversed"
