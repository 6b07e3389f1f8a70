"""Invariants every registered forecast model must keep (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontable.forecast.registry import available_models, get_model
from ontable.model.arrays import CaseArrays

MODELS = available_models()
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw: st.DrawFn, min_actors: int = 2) -> CaseArrays:
    """Small random cases; values on a 0.5 grid so ties occur, as in coded cases."""
    n = draw(st.integers(min_actors, 5))
    m = draw(st.integers(1, 3))
    grid = st.integers(0, 200).map(lambda v: v / 2.0)
    x = np.array(draw(st.lists(grid, min_size=n * m, max_size=n * m))).reshape(n, m)
    s = np.array(
        draw(st.lists(st.integers(1, 100).map(float), min_size=n * m, max_size=n * m))
    ).reshape(n, m)
    c = np.array(draw(st.lists(st.integers(1, 100).map(float), min_size=n, max_size=n)))
    return _arrays(x, s, c)


def _arrays(x: np.ndarray, s: np.ndarray, c: np.ndarray) -> CaseArrays:
    n, m = x.shape[-2:]
    nan = np.full(c.shape, np.nan)
    return CaseArrays(
        tuple(f"p{i}" for i in range(n)),
        tuple(f"i{j}" for j in range(m)),
        x,
        s,
        c,
        nan,
        nan,
        np.full(m, np.nan),
    )


def _run(name: str, arrays: CaseArrays, seed: int = 0):  # type: ignore[no-untyped-def]
    return get_model(name)(arrays, rng=np.random.default_rng(seed))


@pytest.mark.parametrize("name", MODELS)
@SETTINGS
@given(arrays=cases())
def test_outcome_in_convex_hull(name: str, arrays: CaseArrays) -> None:
    out = _run(name, arrays).outcome
    assert (out >= arrays.positions.min(axis=0) - 1e-6).all()
    assert (out <= arrays.positions.max(axis=0) + 1e-6).all()


@pytest.mark.parametrize("name", MODELS)
@SETTINGS
@given(arrays=cases(), data=st.data())
def test_relabelling_actors(name: str, arrays: CaseArrays, data: st.DataObject) -> None:
    n = len(arrays.party_ids)
    perm = np.array(data.draw(st.permutations(range(n))))
    shuffled = _arrays(arrays.positions[perm], arrays.saliences[perm], arrays.capabilities[perm])
    a, b = _run(name, arrays), _run(name, shuffled)
    assert np.allclose(a.outcome, b.outcome, atol=1e-6)


@pytest.mark.parametrize("name", MODELS)
@SETTINGS
@given(arrays=cases(), data=st.data())
def test_zero_capability_actor_does_not_move_outcome(
    name: str, arrays: CaseArrays, data: st.DataObject
) -> None:
    m = len(arrays.issue_ids)
    grid = st.integers(0, 200).map(lambda v: v / 2.0)
    extra_x = np.array(data.draw(st.lists(grid, min_size=m, max_size=m)))
    extra_s = np.array(data.draw(st.lists(st.integers(1, 100).map(float), min_size=m, max_size=m)))
    bigger = _arrays(
        np.vstack([arrays.positions, extra_x]),
        np.vstack([arrays.saliences, extra_s]),
        np.append(arrays.capabilities, 0.0),
    )
    assert np.allclose(_run(name, arrays).outcome, _run(name, bigger).outcome, atol=1e-6)


@pytest.mark.parametrize("name", MODELS)
@SETTINGS
@given(arrays=cases())
def test_identical_positions_stay_put(name: str, arrays: CaseArrays) -> None:
    same = np.broadcast_to(arrays.positions[:1], arrays.positions.shape).copy()
    result = _run(name, _arrays(same, arrays.saliences, arrays.capabilities))
    assert np.allclose(result.outcome, same[0])
    assert np.allclose(result.positions, same)


@pytest.mark.parametrize("name", MODELS)
@SETTINGS
@given(arrays=cases(), seed=st.integers(0, 2**32 - 1))
def test_same_seed_same_result(name: str, arrays: CaseArrays, seed: int) -> None:
    a, b = _run(name, arrays, seed), _run(name, arrays, seed)
    assert np.array_equal(a.outcome, b.outcome)
    assert np.array_equal(a.positions, b.positions)


@pytest.mark.parametrize("name", MODELS)
@SETTINGS
@given(first=cases(), data=st.data())
def test_batch_equals_samples(name: str, first: CaseArrays, data: st.DataObject) -> None:
    n, m = first.positions.shape
    k = data.draw(st.integers(1, 3))
    grid = st.integers(0, 200).map(lambda v: v / 2.0)
    weights = st.integers(1, 100).map(float)
    xs = [first.positions] + [
        np.array(data.draw(st.lists(grid, min_size=n * m, max_size=n * m))).reshape(n, m)
        for _ in range(k)
    ]
    ss = [first.saliences] + [
        np.array(data.draw(st.lists(weights, min_size=n * m, max_size=n * m))).reshape(n, m)
        for _ in range(k)
    ]
    cs = [first.capabilities] + [
        np.array(data.draw(st.lists(weights, min_size=n, max_size=n))) for _ in range(k)
    ]
    batch = _run(name, _arrays(np.stack(xs), np.stack(ss), np.stack(cs)))
    for i in range(k + 1):
        single = _run(name, _arrays(xs[i], ss[i], cs[i]))
        assert np.allclose(batch.outcome[i], single.outcome, atol=1e-9)
        assert np.allclose(batch.positions[i], single.positions, atol=1e-9)
