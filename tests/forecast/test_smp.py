"""KTAB's spatial model of politics: KTAB's recorded runs, invariants, parameters."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from ontable.forecast.registry import get_model
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
    forecast,
)
from ontable.io import load_case
from ontable.io.ktab import read_ktab_csv
from ontable.model.arrays import CaseArrays, case_arrays

KTAB = Path(__file__).parent.parent / "data" / "ktab"


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


def _random_case(seed: int, n: int = 6, m: int = 2) -> CaseArrays:
    """Generic inputs (no ties): continuous positions, saliences summing below 100, capabilities."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 100, (n, m))
    s = rng.uniform(5, 95 / m, (n, m))
    c = rng.uniform(10, 100, n)
    return _arrays(x, s, c)


def _run(arrays: CaseArrays, seed: int = 0, **params: Any):  # type: ignore[no-untyped-def]
    return forecast(arrays, params=params, rng=np.random.default_rng(seed))


# --- KTAB's own recorded runs ------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["dummyData_3Dim", "SOE-Pol-Comp"])
def test_matches_ktab_reference_log(scenario: str) -> None:
    """Every position of every turn, and every win probability, as KTAB's log records them.

    The log prints positions to 0.1 and probabilities to 0.0001, so the tolerance is half a
    printed unit (plus float slack).
    """
    ref = YAML(typ="safe").load((KTAB / f"{scenario}.reference.yaml").read_text())
    case = read_ktab_csv(KTAB / f"{scenario}.csv")
    result = _run(case_arrays(case))
    names = [p.name for p in case.parties]
    dims = [i.name for i in case.issues]
    assert result.rounds + 1 == ref["states"]
    assert result.extras["converged"]
    for row in ref["positions"]:
        a, d = names.index(row["actor"]), dims.index(row["dimension"])
        np.testing.assert_allclose(result.path[:, a, d], row["history"], atol=0.05 + 1e-9)
    for row in ref["win_probability"]:
        a = names.index(row["actor"])
        np.testing.assert_allclose(
            result.extras["win_probability"][:, a], row["history"], atol=5e-5 + 1e-9
        )


def test_converges_on_ktab_scenario() -> None:
    result = _run(case_arrays(read_ktab_csv(KTAB / "dummyData_6Dim.csv")))
    steps = np.linalg.norm(np.diff(result.path, axis=0), axis=-1).sum(axis=-1)
    assert result.extras["converged"]
    assert result.rounds < 100
    # KTAB's rule: the last turn moves the actors less than 2 % of the first (plus 0.01)
    assert steps[-1] < 0.02 * (steps[0] + 0.01)
    assert steps[-2] >= 0.02 * (steps[0] + 0.01)  # and the turn before did not


# --- invariants ----------------------------------------------------------------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), data=st.data())
def test_relabelling_actors_permutes_the_result(seed: int, data: st.DataObject) -> None:
    arrays = _random_case(seed)
    n = len(arrays.party_ids)
    perm = np.array(data.draw(st.permutations(range(n))))
    shuffled = _arrays(arrays.positions[perm], arrays.saliences[perm], arrays.capabilities[perm])
    a, b = _run(arrays), _run(shuffled)
    np.testing.assert_allclose(a.outcome, b.outcome, atol=1e-6)
    np.testing.assert_allclose(a.positions[perm], b.positions, atol=1e-6)
    assert a.rounds == b.rounds


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(2, 5),
    m=st.integers(1, 3),
    data=st.data(),
)
def test_relabelling_with_ties_keeps_the_outcome(n: int, m: int, data: st.DataObject) -> None:
    """Coarse grids make exact ties between targets and options; ties must not follow labels."""
    grid = st.integers(0, 10).map(lambda v: v * 10.0)
    x = np.array(data.draw(st.lists(grid, min_size=n * m, max_size=n * m))).reshape(n, m)
    s = np.array(
        data.draw(st.lists(st.sampled_from([10.0, 20.0]), min_size=n * m, max_size=n * m))
    ).reshape(n, m)
    c = np.array(data.draw(st.lists(st.sampled_from([10.0, 50.0]), min_size=n, max_size=n)))
    perm = np.array(data.draw(st.permutations(range(n))))
    a = _run(_arrays(x, s, c))
    b = _run(_arrays(x[perm], s[perm], c[perm]))
    np.testing.assert_allclose(a.outcome, b.outcome, atol=1e-6)
    # the same final positions; actors with identical inputs may trade theirs (a tie between
    # them goes to the first listed, as documented), so compared as a set per issue
    np.testing.assert_allclose(np.sort(a.positions, 0), np.sort(b.positions, 0), atol=1e-6)


