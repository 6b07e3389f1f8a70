"""Pages and API for sweeps started from the browser and the run store's history."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from ontable.jsonio import dumps
from ontable.web import views
from ontable.web.deps import get_case, render, workspace
from ontable.web.jobs import JobBoard, SweepJob

pages = APIRouter(include_in_schema=False)
api = APIRouter(tags=["api"])

MAX_WEB_SAMPLES = 20_000
"""Largest sweep the web app starts (larger ones belong on the command line)."""


class SweepRequest(BaseModel):
    """A sweep to start: model, number of samples and seed."""

    model_config = ConfigDict(extra="forbid")
    model: str = "compromise"
    samples: int = Field(default=500, ge=10, le=MAX_WEB_SAMPLES)
    seed: int = Field(default=1, ge=0, le=2**32 - 1)


def board(request: Request) -> JobBoard:
    """The app's sweep jobs."""
    jobs: JobBoard = request.app.state.jobs
    return jobs


def _store(request: Request) -> Any:
    from ontable.store import RunStore, StoreError

    path: Path = board(request).store_path
    if not path.exists():
        return None
    try:
        return RunStore(path)
    except StoreError as exc:
        raise HTTPException(409, str(exc)) from None


def _runs(request: Request, case_id: str | None = None) -> list[dict[str, Any]]:
    store = _store(request)
    if store is None:
        return []
    with store:
        return [
            r.to_dict(with_result=False)
            for r in store.runs()
            if case_id is None or r.case_id == case_id
        ]


def _run(request: Request, run_id: int) -> dict[str, Any]:
    from ontable.store import StoreError

    store = _store(request)
    if store is None:
        raise HTTPException(404, f"no run {run_id}")
    with store:
        try:
            data: dict[str, Any] = store.run(run_id).to_dict()
        except StoreError:
            raise HTTPException(404, f"no run {run_id}") from None
    return data


def _start(request: Request, case_id: str, body: SweepRequest) -> SweepJob:
    case = get_case(request, case_id)
    if body.model not in views.models():
        raise HTTPException(422, f"unknown model '{body.model}' (expected one of {views.models()})")
    served = workspace(request).served(case_id)
    try:
        return board(request).start(
            case,
            str(served.case_file.parent),
            model=body.model,
            samples=body.samples,
            seed=body.seed,
        )
    except RuntimeError as exc:
        raise HTTPException(429, str(exc)) from None
    except (KeyError, ValueError) as exc:
        raise HTTPException(422, str(exc)) from None


def _resume(request: Request, run_id: int) -> SweepJob:
    from ontable.errors import OntableError
    from ontable.store import StoreError

    run = _run(request, run_id)
    if run["case_id"] not in workspace(request).ids:
        raise HTTPException(409, f"run {run_id} is of case '{run['case_id']}', not served here")
    try:
        return board(request).resume(get_case(request, run["case_id"]), run_id)
    except RuntimeError as exc:
        raise HTTPException(429, str(exc)) from None
    except (OntableError, StoreError, ValueError) as exc:
        raise HTTPException(409, str(exc)) from None


def _job(request: Request, job_id: str) -> SweepJob:
    job = board(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no sweep job '{job_id}'")
    return job


# --- pages ---------------------------------------------------------------------------------


@pages.get("/cases/{case_id}/sweeps", response_class=HTMLResponse)
def sweeps_page(request: Request, case_id: str) -> HTMLResponse:
    case = get_case(request, case_id)
    return render(
        request,
        "sweeps.html",
        {
            "case": case,
            "models": views.models(),
            "runs": _runs(request, case_id),
            "max_samples": MAX_WEB_SAMPLES,
        },
    )


@pages.get("/cases/{case_id}/runs/fragment", response_class=HTMLResponse)
def case_runs_fragment(request: Request, case_id: str) -> HTMLResponse:
    """The case's runs table alone (the sweeps page refreshes it when a sweep finishes)."""
    get_case(request, case_id)
    return render(request, "_runs_table.html", {"runs": _runs(request, case_id)})


@pages.post("/cases/{case_id}/sweeps", response_class=HTMLResponse)
async def start_sweep_page(request: Request, case_id: str) -> HTMLResponse:
    form = await request.form()
    try:
        body = SweepRequest(
            model=str(form.get("model", "compromise")),
            samples=int(str(form.get("samples", "500"))),
            seed=int(str(form.get("seed", "1"))),
        )
    except ValueError as exc:
        message = (
            str(exc).splitlines()[0]
            if "validation" not in str(exc)
            else (
                "samples must be a whole number from 10 to "
                f"{MAX_WEB_SAMPLES}, the seed a whole number ≥ 0"
            )
        )
        return render(request, "_message.html", {"message": message, "ok": False}, 422)
    try:
        job = _start(request, case_id, body)
    except HTTPException as exc:
        return render(
            request, "_message.html", {"message": exc.detail, "ok": False}, exc.status_code
        )
    return render(request, "_sweep_job.html", {"job": job.to_dict()})


@pages.get("/jobs/{job_id}/events")
async def job_events(request: Request, job_id: str) -> StreamingResponse:
    """Server-sent events: the job's progress until it is complete or failed."""
    job = _job(request, job_id)

    async def stream() -> AsyncIterator[str]:
        last = None
        for _ in range(36_000):  # at most an hour of updates
            state = job.to_dict()
            if state != last:
                yield f"event: progress\ndata: {dumps(state)}\n\n"
                last = state
            if state["status"] in ("complete", "failed") or await request.is_disconnected():
                yield f"event: end\ndata: {dumps(state)}\n\n"
                return
            await asyncio.sleep(0.1)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )


