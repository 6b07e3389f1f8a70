"""The web app finishes an interrupted sweep run through the library's resume function."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from ontable import RunStore, load_case, plan_sweep, run_sweep
from ontable.sweep.record import execute_sweep_run, start_sweep_run
from ontable.web.app import WebConfig
from tests.web.conftest import csrf_token, serve_in_thread


def test_resume_an_interrupted_run(tmp_path: Path, case_dir: Path) -> None:
    case = load_case(case_dir)
    store_path = tmp_path / "runs.sqlite"
    plan = plan_sweep(case, model="compromise", samples=100, seed=3, chunk_size=20)
    calls = 0

    def stop(_done: int, _total: int) -> None:
        nonlocal calls
        calls += 1
        if calls > 2:
            raise KeyboardInterrupt

    with RunStore(store_path) as store:
        run_id = start_sweep_run(store, case, plan, case_ref=str(case_dir))
        with pytest.raises(KeyboardInterrupt):
            execute_sweep_run(store, run_id, plan, progress=stop)
    with (
        serve_in_thread(WebConfig(target=case_dir.parent, store_path=store_path)) as url,
        httpx.Client() as client,
    ):
        headers = {"X-CSRF-Token": csrf_token(client, url)}
        page = client.get(f"{url}/runs/{run_id}")
        assert 'id="resume-run"' in page.text
        job = client.post(f"{url}/api/runs/{run_id}/resume", headers=headers)
        assert job.status_code == 200, job.text
        state = job.json()
        assert state["run_id"] == run_id
        deadline = time.monotonic() + 60
        while state["status"] not in ("complete", "failed") and time.monotonic() < deadline:
            time.sleep(0.1)
            state = client.get(f"{url}/api/jobs/{state['id']}").json()
        assert state["status"] == "complete", state
        run = client.get(f"{url}/api/runs/{run_id}").json()
        missing = client.post(f"{url}/api/runs/999/resume", headers=headers)
    assert run["status"] == "complete"
    assert run["result"] == run_sweep(plan).to_dict()
    assert missing.status_code == 404
