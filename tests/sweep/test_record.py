"""Recording a sweep through the run-recording interface, and resuming it as a library call."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ontable import RunStore, load_case
from ontable.errors import OntableError
from ontable.model import Case
from ontable.recording import record_run
from ontable.sweep import plan_sweep, run_sweep
from ontable.sweep.record import (
    ResumeError,
    execute_sweep_run,
    recorded_plan,
    resume_sweep,
    start_sweep_run,
)


@pytest.fixture
def mini(mini_path: Path) -> Case:
    return load_case(mini_path)


def _interrupted_run(store: RunStore, case: Case, after: int) -> int:
    """A recorded run stopped by Ctrl-C after ``after`` chunks."""
    plan = plan_sweep(case, model="median", samples=120, seed=7, chunk_size=20)
    run_id = start_sweep_run(store, case, plan, case_ref="mini")
    done = 0

    def stop(_done: int, _total: int) -> None:
        nonlocal done
        done += 1
        if done > after:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        execute_sweep_run(store, run_id, plan, progress=stop)
    return run_id


def test_resume_gives_the_uninterrupted_result(mini: Case, tmp_path: Path) -> None:
    with RunStore(tmp_path / "runs.sqlite") as store:
        run_id = _interrupted_run(store, mini, after=3)
        before = store.run(run_id)
        assert before.status == "interrupted" and 0 < before.chunks_done < before.n_chunks
        result, _ = resume_sweep(store, run_id, mini)
        after = store.run(run_id)
    whole = run_sweep(plan_sweep(mini, model="median", samples=120, seed=7, chunk_size=20))
    assert np.array_equal(result.outcomes, whole.outcomes)
    assert after.status == "complete" and after.chunks_done == after.n_chunks
    assert after.result == whole.to_dict()


def test_resume_refuses_another_case_and_other_kinds(mini: Case, tmp_path: Path) -> None:
    changed = mini.with_overrides([])
    changed = changed.model_copy(update={"title": "another title"})
    with RunStore(tmp_path / "runs.sqlite") as store:
        run_id = _interrupted_run(store, mini, after=1)
        with pytest.raises(ResumeError, match="has changed since run"):
            recorded_plan(store, run_id, changed)
        forecast_id = record_run(
            store,
            kind="forecast",
            case=mini,
            model="compromise",
            params={},
            seed=0,
            result={"outcome": [1.0]},
            elapsed_s=0.1,
        )
        with pytest.raises(ResumeError, match="is a forecast run, not a sweep"):
            resume_sweep(store, forecast_id, mini)
        assert isinstance(ResumeError("x"), OntableError)
        recorded = store.run(forecast_id)
    assert (recorded.kind, recorded.status, recorded.result) == (
        "forecast",
        "complete",
        {"outcome": [1.0]},
    )


def test_a_run_recorded_before_slices_resumes_with_whole_chunks(mini: Case, tmp_path: Path) -> None:
    # A run's settings written before chunks worked in slices have no slice size: such a
    # run resumes running each chunk whole, as it began (a stochastic model's numbers
    # depend on it).
    import sqlite3

    with RunStore(tmp_path / "runs.sqlite") as store:
        run_id = _interrupted_run(store, mini, after=1)
        assert recorded_plan(store, run_id, mini).slice_size == 1000
    with sqlite3.connect(tmp_path / "runs.sqlite") as db:
        db.execute("UPDATE runs SET params = json_remove(params, '$.slice_size')")
    with RunStore(tmp_path / "runs.sqlite") as store:
        assert "slice_size" not in store.run(run_id).params
        assert recorded_plan(store, run_id, mini).slice_size is None