@pages.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request) -> HTMLResponse:
    return render(request, "runs.html", {"runs": _runs(request)})


@pages.get("/runs/compare", response_class=HTMLResponse)
def compare_runs_page(request: Request, a: int, b: int) -> HTMLResponse:
    run_a, run_b = _run(request, a), _run(request, b)
    rows = []
    if run_a["result"] and run_b["result"]:
        by_b = {i["issue"]: i for i in run_b["result"]["issues"]}
        for issue in run_a["result"]["issues"]:
            other = by_b.get(issue["issue"])
            rows.append({"issue": issue["issue"], "a": issue, "b": other})
    return render(request, "run_compare.html", {"a": run_a, "b": run_b, "rows": rows})


@pages.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: int) -> HTMLResponse:
    run = _run(request, run_id)
    return render(request, "run.html", {"run": run, "drivers": _top_drivers(run)})


@pages.post("/runs/{run_id}/resume", response_class=HTMLResponse)
def resume_run_page(request: Request, run_id: int) -> HTMLResponse:
    try:
        job = _resume(request, run_id)
    except HTTPException as exc:
        return render(
            request, "_message.html", {"message": exc.detail, "ok": False}, exc.status_code
        )
    return render(request, "_sweep_job.html", {"job": job.to_dict()})


@pages.get("/runs/{run_id}/fragment", response_class=HTMLResponse)
def run_fragment(request: Request, run_id: int) -> HTMLResponse:
    run = _run(request, run_id)
    return render(request, "_run.html", {"run": run, "drivers": _top_drivers(run)})


def _top_drivers(run: dict[str, Any], per_issue: int = 3) -> dict[str, list[dict[str, Any]]]:
    result = run.get("result") or {}
    out: dict[str, list[dict[str, Any]]] = {}
    for row in result.get("sensitivity", []):
        out.setdefault(row["issue"], []).append(row)
    return {
        issue: sorted(rows, key=lambda r: -abs(r["spearman"] or 0.0))[:per_issue]
        for issue, rows in out.items()
    }


# --- JSON ----------------------------------------------------------------------------------


@api.post("/cases/{case_id}/sweeps")
def post_sweep(request: Request, case_id: str, body: SweepRequest) -> dict[str, Any]:
    """Start a sweep in the background; follow it at ``/api/jobs/{id}``."""
    return _start(request, case_id, body).to_dict()


@api.get("/jobs/{job_id}")
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    """A sweep job's progress, and its run id once it has one."""
    return _job(request, job_id).to_dict()


@api.post("/runs/{run_id}/resume")
def post_resume(request: Request, run_id: int) -> dict[str, Any]:
    """Finish an interrupted sweep run in the background; follow it at ``/api/jobs/{id}``."""
    return _resume(request, run_id).to_dict()


@api.get("/runs")
def list_runs(request: Request) -> list[dict[str, Any]]:
    """The run store's runs, newest first, without their results."""
    return _runs(request)


@api.get("/runs/{run_id}")
def get_run(request: Request, run_id: int) -> dict[str, Any]:
    """One run with its result."""
    return _run(request, run_id)
