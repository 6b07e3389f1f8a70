"""Sensitivity estimators against analytic indices and scipy's Spearman."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import spearmanr

from ontable.sweep import first_order, spearman
from ontable.sweep.sensitivity import default_bins


def test_spearman_matches_scipy() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((300, 3))
    y = np.column_stack([x[:, 0] ** 3 + 0.1 * rng.random(300), np.round(x[:, 1] * 4)])
    rho = spearman(x, y)
    for k in range(3):
        for j in range(2):
            assert np.isclose(rho[k, j], spearmanr(x[:, k], y[:, j]).statistic)


def test_first_order_of_a_linear_model() -> None:
    # Y = X1 + X2 / 2 with independent uniform inputs: V(X1) = 1/12, V(X2/2) = 1/48, so
    # S1 = (1/12) / (1/12 + 1/48) = 0.8 and S2 = 0.2; X3 does not enter (S3 = 0).
    rng = np.random.default_rng(1)
    x = rng.random((40_000, 3))
    y = (x[:, 0] + 0.5 * x[:, 1])[:, None]
    s = first_order(x, y)[:, 0]
    assert np.allclose(s, [0.8, 0.2, 0.0], atol=0.02)


def test_first_order_sees_what_rank_correlation_misses() -> None:
    # Y = (X - 1/2)^2 depends only on X but not monotonically: rho ≈ 0, S ≈ 1.
    rng = np.random.default_rng(2)
    x = rng.random((20_000, 1))
    y = (x - 0.5) ** 2
    assert abs(spearman(x, y)[0, 0]) < 0.03
    assert first_order(x, y)[0, 0] > 0.95


def test_constant_input_or_outcome_is_nan() -> None:
    rng = np.random.default_rng(3)
    x = np.column_stack([rng.random(100), np.full(100, 5.0)])
    y = np.column_stack([x[:, 0], np.full(100, 1.0)])
    for index in (spearman(x, y), first_order(x, y)):
        assert np.isnan(index[1, :]).all()
        assert np.isnan(index[:, 1]).all()
        assert not np.isnan(index[0, 0])


def test_default_bins() -> None:
    assert default_bins(4) == 2
    assert default_bins(400) == 20
    assert default_bins(10_000) == 50


@settings(max_examples=40, deadline=None)
@given(
    x=arrays(np.float64, (60, 2), elements=st.floats(0, 100)),
    y=arrays(np.float64, (60, 2), elements=st.floats(0, 100)),
)
def test_indices_are_bounded(x: np.ndarray, y: np.ndarray) -> None:
    rho = spearman(x, y)
    s = first_order(x, y)
    assert ((np.abs(rho) <= 1) | np.isnan(rho)).all()
    assert (((s >= 0) & (s <= 1)) | np.isnan(s)).all()
