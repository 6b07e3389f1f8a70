"""Sweeps started from the web app: run in a background thread, watched through progress.

Each job plans a sweep, records it in the run store and runs it there, or resumes an
interrupted run (the library's ``ontable.sweep.record``, the same path as ``ontable sweep``);
the page follows its progress over server-sent events.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ontable.model import Case

if TYPE_CHECKING:
    from ontable.sweep import ExecutorKind, SweepPlan


@dataclass
class SweepJob:
    """A sweep started from the web: its progress and, when done, its run id or error."""

    id: str
    case_id: str
    model: str
    samples: int
    seed: int
    done: int = 0
    total: int = 0
    status: str = "starting"
    run_id: int | None = None
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def to_dict(self) -> dict[str, Any]:
        with self.lock:
            return {
                "id": self.id,
                "case_id": self.case_id,
                "model": self.model,
                "samples": self.samples,
                "seed": self.seed,
                "done": self.done,
                "total": self.total,
                "status": self.status,
                "run_id": self.run_id,
                "error": self.error,
            }


class JobBoard:
    """The sweeps this app has started (bounded: a few at a time)."""

    def __init__(self, store_path: Path, executor: str = "serial", max_running: int = 2):
        from ontable.sweep.executors import executor_kind

        self.store_path = store_path
        self.executor: ExecutorKind = executor_kind(executor)
        self.max_running = max_running
        self.jobs: dict[str, SweepJob] = {}
        self._lock = threading.Lock()

    def running(self) -> int:
        return sum(1 for j in self.jobs.values() if j.status in ("starting", "running"))

    def start(self, case: Case, case_ref: str, *, model: str, samples: int, seed: int) -> SweepJob:
        """Plan the sweep (errors raise here, before anything runs) and start it in a thread."""
        from ontable.sweep import plan_sweep

        plan = plan_sweep(case, model=model, samples=samples, seed=seed)
        job = self._new_job(case, plan)
        self._launch(job, self._run, case, case_ref, plan)
        return job

    def resume(self, case: Case, run_id: int) -> SweepJob:
        """Finish an interrupted sweep run of ``case`` (errors raise here) in a thread.

        Raises ``ResumeError`` (an ``OntableError``) when the run is not a sweep of this case
        as it is now, and the store's own error for an unknown run.
        """
        from ontable.store import RunStore
        from ontable.sweep.record import recorded_plan

        with RunStore(self.store_path) as store:
            plan = recorded_plan(store, run_id, case)
        job = self._new_job(case, plan)
        job.run_id = run_id
        self._launch(job, self._resume, case, run_id)
        return job

    def _new_job(self, case: Case, plan: SweepPlan) -> SweepJob:
        with self._lock:
            if self.running() >= self.max_running:
                raise RuntimeError(
                    f"{self.max_running} sweeps are already running; wait for one to finish"
                )
            job = SweepJob(
                secrets.token_hex(8),
                case.id,
                plan.model,
                plan.samples,
                plan.seed,
                total=plan.samples,
            )
            self.jobs[job.id] = job
        return job

    def _launch(self, job: SweepJob, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(
            target=target, args=(job, *args), daemon=True, name=f"sweep-{job.id}"
        )
        thread.start()

    @staticmethod
    def _progress(job: SweepJob) -> Callable[[int, int], None]:
        def progress(done: int, total: int) -> None:
            with job.lock:
                job.done, job.total, job.status = done, total, "running"

        return progress

    def _run(self, job: SweepJob, case: Case, case_ref: str, plan: SweepPlan) -> None:
        from ontable.store import RunStore
        from ontable.sweep import open_executor
        from ontable.sweep.record import execute_sweep_run, start_sweep_run

        try:
            with RunStore(self.store_path) as store:
                run_id = start_sweep_run(store, case, plan, case_ref=case_ref)
                with job.lock:
                    job.run_id = run_id
                with open_executor(self.executor) as pool:
                    execute_sweep_run(store, run_id, plan, pool, progress=self._progress(job))
            with job.lock:
                job.status = "complete"
        except Exception as exc:
            with job.lock:
                job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"

    def _resume(self, job: SweepJob, case: Case, run_id: int) -> None:
        from ontable.store import RunStore
        from ontable.sweep import open_executor
        from ontable.sweep.record import resume_sweep

        try:
            with RunStore(self.store_path) as store, open_executor(self.executor) as pool:
                resume_sweep(store, run_id, case, pool, progress=self._progress(job))
            with job.lock:
                job.status = "complete"
        except Exception as exc:
            with job.lock:
                job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
