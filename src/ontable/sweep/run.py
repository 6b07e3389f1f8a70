"""Plan a sweep, run its chunks on any executor, and summarise them into a SweepResult.

A sweep of ``samples`` draws is cut into chunks of ``chunk_size`` (the last may be smaller).
The parent spawns one seed per chunk with ``numpy.random.SeedSequence(seed).spawn``; a chunk
is a pure function of the plan and its seed (:func:`run_chunk`), so serial, process-pool and
Dask runs give bit-for-bit the same numbers, and a run resumed from its finished chunks
(``completed``) gives the numbers of an uninterrupted one. Each chunk works in slices of
``plan.slice_size`` samples: it draws every slice's inputs in turn with one generator and
runs the model on each slice with another, all derived from the chunk's seed.

A chunk also summarises its own samples where it runs (:mod:`ontable.sweep.summary`): its
outcomes' histogram counts and the counts and sums behind the sensitivities, and each
issue's order of its outcomes. The parent places each chunk's outcomes and adds the parts in
chunk order as chunks arrive (so the sums never depend on which worker finished first). When
all are in, it merges the chunks' sorted outcomes into ranks
(:func:`~ontable.sweep.sensitivity.average_ranks_of_runs`, on a thread per core when the
chunks ran elsewhere; the merged order also gives the quantiles) and runs a short second round of tasks on the same executor
(:func:`rank_chunks`): each re-draws a few chunks' input levels from their seeds and returns
their cross products with the chunks' outcomes' ranks among all samples, which the parent
adds in chunk order. The parent never handles a sample's inputs. Chunks resumed from a store
have no summary: the parent re-draws their inputs (never the model) to make one.

Given a process pool, the first chunk runs in the calling process while the pool starts on
the others; a sweep whose work is under :data:`SERIAL_BELOW` seconds takes back the chunks
the pool has not started and runs the second round here too (a pool costs more than it
saves on so little work).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import numpy as np

from ontable.forecast.registry import get_model
from ontable.model.arrays import CaseArrays, FloatArray
from ontable.sweep.executors import SerialExecutor, default_workers
from ontable.sweep.plan import DEFAULT_CHUNK_SIZE, ChunkResult, Progress, SweepPlan, plan_sweep
from ontable.sweep.result import SweepResult, summarise
from ontable.sweep.sensitivity import average_ranks_of_runs
from ontable.sweep.summary import ChunkSummary, rank_products, summarise_chunk
from ontable.utility import utilities

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "SERIAL_BELOW",
    "ChunkResult",
    "Progress",
    "SweepPlan",
    "SweepTimings",
    "chunk_summary",
    "draw_chunk_inputs",
    "plan_sweep",
    "rank_chunks",
    "run_chunk",
    "run_sweep",
]


def _child(seed: np.random.SeedSequence, i: int) -> np.random.Generator:
    """The chunk's generator ``i``: 0 draws the inputs, ``1 + j`` runs the model on slice
    ``j``. Built from the seed's identity, not ``seed.spawn()``, which would depend on how
    many children this very object had spawned before (it differs between a serial run in
    the parent and a pickled copy in a worker)."""
    ss = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, i))
    return np.random.Generator(np.random.PCG64(ss))


def draw_chunk_inputs(
    plan: SweepPlan, index: int, seed: np.random.SeedSequence | None = None
) -> tuple[FloatArray, CaseArrays]:
    """The inputs chunk ``index`` draws: its varying inputs ``(n, k)`` and batched arrays.

    ``seed`` is the chunk's seed (default: spawned from the plan's seed). The chunk draws
    them slice by slice from one generator; drawn here at once, they are the same numbers.
    """
    input_rng = _child(plan.chunk_seed(index) if seed is None else seed, 0)
    return plan.space.draw(plan.chunk_samples(index), input_rng, plan.distribution)


def run_chunk(
    plan: SweepPlan, index: int, seed: np.random.SeedSequence | None = None
) -> ChunkResult:
    """Run chunk ``index`` of the plan: a pure function of the plan and the chunk's seed.

    ``seed`` is the chunk's seed (default: spawned from the plan's seed); the parent passes
    it so that workers receive one seed each rather than every chunk's. The chunk works
    through its samples in slices (``plan.slices``): each draws its inputs from the chunk's
    input generator in turn and runs the model with its own generator, and the slices'
    summaries are added up in order.
    """
    start, cpu = time.perf_counter(), time.thread_time()
    seed = plan.chunk_seed(index) if seed is None else seed
    input_rng = _child(seed, 0)
    model = get_model(plan.model)
    n, issues = plan.chunk_samples(index), len(plan.space.issue_ids)
    outcomes = np.empty((n, issues))
    accepted = np.zeros((len(plan.document_ids), len(plan.space.party_ids)), dtype=np.int64)
    summary: ChunkSummary | None = None
    for j, (first, size) in enumerate(plan.slices(n)):
        _, levels, arrays = plan.space.draw_levels(size, input_rng, plan.distribution)
        forecast = model(arrays, params=plan.params or None, rng=_child(seed, 1 + j))
        mine = outcomes[first : first + size]
        mine[:] = np.broadcast_to(forecast.outcome, (size, issues))
        for d, package in enumerate(plan.packages):
            u = utilities(package, arrays.positions, arrays.saliences, plan.loss_form)
            accepted[d] += (u >= arrays.batna).sum(axis=0)
        summary = _added(summary, summarise_chunk(levels, mine, plan.bins))
    return ChunkResult(
        index,
        outcomes,
        accepted,
        time.perf_counter() - start,
        summary,
        time.thread_time() - cpu,
        _order(outcomes),
    )


def _added(total: ChunkSummary | None, part: ChunkSummary) -> ChunkSummary:
    if total is None:
        return part
    total.add(part)
    return total


def _order(outcomes: FloatArray) -> np.ndarray:
    """Each issue's outcomes' order within a chunk ``(issues, n)``, in the smallest integer
    type that holds it (what travels back with the chunk)."""
    order = np.argsort(np.ascontiguousarray(outcomes.T), axis=1)
    return order.astype(np.int32 if outcomes.shape[0] <= np.iinfo(np.int32).max else np.int64)


def chunk_summary(
    plan: SweepPlan, chunk: ChunkResult, seed: np.random.SeedSequence | None = None
) -> ChunkSummary:
    """The chunk's summary: the one it brought, or for a chunk read back from a run store
    one made from its stored outcomes and its re-drawn inputs (the same numbers).
    """
    if chunk.summary is not None:
        return chunk.summary
    input_rng = _child(plan.chunk_seed(chunk.index) if seed is None else seed, 0)
    summary: ChunkSummary | None = None
    for first, size in plan.slices(chunk.n):
        levels = plan.space.levels(size, input_rng, plan.distribution)
        part = summarise_chunk(levels, chunk.outcomes[first : first + size], plan.bins)
        summary = _added(summary, part)
    assert summary is not None
    return summary


def rank_chunks(
    plan: SweepPlan,
    chunks: list[tuple[int, np.random.SeedSequence, FloatArray]],
) -> tuple[list[tuple[int, FloatArray]], float]:
    """The second round's task: each chunk's rank products (``summary.rank_products``).

    ``chunks`` are ``(index, seed, centred ranks)``: the chunk's outcomes' average ranks
    among all samples less the mean rank, ``(n, issues)``. Each chunk's levels are re-drawn
    from its seed, slice by slice (the numbers its first round drew), and the slices'
    products added in order. Returns ``(index, products)`` in the order given and the
    thread's CPU seconds.
    """
    from threadpoolctl import threadpool_limits

    cpu = time.thread_time()
    out: list[tuple[int, FloatArray]] = []
    # small products: BLAS threads would cost more to wake than they save
    with threadpool_limits(limits=1, user_api="blas"):
        for index, seed, ranks in chunks:
            input_rng = _child(seed, 0)
            products: FloatArray | None = None
            for first, size in plan.slices(plan.chunk_samples(index)):
                levels = plan.space.levels(size, input_rng, plan.distribution)
                part = rank_products(levels, ranks[first : first + size])
                products = part if products is None else np.add(products, part, out=products)
            assert products is not None
            out.append((index, products))
    return out, time.thread_time() - cpu


RANK_TASKS = 4
"""Tasks of the second round (at most; one per chunk when there are fewer chunks)."""


@dataclass
class SweepTimings:
    """CPU seconds a sweep's tasks spent, wherever they ran (filled in by :func:`run_sweep`).

    ``chunks`` is the first round's (drawing, the model, the chunks' summaries), ``ranks``
    the second round's; neither counts sending tasks and results between processes.
    """

    chunks: float = 0.0
    ranks: float = 0.0
    events: list[tuple[str, float]] = field(default_factory=list)

    def mark(self, what: str) -> None:
        """Note the wall-clock moment ``what`` happened (``time.perf_counter``)."""
        self.events.append((what, time.perf_counter()))


class _Gather:
    """Places each chunk's samples as it arrives and adds the chunks' parts in chunk order."""

    def __init__(self, plan: SweepPlan) -> None:
        self.plan = plan
        issues = len(plan.space.issue_ids)
        self.outcomes = np.empty((plan.samples, issues))
        # each chunk's outcomes sorted per issue, chunk after chunk, and their rows
        self.runs = np.empty((issues, plan.samples))
        self.places = np.empty((issues, plan.samples), dtype=np.int64)
        self.accepted = np.zeros((len(plan.document_ids), len(plan.space.party_ids)), np.int64)
        self.waiting: dict[int, ChunkSummary] = {}
        self.total: ChunkSummary | None = None
        self.next = 0
        self.seen: set[int] = set()

    def add(self, chunk: ChunkResult, seed: np.random.SeedSequence) -> None:
        if chunk.index in self.seen:
            return
        self.seen.add(chunk.index)
        summary = chunk_summary(self.plan, chunk, seed)
        first = chunk.index * self.plan.chunk_size
        self.outcomes[first : first + chunk.n] = chunk.outcomes
        columns = np.ascontiguousarray(chunk.outcomes.T)
        order = _order(chunk.outcomes) if chunk.order is None else chunk.order
        self.runs[:, first : first + chunk.n] = np.take_along_axis(columns, order, axis=1)
        np.add(order, first, out=self.places[:, first : first + chunk.n])
        self.accepted += chunk.accepted  # integers: the order does not matter
        self.waiting[chunk.index] = summary
        while self.next in self.waiting:  # sums in chunk order, whoever finished first
            part = self.waiting.pop(self.next)
            if self.total is None:
                self.total = part.copy()
            else:
                self.total.add(part)
            self.next += 1


SERIAL_BELOW = 0.25
"""Seconds of work under which a sweep given a process pool runs in the calling process:
starting tasks, sending their results back and a second round cost a pool a few
hundredths of a second, more than it saves on so little work."""


def run_sweep(
    plan: SweepPlan,
    executor: Executor | None = None,
    *,
    completed: Mapping[int, ChunkResult] | None = None,
    on_chunk: Callable[[ChunkResult], None] | None = None,
    progress: Progress | None = None,
    timings: SweepTimings | None = None,
    serial_below: float | None = SERIAL_BELOW,
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
    timings
        Filled in with the CPU time the tasks spent (for benchmarks).
    serial_below
        With a process pool, the first chunk runs here while the pool starts on the others;
        if that chunk's CPU time times the chunks to run is below this many seconds, the
        chunks the pool has not started run here too, and so does the second round (the
        pool would cost more than it saves). ``None``: every chunk goes to the executor.
        Either way the numbers are the same.

    Returns
    -------
    SweepResult
        The same for the same plan whatever the executor and however the run was split.
    """
    executor = executor or SerialExecutor()
    seeds = plan.chunk_seeds
    gather = _Gather(plan)
    for index, chunk in sorted((completed or {}).items()):
        gather.add(chunk, seeds[index])
    samples_done = sum(plan.chunk_samples(i) for i in gather.seen)
    if progress:
        progress(samples_done, plan.samples)
    todo = [i for i in range(plan.n_chunks) if i not in gather.seen]
    if timings is not None:
        timings.mark("start")
    chunk_cpu: list[float] = []

    def take(chunk: ChunkResult) -> None:
        nonlocal samples_done
        if timings is not None:
            timings.mark(f"chunk {chunk.index}")
        chunk_cpu.append(chunk.cpu)
        if on_chunk:
            on_chunk(chunk)
        gather.add(chunk, seeds[chunk.index])
        samples_done += chunk.n
        if progress:
            progress(samples_done, plan.samples)

    here = SerialExecutor()
    probe = serial_below is not None and isinstance(executor, ProcessPoolExecutor) and bool(todo)
    first = todo.pop(0) if probe else None
    # The serial executor runs a chunk as it is submitted: submit one at a time so that each
    # chunk is reported (and stored) as soon as it is done.
    window = 1 if isinstance(executor, SerialExecutor) else max(1, len(todo))
    pending: set[Future[ChunkResult]] = set()
    submitted: list[tuple[int, Future[ChunkResult]]] = []
    try:
        if first is not None:
            submitted = [(i, executor.submit(run_chunk, plan, i, seeds[i])) for i in todo]
            pending = {future for _, future in submitted}
            todo = []
            chunk = run_chunk(plan, first, seeds[first])
            take(chunk)
            assert serial_below is not None
            if chunk.cpu * (len(submitted) + 1) < serial_below:
                executor = here  # the second round too
                for index, future in submitted:
                    if future.cancel():  # not started by the pool: run it here
                        pending.discard(future)
                        take(run_chunk(plan, index, seeds[index]))
        while todo or pending:
            while todo and len(pending) < window:
                index = todo.pop(0)
                pending.add(executor.submit(run_chunk, plan, index, seeds[index]))
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: f.result().index):
                take(future.result())
    finally:
        for future in pending:
            future.cancel()
    if timings is not None:
        timings.chunks += sum(chunk_cpu)
    if probe and plan.n_chunks == 1:  # one task in the second round: nothing to share
        executor = here
    return _finish(plan, gather, executor, seeds, timings)


