"""Recording a sweep as it runs, and resuming a recorded one: the path every face shares.

A run is started (``running``), each chunk is recorded as soon as it finishes, and the run
ends ``complete`` with its result, ``interrupted`` (Ctrl-C; its chunks stay and
:func:`resume_sweep` finishes it) or ``failed``. Everything goes through a
:class:`~ontable.recording.RunRecorder` (e.g. :class:`ontable.store.RunStore`); this module
does not import the store.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import Executor
from typing import cast, get_args

from ontable.errors import OntableError
from ontable.io import case_digest
from ontable.model import Case
from ontable.model.overrides import parse_override
from ontable.recording import RunRecorder
from ontable.sweep.plan import ChunkResult, Progress, SweepPlan, plan_sweep
from ontable.sweep.result import SweepResult
from ontable.sweep.run import run_sweep
from ontable.sweep.sampling import Distribution
from ontable.utility import LossForm


class ResumeError(OntableError):
    """A recorded run that cannot be resumed (not a sweep, another case, other settings)."""


def start_sweep_run(
    recorder: RunRecorder, case: Case, plan: SweepPlan, *, case_ref: str | None
) -> int:
    """Record a new sweep run of ``plan`` on ``case`` and return its id."""
    return recorder.start_run(
        kind="sweep",
        case_id=case.id,
        case_digest=case_digest(case),
        case_ref=case_ref,
        model=plan.model,
        params=plan.parameters(),
        seed=plan.seed,
        n_chunks=plan.n_chunks,
    )


def stored_chunks(recorder: RunRecorder, run_id: int) -> dict[int, ChunkResult]:
    """The chunks of a run that are already recorded (to resume it)."""
    return {i: ChunkResult.from_arrays(i, a) for i, a in recorder.chunks(run_id).items()}


def execute_sweep_run(
    recorder: RunRecorder,
    run_id: int,
    plan: SweepPlan,
    executor: Executor | None = None,
    *,
    completed: Mapping[int, ChunkResult] | None = None,
    progress: Progress | None = None,
) -> tuple[SweepResult, float]:
    """Run the plan's remaining chunks, recording each, and finish the run with its result.

    Returns the result and the seconds this call took. On Ctrl-C the run is marked
    ``interrupted``, on any other error ``failed``; the exception is raised again.
    """

    def record_chunk(chunk: ChunkResult) -> None:
        recorder.add_chunk(run_id, chunk.index, chunk.to_arrays())

    start = time.perf_counter()
    try:
        result = run_sweep(
            plan, executor, completed=completed, on_chunk=record_chunk, progress=progress
        )
    except KeyboardInterrupt:
        recorder.set_status(run_id, "interrupted")
        recorder.add_elapsed(run_id, time.perf_counter() - start)
        raise
    except BaseException:
        recorder.set_status(run_id, "failed")
        recorder.add_elapsed(run_id, time.perf_counter() - start)
        raise
    elapsed = time.perf_counter() - start
    recorder.add_elapsed(run_id, elapsed)
    recorder.finish_run(run_id, result.to_dict())
    return result, elapsed


def recorded_plan(recorder: RunRecorder, run_id: int, case: Case) -> SweepPlan:
    """The plan of a recorded sweep run, rebuilt from its settings on ``case``.

    Raises
    ------
    ResumeError
        When the run is not a sweep, ``case`` is not the case it ran on (its content hash
        differs), or its settings no longer give the same chunks.
    """
    run = recorder.run(run_id)
    if run.kind != "sweep":
        raise ResumeError(f"run {run_id} is a {run.kind} run, not a sweep")
    if case_digest(case) != run.case_digest:
        raise ResumeError(
            f"the case {run.case_ref or case.id} has changed since run {run_id} started (its "
            "content hash differs); a resumed run must use the same case"
        )
    if run.seed is None:
        raise ResumeError(f"run {run_id} has no seed recorded, so it cannot be resumed")
    p = run.params
    distribution = str(p["distribution"])
    loss_form = str(p.get("loss_form", "linear"))
    if distribution not in get_args(Distribution) or loss_form not in get_args(LossForm):
        raise ResumeError(f"run {run_id} has settings this ontable does not know: {p}")
    texts = [str(t) for t in p["overrides"]]
    plan = plan_sweep(
        case,
        model=run.model,
        samples=int(p["samples"]),
        seed=run.seed,
        distribution=cast(Distribution, distribution),
        scenario=p["scenario"],
        overrides=[(t, parse_override(t, case)) for t in texts],
        params=dict(p.get("model_params") or {}),
        chunk_size=int(p["chunk_size"]),
        loss_form=cast(LossForm, loss_form),
        # a run recorded before chunks worked in slices ran each chunk whole
        slice_size=None if p.get("slice_size") is None else int(p["slice_size"]),
    )
    if plan.n_chunks != run.n_chunks:
        raise ResumeError(
            f"run {run_id} has {run.n_chunks} chunks but its settings give {plan.n_chunks}"
        )
    return plan


def resume_sweep(
    recorder: RunRecorder,
    run_id: int,
    case: Case,
    executor: Executor | None = None,
    *,
    progress: Progress | None = None,
) -> tuple[SweepResult, float]:
    """Finish a recorded sweep run: run only the chunks it lacks, then record its result.

    The result is the one an uninterrupted run would have given (chunks depend only on the
    plan and their seeds). Returns the result and the seconds this call took.
    """
    plan = recorded_plan(recorder, run_id, case)
    completed = stored_chunks(recorder, run_id)
    recorder.resume_run(run_id)
    return execute_sweep_run(
        recorder, run_id, plan, executor, completed=completed, progress=progress
    )
