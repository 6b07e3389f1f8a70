"""Helpers shared by the CLI commands: loading a case or exiting cleanly, JSON output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console

from ontable.io import CaseError, load_case
from ontable.jsonio import dumps
from ontable.model import Case

MAX_SEED = 2**63 - 1
"""Largest seed (what the run store's SQLite integers hold)."""
MAX_SAMPLES = 1_000_000
"""Most sweep samples one command draws (a million is hours of work for the slower models)."""
MAX_LEVELS = 21
"""Most grid points per issue in the bargaining commands (21 = steps of 5 on the 0–100 scale);
more only slows the search without changing its answer much."""
MAX_ROUNDS = 10_000
"""Most rounds of a simulated negotiation or an iterative model."""
MAX_WORKERS = 256
"""Most worker processes."""

# Piped output (files, CI logs, tests) gets a fixed, roomy width instead of rich's 80 columns.
console = Console(width=None if sys.stdout.isatty() else 132)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 200)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` on stderr and exit with ``code``."""
    err_console.print(message, markup=False, highlight=False)
    raise SystemExit(code)


def report_problems(exc: CaseError) -> NoReturn:
    """Print every problem of ``exc`` on its own line and exit 1."""
    for problem in exc.problems:
        err_console.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    n = len(exc.problems)
    err_console.print(f"{n} problem{'s' if n != 1 else ''} found.", markup=False)
    raise SystemExit(1)


def open_case(case: str | Path) -> Case:
    """Load a case or print its problems and exit 1."""
    try:
        return load_case(case)
    except CaseError as exc:
        report_problems(exc)


def emit_json(data: Any) -> None:
    """Write ``data`` as strict JSON on stdout (numpy values included; NaN/inf become null)."""
    sys.stdout.write(dumps(data, indent=2) + "\n")
