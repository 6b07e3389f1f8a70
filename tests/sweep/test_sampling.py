"""Drawing a case's inputs within their ranges, and shocks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.io import load_case
from ontable.model import Case
from ontable.sweep import DISTRIBUTIONS, Distribution, input_space, parse_override
from ontable.sweep.sampling import draw_levels_on_ranges, draw_on_ranges

MINI = Path(__file__).parents[1] / "data" / "mini"


@pytest.fixture(scope="module")
def mini() -> Case:
    return load_case(MINI)


def test_only_ranged_inputs_vary(mini: Case) -> None:
    space = input_space(mini)
    # mini gives ranges to two border positions, two capabilities and two BATNAs
    assert space.names == (
        "north.position.border",
        "south.position.border",
        "north.capability",
        "south.capability",
        "north.batna",
        "south.batna",
    )
    values, arrays = space.draw(500, np.random.default_rng(1))
    assert values.shape == (500, 6)
    assert arrays.positions.shape == (500, 3, 3)
    # a point with no range stays fixed
    assert (arrays.capabilities[:, 2] == 30).all()
    assert (arrays.positions[:, 0, 1] == 80).all()
    assert (arrays.saliences == space.point.saliences).all()
    # ranged inputs stay within their ranges and do vary
    assert 80 <= arrays.positions[:, 0, 0].min() < arrays.positions[:, 0, 0].max() <= 100
    assert arrays.batna[:, 1].min() >= 0.2 and arrays.batna[:, 1].max() <= 0.4
    assert np.array_equal(values[:, 0], arrays.positions[:, 0, 0])


@pytest.mark.parametrize(
    ("distribution", "mean"),
    [
        ("uniform", (10 + 40) / 2),  # (a + b) / 2
        ("triangular", (10 + 40 + 20) / 3),  # (a + b + c) / 3
        ("beta", (10 + 4 * 20 + 40) / 6),  # PERT mean (a + 4c + b) / 6
    ],
)
def test_distribution_means(distribution: str, mean: float) -> None:
    draws = draw_on_ranges(
        np.array([10.0]),
        np.array([20.0]),
        np.array([40.0]),
        40_000,
        np.random.default_rng(3),
        distribution,  # type: ignore[arg-type]
    )
    assert draws.min() >= 10 and draws.max() <= 40
    assert abs(draws.mean() - mean) < 0.15


def test_triangular_peaks_at_the_point() -> None:
    draws = draw_on_ranges(
        np.array([0.0]),
        np.array([75.0]),
        np.array([100.0]),
        40_000,
        np.random.default_rng(4),
        "triangular",
    )
    counts, edges = np.histogram(draws, bins=20, range=(0, 100))
    assert edges[np.argmax(counts)] in (70.0, 75.0)


@settings(max_examples=50, deadline=None)
@given(
    low=st.floats(0, 100),
    width=st.floats(1e-3, 100),
    at=st.floats(0, 1),
    distribution=st.sampled_from(DISTRIBUTIONS),
    seed=st.integers(0, 2**32),
)
def test_draws_stay_in_range(
    low: float, width: float, at: float, distribution: str, seed: int
) -> None:
    high = low + width
    mode = low + at * width
    draws = draw_on_ranges(
        np.array([low]),
        np.array([mode]),
        np.array([high]),
        200,
        np.random.default_rng(seed),
        distribution,  # type: ignore[arg-type]
    )
    assert np.isfinite(draws).all()
    assert (draws >= low).all() and (draws <= high).all()


def test_unknown_distribution() -> None:
    with pytest.raises(ValueError, match="unknown distribution"):
        draw_on_ranges(
            np.zeros(1),
            np.zeros(1),
            np.ones(1),
            2,
            np.random.default_rng(0),
            "normal",  # type: ignore[arg-type]
        )


def test_same_generator_state_same_draws(mini: Case) -> None:
    space = input_space(mini)
    a, _ = space.draw(50, np.random.default_rng(9), "beta")
    b, _ = space.draw(50, np.random.default_rng(9), "beta")
    c, _ = space.draw(50, np.random.default_rng(10), "beta")
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_override_fixes_the_input(mini: Case) -> None:
    shock = parse_override("south.batna=0.05", mini)
    space = input_space(mini, overrides=[shock])
    assert "south.batna" not in space.names
    _, arrays = space.draw(100, np.random.default_rng(0))
    assert (arrays.batna[:, 1] == 0.05).all()


def test_scenario_applies(mini: Case) -> None:
    space = input_space(mini, "broker-leaves")
    _, arrays = space.draw(10, np.random.default_rng(0))
    assert (arrays.batna[:, 1] == 0.1).all()
    with pytest.raises(KeyError):
        input_space(mini, "no-such-scenario")


def test_parse_override(mini: Case) -> None:
    o = parse_override("north.salience.border=12.5", mini)
    assert (o.party, o.field, o.issue, o.value) == ("north", "salience", "border", 12.5)
    o = parse_override("broker.capability=70", mini)
    assert (o.party, o.field, o.issue, o.value) == ("broker", "capability", None, 70.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("north.batna", "expected party.field"),
        ("north.batna=high", "'high' is not a number"),
        ("west.batna=0.2", "unknown party 'west'"),
        ("north.salience.moon=3", "unknown issue 'moon'"),
        ("north.mood=3", "expected party.field"),
        ("north.batna=2", "outside 0–1"),
        ("north.position=20", "needs an issue"),
    ],
)
def test_parse_override_errors(mini: Case, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_override(text, mini)


def test_dotted_party_ids(mini: Case) -> None:
    parties = list(mini.parties)
    parties[2] = parties[2].model_copy(update={"id": "un.sc"})
    case = mini.model_copy(
        update={
            "parties": tuple(parties),
            "stances": tuple(
                s.model_copy(update={"party": "un.sc"}) if s.party == "broker" else s
                for s in mini.stances
            ),
        }
    )
    o = parse_override("un.sc.position.aid=10", case)
    assert (o.party, o.field, o.issue) == ("un.sc", "position", "aid")


def _cdf(distribution: str, x: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """Each distribution's distribution function, written out independently of the code."""
    from scipy import stats

    width = high - low
    if distribution == "uniform":
        return (x - low) / width
    if distribution == "triangular":
        return stats.triang.cdf(x, (mode - low) / width, loc=low, scale=width)
    a = 1 + 4 * (mode - low) / width
    b = 1 + 4 * (high - mode) / width
    return stats.beta.cdf(x, a, b, loc=low, scale=width)


