"""The store file's identity and schema: its header checks, version and migrations.

A store is marked by ``PRAGMA application_id`` and versioned by ``PRAGMA user_version``;
``MIGRATIONS`` take an older schema to the current one, one step at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

APPLICATION_ID = 0x6F6E7462
"""``PRAGMA application_id`` of an ontable store (the bytes ``ontb``)."""

SCHEMA_VERSION = 1
"""The schema this ontable writes (``PRAGMA user_version``)."""

SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_MAX_INT = 2**63 - 1
"""Largest integer SQLite stores (a larger run id names no run)."""


class StoreError(Exception):
    """The store file cannot be used (not a store, corrupt, newer schema, unknown run)."""


def _migrate_to_1(db: sqlite3.Connection) -> None:
    _execute_script(
        db,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            case_id TEXT NOT NULL,
            case_digest TEXT NOT NULL,
            case_ref TEXT,
            model TEXT NOT NULL,
            params TEXT NOT NULL,
            seed INTEGER,
            package_version TEXT NOT NULL,
            status TEXT NOT NULL,
            n_chunks INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT,
            elapsed_s REAL NOT NULL DEFAULT 0,
            host TEXT,
            pid INTEGER,
            result TEXT
        );
        CREATE TABLE chunks (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            arrays BLOB NOT NULL,
            written_at TEXT NOT NULL,
            PRIMARY KEY (run_id, idx)
        );
        """,
    )


def _execute_script(db: sqlite3.Connection, script: str) -> None:
    # Statement by statement: executescript() would commit the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_to_1,)
"""``MIGRATIONS[v]`` takes a store from schema ``v`` to ``v + 1``."""


def _check_header(path: Path) -> None:
    """Refuse a file that exists, is not empty and is not SQLite, before SQLite touches it."""
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a run store file")
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise StoreError(
            f"{path}: not an ontable run store (not an SQLite database); the file was left "
            "untouched: pass another path with --store or ONTABLE_STORE"
        )