def _finish(
    plan: SweepPlan,
    gather: _Gather,
    executor: Executor,
    seeds: list[np.random.SeedSequence],
    timings: SweepTimings | None,
) -> SweepResult:
    """Rank the outcomes, run the second round and summarise."""
    assert gather.total is not None and gather.next == plan.n_chunks
    # With workers, this process has their cores to itself while it ranks: use them.
    threads = 1 if isinstance(executor, SerialExecutor) else default_workers()
    ranks, ordered = average_ranks_of_runs(gather.runs, gather.places, threads)
    if timings is not None:
        timings.mark("ranked")
    centred = ranks - (plan.samples - 1) / 2.0
    tasks = 1 if isinstance(executor, SerialExecutor) else min(RANK_TASKS, plan.n_chunks)
    groups = np.array_split(np.arange(plan.n_chunks), tasks)

    def rows(index: int) -> FloatArray:
        first = index * plan.chunk_size
        return centred[first : first + plan.chunk_samples(index)]

    futures = [
        executor.submit(rank_chunks, plan, [(int(i), seeds[i], rows(int(i))) for i in group])
        for group in groups
    ]
    products: dict[int, FloatArray] = {}
    try:
        for future in futures:
            done, cpu = future.result()
            if timings is not None:
                timings.mark("rank products")
            products.update(done)
            if timings is not None:
                timings.ranks += cpu
    finally:
        for future in futures:
            future.cancel()
    cross = products[0].copy()
    for i in range(1, plan.n_chunks):  # in chunk order, whoever finished first
        cross += products[i]
    squares = (centred * centred).sum(axis=0)
    result = summarise(
        plan, gather.outcomes, ordered, gather.accepted, gather.total, cross, squares
    )
    if timings is not None:
        timings.mark("summarised")
    return result
