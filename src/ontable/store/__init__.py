"""The run store: a record of every sweep (and forecast) run, in one SQLite file.

Faces (the CLI, the web app, reports) use it; engines never do. See ``docs/store.md``.
"""

from ontable.store.paths import STORE_ENV, default_store_path
from ontable.store.runs import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    STATUSES,
    Run,
    RunStore,
    StoreError,
    runs_frame,
)

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "STATUSES",
    "STORE_ENV",
    "Run",
    "RunStore",
    "StoreError",
    "default_store_path",
    "runs_frame",
]
