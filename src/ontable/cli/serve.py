"""``ontable serve``: the local web app for browsing, what-if work and editing."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import typer

from ontable.cli.common import console, fail


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1 or localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    target: str | None = typer.Argument(
        None,
        help="A case (built-in name or folder) or a folder of case folders. Default: the built-in cases.",
    ),
    host: str = typer.Option(
        "127.0.0.1", help="Address to bind. Anything but loopback needs --token."
    ),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
    token: str | None = typer.Option(
        None,
        envvar="ONTABLE_TOKEN",
        help="Access token every request must carry (required off loopback).",
    ),
    store: Path | None = typer.Option(
        None, envvar="ONTABLE_STORE", help="Run store (SQLite file) for sweeps and run history."
    ),
) -> None:
    """Serve the web app: cases, drafts side by side, ledgers, forecasts, what-ifs, sweeps."""
    try:
        import uvicorn

        from ontable.web.app import WebConfig, create_app
    except ImportError as exc:
        fail(
            f"the web app needs the 'web' extra: pip install 'ontable[web]' ({exc.name} is missing)"
        )
    loopback = is_loopback(host)
    if not loopback and not token:
        fail(f"binding {host} exposes the app beyond this machine: give --token (or ONTABLE_TOKEN)")
    if token is not None and len(token) < 16:
        fail("the token must be at least 16 characters long")
    if target is not None:
        from ontable.cli.common import open_case
        from ontable.io.load import CASE_FILES

        path = Path(target)
        # A folder of case folders is checked case by case as the app loads them.
        if not (path.is_dir() and not any((path / n).exists() for n in CASE_FILES)):
            open_case(target)
    app = create_app(
        WebConfig(target=target, token=token, loopback_only=loopback, store_path=store)
    )
    console.print(f"ontable: serving on http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