@pytest.mark.parametrize("capability", [10.0, 50.0, 1e4])
def test_equal_bargains_from_either_side_tie_whatever_the_order(capability: float) -> None:
    """Positions 20, 30, 40 with equal weights: the bargain of the two outer actors is proposed
    by each of them and lands both at 30. The two proposals are the same option (their
    utilities differ only by rounding, summed in the actors' order), so which one an actor
    adopts, and the outcome, must not depend on the order in which actors are listed."""
    x = np.array([[30.0], [20.0], [40.0]])
    s = np.full((3, 1), 10.0)
    c = np.full(3, capability)
    first = _run(_arrays(x, s, c))
    for perm in itertools.permutations(range(3)):
        p = np.array(perm)
        other = _run(_arrays(x[p], s[p], c[p]))
        np.testing.assert_allclose(other.outcome, first.outcome, atol=1e-9)
        np.testing.assert_allclose(other.positions, first.positions[p], atol=1e-9)
        assert other.rounds == first.rounds


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_zero_capability_actor_changes_nothing(seed: int) -> None:
    arrays = _random_case(seed, n=5, m=2)
    extra = _arrays(
        np.vstack([arrays.positions, [[3.0, 97.0]]]),
        np.vstack([arrays.saliences, [[40.0, 40.0]]]),
        np.append(arrays.capabilities, 0.0),
    )
    a, b = _run(arrays), _run(extra)
    np.testing.assert_allclose(a.outcome, b.outcome, atol=1e-9)
    np.testing.assert_allclose(a.path, b.path[:, :-1], atol=1e-9)
    assert np.all(b.path[:, -1] == [3.0, 97.0])  # it never moves
    assert np.all(b.extras["win_probability"][:, -1] == 0.0)


def test_zero_salience_actor_sits_out() -> None:
    arrays = _random_case(4, n=5, m=2)
    extra = _arrays(
        np.vstack([arrays.positions, [[50.0, 50.0]]]),
        np.vstack([arrays.saliences, [[0.0, 0.0]]]),
        np.append(arrays.capabilities, 80.0),
    )
    np.testing.assert_allclose(_run(arrays).outcome, _run(extra).outcome, atol=1e-9)


@pytest.mark.parametrize("where", [[0.0, 0.0], [35.5, 80.0], [100.0, 100.0]])
def test_identical_positions_stay_put(where: list[float]) -> None:
    base = _random_case(5, n=4, m=2)
    same = np.tile(where, (4, 1))
    result = _run(_arrays(same, base.saliences, base.capabilities))
    assert np.all(result.path == same)
    np.testing.assert_allclose(result.outcome, where)
    np.testing.assert_allclose(result.extras["win_probability"], 1.0)


def test_same_seed_same_result_also_when_stochastic() -> None:
    arrays = _random_case(6, n=7, m=3)
    for params in ({}, {"state_transition": "stochastic"}):
        a, b = _run(arrays, 42, **params), _run(arrays, 42, **params)
        assert np.array_equal(a.path, b.path)
        assert np.array_equal(a.outcome, b.outcome)
    # the stochastic variant does use the generator
    runs = {_run(arrays, s, state_transition="stochastic").path.tobytes() for s in range(6)}
    assert len(runs) > 1


def test_outcome_lies_between_the_final_positions() -> None:
    for seed in range(4):
        result = _run(_random_case(seed, n=6, m=3))
        assert np.all(result.outcome >= result.positions.min(axis=0) - 1e-9)
        assert np.all(result.outcome <= result.positions.max(axis=0) + 1e-9)
        assert np.all(result.path >= 0) and np.all(result.path <= 100)


