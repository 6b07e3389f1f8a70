"""The ``ontable`` command line: a thin face over the library (Typer).

Each part's commands live in their own module with a ``register(app)`` function.
"""

from __future__ import annotations

import os
import sys

import typer

from ontable import __version__
from ontable.cli import analysis, bargain, case, forecast, ingest, ktab, report, serve, sweep
from ontable.cli.common import fail, report_problems
from ontable.io import CaseError

app = typer.Typer(
    name="ontable",
    help="What is really on the table? Structure, analyse and forecast negotiations.",
    no_args_is_help=True,
    add_completion=False,
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


for part in (case, analysis, forecast, ktab, bargain, sweep, report, serve, ingest):
    part.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; input problems exit 1 with located messages, never a traceback.

    ``argv`` are the arguments (default: the process's own); it always ends in ``SystemExit``.
    """
    try:
        if argv is None:
            app(standalone_mode=True)
        else:
            app(args=argv, prog_name="ontable", standalone_mode=True)
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
