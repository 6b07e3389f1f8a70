"""``ontable sweep`` and ``ontable runs`` through the real command line."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli

SWEEP = ("--model", "compromise", "--executor", "serial")


def store_env(tmp_path: Path) -> dict[str, str]:
    return {"ONTABLE_STORE": str(tmp_path / "runs.sqlite")}


def test_sweep_prints_tables_and_records_a_run(cli, mini_path: Path, tmp_path: Path) -> None:
    env = store_env(tmp_path)
    result = cli("sweep", str(mini_path), *SWEEP, "--samples", "500", "--seed", "7", env=env)
    assert result.code == 0, result.stderr
    assert "run 1: mini · compromise · 500 samples · seed 7" in result.stdout
    assert "Outcome per issue" in result.stdout and "Top drivers" in result.stdout
    assert "north.position.border" in result.stdout
    assert "500/500" in result.stderr  # the progress bar
    listed = cli("runs", "--json", env=env)
    assert listed.code == 0, listed.stderr
    runs = json.loads(listed.stdout)
    assert isinstance(runs, list) and len(runs) == 1
    assert runs[0]["status"] == "complete" and runs[0]["seed"] == 7
    assert runs[0]["params"]["samples"] == 500 and len(runs[0]["case_digest"]) == 64
    shown = cli("runs", "show", "1", "--json", env=env)
    assert json.loads(shown.stdout)["result"]["samples"] == 500
    human = cli("runs", env=env)
    assert "complete" in human.stdout and "mini" in human.stdout
    assert "border" in cli("runs", "show", "1", env=env).stdout


def test_json_result_and_shocks(cli, mini_path: Path, tmp_path: Path) -> None:
    result = cli(
        "sweep",
        str(mini_path),
        *SWEEP,
        "--samples",
        "300",
        "--seed",
        "3",
        "--json",
        "--set",
        "north.batna=0",
        "--set",
        "south.batna=1",
        "--scenario",
        "broker-leaves",
        "--distribution",
        "uniform",
        "--store",
        str(tmp_path / "s.sqlite"),
    )
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["run"] == 1 and data["distribution"] == "uniform"
    assert data["overrides"] == ["north.batna=0", "south.batna=1"]
    accept = {(r["document"], r["party"]): r["probability"] for r in data["acceptance"]}
    assert accept[("plan-a", "north")] == 1.0 and accept[("plan-b", "south")] == 0.0
    assert (tmp_path / "s.sqlite").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--set", "west.batna=0.1"), "unknown party 'west'"),
        (("--set", "north.batna=3"), "outside 0–1"),
        (("--scenario", "nope"), "unknown scenario 'nope'"),
        (("--distribution", "normal"), "unknown distribution"),
        (("--executor", "cloud"), "unknown executor"),
        (("--model", "nope"), "unknown model 'nope'"),
    ],
)
def test_user_errors(
    cli, mini_path: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli("sweep", str(mini_path), *SWEEP, "--samples", "10", *args, env=store_env(tmp_path))
    assert result.code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_foreign_store_is_refused_and_untouched(cli, mini_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    for args in (("sweep", str(mini_path), *SWEEP, "--samples", "10"), ("runs",)):
        result = cli(*args, "--store", str(path))
        assert result.code == 1
        assert "not an ontable run store" in result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_runs_without_a_store(cli, tmp_path: Path) -> None:
    env = store_env(tmp_path)
    assert json.loads(cli("runs", "--json", env=env).stdout) == []
    assert "no runs" in cli("runs", env=env).stdout
    missing = cli("runs", "show", "4", env=env)
    assert missing.code == 1 and "no run 4" in missing.stderr
    assert not (tmp_path / "runs.sqlite").exists()


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ontable", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_chunks(path: Path, at_least: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the sweep ended before it could be interrupted"
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
            try:
                n = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
            finally:
                db.close()
            if n >= at_least:
                return
        except sqlite3.OperationalError:
            pass  # not created yet
        time.sleep(0.005)
    raise AssertionError("no chunks were stored in time")


LONG = ["--samples", "40000", "--chunk-size", "20", "--seed", "21"]
LONGER = ["--samples", "400000", "--chunk-size", "20", "--seed", "21"]


@pytest.mark.slow
def test_kill_9_then_resume_matches_an_uninterrupted_run(mini_path: Path, tmp_path: Path) -> None:
    env = store_env(tmp_path)
    store = tmp_path / "runs.sqlite"
    proc = _start(["sweep", str(mini_path), *SWEEP, *LONG, "--json"], env)
    try:
        _wait_for_chunks(store, 3, proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    killed = json.loads(run_cli("runs", "--json", env=env).stdout)[0]
    assert killed["status"] == "interrupted"
    assert 3 <= killed["chunks_done"] < killed["n_chunks"] == 2000

    resumed = run_cli(
        "sweep", "--resume", "1", "--executor", "process", "--workers", "2", "--json", env=env
    )
    assert resumed.code == 0, resumed.stderr
    whole = run_cli("sweep", str(mini_path), *SWEEP, *LONG, "--json", env=env)
    assert whole.code == 0, whole.stderr
    a, b = json.loads(resumed.stdout), json.loads(whole.stdout)
    assert (a.pop("run"), b.pop("run")) == (1, 2)
    assert a == b
    runs = json.loads(run_cli("runs", "--json", env=env).stdout)
    assert [r["status"] for r in runs] == ["complete", "complete"]
    assert runs[0]["chunks_done"] == 2000


@pytest.mark.slow
def test_ctrl_c_marks_the_run_interrupted(mini_path: Path, tmp_path: Path) -> None:
    env = store_env(tmp_path)
    # ten times LONG: never run to the end, so the sweep cannot finish before Ctrl-C arrives
    proc = _start(["sweep", str(mini_path), *SWEEP, *LONGER], env)
    try:
        _wait_for_chunks(tmp_path / "runs.sqlite", 2, proc)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert "ontable sweep --resume 1" in stderr and "Traceback" not in stderr
    run = json.loads(run_cli("runs", "show", "1", "--json", env=env).stdout)
    assert run["status"] == "interrupted" and run["chunks_done"] >= 2


def test_resume_refuses_a_changed_case(cli, mini_copy: Path, tmp_path: Path) -> None:
    env = store_env(tmp_path)
    assert cli("sweep", str(mini_copy), *SWEEP, "--samples", "20", env=env).code == 0
    case_file = mini_copy / "case.yaml"
    case_file.write_text(case_file.read_text().replace("capability: 60", "capability: 61"))
    result = cli("sweep", "--resume", "1", env=env)
    assert result.code == 1 and "has changed since run 1" in result.stderr


def test_builtin_case(cli, tmp_path: Path) -> None:
    result = cli(
        "sweep",
        "ukraine-2025",
        *SWEEP,
        "--samples",
        "200",
        "--seed",
        "1",
        "--json",
        env=store_env(tmp_path),
    )
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["issue_ids"]) == 16
    assert "us-28-point-plan" in data["document_ids"]
    assert set(data["party_ids"]) <= {"russia", "ukraine", "united-states", "europe", "nato"}
    probabilities = [r["probability"] for r in data["acceptance"] if r["probability"] is not None]
    assert probabilities and all(0 <= p <= 1 for p in probabilities)
