"""The compromise model (weighted mean) against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from ontable.forecast.compromise import forecast
from tests.forecast.emissions import emissions_arrays

RNG = np.random.default_rng(0)


def test_emissions_example_weighted_mean() -> None:
    """Bueno de Mesquita's (1994) EC emissions data: Σ c·s·x / Σ c·s worked by hand.

    Weights c·s: 4 years carries 0.248, 7 years 0.093, 10 years 0.336 (total 0.677), so the
    mean is (4·0.248 + 7·0.093 + 10·0.336) / 0.677 = 5.003 / 0.677 ≈ 7.390. (No published
    compromise figure for this example was found; this is the hand computation.)
    """
    result = forecast(emissions_arrays(), rng=RNG)
    assert result.outcome[0] == pytest.approx(5.003 / 0.677, abs=1e-9)


def test_no_weight_falls_back_to_plain_mean() -> None:
    arrays = emissions_arrays()
    zero = type(arrays)(
        arrays.party_ids,
        arrays.issue_ids,
        arrays.positions,
        np.zeros_like(arrays.saliences),
        arrays.capabilities,
        arrays.batna,
        arrays.patience,
        arrays.status_quo,
    )
    assert forecast(zero, rng=RNG).outcome[0] == pytest.approx(arrays.positions.mean())


def test_rejects_parameters() -> None:
    with pytest.raises(ValueError, match="no parameters"):
        forecast(emissions_arrays(), params={"rounds": 3}, rng=RNG)
