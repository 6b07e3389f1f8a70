"""The run-recording interface: how engines and faces record runs without knowing the store.

A *run* is one recorded forecast, sweep or report: its case (id and content hash), model,
parameters, seed, status, finished chunks and result. :class:`RunRecorder` is what a
recorder must offer; :class:`ontable.store.RunStore` (SQLite) is the one ontable ships. The
sweep engine writes its chunks through this interface and never imports ``ontable.store``,
so the store stays at the bottom of the layers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    import numpy as np

    from ontable.model import Case

RunKind = Literal["forecast", "sweep", "report"]
"""The kinds of run a recorder keeps."""


class RecordedRun(Protocol):
    """What a recorder tells about one run (read-only)."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def case_id(self) -> str: ...
    @property
    def case_digest(self) -> str: ...
    @property
    def case_ref(self) -> str | None: ...
    @property
    def model(self) -> str: ...
    @property
    def params(self) -> dict[str, Any]: ...
    @property
    def seed(self) -> int | None: ...
    @property
    def n_chunks(self) -> int: ...
    @property
    def chunks_done(self) -> int: ...


class RunRecorder(Protocol):
    """Where runs are recorded: start a run, add its chunks, end it with a status or result."""

    def start_run(
        self,
        *,
        kind: str,
        case_id: str,
        case_digest: str,
        model: str,
        params: Mapping[str, Any],
        seed: int | None,
        n_chunks: int = 0,
        case_ref: str | None = None,
    ) -> int:
        """Record a new run as ``running`` and return its id."""
        ...

    def resume_run(self, run_id: int) -> None:
        """Mark a run ``running`` again, by this process."""
        ...

    def add_chunk(self, run_id: int, index: int, arrays: Mapping[str, np.ndarray]) -> None:
        """Keep one finished chunk of a run."""
        ...

    def chunks(self, run_id: int) -> dict[int, dict[str, np.ndarray]]:
        """The run's kept chunks: index → named arrays."""
        ...

    def set_status(self, run_id: int, status: str) -> None:
        """Change a run's status (``running``, ``interrupted``, ``failed``, ``complete``)."""
        ...

    def add_elapsed(self, run_id: int, seconds: float) -> None:
        """Add wall-clock seconds spent on a run."""
        ...

    def finish_run(
        self, run_id: int, result: Mapping[str, Any], *, elapsed_s: float | None = None
    ) -> None:
        """Mark a run complete with its result (JSON-ready data)."""
        ...

    def run(self, run_id: int) -> RecordedRun:
        """The run with this id (the recorder's own error when there is none)."""
        ...


def record_run(
    recorder: RunRecorder,
    *,
    kind: RunKind,
    case: Case,
    model: str,
    params: Mapping[str, Any],
    seed: int | None,
    result: Mapping[str, Any],
    elapsed_s: float,
    case_ref: str | None = None,
) -> int:
    """Record a run that is already finished (a forecast or a report) and return its id.

    Numbers that JSON cannot hold (NaN, infinities) are recorded as null.
    """
    from ontable.io import case_digest

    run_id = recorder.start_run(
        kind=kind,
        case_id=case.id,
        case_digest=case_digest(case),
        case_ref=case_ref,
        model=model,
        params=params,
        seed=seed,
    )
    recorder.finish_run(run_id, _finite(result), elapsed_s=elapsed_s)
    return run_id


def _finite(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
