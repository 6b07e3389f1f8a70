"""The spatial model's compiled steps (numba) give the numpy path's numbers, bit for bit.

Both paths run the same cases: KTAB's scenarios shipped with the tests, and random cases
(seeded) with ties — positions on a coarse grid, saliences and capabilities from a few
values, actors at the same position, actors who sit out — one at a time and in batches, with
and without missing stances. Every number of the result must be equal: the path turn by
turn, the final positions, the win probabilities, the outcome. The kernels are forced on
small cases by lowering the size from which they are used; ``ONTABLE_NO_NUMBA=1`` forces
the numpy path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ontable.forecast.base import Forecast
from ontable.forecast.smp import (
    BARGAIN_MODELS,
    BIG_R_ADJUSTS,
    BIG_R_RANGES,
    INTERPOLATIONS,
    PCE_MODELS,
    THIRD_PARTY_COMMITS,
    VICTORY_MODELS,
    VOTING_RULES,
    SMPParams,
    _prepare,
    forecast,
    kernels,
)
from ontable.forecast.smp.elements import _coalitions
from ontable.forecast.smp.state import _assess, _win_chances
from ontable.forecast.smp.turn import _all_contests
from ontable.io.ktab import read_ktab_csv
from ontable.model.arrays import CaseArrays, case_arrays
from tests.extras import require_extra

require_extra("fast")

KTAB = Path(__file__).parent.parent / "data" / "ktab"


def _arrays(
    x: np.ndarray, s: np.ndarray, c: np.ndarray, stated: np.ndarray | None = None
) -> CaseArrays:
    n, m = x.shape[-2:]
    nan = np.full(c.shape, np.nan)
    ids = tuple(f"p{i}" for i in range(n)), tuple(f"i{j}" for j in range(m))
    return CaseArrays(*ids, x, s, c, nan, nan, np.full(m, np.nan), stated)


def _tied_case(
    seed: int, n: int, m: int, batch: int | None = None, *, gaps: bool = False
) -> CaseArrays:
    """Positions on a grid of 5 points, saliences and capabilities from a few values (so
    that many numbers tie exactly), one actor without capability; with ``gaps`` some
    actors have no stance on some issues."""
    rng = np.random.default_rng(seed)
    shape = (n, m) if batch is None else (batch, n, m)
    x = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], size=shape)
    s = rng.choice([10.0, 20.0, 40.0], size=shape) / m
    c = rng.choice([1.0, 2.0, 5.0], size=shape[:-1])
    c[..., 0] = 0.0  # sits out
    stated = None
    if gaps:
        stated = rng.random((n, m)) > 0.2
        stated[:, 0] = True
    return _arrays(x, s, c, stated)


def _run(
    monkeypatch: pytest.MonkeyPatch, compiled: bool, arrays: CaseArrays, **params: Any
) -> Forecast:
    rule = SMPParams.from_mapping(params).voting_rule
    with monkeypatch.context() as patch:
        if compiled:
            patch.delenv("ONTABLE_NO_NUMBA", raising=False)
            patch.setattr(kernels, "_MIN_WORK", 0)
            assert kernels.use_kernels(rule, 1, 2) == (rule in kernels.RULES)
            assert kernels.use_kernels(None, 1, 2)
        else:
            patch.setenv("ONTABLE_NO_NUMBA", "1")
            assert not kernels.use_kernels(rule, 1, 10**4)
        return forecast(arrays, params=params, rng=np.random.default_rng(0))


def _assert_same_runs(
    monkeypatch: pytest.MonkeyPatch, arrays: CaseArrays, **params: Any
) -> Forecast:
    ours = _run(monkeypatch, False, arrays, **params)
    fast = _run(monkeypatch, True, arrays, **params)
    assert fast.rounds == ours.rounds
    np.testing.assert_array_equal(fast.path, ours.path)
    np.testing.assert_array_equal(fast.positions, ours.positions)
    np.testing.assert_array_equal(fast.outcome, ours.outcome)
    for key in ("win_probability", "most_likely", "risk_attitude", "rounds_run", "converged"):
        np.testing.assert_array_equal(fast.extras[key], ours.extras[key])
    return fast


# --- numpy's summation order ---------------------------------------------------------------


def test_pairwise_sum_is_numpys_sum_bit_for_bit() -> None:
    from ontable.forecast.smp._compiled import pairwise_sum

    rng = np.random.default_rng(0)
    lengths = [*range(0, 1001), 4095, 4096, 8192, 8200, 20_001]
    for n in lengths:
        # magnitudes over 16 orders and both signs: any other order of addition differs
        a = rng.standard_normal(n) * 10.0 ** rng.uniform(-8, 8, n)
        assert pairwise_sum(a, n) == a.sum(), n
        rows = np.ascontiguousarray(np.broadcast_to(a, (2, 3, n)))
        assert (rows.sum(axis=-1) == pairwise_sum(a, n)).all(), n  # as the contest step sums


# --- the steps -----------------------------------------------------------------------------


def _assessment(arrays: CaseArrays, params: SMPParams) -> tuple[Any, Any]:
    x, actors = _prepare(arrays)
    return _assess(x, actors, params), actors


@pytest.mark.parametrize("rule", kernels.RULES)
@pytest.mark.parametrize("commit", THIRD_PARTY_COMMITS)
def test_contest_step_equals_numpy(monkeypatch: pytest.MonkeyPatch, rule: str, commit: str) -> None:
    p = SMPParams(voting_rule=rule, third_party_commit=commit)
    for arrays in (_tied_case(1, 9, 2, batch=3), _tied_case(2, 11, 3, gaps=True)):
        a, actors = _assessment(arrays, p)
        monkeypatch.setenv("ONTABLE_NO_NUMBA", "1")
        p_ij, gain = _all_contests(a, actors, p)
        monkeypatch.delenv("ONTABLE_NO_NUMBA")
        k_p, k_gain = kernels.contests(
            a.distance,
            a.seen_risk,
            actors.attention * actors.capability,
            actors.attention,
            actors.active,
            rule,
            commit,
        )
        np.testing.assert_array_equal(k_p, p_ij)
        np.testing.assert_array_equal(k_gain, gain)


@pytest.mark.parametrize("rule", kernels.RULES)
def test_coalitions_equal_numpy(monkeypatch: pytest.MonkeyPatch, rule: str) -> None:
    rng = np.random.default_rng(3)
    # (samples, voters, options): one block of voters, and many (numpy adds block by block)
    for shape in [(1, 1, 1), (1, 7, 5), (3, 12, 25), (2, 40, 81)]:
        u = rng.choice([0.0, 0.25, 0.5, 0.5 + 1e-13, 0.75, 1.0], size=shape)
        u += rng.choice([0.0, 1.0], size=shape) * rng.uniform(-0.3, 0.3, shape)
        w = rng.choice([0.0, 1.0, 2.5], size=shape[:2])
        monkeypatch.setenv("ONTABLE_NO_NUMBA", "1")
        reference = _coalitions(rule, u, w)
        monkeypatch.delenv("ONTABLE_NO_NUMBA")
        np.testing.assert_array_equal(kernels.coalitions(rule, u, w), reference)


def test_win_chances_equal_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The representatives of shared positions (the loop of ``_win_chances``)."""
    p = SMPParams(position_tolerance=30.0)  # many positions count as one option
    for arrays in (_tied_case(4, 12, 1, batch=4), _tied_case(5, 10, 2, gaps=True)):
        x, actors = _prepare(arrays)
        a = _assess(x, actors, p)
        monkeypatch.setenv("ONTABLE_NO_NUMBA", "1")
        reference = _win_chances(x, a, actors, p)
        monkeypatch.delenv("ONTABLE_NO_NUMBA")
        monkeypatch.setattr(kernels, "_MIN_WORK", 0)
        np.testing.assert_array_equal(_win_chances(x, a, actors, p), reference)


