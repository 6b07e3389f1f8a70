"""Where the run store lives when no path is given."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

STORE_ENV = "ONTABLE_STORE"
"""Environment variable naming the run store file."""


def default_store_path(environ: Mapping[str, str] | None = None) -> Path:
    """The run store file: ``$ONTABLE_STORE``, else ``$XDG_DATA_HOME/ontable/runs.sqlite``,
    else ``~/.local/share/ontable/runs.sqlite``."""
    env = os.environ if environ is None else environ
    if env.get(STORE_ENV):
        return Path(env[STORE_ENV]).expanduser()
    data_home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "ontable" / "runs.sqlite"
