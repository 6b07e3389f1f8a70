"""CLI commands for KTAB interoperability (added as that part lands)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this part's commands to ``app``."""
