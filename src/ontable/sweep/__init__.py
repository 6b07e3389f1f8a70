"""Uncertainty sweeps: many forecasts over inputs drawn within the case's ranges.

Plan a sweep with :func:`plan_sweep`, run it with :func:`run_sweep` on an executor from
:func:`open_executor`, and read the :class:`SweepResult`. See ``docs/sweep.md``.
"""

from ontable.model.overrides import parse_override
from ontable.sweep.executors import (
    EXECUTORS,
    ExecutorKind,
    SerialExecutor,
    executor_kind,
    open_executor,
)
from ontable.sweep.plan import (
    DEFAULT_CHUNK_SIZE,
    ChunkResult,
    SweepPlan,
    default_chunk_size,
    plan_sweep,
)
from ontable.sweep.result import SweepResult
from ontable.sweep.run import SERIAL_BELOW, draw_chunk_inputs, run_chunk, run_sweep
from ontable.sweep.sampling import (
    DISTRIBUTIONS,
    Distribution,
    InputSpace,
    input_space,
)
from ontable.sweep.sensitivity import first_order, spearman

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DISTRIBUTIONS",
    "EXECUTORS",
    "SERIAL_BELOW",
    "ChunkResult",
    "Distribution",
    "ExecutorKind",
    "InputSpace",
    "SerialExecutor",
    "SweepPlan",
    "SweepResult",
    "default_chunk_size",
    "draw_chunk_inputs",
    "executor_kind",
    "first_order",
    "input_space",
    "open_executor",
    "parse_override",
    "plan_sweep",
    "run_chunk",
    "run_sweep",
    "spearman",
]
