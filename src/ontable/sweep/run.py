"""Plan a sweep, run its chunks on any executor, and summarise them into a SweepResult.

A sweep of ``samples`` draws is cut into chunks of ``chunk_size`` (the last may be smaller).
The parent spawns one seed per chunk with ``numpy.random.SeedSequence(seed).spawn``; a chunk
is a pure function of the plan and its seed (:func:`run_chunk`), so serial, process-pool and
Dask runs give bit-for-bit the same numbers, and a run resumed from its finished chunks
(``completed``) gives the numbers of an uninterrupted one. Each chunk draws its inputs with
one generator and runs the model with another, both derived from the chunk's seed; the
parent re-draws the inputs (never the model) when it computes sensitivities, so chunks carry
only outcomes and acceptance counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from typing import Any

import numpy as np

from ontable.forecast.registry import get_model
from ontable.model import Case, Override
from ontable.model.arrays import CaseArrays, FloatArray
from ontable.sweep.executors import SerialExecutor
from ontable.sweep.result import SweepResult, summarise
from ontable.sweep.sampling import DISTRIBUTIONS, Distribution, InputSpace, input_space
from ontable.utility import LOSS_FORMS, LossForm, document_package, utilities

DEFAULT_CHUNK_SIZE = 500
"""Samples per chunk: large enough that a chunk's array work dwarfs the cost of sending it to
a worker, small enough that a 10,000-sample sweep keeps two workers busy (benchmarks/sweep.py)."""

Progress = Callable[[int, int], None]
"""Progress callback: ``(samples done, samples in all)``."""


@dataclass(frozen=True)
class SweepPlan:
    """Everything a chunk needs, and nothing that does not pickle.

    ``packages`` are the documents' packages ``(documents, issues)`` (NaN for issues a document
    leaves open with no status quo); ``chunk_seeds`` come from ``SeedSequence(seed).spawn``.
    """

    case_id: str
    space: InputSpace
    model: str
    params: Mapping[str, Any]
    samples: int
    seed: int
    chunk_size: int
    distribution: Distribution
    scenario: str | None
    overrides: tuple[str, ...]
    document_ids: tuple[str, ...]
    packages: FloatArray
    loss_form: LossForm

    @property
    def n_chunks(self) -> int:
        return -(-self.samples // self.chunk_size)

    @property
    def chunk_seeds(self) -> list[np.random.SeedSequence]:
        """One seed per chunk: ``SeedSequence(seed).spawn(n_chunks)``."""
        return np.random.SeedSequence(self.seed).spawn(self.n_chunks)

    def chunk_seed(self, index: int) -> np.random.SeedSequence:
        """Chunk ``index``'s seed alone: the same as ``chunk_seeds[index]``, without the rest."""
        return np.random.SeedSequence(self.seed, spawn_key=(index,))

    def chunk_samples(self, index: int) -> int:
        """How many samples chunk ``index`` draws."""
        return min(self.chunk_size, self.samples - index * self.chunk_size)

    def parameters(self) -> dict[str, Any]:
        """The plan's settings as JSON-ready data (what a run store records)."""
        return {
            "samples": self.samples,
            "chunk_size": self.chunk_size,
            "distribution": self.distribution,
            "scenario": self.scenario,
            "overrides": list(self.overrides),
            "loss_form": self.loss_form,
            "model_params": dict(self.params),
        }


def plan_sweep(
    case: Case,
    *,
    model: str,
    samples: int,
    seed: int,
    distribution: Distribution = "triangular",
    scenario: str | None = None,
    overrides: Iterable[tuple[str, Override]] = (),
    params: Mapping[str, Any] | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    loss_form: LossForm = "linear",
) -> SweepPlan:
    """Plan a sweep of ``samples`` draws of the case's inputs through ``model``.

    Parameters
    ----------
    case
        The case (its ranges, scenarios and documents are used).
    model
        A registered model name (``ontable.forecast.registry.available_models()``).
    samples, seed
        How many draws, and the seed every chunk's seed is spawned from.
    distribution
        ``uniform``, ``triangular`` (peak at the point) or ``beta`` (PERT).
    scenario
        A scenario id of the case applied before the overrides.
    overrides
        Shocks as ``(text, Override)`` pairs (see :func:`ontable.sweep.parse_override`),
        each fixing one input; the text is kept for the record.
    params
        Model parameters passed to the model unchanged.
    chunk_size
        Samples per chunk (part of the plan: results depend on it, never on the executor).
    loss_form
        Utility form for document acceptance (``ontable.utility``).
    """
    if samples < 1:
        raise ValueError(f"samples must be at least 1; got {samples}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1; got {chunk_size}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed}")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"unknown distribution {distribution!r} (expected one of {DISTRIBUTIONS})")
    if loss_form not in LOSS_FORMS:
        raise ValueError(f"unknown loss form {loss_form!r} (expected one of {LOSS_FORMS})")
    get_model(model)  # KeyError for an unknown name, ImportError for one not there yet
    shocks = tuple(overrides)
    space = input_space(case, scenario, [o for _, o in shocks])
    documents = tuple(d for d in case.documents if d.positions)
    packages = np.array(
        [document_package(d.positions, space.issue_ids, space.point.status_quo) for d in documents],
        dtype=float,
    ).reshape(len(documents), len(space.issue_ids))
    return SweepPlan(
        case_id=case.id,
        space=space,
        model=model,
        params=dict(params or {}),
        samples=samples,
        seed=seed,
        chunk_size=chunk_size,
        distribution=distribution,
        scenario=scenario,
        overrides=tuple(text for text, _ in shocks),
        document_ids=tuple(d.id for d in documents),
        packages=packages,
        loss_form=loss_form,
    )


@dataclass(frozen=True)
class ChunkResult:
    """One chunk's outcomes ``(n, issues)`` and acceptance counts ``(documents, parties)``."""

    index: int
    outcomes: FloatArray
    accepted: np.ndarray
    elapsed: float = 0.0

    @property
    def n(self) -> int:
        return int(self.outcomes.shape[0])

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The chunk as named arrays (what the run store keeps)."""
        return {
            "outcomes": self.outcomes,
            "accepted": self.accepted,
            "elapsed": np.array(self.elapsed),
        }

    @classmethod
    def from_arrays(cls, index: int, arrays: Mapping[str, np.ndarray]) -> ChunkResult:
        """Rebuild a chunk from :meth:`to_arrays` output."""
        return cls(
            index,
            np.asarray(arrays["outcomes"], dtype=float),
            np.asarray(arrays["accepted"], dtype=np.int64),
            float(arrays["elapsed"]),
        )


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
    _, arrays = draw_chunk_inputs(plan, index, seed)
    _, model_rng = _generators(seed)
    model = get_model(plan.model)
    forecast = model(arrays, params=plan.params or None, rng=model_rng)
    outcomes = np.broadcast_to(forecast.outcome, (arrays.n_samples, len(plan.space.issue_ids)))
    accepted = np.zeros((len(plan.document_ids), len(plan.space.party_ids)), dtype=np.int64)
    for d, package in enumerate(plan.packages):
        u = utilities(package, arrays.positions, arrays.saliences, plan.loss_form)
        accepted[d] = (u >= arrays.batna).sum(axis=0)
    return ChunkResult(
        index, np.array(outcomes, dtype=float), accepted, time.perf_counter() - start
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
    inputs = [draw_chunk_inputs(plan, i, seeds[i])[0] for i in range(plan.n_chunks)]
    return summarise(plan, [done[i] for i in range(plan.n_chunks)], inputs)
