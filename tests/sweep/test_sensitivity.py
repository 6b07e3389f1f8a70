"""Sensitivity estimators against analytic indices and scipy's Spearman."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import rankdata, spearmanr

from ontable.sweep import first_order, spearman, summary
from ontable.sweep.sensitivity import (
    average_ranks,
    average_ranks_of_runs,
    default_bins,
    first_order_from_bins,
    spearman_from_levels,
    spearman_from_sums,
)
from ontable.sweep.summary import rank_products, summarise_chunk


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


def test_average_ranks_match_scipy_with_ties() -> None:
    rng = np.random.default_rng(5)
    y = np.column_stack([rng.random(500), np.round(rng.random(500) * 6), np.full(500, 2.0)])
    ranks, ordered = average_ranks(y)
    for j in range(3):
        assert np.array_equal(ranks[:, j], rankdata(y[:, j]) - 1)
        assert np.array_equal(ordered[j], np.sort(y[:, j]))


def test_spearman_from_levels_is_the_correlation_of_levels_and_outcome_ranks() -> None:
    rng = np.random.default_rng(6)
    levels = rng.random((2_000, 3))
    y = np.column_stack([levels[:, 0] ** 3 - levels[:, 1], np.round(levels[:, 2] * 5)])
    ranks, _ = average_ranks(y)
    rho = spearman_from_levels(levels, ranks)
    for k in range(3):
        for j in range(2):
            assert np.isclose(rho[k, j], np.corrcoef(levels[:, k], ranks[:, j])[0, 1])
    # from two halves' sums (as chunks send them), the same numbers
    centred = ranks - 999.5
    halves = (slice(0, 700), slice(700, None))
    cross = rank_products(levels[halves[0]], centred[halves[0]])
    cross = cross + rank_products(levels[halves[1]], centred[halves[1]])
    squares = (centred**2).sum(axis=0)
    again = spearman_from_sums(cross, levels.sum(axis=0), (levels**2).sum(axis=0), squares, 2_000)
    assert np.allclose(again, rho, atol=1e-12)
    # and close to Spearman's rho on the sample (the levels are uniform draws)
    assert np.allclose(rho, spearman(levels, y), atol=0.01)


def _bins(levels: np.ndarray, y: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Bin counts and outcome sums written with plain loops."""
    k = levels.shape[1]
    counts = np.zeros((k, bins), dtype=np.int64)
    sums = np.zeros((k, bins, y.shape[1]))
    for i in range(levels.shape[0]):
        for m in range(k):
            b = min(int(levels[i, m] * bins), bins - 1)
            counts[m, b] += 1
            sums[m, b] += y[i]
    return counts, sums


def test_first_order_from_bins_of_a_linear_model() -> None:
    # the same analytic indices as above (0.8, 0.2, 0), from equal-probability bins
    rng = np.random.default_rng(1)
    levels = rng.random((40_000, 3))
    y = (levels[:, 0] + 0.5 * levels[:, 1])[:, None]
    part = summarise_chunk(levels, y, default_bins(40_000))
    s = first_order_from_bins(part.bin_counts, part.bin_sums, y.mean(axis=0), y.var(axis=0))
    assert np.allclose(s[:, 0], [0.8, 0.2, 0.0], atol=0.02)
    assert np.allclose(s, first_order(levels, y), atol=0.01)


def test_first_order_from_bins_is_the_between_bin_variance_share() -> None:
    rng = np.random.default_rng(8)
    levels = rng.random((300, 2))
    levels[0, 0] = 1.0  # a level of exactly 1 belongs to the last bin
    y = np.column_stack([np.sin(6 * levels[:, 0]) + levels[:, 1], np.full(300, 3.0)])
    counts, sums = _bins(levels, y, 7)
    part = summarise_chunk(levels, y, 7)
    assert np.array_equal(part.bin_counts, counts)
    assert np.allclose(part.bin_sums, sums, atol=1e-12)
    s = first_order_from_bins(counts, sums, y.mean(axis=0), y.var(axis=0))
    for k in range(2):
        b = np.minimum((levels[:, k] * 7).astype(int), 6)
        means = np.array([y[b == c, 0].mean() for c in range(7)])
        between = sum((b == c).sum() * (means[c] - y[:, 0].mean()) ** 2 for c in range(7))
        assert np.isclose(s[k, 0], between / 300 / y[:, 0].var())
    assert np.isnan(s[:, 1]).all()  # a constant outcome has no index


def test_chunk_parts_add_up_to_the_whole() -> None:
    rng = np.random.default_rng(9)
    levels = rng.random((900, 4))
    y = 100 * rng.random((900, 3))
    whole = summarise_chunk(levels, y, 30)
    total = summarise_chunk(levels[:400], y[:400], 30).copy()
    total.add(summarise_chunk(levels[400:], y[400:], 30))
    assert np.array_equal(total.histogram, whole.histogram)
    assert np.array_equal(total.bin_counts, whole.bin_counts)
    assert np.allclose(total.bin_sums, whole.bin_sums, rtol=1e-12)
    assert np.allclose(total.level_sums, whole.level_sums, rtol=1e-12)
    assert np.allclose(total.level_squares, whole.level_squares, rtol=1e-12)
    assert int(whole.histogram.sum()) == 900 * 3
    empty = summarise_chunk(np.empty((5, 0)), y[:5], 30)  # no varying input
    assert empty.bin_sums.shape == (0, 30, 3)


@pytest.mark.parametrize("bins", [7, 50, 300])
def test_bin_sums_input_by_input_give_the_same_bits(
    bins: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sums too large for a cache are added input by input; each still adds its samples in
    # sample order, so both ways give the same bits (levels of exactly 0 and 1 included).
    rng = np.random.default_rng(11)
    levels = rng.random((700, 40))
    levels[:3] = 1.0
    levels[3:6] = 0.0
    y = 100 * rng.random((700, 6))
    of_level = summary.bin_of_level(levels, bins)
    monkeypatch.setattr(summary, "BIN_MAJOR_BYTES", 1 << 62)
    by_sample = summary.bin_sums(of_level, y, bins)
    monkeypatch.setattr(summary, "BIN_MAJOR_BYTES", 0)
    by_input = summary.bin_sums(of_level, y, bins)
    assert by_input.shape == (40, bins, 6)
    assert np.array_equal(by_input, by_sample)
    b = of_level[:, 5] == bins - 1
    assert by_input[5, bins - 1, 2] == pytest.approx(y[b, 2].sum())


def test_merged_sorted_runs_give_the_ranks_of_one_sort() -> None:
    # each piece sorted on its own (as chunks do), then merged: the same ranks and order
    rng = np.random.default_rng(4)
    y = np.round(10 * rng.random((900, 3)))  # many ties
    y[5, 1] = np.nan
    runs = np.empty((3, 900))
    places = np.empty((3, 900), dtype=np.int64)
    for first in range(0, 900, 250):
        piece = np.ascontiguousarray(y[first : first + 250].T)
        order = np.argsort(piece, axis=1)
        runs[:, first : first + 250] = np.take_along_axis(piece, order, axis=1)
        places[:, first : first + 250] = order + first
    whole_ranks, whole_ordered = average_ranks(y)
    for threads in (1, 2, 5):  # columns ranked in groups on threads: the same numbers
        ranks, ordered = average_ranks_of_runs(runs, places, threads=threads)
        assert np.array_equal(ranks, whole_ranks)
        assert np.array_equal(ordered, whole_ordered, equal_nan=True)
