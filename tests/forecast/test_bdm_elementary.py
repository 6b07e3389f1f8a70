"""The compiled BDM round's own ``exp`` and ``log`` (the ``fast`` extra) against the C
library's: within one unit in the last place on the arguments the round meets."""

from __future__ import annotations

import math

import numpy as np

from tests.extras import require_extra

require_extra("fast")

import numba  # noqa: E402

from ontable.forecast.bdm._elementary import exp_neg, log01  # noqa: E402


@numba.njit(error_model="numpy")
def _exp_all(x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        out[i] = exp_neg(x[i])
    return out


@numba.njit(error_model="numpy")
def _log_all(c: np.ndarray) -> np.ndarray:
    out = np.empty_like(c)
    for i in range(c.shape[0]):
        out[i] = log01(c[i])
    return out


def _ulps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a.view(np.int64) - b.view(np.int64))


def test_exp_is_within_one_unit_in_the_last_place() -> None:
    rng = np.random.default_rng(0)
    x = np.concatenate(
        [
            -rng.uniform(0, 1, 200_000),
            -rng.uniform(0, 60, 200_000),
            -rng.exponential(1e-9, 50_000),
            -rng.uniform(700, 708, 1_000),
            [0.0, -0.0, -1e-300, -0.5 * math.log(2.0), -708.0],
        ]
    )
    ours, theirs = _exp_all(x), np.array([math.exp(v) for v in x])
    assert _ulps(ours, theirs).max() <= 1
    assert (ours != theirs).mean() < 0.2  # mostly the same bits


def test_exp_underflows_to_zero_and_keeps_tiny_results_close() -> None:
    x = np.array([-np.inf, -800.0, -746.0, -740.0, -720.0])
    ours, theirs = _exp_all(x), np.array([math.exp(v) if v > -np.inf else 0.0 for v in x])
    assert ours[0] == 0.0 and ours[1] == 0.0
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-320)


def test_log_is_within_one_unit_in_the_last_place() -> None:
    rng = np.random.default_rng(1)
    c = np.concatenate(
        [
            rng.uniform(0, 1, 200_000),
            rng.uniform(0.49, 0.51, 100_000),
            10.0 ** -rng.uniform(0, 300, 100_000),
            [1.0, 0.5, float(np.nextafter(1.0, 0.0)), 2.2250738585072014e-308, 1e-310],
        ]
    )
    c = c[c > 0]
    ours, theirs = _log_all(c), np.log(c)
    assert _ulps(ours, theirs).max() <= 1
    assert _log_all(np.array([0.0]))[0] == -np.inf
