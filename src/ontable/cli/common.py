"""Helpers shared by the CLI commands: loading a case or exiting cleanly, JSON output."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rich.console import Console
from rich.errors import MarkupError
from rich.table import Table
from rich.text import Text

from ontable.errors import unknown_id_message
from ontable.io.errors import CaseError

if TYPE_CHECKING:
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
class TableConsole(Console):
    """The CLI's console: tables never cut a name, and ``--csv`` prints them as CSV.

    A cell too long for its column wraps onto more lines (never ``…``). In CSV mode (set by a
    command's ``--csv`` flag) each table is written as CSV rows with a header (tables after the
    first follow a blank line), and everything else the command prints is left out.
    """

    csv_mode = False
    _tables_written = 0

    def print(self, *objects: Any, **kwargs: Any) -> None:
        tables = [o for o in objects if isinstance(o, Table)]
        if self.csv_mode:
            for table in tables:
                self._write_csv(table)
            return
        for table in tables:
            for column in table.columns:
                if column.overflow == "ellipsis":
                    column.overflow = "fold"
        super().print(*objects, **kwargs)

    def _write_csv(self, table: Table) -> None:
        if self._tables_written:
            self.file.write("\n")
        self._tables_written += 1
        writer = csv.writer(self.file, lineterminator="\n")
        writer.writerow([_plain_text(c.header) for c in table.columns])
        cells = [list(c.cells) for c in table.columns]
        for row in zip(*cells, strict=True):
            writer.writerow([_plain_text(cell) for cell in row])
        self.file.flush()


def _plain_text(cell: Any) -> str:
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, str):
        try:
            return Text.from_markup(cell).plain
        except MarkupError:
            return cell
    return str(cell)


def set_csv_mode(enabled: bool) -> None:
    """Print tables as CSV (``--csv``); see :class:`TableConsole`."""
    console.csv_mode = enabled


console = TableConsole(width=None if sys.stdout.isatty() else 132)
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
    from ontable.io.load import load_case  # the case model loads with it

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
    """Write ``data`` as strict JSON on stdout (numpy values included; NaN/inf become null)."""
    from ontable.jsonio import dumps  # json loads only for a command that prints it

    sys.stdout.write(dumps(data, indent=2) + "\n")
