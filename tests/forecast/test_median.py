"""The weighted median model against hand-computed values and its tie rule."""

from __future__ import annotations

import numpy as np
import pytest

from ontable.forecast.median import forecast, weighted_median
from tests.forecast.emissions import emissions_arrays

RNG = np.random.default_rng(0)


def test_emissions_example_median_is_seven_years() -> None:
    """Bueno de Mesquita's (1994) EC emissions data: weights c·s are 0.248 at 4 years, 0.093
    at 7 and 0.336 at 10 (total 0.677). The cumulative weight first reaches half (0.3385) at
    7 years (0.341), so 7 beats both 4 and 10 in pairwise weighted votes."""
    assert forecast(emissions_arrays(), rng=RNG).outcome[0] == 7.0


def test_median_beats_every_position_in_pairwise_votes() -> None:
    """The definition: no actor's position gets more weighted votes against the median."""
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 100, (9, 1))
    w = rng.uniform(0, 1, (9, 1))
    med = weighted_median(x, w)[0]
    for alt in x[:, 0]:
        for_median = w[:, 0][np.abs(x[:, 0] - med) < np.abs(x[:, 0] - alt)].sum()
        for_alt = w[:, 0][np.abs(x[:, 0] - alt) < np.abs(x[:, 0] - med)].sum()
        assert for_median >= for_alt - 1e-12


def test_even_split_takes_the_midpoint() -> None:
    x = np.array([[10.0], [30.0]])
    w = np.array([[1.0], [1.0]])
    assert weighted_median(x, w)[0] == 20.0


def test_heavier_actor_decides() -> None:
    x = np.array([[10.0], [30.0], [90.0]])
    w = np.array([[1.0], [1.5], [2.0]])  # total 4.5, half 2.25: reached at 30 (2.5)
    assert weighted_median(x, w)[0] == 30.0


def test_zero_weight_actor_is_ignored() -> None:
    x = np.array([[10.0], [30.0], [25.0]])
    w = np.array([[1.0], [1.0], [0.0]])
    assert weighted_median(x, w)[0] == 20.0


def test_batched_rows_are_independent() -> None:
    x = np.array([[[10.0], [30.0]], [[0.0], [100.0]]])
    w = np.array([[[1.0], [3.0]], [[5.0], [1.0]]])
    assert weighted_median(x, w)[:, 0].tolist() == [30.0, 0.0]


def test_rejects_parameters() -> None:
    with pytest.raises(ValueError, match="no parameters"):
        forecast(emissions_arrays(), params={"Q": 1}, rng=RNG)
