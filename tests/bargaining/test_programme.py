"""Bargaining solutions as programmes: continuous issues, any size, certified gaps."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.bargaining import (
    SOLUTIONS,
    BargainingProblem,
    PackageSpace,
    bargaining_summary,
    parties_with_a_say,
    solve,
)
from ontable.io import load_case
from tests.bargaining.helpers import grid_space, problem


def continuous(prob: BargainingProblem) -> BargainingProblem:
    """The same problem with every issue continuous on 0–100."""
    s = prob.space
    space = PackageSpace(s.issue_ids, s.levels, s.labels, (True,) * len(s.issue_ids))
    return BargainingProblem(
        space,
        prob.party_ids,
        prob.ideals,
        prob.saliences,
        prob.capabilities,
        prob.batna,
        prob.patience,
        prob.status_quo,
        prob.form,
    )


def pie(batna: tuple[float, float] = (0.0, 0.0)) -> BargainingProblem:
    return continuous(
        problem(np.array([[0.0], [100.0]]), np.ones((2, 1)), levels=2, batna=np.array(batna))
    )


def nash_log(u: np.ndarray, d: np.ndarray, beta: np.ndarray) -> float:
    g = u - d
    return -math.inf if (g <= 0).any() else float(beta @ np.log(g))


def test_continuous_pie_by_hand() -> None:
    # u_a = 1 − x/100, u_b = x/100: Nash and KS split at 50; with d = (0.2, 0) at 40
    f = solve(pie(), "nash")
    assert f is not None and f.method == "cutting-plane"
    assert f.positions[0] == pytest.approx(50.0, abs=0.01)
    assert f.gap <= 1e-6
    for s in ("nash", "ks", "egalitarian"):
        g = solve(pie((0.2, 0.0)), s)  # type: ignore[arg-type]
        assert g is not None and g.positions[0] == pytest.approx(40.0, abs=0.01), s


def test_continuous_asymmetric_nash() -> None:
    prob = continuous(
        problem(
            np.array([[0.0], [100.0]]),
            np.ones((2, 1)),
            levels=2,
            capabilities=np.array([75.0, 25.0]),
        )
    )
    f = solve(prob, weights="capability")
    assert f is not None and f.positions[0] == pytest.approx(25.0, abs=0.1)  # within √gap


def test_quadratic_utilitarian_is_the_weighted_mean() -> None:
    # Σ_a w_a (x − p_a)² is least at the salience-weighted mean of the ideal points
    ideals = np.array([[10.0], [40.0], [90.0]])
    prob = continuous(problem(ideals, np.ones((3, 1)), form="quadratic"))
    f = solve(prob, "utilitarian")
    assert f is not None
    assert f.positions[0] == pytest.approx(ideals.mean(), abs=0.05)
    assert f.gap <= 1e-6


def test_no_rational_package_gives_none() -> None:
    assert all(solve(pie((0.6, 0.6)), s) is None for s in SOLUTIONS)


problems = st.integers(0, 2**32 - 1).map(np.random.default_rng)


def _random(rng: np.random.Generator, n: int, m: int, levels: int) -> BargainingProblem:
    return problem(
        rng.uniform(0, 100, (n, m)).round(),
        rng.uniform(0, 100, (n, m)).round(),
        levels=levels,
        batna=rng.uniform(0, 0.4, n).round(2),
        capabilities=rng.uniform(1, 100, n).round(),
    )


@settings(max_examples=25, deadline=None)
@given(rng=problems, n=st.integers(2, 4), m=st.integers(1, 3))
def test_programme_matches_the_exact_frontier_on_a_grid(
    rng: np.random.Generator, n: int, m: int
) -> None:
    prob = _random(rng, n, m, levels=5)
    for s in SOLUTIONS:
        exact = solve(prob, s, method="frontier")
        prog = solve(prob, s, method="programme")
        assert (exact is None) == (prog is None), s
        if exact is None or prog is None:
            continue
        assert (prog.utilities >= prob.disagreement - 1e-9).all()
        if s == "nash":
            beta = prog.weights
            assert (
                nash_log(prog.utilities, prog.batna, beta)
                >= nash_log(exact.utilities, exact.batna, beta)
                + math.log1p(-max(prog.gap, 1e-9))
                - 1e-9
            )
        elif s == "utilitarian":
            assert prog.utilities.sum() == pytest.approx(exact.utilities.sum(), abs=1e-7)
        elif s == "egalitarian":
            assert prog.gains.min() == pytest.approx(exact.gains.min(), abs=1e-7)


@settings(max_examples=20, deadline=None)
@given(rng=problems, n=st.integers(2, 4), m=st.integers(1, 3))
def test_continuous_beats_every_grid_package(rng: np.random.Generator, n: int, m: int) -> None:
    # the grid is a subset of the continuous space: no grid package can beat the programme
    prob = _random(rng, n, m, levels=9)
    for s in ("nash", "utilitarian", "egalitarian"):
        grid = solve(prob, s, method="frontier")  # type: ignore[arg-type]
        cont = solve(continuous(prob), s)  # type: ignore[arg-type]
        if grid is None:
            continue
        assert cont is not None
        if s == "nash":
            assert (
                nash_log(cont.utilities, cont.batna, cont.weights)
                >= nash_log(grid.utilities, grid.batna, grid.weights) - 1e-6
            )
        elif s == "utilitarian":
            assert cont.utilities.sum() >= grid.utilities.sum() - 1e-7
        else:
            assert cont.gains.min() >= grid.gains.min() - 1e-7


def test_the_gap_is_an_honest_bound() -> None:
    # two issues, three parties: brute force over a fine grid never beats the certified bound
    rng = np.random.default_rng(3)
    prob = continuous(_random(rng, 3, 2, levels=2))
    f = solve(prob, "nash")
    assert f is not None
    xs = np.linspace(0, 100, 201)
    grid = np.stack(np.meshgrid(xs, xs, indexing="ij"), axis=-1).reshape(-1, 2)
    u = prob.utilities(grid)
    g = u - prob.disagreement
    ok = (g > 0).all(axis=1)
    best = (np.log(g[ok]) @ f.weights).max()
    ours = nash_log(f.utilities, f.batna, f.weights)
    assert best <= ours - math.log1p(-f.gap) + 1e-9


def test_the_built_in_case_bargains_over_every_party_with_a_say() -> None:
    case = load_case("ukraine-2025")
    summary = bargaining_summary(case)
    assert summary.party_ids == parties_with_a_say(case)
    assert len(summary.party_ids) == len(case.parties)
    assert len(summary.issue_ids) == len(case.issues)
    for agreement in summary.solutions:
        assert (agreement.utilities >= agreement.batna - 1e-9).all()
        assert agreement.gap <= 1e-6
    # without a frontier to list, the table shows each solution's package
    assert summary.zopa_size is None or summary.zopa_size >= 0


def test_grid_space_stays_discrete() -> None:
    assert grid_space(2, 3).continuous == (False, False)
