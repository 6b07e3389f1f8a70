"""A sweep's plan (everything a chunk needs) and a chunk's result.

A sweep of ``samples`` draws is cut into chunks of ``chunk_size`` (the last may be smaller).
The parent spawns one seed per chunk with ``numpy.random.SeedSequence(seed).spawn``; see
:mod:`ontable.sweep.run` for how chunks run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ontable.forecast.registry import get_model
from ontable.model import Case, Override
from ontable.model.arrays import FloatArray
from ontable.sweep.sampling import DISTRIBUTIONS, Distribution, InputSpace, input_space
from ontable.sweep.sensitivity import default_bins
from ontable.sweep.summary import ChunkSummary
from ontable.utility import LOSS_FORMS, LossForm, document_package

DEFAULT_CHUNK_SIZE = 1000
"""The fewest samples a chunk gets by default (:func:`default_chunk_size`). A chunk's result
carries a fixed-size summary (per input, bin and issue one sum: about 1 MB for the built-in
case) besides its outcomes; at 1,000 samples even the cheapest model's work on a chunk
(about 12 ms for ``compromise``) is several times the cost of receiving it, and a
10,000-sample sweep still gives two workers five chunks each (benchmarks/sweep.py)."""

SLICE_SIZE = 1000
"""Samples a chunk draws and runs at once: a larger chunk works through its samples in
slices of this size, whose arrays stay in a core's cache (larger arrays make every sample
slower), and adds the slices' summaries up before it sends one back."""

TARGET_CHUNKS = 32
"""Chunks a large sweep is cut into by default: enough to keep a few dozen workers busy
while each chunk's summary stays small beside its work (pass ``chunk_size`` for more)."""


def default_chunk_size(samples: int) -> int:
    """Samples per chunk when a plan is given none: ``samples`` shared among
    :data:`TARGET_CHUNKS` chunks, but at least :data:`DEFAULT_CHUNK_SIZE`.

    The summary a chunk sends back has a fixed size, so on a large sweep fewer, larger
    chunks spend less time sending and adding summaries (benchmarks/sweep.py); a chunk
    works through its samples in slices of :data:`SLICE_SIZE`, so its memory does not grow
    with it beyond its outcomes.
    """
    return max(DEFAULT_CHUNK_SIZE, -(-samples // TARGET_CHUNKS))


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
    slice_size: int | None = SLICE_SIZE

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

    @property
    def bins(self) -> int:
        """Equal-probability bins per input for the first-order index (of all samples)."""
        return default_bins(self.samples)

    def chunk_samples(self, index: int) -> int:
        """How many samples chunk ``index`` draws."""
        return min(self.chunk_size, self.samples - index * self.chunk_size)

    def slices(self, n: int) -> list[tuple[int, int]]:
        """``(first, size)`` of each slice of a chunk of ``n`` samples, in the order they
        are drawn (``slice_size`` ``None``: the whole chunk at once)."""
        step = n if self.slice_size is None else self.slice_size
        return [(first, min(step, n - first)) for first in range(0, n, max(step, 1))]

    def parameters(self) -> dict[str, Any]:
        """The plan's settings as JSON-ready data (what a run store records)."""
        return {
            "samples": self.samples,
            "chunk_size": self.chunk_size,
            "slice_size": self.slice_size,
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
    chunk_size: int | None = None,
    loss_form: LossForm = "linear",
    slice_size: int | None = SLICE_SIZE,
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
        Samples per chunk (part of the plan: results depend on it, never on the executor);
        ``None``: :func:`default_chunk_size`.
    loss_form
        Utility form for document acceptance (``ontable.utility``).
    slice_size
        Samples a chunk draws and runs at once (part of the plan too: the model's generator
        is one per slice); ``None`` runs each chunk whole (how runs recorded before slices
        were made).
    """
    if samples < 1:
        raise ValueError(f"samples must be at least 1; got {samples}")
    if slice_size is not None and slice_size < 1:
        raise ValueError(f"slice_size must be at least 1; got {slice_size}")
    if chunk_size is not None and chunk_size < 1:
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
    if chunk_size is None:
        chunk_size = default_chunk_size(samples)
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
        slice_size=slice_size,
    )


@dataclass(frozen=True)
class ChunkResult:
    """One chunk's outcomes ``(n, issues)`` and acceptance counts ``(documents, parties)``.

    A chunk just run also carries its :class:`~ontable.sweep.summary.ChunkSummary` (its
    inputs' levels, histogram counts and the sums behind the sensitivities), so that the
    parent only adds parts up; a chunk read back from a run store has none (``None``) and
    the parent re-draws its inputs (never the model) to summarise it. ``elapsed`` is the
    chunk's wall time and ``cpu`` the CPU time of the thread that ran it, in seconds.
    ``order`` ``(issues, n)`` sorts each issue's outcomes within the chunk (an argsort; the
    parent merges the chunks' sorted outcomes to rank them all), ``None`` when not known.
    """

    index: int
    outcomes: FloatArray
    accepted: np.ndarray
    elapsed: float = 0.0
    summary: ChunkSummary | None = None
    cpu: float = 0.0
    order: np.ndarray | None = None

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
