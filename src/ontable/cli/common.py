"""Helpers shared by the CLI commands: loading a case or exiting cleanly, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console

from ontable.errors import unknown_id_message
from ontable.io import CaseError, load_case
from ontable.model import Case

# Piped output (files, CI logs, tests) gets a fixed, roomy width instead of rich's 80 columns.
console = Console(width=None if sys.stdout.isatty() else 132)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 200)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` on stderr and exit with ``code``."""
    err_console.print(message, markup=False, highlight=False)
    raise SystemExit(code)


def fail_unknown(kind: str, given: str, choices: Iterable[str], *, where: str = "") -> NoReturn:
    """Exit 1 saying that ``given`` names no ``kind`` (the one domain-error wording)."""
    fail(unknown_id_message(kind, given, choices, where=where))


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


def store_option() -> Any:
    """The ``--store`` option every command that records runs shares."""
    import typer

    return typer.Option(
        None,
        "--store",
        help="Run store file (default: $ONTABLE_STORE, else "
        "$XDG_DATA_HOME/ontable/runs.sqlite or ~/.local/share/ontable/runs.sqlite).",
    )


def record_finished_run(store: Path | None, **run: Any) -> tuple[int, Path] | None:
    """Record a finished forecast or report run (``ontable.recording.record_run``'s fields).

    Returns the run's id and the store's path, or None (with a note on stderr) when the
    store cannot be used: the command's own output is never lost to a store problem.
    """
    from ontable.recording import record_run
    from ontable.store import RunStore, StoreError, default_store_path

    try:
        with RunStore(store or default_store_path()) as run_store:
            return record_run(run_store, **run), run_store.path
    except StoreError as exc:
        err_console.print(f"not recorded: {exc}", markup=False, highlight=False)
        return None


def emit_json(data: Any) -> None:
    """Write ``data`` as JSON on stdout (numpy scalars and arrays included)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n")


def _default(value: Any) -> Any:
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
