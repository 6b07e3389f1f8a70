"""The engines a report uses that may be absent, looked up by name with a typed result.

Each look-up returns the engine's function with its real signature, or ``None`` when the
package that provides it is not installed (the section then says so instead of showing
invented numbers). Tests replace :func:`find_engines` to check those notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ontable.analysis import AgreementZone
    from ontable.bargaining import BargainingSummary
    from ontable.model import Case, Document
    from ontable.sweep import SweepPlan, SweepResult


class PlanSweep(Protocol):
    """:func:`ontable.sweep.plan_sweep` as the report calls it."""

    def __call__(
        self, case: Case, *, model: str, samples: int, seed: int, chunk_size: int
    ) -> SweepPlan: ...


class RunSweep(Protocol):
    """:func:`ontable.sweep.run_sweep` as the report calls it."""

    def __call__(self, plan: SweepPlan, executor: Executor | None = None) -> SweepResult: ...


class BargainingSummaryFn(Protocol):
    """:func:`ontable.bargaining.bargaining_summary` as the report calls it."""

    def __call__(self, case: Case) -> BargainingSummary: ...


class AgreementZoneFn(Protocol):
    """:func:`ontable.analysis.agreement_zone` as the report calls it."""

    def __call__(
        self, case: Case, around: Document | str, rng: np.random.Generator, *, samples: int
    ) -> AgreementZone: ...


class BacktestSynthesis(Protocol):
    """``ontable.backtest.synthesis``: the backtest's score of each model, as a table.

    Called with the model names the report ran; returns a frame with at least a ``model``
    column (further columns, such as a mean absolute error and its interval, are shown as
    they come).
    """

    def __call__(self, models: Sequence[str]) -> pd.DataFrame: ...


def _sweep() -> tuple[PlanSweep, RunSweep] | None:
    try:
        from ontable.sweep import plan_sweep, run_sweep
    except ImportError:
        return None
    return plan_sweep, run_sweep


def _bargaining() -> BargainingSummaryFn | None:
    try:
        from ontable.bargaining import bargaining_summary
    except ImportError:
        return None
    return bargaining_summary


def _agreement_zone() -> AgreementZoneFn | None:
    try:
        from ontable.analysis import agreement_zone
    except ImportError:
        return None
    return agreement_zone


def _backtest() -> BacktestSynthesis | None:
    # Looked up by name: the backtest package is optional and may not define it.
    try:
        found: Any = getattr(import_module("ontable.backtest"), "synthesis", None)
    except ImportError:
        return None
    return cast("BacktestSynthesis", found) if callable(found) else None


@dataclass(frozen=True)
class Engines:
    """The optional engines available to a report (``None``: not installed)."""

    plan_sweep: PlanSweep | None = None
    run_sweep: RunSweep | None = None
    bargaining_summary: BargainingSummaryFn | None = None
    agreement_zone: AgreementZoneFn | None = None
    backtest_synthesis: BacktestSynthesis | None = None

    @property
    def sweep(self) -> tuple[PlanSweep, RunSweep] | None:
        """Both halves of the sweep engine, or None."""
        if self.plan_sweep is None or self.run_sweep is None:
            return None
        return self.plan_sweep, self.run_sweep


def find_engines() -> Engines:
    """Look every optional engine up once."""
    sweep = _sweep()
    return Engines(
        plan_sweep=None if sweep is None else sweep[0],
        run_sweep=None if sweep is None else sweep[1],
        bargaining_summary=_bargaining(),
        agreement_zone=_agreement_zone(),
        backtest_synthesis=_backtest(),
    )
