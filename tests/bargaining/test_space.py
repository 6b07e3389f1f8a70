"""Package spaces and the bargaining problem built from a case."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ontable.bargaining import (
    DEFAULT_LEVELS,
    bargaining_problem,
    negotiating_parties,
    package_space,
)
from ontable.io import load_case
from tests.bargaining.helpers import problem
from tests.conftest import MINI


def test_options_are_levels_and_other_issues_a_grid() -> None:
    space = package_space(load_case(MINI))
    assert space.issue_ids == ("border", "troops", "aid")
    assert space.labels[1] == ("no cap", "50k", "10k")
    assert space.levels[1] == (0.0, 50.0, 100.0)
    assert space.levels[0] == (0.0, 25.0, 50.0, 75.0, 100.0)
    assert space.shape == (DEFAULT_LEVELS, 3, DEFAULT_LEVELS)
    assert space.size == 5 * 3 * 5


def test_levels_below_two_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        package_space(load_case(MINI), levels=1)


def test_default_parties_are_those_at_the_table() -> None:
    case = load_case(MINI)
    assert negotiating_parties(case) == ("north", "south")  # the broker is a mediator
    prob = bargaining_problem(case)
    assert prob.party_ids == ("north", "south")
    assert prob.batna.tolist() == [0.4, 0.3]


def test_unknown_party_is_named() -> None:
    with pytest.raises(KeyError, match="east"):
        bargaining_problem(load_case(MINI), ["north", "east"])


def test_scenario_overrides_apply() -> None:
    prob = bargaining_problem(load_case(MINI), scenario="broker-leaves")
    assert prob.batna[prob.index("south")] == pytest.approx(0.1)


def test_flat_numbers_round_trip() -> None:
    space = package_space(load_case(MINI))
    choices = space.choices(np.arange(space.size))
    assert choices.shape == (75, 3)
    assert len({tuple(c) for c in choices}) == 75
    assert space.describe(choices[-1]) == {"border": "100", "troops": "10k", "aid": "100"}


@settings(max_examples=40, deadline=None)
@given(
    ideals=arrays(np.float64, (3, 4), elements=st.floats(0, 100)),
    sal=arrays(np.float64, (3, 4), elements=st.floats(0, 100)),
    form=st.sampled_from(["linear", "quadratic"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_level_losses_are_the_shared_utility(
    ideals: np.ndarray, sal: np.ndarray, form: str, seed: int
) -> None:
    prob = problem(ideals, sal, form=form)  # type: ignore[arg-type]
    choices = np.random.default_rng(seed).integers(0, 5, size=(20, 4))
    losses = prob.level_losses()
    split = 1.0 - sum(losses[i][:, choices[:, i]].T for i in range(4))
    assert np.allclose(split, prob.utilities(prob.space.positions(choices)))
