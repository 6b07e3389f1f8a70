"""ontable: what is really on the table? Structure, analyse and forecast negotiations.

The names in ``__all__`` are the public API a notebook or a script uses::

    >>> import ontable
    >>> case = ontable.load_case("ukraine-2025")
    >>> result = ontable.run_forecast(case, "compromise")

Each name is imported on first use, so ``import ontable`` stays quick (no numpy or pandas
until something needs them).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # errors
    "OntableError": "ontable.errors",
    "InputError": "ontable.errors",
    "UnknownIdError": "ontable.errors",
    "CaseError": "ontable.io",
    "OverrideError": "ontable.errors",
    "StoreError": "ontable.store",
    # a case: files and types
    "load_case": "ontable.io",
    "dump_case": "ontable.io",
    "builtin_cases": "ontable.io",
    "case_digest": "ontable.io",
    "Case": "ontable.model",
    "Party": "ontable.model",
    "Issue": "ontable.model",
    "Stance": "ontable.model",
    "Scenario": "ontable.model",
    "Document": "ontable.model",
    "Provision": "ontable.model",
    "Obligation": "ontable.model",
    "Override": "ontable.model",
    "parse_override": "ontable.model.overrides",
    "apply_overrides": "ontable.model.overrides",
    "CaseArrays": "ontable.model.arrays",
    "case_arrays": "ontable.model.arrays",
    # analyses
    "ledger": "ontable.analysis",
    "reciprocity_gaps": "ontable.analysis",
    "diff_documents": "ontable.analysis",
    "chain": "ontable.analysis",
    "proximity": "ontable.analysis",
    "lean": "ontable.analysis",
    "acceptability": "ontable.analysis",
    "zopa": "ontable.analysis",
    "compare": "ontable.analysis",
    # forecast models
    "Forecast": "ontable.forecast",
    "run_forecast": "ontable.forecast.registry",
    "get_model": "ontable.forecast.registry",
    "available_models": "ontable.forecast.registry",
    # bargaining
    "bargaining_problem": "ontable.bargaining",
    "solve": "ontable.bargaining",
    "pareto_frontier": "ontable.bargaining",
    "alternating_offers": "ontable.bargaining",
    "concession_simulation": "ontable.bargaining",
    "tradeoffs": "ontable.bargaining",
    "bargaining_summary": "ontable.bargaining",
    "parties_with_a_say": "ontable.bargaining",
    "Agreement": "ontable.bargaining",
    # sweeps
    "plan_sweep": "ontable.sweep",
    "run_sweep": "ontable.sweep",
    "open_executor": "ontable.sweep",
    "SweepPlan": "ontable.sweep",
    "SweepResult": "ontable.sweep",
    # the run store
    "RunStore": "ontable.store",
    "Run": "ontable.store",
    "default_store_path": "ontable.store",
    # reports
    "ReportOptions": "ontable.report",
    "build_report": "ontable.report",
    "write_html": "ontable.report",
    "write_markdown": "ontable.report",
}
"""Public name → the module it comes from (imported when the name is first used)."""

__all__ = [
    "Agreement",
    "Case",
    "CaseArrays",
    "CaseError",
    "Document",
    "Forecast",
    "InputError",
    "Issue",
    "Obligation",
    "OntableError",
    "Override",
    "OverrideError",
    "Party",
    "Provision",
    "ReportOptions",
    "Run",
    "RunStore",
    "Scenario",
    "Stance",
    "StoreError",
    "SweepPlan",
    "SweepResult",
    "UnknownIdError",
    "__version__",
    "acceptability",
    "alternating_offers",
    "apply_overrides",
    "available_models",
    "bargaining_problem",
    "bargaining_summary",
    "build_report",
    "builtin_cases",
    "case_arrays",
    "case_digest",
    "chain",
    "compare",
    "concession_simulation",
    "default_store_path",
    "diff_documents",
    "dump_case",
    "get_model",
    "lean",
    "ledger",
    "load_case",
    "open_executor",
    "pareto_frontier",
    "parse_override",
    "parties_with_a_say",
    "plan_sweep",
    "proximity",
    "reciprocity_gaps",
    "run_forecast",
    "run_sweep",
    "solve",
    "tradeoffs",
    "write_html",
    "write_markdown",
    "zopa",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ontable' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # what type checkers and editors see; kept equal to _EXPORTS by a test
    from ontable.analysis import (
        acceptability,
        chain,
        compare,
        diff_documents,
        lean,
        ledger,
        proximity,
        reciprocity_gaps,
        zopa,
    )
    from ontable.bargaining import (
        Agreement,
        alternating_offers,
        bargaining_problem,
        bargaining_summary,
        concession_simulation,
        pareto_frontier,
        parties_with_a_say,
        solve,
        tradeoffs,
    )
    from ontable.errors import InputError, OntableError, OverrideError, UnknownIdError
    from ontable.forecast import Forecast
    from ontable.forecast.registry import available_models, get_model, run_forecast
    from ontable.io import CaseError, builtin_cases, case_digest, dump_case, load_case
    from ontable.model import (
        Case,
        Document,
        Issue,
        Obligation,
        Override,
        Party,
        Provision,
        Scenario,
        Stance,
    )
    from ontable.model.arrays import CaseArrays, case_arrays
    from ontable.model.overrides import apply_overrides, parse_override
    from ontable.report import ReportOptions, build_report, write_html, write_markdown
    from ontable.store import Run, RunStore, StoreError, default_store_path
    from ontable.sweep import SweepPlan, SweepResult, open_executor, plan_sweep, run_sweep
