"""The SQLite run store: runs and chunks round trip; foreign or newer files are refused."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ontable import __version__
from ontable.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    RunStore,
    StoreError,
    default_store_path,
    runs_frame,
)


def new_run(store: RunStore, **overrides: object) -> int:
    args: dict[str, object] = {
        "kind": "sweep",
        "case_id": "mini",
        "case_digest": "abc",
        "model": "compromise",
        "params": {"samples": 10},
        "seed": 7,
        "n_chunks": 2,
        "case_ref": "tests/data/mini",
        **overrides,
    }
    return store.start_run(**args)  # type: ignore[arg-type]


def test_run_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "runs.sqlite"
    with RunStore(path) as store:
        run_id = new_run(store)
        store.add_chunk(run_id, 1, {"outcomes": np.arange(6.0).reshape(2, 3), "n": np.array(2)})
        run = store.run(run_id)
        assert (run.status, run.chunks_done, run.n_chunks) == ("running", 1, 2)
        assert run.package_version == __version__ and run.pid == os.getpid()
    with RunStore(path) as store:  # reopened: everything was committed
        chunks = store.chunks(run_id)
        assert list(chunks) == [1]
        assert np.array_equal(chunks[1]["outcomes"], np.arange(6.0).reshape(2, 3))
        store.finish_run(run_id, {"answer": [1, 2]}, elapsed_s=1.5)
        run = store.run(run_id)
        assert run.complete and run.result == {"answer": [1, 2]} and run.elapsed_s == 1.5
        assert run.finished_at is not None
        assert [r.id for r in store.runs()] == [run_id]
        assert runs_frame(store.runs())["model"].tolist() == ["compromise"]
        assert "result" not in run.to_dict(with_result=False)


def test_file_is_marked_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    RunStore(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_empty_sqlite_file_is_initialised(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    sqlite3.connect(path).close()  # an empty database: nothing to lose
    with RunStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION


def test_chunk_stored_twice_is_replaced(tmp_path: Path) -> None:
    with RunStore(tmp_path / "r.sqlite") as store:
        run_id = new_run(store)
        store.add_chunk(run_id, 0, {"x": np.array([1.0])})
        store.add_chunk(run_id, 0, {"x": np.array([2.0])})
        assert store.chunks(run_id)[0]["x"].tolist() == [2.0]


def test_unknown_run_and_status(tmp_path: Path) -> None:
    with RunStore(tmp_path / "r.sqlite") as store:
        with pytest.raises(StoreError, match="no run 9"):
            store.run(9)
        run_id = new_run(store)
        with pytest.raises(ValueError, match="unknown status"):
            store.set_status(run_id, "sleeping")
        store.set_status(run_id, "interrupted")
        assert store.run(run_id).status == "interrupted"


def test_running_run_of_a_dead_process_reads_as_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    code = (
        "from ontable.store import RunStore\n"
        f"s = RunStore({str(path)!r})\n"
        "s.start_run(kind='sweep', case_id='c', case_digest='d', model='m', params={}, seed=1)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    with RunStore(path) as store:
        assert store.runs()[0].status == "interrupted"
        new_run(store)  # this process is alive
        assert store.runs()[1].status == "running"


def _refused(path: Path, message: str) -> None:
    before = path.read_bytes()
    with pytest.raises(StoreError, match=message):
        RunStore(path)
    assert path.read_bytes() == before, "the file must be left untouched"
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("my precious notes\n" * 100)
    _refused(path, "not an SQLite database")


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE accounts (id INTEGER, balance REAL)")
    db.execute("INSERT INTO accounts VALUES (1, 100.0)")
    db.commit()
    db.close()
    _refused(path, "not an ontable run store")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    RunStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    _refused(path, "newer ontable")


def test_corrupt_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    RunStore(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    data = bytearray(path.read_bytes())
    data[16:] = b"\xff" * (len(data) - 16)  # keep the magic, wreck the rest
    path.write_bytes(bytes(data))
    _refused(path, "not a readable ontable run store")


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        RunStore(tmp_path)


def test_default_store_path(tmp_path: Path) -> None:
    assert (
        default_store_path({"ONTABLE_STORE": str(tmp_path / "x.sqlite")}) == tmp_path / "x.sqlite"
    )
    assert (
        default_store_path({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "ontable" / "runs.sqlite"
    )
    assert default_store_path({}) == Path.home() / ".local" / "share" / "ontable" / "runs.sqlite"
