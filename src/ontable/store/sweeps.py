"""Running a sweep into the store: the one path the CLI and the web app share.

A run is started (``running``), each chunk is stored as soon as it finishes, and the run ends
``complete`` with its result, ``interrupted`` (Ctrl-C; its chunks stay, ``--resume`` finishes
it) or ``failed``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import Executor

from ontable.io import case_digest
from ontable.model import Case
from ontable.store.runs import RunStore
from ontable.sweep import ChunkResult, SweepPlan, SweepResult, run_sweep
from ontable.sweep.run import Progress


def start_sweep_run(store: RunStore, case: Case, plan: SweepPlan, *, case_ref: str | None) -> int:
    """Record a new sweep run of ``plan`` on ``case`` and return its id."""
    return store.start_run(
        kind="sweep",
        case_id=case.id,
        case_digest=case_digest(case),
        case_ref=case_ref,
        model=plan.model,
        params=plan.parameters(),
        seed=plan.seed,
        n_chunks=plan.n_chunks,
    )


def stored_chunks(store: RunStore, run_id: int) -> dict[int, ChunkResult]:
    """The chunks of a run that are already stored (to resume it)."""
    return {i: ChunkResult.from_arrays(i, arrays) for i, arrays in store.chunks(run_id).items()}


def execute_sweep_run(
    store: RunStore,
    run_id: int,
    plan: SweepPlan,
    executor: Executor | None = None,
    *,
    completed: Mapping[int, ChunkResult] | None = None,
    progress: Progress | None = None,
) -> tuple[SweepResult, float]:
    """Run the plan's remaining chunks, storing each, and finish the run with its result.

    Returns the result and the seconds this call took. On Ctrl-C the run is marked
    ``interrupted``, on any other error ``failed``; the exception is raised again.
    """

    def store_chunk(chunk: ChunkResult) -> None:
        store.add_chunk(run_id, chunk.index, chunk.to_arrays())

    start = time.perf_counter()
    try:
        result = run_sweep(
            plan, executor, completed=completed, on_chunk=store_chunk, progress=progress
        )
    except KeyboardInterrupt:
        store.set_status(run_id, "interrupted")
        store.add_elapsed(run_id, time.perf_counter() - start)
        raise
    except BaseException:
        store.set_status(run_id, "failed")
        store.add_elapsed(run_id, time.perf_counter() - start)
        raise
    elapsed = time.perf_counter() - start
    store.add_elapsed(run_id, elapsed)
    store.finish_run(run_id, result.to_dict())
    return result, elapsed
