"""The BDM model's compiled round (the ``fast`` extra) against its numpy round.

Both paths must give the same paths to 1e-12 (relative to the 0–100 scale) and the same
discrete choices: who moves in which round and how many rounds each issue runs.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontable.forecast import bdm
from ontable.forecast.bdm import BdmParams, kernels, model
from tests.extras import require_extra

require_extra("fast")

SCALE_TOL = 1e-10  # 1e-12 of the 0–100 scale


def _case(
    rng: np.random.Generator, rows: int, n: int, *, grid: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x0 = rng.uniform(0, 100, (rows, n))
    if grid:  # shared positions and ties at midpoints
        x0 = np.round(x0 / 10.0) * 10.0
    c = rng.uniform(1, 100, (rows, n))
    s = rng.uniform(0, 1, (rows, n))
    s[rng.uniform(size=s.shape) < 0.1] = 0.0  # some actors sit an issue out
    return x0, c, s


def _assert_same(x0: np.ndarray, c: np.ndarray, s: np.ndarray, params: BdmParams) -> None:
    numpy_path, numpy_outcome, numpy_ran = bdm.run_rows(x0, c, s, params, compiled=False)
    fast_path, fast_outcome, fast_ran = bdm.run_rows(x0, c, s, params, compiled=True)
    np.testing.assert_array_equal(fast_ran, numpy_ran)
    assert fast_path.shape == numpy_path.shape
    np.testing.assert_allclose(fast_path, numpy_path, rtol=1e-12, atol=SCALE_TOL)
    np.testing.assert_allclose(fast_outcome, numpy_outcome, rtol=1e-12, atol=SCALE_TOL)
    moved_numpy = np.abs(np.diff(numpy_path, axis=0)) > 0
    moved_fast = np.abs(np.diff(fast_path, axis=0)) > 0
    np.testing.assert_array_equal(moved_fast, moved_numpy)


@pytest.mark.parametrize("variant", bdm.VARIANTS)
@pytest.mark.parametrize("n", [2, 3, 5, 6, 7, 12, 40])
@pytest.mark.parametrize("grid", [False, True])
def test_compiled_round_equals_numpy(variant: str, n: int, grid: bool) -> None:
    rng = np.random.default_rng(1000 * n + grid)
    x0, c, s = _case(rng, 4, n, grid=grid)
    for q, t in ((1.0, 1.0), (0.7, 0.4)):
        _assert_same(x0, c, s, BdmParams(Q=q, T=t, variant=variant))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 11),
    rows=st.integers(1, 3),
    grid=st.booleans(),
    variant=st.sampled_from(bdm.VARIANTS),
    q=st.sampled_from([1.0, 0.5]),
)
def test_compiled_round_equals_numpy_on_any_case(
    seed: int, n: int, rows: int, grid: bool, variant: str, q: float
) -> None:
    x0, c, s = _case(np.random.default_rng(seed), rows, n, grid=grid)
    _assert_same(x0, c, s, BdmParams(Q=q, T=0.6, variant=variant))


@pytest.mark.parametrize("variant", bdm.VARIANTS)
def test_rows_are_independent_of_how_the_batch_is_split(variant: str) -> None:
    """Threads take chunks of rows: a row's numbers do not depend on its neighbours."""
    rng = np.random.default_rng(7)
    x, c, s = _case(rng, 9, 30, grid=False)
    w = c * s
    on = w > 0
    span = np.ptp(x, axis=1)
    mu = np.median(x, axis=1)
    order = np.argsort(x, axis=1)
    published = variant == bdm.PUBLISHED_CODE
    together = kernels.bdm_round(x, w, s, on, span, mu, order, 1.0, 1.0, published)
    for row in range(9):
        sl = slice(row, row + 1)
        alone = kernels.bdm_round(
            x[sl], w[sl], s[sl], on[sl], span[sl], mu[sl], order[sl], 1.0, 1.0, published
        )
        np.testing.assert_array_equal(alone[0], together[row])


def test_no_numba_variable_forces_the_numpy_round(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONTABLE_NO_NUMBA", "1")
    assert not kernels.available()
    assert not model.use_kernel(10_000, 100)
    x0, c, s = _case(np.random.default_rng(3), 2, 8, grid=False)
    path, _, _ = bdm.run_rows(x0, c, s, BdmParams())
    monkeypatch.delenv("ONTABLE_NO_NUMBA")
    assert kernels.available()
    assert model.use_kernel(10_000, 100)
    assert not model.use_kernel(1, 5)  # a small forecast stays on numpy
    np.testing.assert_allclose(
        bdm.run_rows(x0, c, s, BdmParams(), compiled=True)[0], path, rtol=1e-12, atol=SCALE_TOL
    )


def test_forecast_takes_the_compiled_round_for_large_batches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The public forecast gives the same result whichever path a batch takes."""
    from ontable.model.arrays import CaseArrays

    rng = np.random.default_rng(5)
    actors, issues = 30, 25
    nan = np.full(actors, np.nan)
    arrays = CaseArrays(
        tuple(f"a{i}" for i in range(actors)),
        tuple(f"i{j}" for j in range(issues)),
        rng.uniform(0, 100, (actors, issues)).round(),
        rng.uniform(1, 100, (actors, issues)).round(),
        rng.uniform(1, 100, actors).round(),
        nan,
        nan,
        np.full(issues, np.nan),
    )
    assert model.use_kernel(issues, actors)
    fast = bdm.forecast(arrays, rng=np.random.default_rng(0))
    monkeypatch.setenv("ONTABLE_NO_NUMBA", "1")
    slow = bdm.forecast(arrays, rng=np.random.default_rng(0))
    np.testing.assert_allclose(fast.path, slow.path, rtol=1e-12, atol=SCALE_TOL)
    np.testing.assert_array_equal(fast.extras["rounds_run"], slow.extras["rounds_run"])
