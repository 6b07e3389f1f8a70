"""Logrolls on hand-computed problems."""

from __future__ import annotations

import numpy as np
import pytest

from ontable.bargaining import tradeoffs
from tests.bargaining.helpers import problem


def test_one_logroll_by_hand() -> None:
    # a wants (0, 0) and weighs the issues 3:1; b wants (100, 100) and weighs them 1:3.
    prob = problem(np.array([[0.0, 0.0], [100.0, 100.0]]), np.array([[3.0, 1.0], [1.0, 3.0]]))
    found = tradeoffs(prob)
    assert len(found) == 1
    t = found.rows[0]
    assert (t.a, t.a_gives, t.b_gives) == ("a", "i1", "i0")
    # from (50, 50) to (0, 100): a gains 0.75·0.5 − 0.25·0.5, and so does b
    assert t.a_gives_to == 100.0 and t.b_gives_to == 0.0
    assert t.gain_a == pytest.approx(0.25) and t.gain_b == pytest.approx(0.25)
    assert found.to_frame()["joint_gain"].tolist() == pytest.approx([0.5])


def test_no_logroll_when_parties_weigh_issues_alike() -> None:
    prob = problem(np.array([[0.0, 0.0], [100.0, 100.0]]), np.array([[2.0, 1.0], [4.0, 2.0]]))
    found = tradeoffs(prob)
    assert len(found) == 0
    assert list(found.to_frame().columns)[:3] == ["a", "b", "a_gives"]


def test_third_parties_see_the_cost() -> None:
    ideals = np.array([[0.0, 0.0], [100.0, 100.0], [50.0, 50.0]])
    prob = problem(ideals, np.array([[3.0, 1.0], [1.0, 3.0], [1.0, 1.0]]))
    ab = [t for t in tradeoffs(prob).rows if (t.a, t.b) == ("a", "b")]
    assert ab and ab[0].others["c"] < 0  # c liked the midpoint
