"""The ``ontable`` command line: a thin face over the library (Typer).

Each part's commands live in their own module with a ``register(app)`` function.
"""

from __future__ import annotations

import copy
import os
import sys
from typing import Any

import typer

from ontable import __version__
from ontable.cli import (
    analysis,
    backtest,
    bargain,
    case,
    compare,
    forecast,
    ingest,
    init,
    ktab,
    report,
    serve,
    sources,
    sweep,
)
from ontable.cli.common import fail, report_problems, set_csv_mode
from ontable.io.errors import CaseError

app = typer.Typer(
    name="ontable",
    help="What is really on the table? Structure, analyse and forecast negotiations.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ontable {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """What is really on the table? Structure, analyse and forecast negotiations."""


for part in (
    case,
    analysis,
    compare,
    sources,
    forecast,
    ktab,
    bargain,
    sweep,
    backtest,
    report,
    serve,
    ingest,
    init,
):
    part.register(app)


def _plain_flags(command: Any) -> None:
    """Show on/off options as bare flags in ``--help`` (``--json``, not ``--json <bool>``)."""
    ctx = type(command).context_class(command, info_name=command.name)
    for param in command.get_params(ctx):
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        _plain_flags(sub)


def _csv_flag(ctx: Any, param: Any, value: bool) -> bool:
    set_csv_mode(bool(value))
    return value


def _add_csv(command: Any) -> None:
    """Give every command that has ``--json`` a ``--csv`` twin: its tables as CSV."""
    for sub in getattr(command, "commands", {}).values():
        _add_csv(sub)
    names = {opt for p in getattr(command, "params", []) for opt in getattr(p, "opts", [])}
    if "--json" not in names or "--csv" in names:
        return
    csv_param = copy.copy(next(p for p in command.params if "--json" in p.opts))
    csv_param.name = "as_csv"
    csv_param.opts = ["--csv"]
    csv_param.secondary_opts = []
    csv_param.expose_value = False
    csv_param.is_eager = True
    csv_param.callback = _csv_flag
    csv_param.help = "Print the tables as CSV (a header row each; a blank line between tables)."
    command.params.append(csv_param)


def command() -> Any:
    """The click command behind ``ontable`` (what :func:`main` runs)."""
    cmd = typer.main.get_command(app)
    _add_csv(cmd)
    _plain_flags(cmd)
    return cmd


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; input problems exit 1 with located messages, never a traceback.

    ``argv`` are the arguments (default: the process's own); it always ends in ``SystemExit``.
    """
    try:
        command()(args=argv, standalone_mode=True, prog_name="ontable")
    except CaseError as exc:
        report_problems(exc)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except (BrokenPipeError, SystemExit):
        raise
    except Exception as exc:
        if os.environ.get("ONTABLE_DEBUG"):
            raise
        fail(
            f"ontable: internal error: {type(exc).__name__}: {exc} "
            "(set ONTABLE_DEBUG=1 for the traceback, and please report it)",
            2,
        )


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
