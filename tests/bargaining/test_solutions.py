"""Bargaining solutions on hand-solvable problems (a linear pie: u_a = 1 − x, u_b = x)."""

from __future__ import annotations

import numpy as np
import pytest

from ontable.bargaining import SOLUTIONS, nash_weights, solve
from tests.bargaining.helpers import pie, problem


def _share_of_b(f) -> float:  # type: ignore[no-untyped-def]
    return float(f.positions[0]) / 100.0


def test_symmetric_nash_splits_the_surplus() -> None:
    f = solve(pie(levels=101))
    assert f is not None
    assert _share_of_b(f) == pytest.approx(0.5)
    assert f.solution == "nash" and f.method == "frontier" and f.gap == 0.0
    assert f.to_frame()["position"].tolist() == [50.0]


def test_batna_shifts_every_solution_by_hand() -> None:
    # d = (0.2, 0): Nash max (0.8 − x)·x → x = 0.4; KS: gains over best (1, 0.8) equal at
    # x = 0.4; egalitarian: 0.8 − x = x → 0.4.
    prob = pie(levels=101, batna=(0.2, 0.0))
    for solution in ("nash", "ks", "egalitarian"):
        f = solve(prob, solution)  # type: ignore[arg-type]
        assert f is not None and _share_of_b(f) == pytest.approx(0.4), solution


def test_asymmetric_nash_follows_capability() -> None:
    # β = (0.75, 0.25): max 0.75·ln(1 − x) + 0.25·ln x → x = 0.25
    prob = problem(
        np.array([[0.0], [100.0]]),
        np.ones((2, 1)),
        levels=101,
        capabilities=np.array([75.0, 25.0]),
    )
    assert nash_weights(prob, "capability").tolist() == pytest.approx([0.75, 0.25])
    f = solve(prob, weights="capability")
    assert f is not None and _share_of_b(f) == pytest.approx(0.25)


def test_patience_weights_follow_binmore_rubinstein_wolinsky() -> None:
    prob = problem(np.zeros((2, 1)), np.ones((2, 1)), patience=np.array([0.9, 0.81]))
    # ln 0.81 = 2 ln 0.9, so the first party's weight is twice the second's
    assert nash_weights(prob, "patience").tolist() == pytest.approx([2 / 3, 1 / 3])


def test_unknown_patience_is_reported() -> None:
    with pytest.raises(ValueError, match="patience is unknown"):
        nash_weights(pie(), "patience")


def test_no_package_beats_both_batnas() -> None:
    prob = pie(levels=11, batna=(0.6, 0.6))
    assert all(solve(prob, s) is None for s in SOLUTIONS)


def test_utilitarian_picks_the_largest_total() -> None:
    # a: ideal 0 on both issues, cares about the first; b: ideal 100, cares about the second
    prob = problem(np.array([[0.0, 0.0], [100.0, 100.0]]), np.array([[9.0, 1.0], [1.0, 9.0]]))
    f = solve(prob, "utilitarian")
    assert f is not None
    assert f.positions.tolist() == [0.0, 100.0]  # each wins the issue it cares about
    assert sum(f.utilities) == pytest.approx(1.8)
