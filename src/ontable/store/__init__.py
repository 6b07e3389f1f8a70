"""The run store: a record of every forecast, sweep and report run, in one SQLite file.

:class:`RunStore` is the :class:`~ontable.recording.RunRecorder` ontable ships. It sits at
the bottom of the layers: it imports no engine, and engines write to it only through that
interface (faces open it and hand it down). See ``docs/store.md``.
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
