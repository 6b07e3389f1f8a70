"""The run store under races, live processes, finished runs, odd ids and read-only disks."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ontable.store import RunStore, StoreError
from tests.store.test_runs import new_run


def _open_at(path: str, start: float, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    while time.time() < start:
        pass
    try:
        with RunStore(path) as store:
            store.runs()
        queue.put("ok")
    except StoreError as exc:
        queue.put(str(exc))


def test_two_processes_creating_one_new_store_both_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    for attempt in range(6):
        path = str(tmp_path / f"new-{attempt}.sqlite")
        queue: multiprocessing.Queue = context.Queue()  # type: ignore[type-arg]
        start = time.time() + 1.5
        procs = [context.Process(target=_open_at, args=(path, start, queue)) for _ in range(3)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        answers = [queue.get(timeout=5) for _ in procs]
        assert answers == ["ok"] * 3, answers


def test_resume_of_a_run_alive_in_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    code = (
        "import sys, time\n"
        "from ontable.store import RunStore\n"
        f"s = RunStore({str(path)!r})\n"
        "s.start_run(kind='sweep', case_id='c', case_digest='d', model='m', params={}, seed=1)\n"
        "print('started', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
        with RunStore(path) as store:
            run_id = store.runs()[0].id
            assert store.run(run_id).status == "running"
            with pytest.raises(StoreError, match="still running"):
                store.resume_run(run_id)
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    with RunStore(path) as store:  # once that process is gone, resuming is allowed
        store.resume_run(run_id)
        assert store.run(run_id).pid == os.getpid()


def test_finishing_a_finished_run_keeps_its_finished_at(tmp_path: Path) -> None:
    with RunStore(tmp_path / "r.sqlite") as store:
        run_id = new_run(store)
        store.finish_run(run_id, {"x": 1})
        first = store.run(run_id).finished_at
        assert first is not None
        time.sleep(1.1)
        store.resume_run(run_id)
        store.finish_run(run_id, {"x": 1})
        assert store.run(run_id).finished_at == first


def test_non_finite_result_is_stored_as_null(tmp_path: Path) -> None:
    with RunStore(tmp_path / "r.sqlite") as store:
        run_id = new_run(store)
        store.finish_run(run_id, {"x": float("nan"), "y": [float("inf"), 1.0]})
        assert store.run(run_id).result == {"x": None, "y": [None, 1.0]}


@pytest.mark.parametrize("run_id", [2**63, 2**64 + 5, 10**30, 0, -1])
def test_run_id_beyond_sqlite_integers_is_no_run(tmp_path: Path, run_id: int) -> None:
    with RunStore(tmp_path / "r.sqlite") as store, pytest.raises(StoreError, match="no run"):
        store.run(run_id)


def _read_only_mount(source: Path, target: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    target.mkdir()
    bind = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True)
    if bind.returncode != 0:
        return False
    ro = subprocess.run(
        ["mount", "-o", "remount,ro,bind", str(target)], capture_output=True, check=False
    )
    if ro.returncode != 0:
        subprocess.run(["umount", str(target)], check=False)
        return False
    return True


def test_store_on_a_read_only_file_system_can_be_listed(tmp_path: Path) -> None:
    source = tmp_path / "rw"
    source.mkdir()
    with RunStore(source / "runs.sqlite") as store:
        run_id = new_run(store)
        store.finish_run(run_id, {"x": 1})
    mounted = tmp_path / "ro"
    if not _read_only_mount(source, mounted):
        pytest.skip("a read-only bind mount needs root and the mount command")
    try:
        with RunStore(mounted / "runs.sqlite") as store:
            runs = store.runs()
            assert [r.id for r in runs] == [run_id] and runs[0].result == {"x": 1}
            with pytest.raises(StoreError, match="read-only"):
                new_run(store)
    finally:
        subprocess.run(["umount", str(mounted)], check=False)