# --- whole runs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scenario", ["dummyData_3Dim", "SOE-Pol-Comp", "dummyData_6Dim", "SOE-Competitive"]
)
def test_ktab_scenarios_run_the_same(monkeypatch: pytest.MonkeyPatch, scenario: str) -> None:
    arrays = case_arrays(read_ktab_csv(KTAB / f"{scenario}.csv"))
    result = _assert_same_runs(monkeypatch, arrays)
    assert result.extras["converged"]


@pytest.mark.parametrize("rule", VOTING_RULES)
@pytest.mark.parametrize("commit", THIRD_PARTY_COMMITS)
def test_every_rule_and_commitment_runs_the_same(
    monkeypatch: pytest.MonkeyPatch, rule: str, commit: str
) -> None:
    """The rules with a power keep the numpy path (the run must still be the same)."""
    _assert_same_runs(
        monkeypatch,
        _tied_case(6, 8, 2),
        voting_rule=rule,
        third_party_commit=commit,
        max_turns=25,
    )


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("bargain_model", BARGAIN_MODELS),
        ("victory_model", VICTORY_MODELS),
        ("pce_model", PCE_MODELS),
        ("interpolation", INTERPOLATIONS),
        ("big_r_range", BIG_R_RANGES),
        ("big_r_adjust", BIG_R_ADJUSTS),
        ("state_transition", ("deterministic", "stochastic")),
    ],
)
def test_every_variant_runs_the_same(
    monkeypatch: pytest.MonkeyPatch, name: str, values: tuple[str, ...]
) -> None:
    for value in values:
        for rule in ("proportional", "binary"):
            _assert_same_runs(
                monkeypatch, _tied_case(7, 7, 2), voting_rule=rule, max_turns=20, **{name: value}
            )


def test_batches_run_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Samples stop at different turns (the live ones shrink the batch), with ties and with
    missing stances."""
    result = _assert_same_runs(monkeypatch, _tied_case(8, 9, 2, batch=5))
    assert len(set(result.extras["rounds_run"].tolist())) > 1
    _assert_same_runs(monkeypatch, _tied_case(9, 8, 3, batch=3, gaps=True), voting_rule="binary")
    rng = np.random.default_rng(10)
    plain = _arrays(
        rng.uniform(0, 100, (4, 10, 2)), rng.uniform(5, 45, (4, 10, 2)), rng.uniform(1, 9, (4, 10))
    )
    _assert_same_runs(monkeypatch, plain, bargain_model="initiator-receiver")


def test_kernels_only_where_they_pay_and_never_when_switched_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ONTABLE_NO_NUMBA", raising=False)
    assert kernels.use_kernels("proportional", 1, 40)
    assert not kernels.use_kernels("proportional", 1, 7)  # a small case: numpy, no numba
    assert kernels.use_kernels("proportional", 100, 7)  # many samples of it
    assert not kernels.use_kernels("cubic", 1, 80)
    assert not kernels.use_kernels("proportional-cubic", 1, 80)
    monkeypatch.setenv("ONTABLE_NO_NUMBA", "1")
    assert not kernels.use_kernels("proportional", 1, 80)
