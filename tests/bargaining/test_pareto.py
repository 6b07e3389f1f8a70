"""The exact Pareto frontier, checked against brute force and against NegMAS."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.bargaining import nondominated, pareto_frontier, solve, to_negmas
from tests.bargaining.helpers import brute_force_frontier, problem
from tests.extras import require_extra


def test_nondominated_by_hand() -> None:
    pts = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.4, 0.4], [0.5, 0.5], [1.0, -1.0]])
    keep = nondominated(pts)
    # (0.4, 0.4) is dominated by (0.5, 0.5); the second (0.5, 0.5) repeats the first;
    # (1, −1) is dominated by (1, 0).
    assert sorted(keep.tolist()) == [0, 1, 2]


def test_nondominated_in_blocks_matches_brute_force() -> None:
    rng = np.random.default_rng(7)
    pts = rng.random((3000, 3))  # more than one block
    keep = nondominated(pts)
    assert {tuple(np.round(p, 12)) for p in pts[keep]} == brute_force_frontier(pts)


def _all_utilities(prob) -> np.ndarray:  # type: ignore[no-untyped-def]
    choices = prob.space.choices(np.arange(prob.space.size))
    return prob.utilities(prob.space.positions(choices))


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    parties=st.integers(2, 4),
    issues=st.integers(1, 4),
    levels=st.integers(2, 4),
    form=st.sampled_from(["linear", "quadratic"]),
)
def test_frontier_equals_brute_force(
    seed: int, parties: int, issues: int, levels: int, form: str
) -> None:
    rng = np.random.default_rng(seed)
    prob = problem(
        rng.uniform(0, 100, (parties, issues)),
        rng.uniform(1, 100, (parties, issues)),
        levels=levels,
        form=form,  # type: ignore[arg-type]
    )
    front = pareto_frontier(prob)
    ours = {tuple(np.round(u, 12)) for u in front.utilities}
    assert ours == brute_force_frontier(_all_utilities(prob))
    # the utilities reported are those of the packages reported
    assert np.allclose(front.utilities, prob.utilities(front.positions))
    assert np.all(np.diff(front.utilities.sum(axis=1)) <= 1e-12)


@settings(max_examples=30, deadline=None)
@given(
    ideals=st.lists(st.integers(0, 4), min_size=6, max_size=6),
    sal=st.lists(st.integers(0, 3), min_size=6, max_size=6),
    batna=st.tuples(st.floats(0, 0.9), st.floats(0, 0.9)),
)
def test_nash_is_on_the_frontier_and_rational(
    ideals: list[int], sal: list[int], batna: tuple[float, float]
) -> None:
    # coarse inputs on purpose: ties and zero saliences included
    prob = problem(
        np.array(ideals, dtype=float).reshape(2, 3) * 25.0,
        np.array(sal, dtype=float).reshape(2, 3),
        batna=np.array(batna),
    )
    every = _all_utilities(prob)
    nash = solve(prob)
    rational = (every >= prob.disagreement - 1e-12).all(axis=1)
    if not rational.any():
        assert nash is None
        return
    assert nash is not None
    u = nash.utilities
    assert (u >= prob.disagreement - 1e-12).all()
    # nothing in the whole space dominates it
    assert not ((every >= u - 1e-12).all(axis=1) & (every > u + 1e-9).any(axis=1)).any()
    # and no rational package has a larger Nash product
    gains = np.clip(every[rational] - prob.disagreement, 0, None)
    assert np.prod(u - prob.disagreement) >= gains.prod(axis=1).max() - 1e-12


def test_frontier_and_nash_equal_negmas() -> None:
    """Reference: NegMAS's exact frontier and Nash point on the same utilities (5⁶ packages)."""
    require_extra("negmas")
    import negmas.preferences.ops as ops

    rng = np.random.default_rng(2025)
    prob = problem(
        rng.uniform(0, 100, (3, 6)),
        rng.uniform(5, 100, (3, 6)),
        batna=np.array([0.55, 0.5, 0.45]),
    )
    assert prob.space.size == 5**6
    scenario = to_negmas(prob, "reference")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NegMAS's own deprecation notices are not ours
        utils, _ = ops.pareto_frontier(scenario.ufuns, issues=scenario.outcome_space.issues)
        nash = ops.nash_points(scenario.ufuns, utils, outcome_space=scenario.outcome_space)
    # the utility functions agree package by package
    outcome = tuple(lab[2] for lab in prob.space.labels)
    ours_u = prob.utilities(prob.space.positions(np.full(6, 2)))
    assert [float(f(outcome)) for f in scenario.ufuns] == pytest.approx(ours_u.tolist())
    # NegMAS keeps the packages that beat every reserved value (the BATNAs)
    ours = {tuple(np.round(u, 9)) for u in pareto_frontier(prob).rational().utilities}
    theirs = {tuple(np.round(np.asarray(u, dtype=float), 9)) for u in utils}
    assert len(ours) > 5
    assert ours == theirs
    ours_nash = solve(prob)
    assert ours_nash is not None
    assert list(ours_nash.utilities) == pytest.approx([float(x) for x in nash[0][0]], abs=1e-12)


def test_a_frontier_too_large_is_refused_clearly() -> None:
    rng = np.random.default_rng(5)
    prob = problem(rng.uniform(0, 100, (4, 6)), rng.uniform(1, 100, (4, 6)))
    with pytest.raises(ValueError, match="fewer parties"):
        pareto_frontier(prob, max_size=10)