def test_sample_axis_equals_one_run_per_sample() -> None:
    cases = [_random_case(seed, n=5, m=2) for seed in (7, 8, 9)]
    stack = _arrays(
        np.stack([c.positions for c in cases]),
        np.stack([c.saliences for c in cases]),
        np.stack([c.capabilities for c in cases]),
    )
    batch = _run(stack)
    for k, one in enumerate(cases):
        alone = _run(one)
        np.testing.assert_allclose(batch.outcome[k], alone.outcome, atol=1e-12)
        rounds = batch.extras["rounds_run"][k]
        assert rounds == alone.rounds
        np.testing.assert_allclose(batch.path[k, : rounds + 1], alone.path, atol=1e-12)
        # after it stops, a sample's path repeats its final state
        assert np.all(batch.path[k, rounds:] == alone.positions)


def test_scale_of_capability_does_not_matter() -> None:
    arrays = _random_case(10, n=6, m=2)
    scaled = _arrays(arrays.positions, arrays.saliences, arrays.capabilities * 0.37)
    np.testing.assert_allclose(_run(arrays).path, _run(scaled).path, atol=1e-6)


# --- parameters, registry, results -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("voting_rule", VOTING_RULES),
        ("victory_model", VICTORY_MODELS),
        ("pce_model", PCE_MODELS),
        ("big_r_range", BIG_R_RANGES),
        ("big_r_adjust", BIG_R_ADJUSTS),
        ("third_party_commit", THIRD_PARTY_COMMITS),
        ("interpolation", INTERPOLATIONS),
        ("bargain_model", BARGAIN_MODELS),
    ],
)
def test_every_variant_runs(name: str, values: tuple[str, ...]) -> None:
    arrays = _random_case(11, n=5, m=2)
    for value in values:
        result = _run(arrays, **{name: value, "max_turns": 15})
        assert result.params[name] == value
        assert np.all((result.path >= 0) & (result.path <= 100))
        wins = result.extras["win_probability"]
        assert np.all((wins >= 0) & (wins <= 1 + 1e-12))


def test_defaults_are_ktabs() -> None:
    p = SMPParams()
    assert (p.voting_rule, p.victory_model, p.pce_model) == (
        "proportional",
        "linear",
        "conditional",
    )
    assert (p.big_r_range, p.big_r_adjust, p.third_party_commit) == ("mid", "one-third", "semi")
    assert (p.interpolation, p.bargain_model, p.state_transition) == (
        "s2p2",
        "initiator",
        "deterministic",
    )
    assert (p.max_turns, p.min_turns, p.convergence_ratio) == (100, 2, 0.02)


def test_max_turns_bounds_the_run() -> None:
    result = _run(_random_case(12, n=6, m=2), max_turns=1)
    assert result.rounds == 1
    assert result.path.shape[0] == 2


@pytest.mark.parametrize(
    "params",
    [{"voting_rule": "majority"}, {"max_turns": 0}, {"turns": 5}, {"convergence_ratio": -1}],
)
def test_bad_parameters_are_errors(params: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        _run(_random_case(0), **params)


def test_registered_and_runs_on_the_mini_case(mini_path: Path) -> None:
    arrays = case_arrays(load_case(mini_path))
    result = get_model("smp")(arrays, rng=np.random.default_rng(0))
    assert result.model == "smp"
    assert result.positions.shape == (3, 3)
    assert np.all(result.outcome >= arrays.positions.min(axis=0))
    assert np.all(result.outcome <= arrays.positions.max(axis=0))
    data = result.to_dict()
    json.dumps(data)
    assert data["rounds"] == result.rounds
    assert set(data["extras"]) >= {"win_probability", "most_likely", "rounds_run", "converged"}
    assert len(result.path_frame()) == (result.rounds + 1) * 9


def test_large_batches_run_in_chunks_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import ontable.forecast.smp as smp

    cases = [_random_case(seed, n=4, m=2) for seed in (13, 14, 15)]
    stack = _arrays(
        np.stack([c.positions for c in cases]),
        np.stack([c.saliences for c in cases]),
        np.stack([c.capabilities for c in cases]),
    )
    together = _run(stack)
    monkeypatch.setattr(smp, "_CHUNK_ELEMENTS", 1)  # one sample per chunk
    apart = _run(stack)
    assert np.array_equal(together.path, apart.path)
    assert np.array_equal(together.outcome, apart.outcome)
    assert np.array_equal(together.extras["win_probability"], apart.extras["win_probability"])