@pytest.mark.parametrize("distribution", DISTRIBUTIONS)
def test_levels_are_the_distribution_function_at_the_draws(distribution: Distribution) -> None:
    # a skewed range, a range peaking at its low end and one peaking at its high end
    low, mode, high = np.array([10.0, 0.0, 5.0]), np.array([20.0, 0.0, 9.0]), np.array([40.0, 1, 9])
    values, levels = draw_levels_on_ranges(
        low, mode, high, 2_000, np.random.default_rng(4), distribution
    )
    same = draw_on_ranges(low, mode, high, 2_000, np.random.default_rng(4), distribution)
    assert np.array_equal(values, same)  # asking for levels never changes the draws
    for k in range(3):
        expected = _cdf(distribution, values[:, k], low[k], mode[k], high[k])
        assert np.allclose(levels[:, k], expected, atol=1e-9)
    assert ((levels >= 0) & (levels <= 1)).all()
    # levels of continuous draws are uniform: each decile holds about a tenth
    counts = np.histogram(levels, bins=10, range=(0, 1))[0] / levels.size
    assert np.allclose(counts, 0.1, atol=0.02)


@pytest.mark.parametrize("distribution", DISTRIBUTIONS)
def test_space_draw_levels_matches_draw(mini: Case, distribution: Distribution) -> None:
    space = input_space(mini)
    values, arrays = space.draw(50, np.random.default_rng(6), distribution)
    again, levels, arrays2 = space.draw_levels(50, np.random.default_rng(6), distribution)
    assert np.array_equal(values, again)
    assert np.array_equal(arrays.positions, arrays2.positions)
    # the levels alone (what a sweep's second round re-draws) are the same numbers
    assert np.array_equal(space.levels(50, np.random.default_rng(6), distribution), levels)
    assert levels.shape == values.shape
