"""The ``ontable`` command line: a thin face over the library (Typer).

Each part's commands live in their own module with a ``register(app)`` function. A part's
module is imported only when one of its commands runs (or ``--help`` lists them all), so a
command starts without the others' imports; :data:`COMMANDS` says which module holds which
command.
"""

from __future__ import annotations

import copy
import os
import sys
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperGroup

from ontable import __version__
from ontable.cli.common import fail, report_problems, set_csv_mode
from ontable.io.errors import CaseError

COMMANDS: dict[str, str] = {
    "cases": "ontable.cli.case",
    "validate": "ontable.cli.case",
    "show": "ontable.cli.case",
    "schema": "ontable.cli.case",
    "migrate": "ontable.cli.case",
    "ledger": "ontable.cli.analysis",
    "diff": "ontable.cli.analysis",
    "chain": "ontable.cli.analysis",
    "proximity": "ontable.cli.analysis",
    "accept": "ontable.cli.analysis",
    "sequence": "ontable.cli.analysis",
    "compare": "ontable.cli.compare",
    "sources": "ontable.cli.sources",
    "forecast": "ontable.cli.forecast",
    "import-ktab": "ontable.cli.ktab",
    "bargain": "ontable.cli.bargain",
    "tradeoffs": "ontable.cli.bargain",
    "alternating": "ontable.cli.bargain",
    "concession": "ontable.cli.bargain",
    "sweep": "ontable.cli.sweep",
    "backtest": "ontable.cli.backtest",
    "report": "ontable.cli.report",
    "serve": "ontable.cli.serve",
    "ingest": "ontable.cli.ingest",
    "ingest-score": "ontable.cli.ingest",
    "init": "ontable.cli.init",
    "runs": "ontable.cli.sweep",
}
"""Command name → the module whose ``register(app)`` adds it, in the order ``--help`` lists
them (a test checks each module registers exactly its names)."""


class LazyGroup(TyperGroup):
    """The root command: lists :data:`COMMANDS` and imports a part's module on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            for name, command in part_commands(COMMANDS[cmd_name]).items():
                _add_csv(command)
                _plain_flags(command)
                self.add_command(command, name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in COMMANDS:  # an unknown name: load all, to suggest the nearest
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


def part_commands(module: str) -> dict[str, Any]:
    """The click commands the part ``module`` registers, by name."""
    part = typer.Typer(add_completion=False)
    part.callback()(_no_op)  # a group even when the part has one command
    import_module(module).register(part)
    group = typer.main.get_command(part)
    return dict(getattr(group, "commands", {}))


def _no_op() -> None:
    """(The callback that makes a part a group; it is never shown.)"""


app = typer.Typer(
    name="ontable",
    help="What is really on the table? Structure, analyse and forecast negotiations.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    cls=LazyGroup,
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
    _plain_flags(cmd)  # the root's own options; each part's commands get both on loading
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
