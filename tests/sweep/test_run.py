"""Planning and running sweeps: chunking, resuming, results and acceptance."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ontable.forecast.registry import get_model
from ontable.io import load_case
from ontable.model import Case
from ontable.sweep import (
    ChunkResult,
    SweepResult,
    default_chunk_size,
    draw_chunk_inputs,
    first_order,
    parse_override,
    plan_sweep,
    run_chunk,
    run_sweep,
    spearman,
)
from ontable.sweep.run import chunk_summary

MINI = Path(__file__).parents[1] / "data" / "mini"
FIX_ALL = (
    "north.position.border=90",
    "south.position.border=10",
    "north.capability=60",
    "south.capability=40",
    "north.batna=0.4",
    "south.batna=0.3",
)


@pytest.fixture(scope="module")
def mini() -> Case:
    return load_case(MINI)


def shocks(case: Case, *texts: str) -> list[tuple[str, object]]:
    return [(t, parse_override(t, case)) for t in texts]


def test_fixed_inputs_give_the_hand_computed_compromise(mini: Case) -> None:
    plan = plan_sweep(
        mini,
        model="compromise",
        samples=50,
        seed=1,
        chunk_size=20,
        overrides=shocks(mini, *FIX_ALL),  # type: ignore[arg-type]
    )
    result = run_sweep(plan)
    assert result.input_names == ()
    # border: weights c·s = 60·80, 40·90, 30·30 on positions 90, 10, 60
    border = (4800 * 90 + 3600 * 10 + 900 * 60) / (4800 + 3600 + 900)
    assert np.allclose(result.outcomes[:, 0], border)
    assert np.allclose(result.quantiles[0], border)
    assert result.std[0] == pytest.approx(0.0, abs=1e-9)
    assert result.histogram.sum(axis=1).tolist() == [50, 50, 50]


def test_chunks_and_resume_give_the_same_numbers(mini: Case) -> None:
    plan = plan_sweep(mini, model="compromise", samples=950, seed=11, chunk_size=200)
    assert plan.n_chunks == 5 and plan.chunk_samples(4) == 150
    seen: list[int] = []
    ticks: list[tuple[int, int]] = []
    whole = run_sweep(
        plan, on_chunk=lambda c: seen.append(c.index), progress=lambda *a: ticks.append(a)
    )
    assert sorted(seen) == [0, 1, 2, 3, 4]
    assert ticks[0] == (0, 950) and ticks[-1] == (950, 950)
    assert [t[0] for t in ticks] == sorted(t[0] for t in ticks)
    stored = {i: ChunkResult.from_arrays(i, run_chunk(plan, i).to_arrays()) for i in (0, 3)}
    seen.clear()
    resumed = run_sweep(plan, completed=stored, on_chunk=lambda c: seen.append(c.index))
    assert sorted(seen) == [1, 2, 4]
    assert_same(whole, resumed)


def test_chunk_seeds_are_spawned_from_the_seed(mini: Case) -> None:
    plan = plan_sweep(mini, model="compromise", samples=1000, seed=99, chunk_size=300)
    spawned = np.random.SeedSequence(99).spawn(4)
    assert len(plan.chunk_seeds) == 4
    for i, child in enumerate(spawned):
        for seed in (plan.chunk_seeds[i], plan.chunk_seed(i)):
            assert np.array_equal(seed.generate_state(4), child.generate_state(4))


def test_seed_matters_and_repeats(mini: Case) -> None:
    a = run_sweep(plan_sweep(mini, model="compromise", samples=300, seed=5, chunk_size=100))
    b = run_sweep(plan_sweep(mini, model="compromise", samples=300, seed=5, chunk_size=100))
    c = run_sweep(plan_sweep(mini, model="compromise", samples=300, seed=6, chunk_size=100))
    assert_same(a, b)
    assert not np.array_equal(a.outcomes, c.outcomes)


def test_batched_chunk_equals_one_sample_at_a_time(mini: Case) -> None:
    plan = plan_sweep(mini, model="compromise", samples=30, seed=3, chunk_size=30)
    chunk = run_chunk(plan, 0)
    _, arrays = draw_chunk_inputs(plan, 0)
    model = get_model("compromise")
    for i in range(30):
        single = model(arrays.sample(i), rng=np.random.default_rng(0))
        assert np.allclose(chunk.outcomes[i], single.outcome)


def test_acceptance_bounds_by_batna(mini: Case) -> None:
    # Utility lies in [0, 1]: with a BATNA of 0 a party accepts every document, with a BATNA
    # of 1 only its own ideal package (which no document is).
    plan = plan_sweep(
        mini,
        model="compromise",
        samples=200,
        seed=2,
        chunk_size=100,
        overrides=shocks(mini, "north.batna=0", "south.batna=1"),  # type: ignore[arg-type]
    )
    result = run_sweep(plan)
    frame = result.acceptance_frame().set_index(["document", "party"])["probability"]
    assert frame[("plan-a", "north")] == 1.0 and frame[("plan-b", "north")] == 1.0
    assert frame[("plan-a", "south")] == 0.0 and frame[("plan-b", "south")] == 0.0


def test_party_without_batna_has_no_acceptance(mini: Case) -> None:
    parties = tuple(
        p.model_copy(update={"batna": None, "batna_range": None}) if p.id == "broker" else p
        for p in mini.parties
    )
    case = mini.model_copy(update={"parties": parties})
    result = run_sweep(plan_sweep(case, model="compromise", samples=20, seed=2))
    assert np.isnan(result.acceptance[:, 2]).all()
    assert not np.isnan(result.acceptance[:, :2]).any()
    assert all(
        row["probability"] is None
        for row in result.to_dict()["acceptance"]
        if row["party"] == "broker"
    )


def test_result_tables_and_json(mini: Case) -> None:
    result = run_sweep(plan_sweep(mini, model="compromise", samples=400, seed=8, chunk_size=150))
    frame = result.to_frame()
    assert list(frame.columns) == ["issue", "mean", "std", "q05", "q25", "q50", "q75", "q95"]
    assert (frame["q05"] <= frame["q50"]).all() and (frame["q50"] <= frame["q95"]).all()
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["samples"] == 400 and data["issue_ids"] == ["border", "troops", "aid"]
    assert len(data["sensitivity"]) == 3 * len(result.input_names)
    assert sum(data["issues"][0]["histogram"]) == 400
    top = result.top_drivers("troops", 2)
    assert len(top) == 2
    assert top["first_order"].iloc[0] >= top["first_order"].iloc[1]
    # the troops outcome moves only with the capabilities (no troop position has a range)
    assert set(top["input"]) == {"north.capability", "south.capability"}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"samples": 0}, ValueError),
        ({"chunk_size": 0}, ValueError),
        ({"seed": -1}, ValueError),
        ({"distribution": "normal"}, ValueError),
        ({"model": "no-such-model"}, KeyError),
        ({"scenario": "no-such-scenario"}, KeyError),
    ],
)
def test_plan_errors(mini: Case, kwargs: dict[str, object], error: type[Exception]) -> None:
    args: dict[str, object] = {"model": "compromise", "samples": 10, "seed": 1, **kwargs}
    with pytest.raises(error):
        plan_sweep(mini, **args)  # type: ignore[arg-type]


def assert_same(a: SweepResult, b: SweepResult) -> None:
    """Bit-for-bit equal results (NaN equal to NaN)."""
    assert np.array_equal(a.outcomes, b.outcomes)
    assert np.array_equal(a.acceptance, b.acceptance, equal_nan=True)
    assert np.array_equal(a.spearman, b.spearman, equal_nan=True)
    assert np.array_equal(a.first_order, b.first_order, equal_nan=True)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())


def test_sensitivities_agree_with_the_given_data_estimators(mini: Case) -> None:
    # The sweep's indices use the inputs' known distributions; on the same draws the
    # given-data estimators (sample ranks, equal-count bins) give nearly the same numbers.
    plan = plan_sweep(mini, model="compromise", samples=4_000, seed=12, chunk_size=700)
    result = run_sweep(plan)
    drawn = np.concatenate([draw_chunk_inputs(plan, i)[0] for i in range(plan.n_chunks)])
    assert np.allclose(result.spearman, spearman(drawn, result.outcomes), atol=0.02)
    assert np.allclose(result.first_order, first_order(drawn, result.outcomes), atol=0.03)
    assert result.histogram.sum() == 4_000 * 3


def test_a_chunk_works_in_slices_of_the_plan(mini: Case) -> None:
    plan = plan_sweep(mini, model="compromise", samples=95, seed=1, chunk_size=95, slice_size=30)
    assert plan.slices(95) == [(0, 30), (30, 30), (60, 30), (90, 5)]
    assert plan.slices(20) == [(0, 20)]
    whole = plan_sweep(mini, model="compromise", samples=95, seed=1, slice_size=None)
    assert whole.slices(95) == [(0, 95)]


@pytest.mark.parametrize("distribution", ["uniform", "triangular", "beta"])
def test_sliced_chunks_redraw_and_resume_the_same_numbers(mini: Case, distribution: str) -> None:
    plan = plan_sweep(
        mini,
        model="compromise",
        samples=250,
        seed=8,
        chunk_size=100,
        slice_size=30,
        distribution=distribution,  # type: ignore[arg-type]
    )
    chunk = run_chunk(plan, 1)
    stored = ChunkResult.from_arrays(1, chunk.to_arrays())
    assert stored.summary is None and chunk.summary is not None
    redrawn = chunk_summary(plan, stored)  # levels re-drawn slice by slice
    for mine, again in zip(
        (chunk.summary.bin_counts, chunk.summary.bin_sums, chunk.summary.level_sums),
        (redrawn.bin_counts, redrawn.bin_sums, redrawn.level_sums),
        strict=True,
    ):
        assert np.array_equal(mine, again)
    # the inputs drawn at once are the slices' draws in turn
    values, _ = draw_chunk_inputs(plan, 1)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(8, spawn_key=(1, 0))))
    parts = [plan.space.draw(size, rng, plan.distribution)[0] for _, size in plan.slices(100)]
    assert np.array_equal(values, np.concatenate(parts))
    whole = run_sweep(plan)
    resumed = run_sweep(plan, completed={1: stored})
    assert_same(whole, resumed)


def test_default_chunks_share_a_large_sweep(mini: Case) -> None:
    assert default_chunk_size(10) == default_chunk_size(10_000) == 1000
    assert default_chunk_size(100_000) == 3125  # 32 chunks
    plan = plan_sweep(mini, model="compromise", samples=64_001, seed=1)
    assert (plan.chunk_size, plan.n_chunks) == (2001, 32)
