"""The SQLite run store: runs, their settings and results, and their finished chunks.

One file (stdlib ``sqlite3``) in write-ahead-log mode, so a run killed mid-write leaves every
committed chunk intact. The file is marked as an ontable store with SQLite's
``application_id`` header field; its schema version is ``PRAGMA user_version`` and older
schemas are migrated in place, one step at a time. A file that is not SQLite, is another
program's database, is corrupt, or was written by a newer ontable raises :class:`StoreError`
and is never written to.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from ontable import __version__
from ontable.jsonio import dumps
from ontable.store.records import (
    STATUSES,
    Run,
    _decode,
    _encode,
    _now,
    _process_alive,
    runs_frame,
)
from ontable.store.schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    SQLITE_MAX_INT,
    StoreError,
    _check_header,
)

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "STATUSES",
    "Run",
    "RunStore",
    "StoreError",
    "runs_frame",
]


class RunStore:
    """A run store file, opened (and created or migrated when needed) on construction.

    Parameters
    ----------
    path
        The SQLite file; created with its folders when absent.

    Raises
    ------
    StoreError
        When the file is not an ontable store, is corrupt, or has a newer schema.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        _check_header(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if not self.path.parent.is_dir():
                raise StoreError(
                    f"{self.path}: cannot create its folder: {exc.strerror or exc}"
                ) from None
        try:
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the run store: {exc}") from None
        self.read_only = False
        try:
            self._prepare_when_free()
        except sqlite3.OperationalError as exc:
            self._db.close()
            if not self._open_read_only():
                raise StoreError(
                    f"{self.path}: cannot open the run store ({exc}); the file was left untouched"
                ) from None
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(
                f"{self.path}: not a readable ontable run store ({exc}); "
                "the file was left untouched"
            ) from None
        except StoreError:
            self._db.close()
            raise

    def _prepare_when_free(self, patience: float = 30.0) -> None:
        """:meth:`_prepare`, tried again while another process holds the file's lock (two
        commands opening a new store at once: switching it to WAL needs the file alone)."""
        deadline = time.monotonic() + patience
        while True:
            try:
                self._prepare()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _open_read_only(self) -> bool:
        """Open an existing, current store that cannot be written (a read-only file system or
        file) for reading only; False when that is not possible either."""
        if not self.path.is_file():
            return False
        uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
        try:
            db = sqlite3.connect(uri, uri=True, isolation_level=None)
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error:
            return False
        if app_id != APPLICATION_ID or version != SCHEMA_VERSION:
            db.close()
            return False
        self._db = db
        self.read_only = True
        return True

    def _prepare(self) -> None:
        db = self._db
        # One read transaction: the three reads see the same state even while another process
        # is setting up the same new store.
        db.execute("BEGIN")
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            db.execute("COMMIT")
        if app_id != APPLICATION_ID and not (app_id == 0 and version == 0 and tables == 0):
            raise StoreError(
                f"{self.path}: not an ontable run store (another program's SQLite database); "
                "the file was left untouched: pass another path with --store or ONTABLE_STORE"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer ontable (store schema {version}; this "
                f"ontable {__version__} reads up to {SCHEMA_VERSION}); the file was left untouched"
            )
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        while version < SCHEMA_VERSION:
            with self._transaction():
                # Read the version again under the write lock: another process creating the
                # same new store at the same moment may have set it up already.
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    break
                MIGRATIONS[version](db)
                version += 1
                db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                db.execute(f"PRAGMA user_version={version}")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise StoreError(f"{self.path}: the run store is read-only here; nothing was written")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def start_run(
        self,
        *,
        kind: str,
        case_id: str,
        case_digest: str,
        model: str,
        params: Mapping[str, Any],
        seed: int | None,
        n_chunks: int = 0,
        case_ref: str | None = None,
    ) -> int:
        """Record a new run as ``running`` and return its id."""
        now = _now()
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (kind, case_id, case_digest, case_ref, model, params, seed,"
                " package_version, status, n_chunks, created_at, updated_at, host, pid)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)",
                (
                    kind,
                    case_id,
                    case_digest,
                    case_ref,
                    model,
                    dumps(params, sort_keys=True),
                    seed,
                    __version__,
                    n_chunks,
                    now,
                    now,
                    socket.gethostname(),
                    os.getpid(),
                ),
            )
            return int(cursor.lastrowid or 0)

    def resume_run(self, run_id: int) -> None:
        """Mark a run ``running`` again, by this process.

        Raises
        ------
        StoreError
            When the run is still running in a live process on this machine (two processes
            must not write the same run).
        """
        run = self.run(run_id)
        if (
            run.status == "running"
            and run.pid is not None
            and run.pid != os.getpid()
            and run.host == socket.gethostname()
            and _process_alive(run.pid)
        ):
            raise StoreError(
                f"{self.path}: run {run_id} is still running (process {run.pid} on this "
                "machine); stop that process or wait for it before resuming"
            )
        self._update(run_id, status="running", host=socket.gethostname(), pid=os.getpid())

    def add_chunk(self, run_id: int, index: int, arrays: Mapping[str, np.ndarray]) -> None:
        """Store one finished chunk (committed at once; a chunk stored twice is replaced)."""
        now = _now()
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO chunks (run_id, idx, arrays, written_at)"
                " VALUES (?, ?, ?, ?)",
                (run_id, index, _encode(arrays), now),
            )
            db.execute("UPDATE runs SET updated_at = ? WHERE id = ?", (now, run_id))

    def set_status(self, run_id: int, status: str) -> None:
        """Change a run's status (one of ``STATUSES``)."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r} (expected one of {STATUSES})")
        self._update(run_id, status=status)

    def finish_run(
        self, run_id: int, result: Mapping[str, Any], *, elapsed_s: float | None = None
    ) -> None:
        """Mark a run complete with its result (JSON-ready data; a non-finite number is stored
        as null). A run finished before keeps its first ``finished_at``."""
        previous = self.run(run_id)
        fields: dict[str, Any] = {
            "status": "complete",
            "finished_at": previous.finished_at or _now(),
            "result": dumps(result),
        }
        if elapsed_s is not None:
            fields["elapsed_s"] = elapsed_s
        self._update(run_id, **fields)

    def add_elapsed(self, run_id: int, seconds: float) -> None:
        """Add wall-clock seconds spent on a run (runs resumed add up)."""
        with self._transaction() as db:
            db.execute("UPDATE runs SET elapsed_s = elapsed_s + ? WHERE id = ?", (seconds, run_id))

    def _update(self, run_id: int, **fields: Any) -> None:
        self.run(run_id)  # StoreError for an unknown id
        fields["updated_at"] = _now()
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._transaction() as db:
            db.execute(f"UPDATE runs SET {assignments} WHERE id = ?", (*fields.values(), run_id))

    # -- reading ---------------------------------------------------------------------------

    def chunks(self, run_id: int) -> dict[int, dict[str, np.ndarray]]:
        """The run's stored chunks: index → named arrays."""
        rows = self._db.execute(
            "SELECT idx, arrays FROM chunks WHERE run_id = ? ORDER BY idx", (run_id,)
        ).fetchall()
        return {int(idx): _decode(blob) for idx, blob in rows}

    def run(self, run_id: int) -> Run:
        """The run with this id (``StoreError`` when there is none)."""
        if not 0 < run_id <= SQLITE_MAX_INT:
            raise StoreError(f"{self.path}: no run {run_id}")
        rows = self._select("WHERE r.id = ?", (run_id,))
        if not rows:
            raise StoreError(f"{self.path}: no run {run_id}")
        return rows[0]

    def runs(self) -> list[Run]:
        """Every run, oldest first."""
        return self._select("", ())

    def _select(self, where: str, args: tuple[Any, ...]) -> list[Run]:
        try:
            rows = self._db.execute(
                "SELECT r.id, r.kind, r.status, r.case_id, r.case_digest, r.case_ref, r.model,"
                " r.params, r.seed, r.package_version, r.n_chunks,"
                " (SELECT count(*) FROM chunks c WHERE c.run_id = r.id),"
                " r.created_at, r.updated_at, r.finished_at, r.elapsed_s, r.host, r.pid, r.result"
                f" FROM runs r {where} ORDER BY r.id",
                args,
            ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: the run store is damaged ({exc})") from None
        here = socket.gethostname()
        out = []
        for row in rows:
            status = row[2]
            if status == "running" and row[16] == here and not _process_alive(int(row[17] or 0)):
                status = "interrupted"
            out.append(
                Run(
                    id=int(row[0]),
                    kind=row[1],
                    status=status,
                    case_id=row[3],
                    case_digest=row[4],
                    case_ref=row[5],
                    model=row[6],
                    params=json.loads(row[7]),
                    seed=row[8],
                    package_version=row[9],
                    n_chunks=int(row[10]),
                    chunks_done=int(row[11]),
                    created_at=row[12],
                    updated_at=row[13],
                    finished_at=row[14],
                    elapsed_s=float(row[15]),
                    host=row[16],
                    pid=row[17],
                    result=None if row[18] is None else json.loads(row[18]),
                )
            )
        return out
