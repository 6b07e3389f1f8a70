"""Plan a sweep, run its chunks on any executor, and summarise them into a SweepResult.

A sweep of ``samples`` draws is cut into chunks of ``chunk_size`` (the last may be smaller).
The parent spawns one seed per chunk with ``numpy.random.SeedSequence(seed).spawn``; a chunk
is a pure function of the plan and its seed (:func:`run_chunk`), so serial, process-pool and
Dask runs give bit-for-bit the same numbers, and a run resumed from its finished chunks
(``completed``) gives the numbers of an uninterrupted one. Each chunk draws its inputs with
one generator and runs the model with another, both derived from the chunk's seed. A chunk
returns its outcomes, acceptance counts, histogram counts and varying inputs, so the parent's
serial share is the sensitivities and quantiles over all samples; it re-draws inputs (never
the model) only for chunks resumed from a store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait

import numpy as np

from ontable.forecast.registry import get_model
from ontable.model.arrays import CaseArrays, FloatArray
from ontable.sweep.executors import SerialExecutor
from ontable.sweep.plan import DEFAULT_CHUNK_SIZE, ChunkResult, Progress, SweepPlan, plan_sweep
from ontable.sweep.result import SweepResult, histogram_counts, summarise
from ontable.utility import utilities

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "ChunkResult",
    "Progress",
    "SweepPlan",
    "draw_chunk_inputs",
    "plan_sweep",
    "run_chunk",
    "run_sweep",
]


def _generators(seed: np.random.SeedSequence) -> tuple[np.random.Generator, np.random.Generator]:
    # Children built from the seed's identity, not seed.spawn(), which would depend on how
    # many children this very object had spawned before (it differs between a serial run in
    # the parent and a pickled copy in a worker).
    def child(i: int) -> np.random.Generator:
        ss = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, i))
        return np.random.Generator(np.random.PCG64(ss))

    return child(0), child(1)


def draw_chunk_inputs(
    plan: SweepPlan, index: int, seed: np.random.SeedSequence | None = None
) -> tuple[FloatArray, CaseArrays]:
    """The inputs chunk ``index`` draws: its varying inputs ``(n, k)`` and batched arrays.

    ``seed`` is the chunk's seed (default: spawned from the plan's seed).
    """
    input_rng, _ = _generators(plan.chunk_seed(index) if seed is None else seed)
    return plan.space.draw(plan.chunk_samples(index), input_rng, plan.distribution)


def run_chunk(
    plan: SweepPlan, index: int, seed: np.random.SeedSequence | None = None
) -> ChunkResult:
    """Run chunk ``index`` of the plan: a pure function of the plan and the chunk's seed.

    ``seed`` is the chunk's seed (default: spawned from the plan's seed); the parent passes
    it so that workers receive one seed each rather than every chunk's.
    """
    start = time.perf_counter()
    seed = plan.chunk_seed(index) if seed is None else seed
    drawn, arrays = draw_chunk_inputs(plan, index, seed)
    _, model_rng = _generators(seed)
    model = get_model(plan.model)
    forecast = model(arrays, params=plan.params or None, rng=model_rng)
    outcomes = np.broadcast_to(forecast.outcome, (arrays.n_samples, len(plan.space.issue_ids)))
    accepted = np.zeros((len(plan.document_ids), len(plan.space.party_ids)), dtype=np.int64)
    for d, package in enumerate(plan.packages):
        u = utilities(package, arrays.positions, arrays.saliences, plan.loss_form)
        accepted[d] = (u >= arrays.batna).sum(axis=0)
    outcomes = np.array(outcomes, dtype=float)
    histogram = histogram_counts(outcomes)
    return ChunkResult(
        index, outcomes, accepted, time.perf_counter() - start, np.asarray(drawn), histogram
    )


def run_sweep(
    plan: SweepPlan,
    executor: Executor | None = None,
    *,
    completed: Mapping[int, ChunkResult] | None = None,
    on_chunk: Callable[[ChunkResult], None] | None = None,
    progress: Progress | None = None,
) -> SweepResult:
    """Run the plan's chunks and summarise them.

    Parameters
    ----------
    plan
        From :func:`plan_sweep`.
    executor
        Where chunks run (default: serially here); see :func:`ontable.sweep.open_executor`.
    completed
        Chunks already finished (a resumed run): only the others run.
    on_chunk
        Called in this process with each chunk as it finishes (e.g. to store it).
    progress
        Called with ``(samples done, samples in all)`` at the start and after each chunk.

    Returns
    -------
    SweepResult
        The same for the same plan whatever the executor and however the run was split.
    """
    done: dict[int, ChunkResult] = dict(completed or {})
    executor = executor or SerialExecutor()
    samples_done = sum(c.n for c in done.values())
    if progress:
        progress(samples_done, plan.samples)
    seeds = plan.chunk_seeds
    todo = [i for i in range(plan.n_chunks) if i not in done]
    # The serial executor runs a chunk as it is submitted: submit one at a time so that each
    # chunk is reported (and stored) as soon as it is done.
    window = 1 if isinstance(executor, SerialExecutor) else max(1, len(todo))
    pending: set[Future[ChunkResult]] = set()
    try:
        while todo or pending:
            while todo and len(pending) < window:
                index = todo.pop(0)
                pending.add(executor.submit(run_chunk, plan, index, seeds[index]))
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: f.result().index):
                chunk = future.result()
                done[chunk.index] = chunk
                if on_chunk:
                    on_chunk(chunk)
                samples_done += chunk.n
                if progress:
                    progress(samples_done, plan.samples)
    finally:
        for future in pending:
            future.cancel()
    # Chunks run here or in workers bring their inputs; only chunks read back from a store
    # are re-drawn (the same numbers: a chunk's inputs are a function of its seed).
    inputs = [
        drawn if (drawn := done[i].inputs) is not None else draw_chunk_inputs(plan, i, seeds[i])[0]
        for i in range(plan.n_chunks)
    ]
    return summarise(plan, [done[i] for i in range(plan.n_chunks)], inputs)
