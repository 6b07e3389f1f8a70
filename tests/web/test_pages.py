"""The pages and their JSON twins on a real server: content, edits, errors."""

from __future__ import annotations

from pathlib import Path

import httpx

from ontable.web.app import WebConfig
from tests.web.conftest import csrf_token, serve_in_thread


def test_document_page_shows_ledger(server: str) -> None:
    page = httpx.get(f"{server}/cases/mini/documents/plan-a")
    assert page.status_code == 200
    # plan-a: South's troop cap (point 2) has no mirror on North; North's non-attack is hedged
    gaps = page.text.split('id="gaps"')[1].split("</ul>")[0]
    assert 'href="#p-2"' in gaps and "cap troops" in gaps
    hedges = page.text.split('id="hedges"')[1].split("</ul>")[0]
    assert 'href="#p-3"' in hedges


def test_compare_and_chain(server: str) -> None:
    page = httpx.get(f"{server}/cases/mini/compare", params={"a": "plan-a", "b": "plan-b"})
    assert page.status_code == 200
    assert "status-new" in page.text  # plan-b adds a reconstruction fund (point 4)
    assert (
        httpx.get(f"{server}/cases/mini/compare", params={"a": "plan-a", "b": "zzz"}).status_code
        == 404
    )
    chain = httpx.get(f"{server}/cases/mini/documents/plan-b/chain")
    assert chain.status_code == 200
    steps = chain.text.split("<ol>")[1].split("</ol>")[0]
    assert steps.index("Plan A") < steps.index("Plan B")


def test_unknown_things_are_404(server: str) -> None:
    for path in (
        "/cases/nope",
        "/cases/mini/documents/nope",
        "/cases/mini/stances/north/oil/edit",
        "/cases/mini/documents/plan-a/provisions/99/edit",
        "/api/cases/nope",
    ):
        assert httpx.get(f"{server}{path}").status_code == 404, path


def test_whatif_api_changes_forecast(server: str) -> None:
    with httpx.Client() as client:
        token = csrf_token(client, server)
        url = f"{server}/api/cases/mini/forecast"
        base = client.post(url, json={"model": "compromise"}, headers={"X-CSRF-Token": token})
        assert base.status_code == 200, base.text
        moved = client.post(
            url,
            json={
                "model": "compromise",
                "overrides": [{"party": "north", "field": "capability", "value": 100}],
            },
            headers={"X-CSRF-Token": token},
        )
        assert moved.status_code == 200
        border = {r["issue"]: r["value"] for r in base.json()["outcome"]}["border"]
        border_moved = {r["issue"]: r["value"] for r in moved.json()["outcome"]}["border"]
        assert border_moved > border  # North (at 90) gains weight on the border
        unknown = client.post(url, json={"model": "astrology"}, headers={"X-CSRF-Token": token})
        assert unknown.status_code == 422


def test_stance_form_invalid_then_valid(server: str, case_dir: Path) -> None:
    url = f"{server}/cases/mini/stances/south/aid/edit"
    before = (case_dir / "case.yaml").read_text()
    with httpx.Client() as client:
        token = csrf_token(client, server)
        form = {
            "csrf_token": token,
            "position": "150",
            "salience": "50",
            "rationale": "x",
            "sources": "https://example.org/a",
        }
        bad = client.post(url, data=form)
        assert bad.status_code == 422
        assert 'id="err-position"' in bad.text
        assert (case_dir / "case.yaml").read_text() == before
        form["position"] = "75"
        good = client.post(url, data=form)
        assert good.status_code == 200, good.text
        assert "Saved to the case file." in good.text
    after = (case_dir / "case.yaml").read_text()
    assert "position: 75" in after
    assert after.startswith("# A small invented negotiation")


def test_save_scenario_from_whatif(server: str, case_dir: Path) -> None:
    with httpx.Client() as client:
        token = csrf_token(client, server)
        response = client.post(
            f"{server}/cases/mini/scenarios",
            data={
                "csrf_token": token,
                "scenario_id": "south-weaker",
                "model": "compromise",
                "capability__south": "20",
            },
        )
        assert response.status_code == 200, response.text
        bad_name = client.post(
            f"{server}/cases/mini/scenarios",
            data={"csrf_token": token, "scenario_id": "Bad Name!", "capability__south": "20"},
        )
        assert bad_name.status_code == 422
    text = (case_dir / "case.yaml").read_text()
    assert "id: south-weaker" in text
    assert "{party: south, field: capability, value: 20.0}" in text


def test_builtin_case_pages(tmp_path: Path) -> None:
    with serve_in_thread(WebConfig(target="ukraine-2025")) as url:
        case = httpx.get(f"{url}/cases/ukraine-2025")
        assert case.status_code == 200
        assert "read-only" in case.text
        doc = httpx.get(f"{url}/cases/ukraine-2025/documents/us-28-point-plan")
        assert doc.status_code == 200
        # Names, not ids: the issue a provision sets, the actor who verifies a duty.
        assert "Limits on Ukraine&#39;s long-range strikes into Russia" in doc.text
        assert 'id="conditions"' in doc.text and 'id="acceptance"' in doc.text
        forecast = httpx.get(f"{url}/cases/ukraine-2025/forecast")
        assert forecast.status_code == 200
        assert 'id="outcome"' in forecast.text


def test_sweep_api_records_runs_and_compares(tmp_path: Path, case_dir: Path) -> None:
    import time

    store = tmp_path / "runs.sqlite"
    with (
        serve_in_thread(WebConfig(target=case_dir.parent, store_path=store)) as url,
        httpx.Client() as client,
    ):
        token = csrf_token(client, url)
        headers = {"X-CSRF-Token": token}
        assert client.get(f"{url}/api/runs").json() == []
        run_ids = []
        for seed in (1, 2):
            job = client.post(
                f"{url}/api/cases/mini/sweeps",
                json={"model": "compromise", "samples": 200, "seed": seed},
                headers=headers,
            )
            assert job.status_code == 200, job.text
            job_id = job.json()["id"]
            deadline = time.monotonic() + 60
            state = job.json()
            while state["status"] not in ("complete", "failed") and time.monotonic() < deadline:
                time.sleep(0.1)
                state = client.get(f"{url}/api/jobs/{job_id}").json()
            assert state["status"] == "complete", state
            run_ids.append(state["run_id"])
        runs = client.get(f"{url}/api/runs").json()
        assert sorted(r["id"] for r in runs) == sorted(run_ids)
        run = client.get(f"{url}/api/runs/{run_ids[0]}").json()
        assert run["result"]["samples"] == 200 and run["seed"] == 1
        compare = client.get(f"{url}/runs/compare", params={"a": run_ids[0], "b": run_ids[1]})
        assert compare.status_code == 200
        assert compare.text.count("<tr>") >= 4  # header + one row per issue
        too_many = client.post(
            f"{url}/api/cases/mini/sweeps",
            json={"model": "compromise", "samples": 10**7},
            headers=headers,
        )
        assert too_many.status_code == 422
        assert client.get(f"{url}/api/runs/999").status_code == 404
