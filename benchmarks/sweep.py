"""Speed of sweeps: samples per second by model, case and executor, and the parallel speed-up.

Run: ``.venv/bin/python benchmarks/sweep.py [--samples N] [--workers W] [--models m1,m2]
[--budget SECONDS]``. For each available model it sweeps the built-in case (or
``tests/data/mini`` while the built-in case has no stances) and a synthetic case of 50 actors
× 20 issues with ranges on every input, on the serial executor, a process pool and a Dask
LocalCluster (both with ``W`` workers, default all cores). Pool and cluster are timed twice:
"cold" includes starting them, "warm" reuses a started one (what a long sweep sees). A model
whose serial sweep would exceed the budget is timed on fewer samples (marked ``*``). The
target: the warm process pool reaches at least 1.7× serial on 2 cores from 10,000 samples.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from synthetic import synthetic_case

from ontable.forecast.registry import available_models
from ontable.io import load_case
from ontable.model import Case
from ontable.sweep import (
    DEFAULT_CHUNK_SIZE,
    SweepPlan,
    SweepResult,
    open_executor,
    plan_sweep,
    run_sweep,
)
from ontable.sweep.executors import default_workers

ROOT = Path(__file__).resolve().parents[1]


def builtin_or_mini() -> Case:
    case = load_case("ukraine-2025")
    return case if case.stances else load_case(ROOT / "tests" / "data" / "mini")


def timed(plan: SweepPlan, kind: str, workers: int) -> tuple[float, float, SweepResult]:
    """(cold seconds, warm seconds, result) of one sweep on an executor kind."""
    start = time.perf_counter()
    with open_executor(kind, workers=workers) as executor:  # type: ignore[arg-type]
        result = run_sweep(plan, executor)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        again = run_sweep(plan, executor)
        warm = time.perf_counter() - start
    assert np.array_equal(result.outcomes, again.outcomes)
    return cold, warm, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--models", default=",".join(available_models()))
    parser.add_argument("--budget", type=float, default=40.0, help="serial seconds per sweep")
    parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE)
    args = parser.parse_args()
    cases = [builtin_or_mini(), synthetic_case()]
    print(
        f"workers {args.workers} · chunk size {args.chunk_size} · target samples "
        f"{args.samples} · load average {Path('/proc/loadavg').read_text().split()[0]}"
    )
    header = (
        f"{'model':<11}{'case':<12}{'samples':>9}{'serial/s':>11}{'process/s':>11}"
        f"{'(cold)':>9}{'dask/s':>10}{'(cold)':>9}{'pool ×':>8}{'dask ×':>8}"
    )
    print(header)
    print("-" * len(header))
    for model in args.models.split(","):
        for case in cases:
            probe = plan_sweep(
                case,
                model=model,
                samples=min(20, args.samples),
                seed=1,
                chunk_size=args.chunk_size,
            )
            start = time.perf_counter()
            run_sweep(probe)
            per_sample = (time.perf_counter() - start) / probe.samples
            samples = args.samples
            mark = ""
            if per_sample * samples > args.budget:
                samples = max(2 * args.workers * 50, int(args.budget / per_sample))
                mark = "*"
            chunk = min(args.chunk_size, max(1, samples // (4 * args.workers)))
            plan = plan_sweep(case, model=model, samples=samples, seed=7, chunk_size=chunk)
            start = time.perf_counter()
            serial = run_sweep(plan)
            t_serial = time.perf_counter() - start
            p_cold, p_warm, pooled = timed(plan, "process", args.workers)
            d_cold, d_warm, dasked = timed(plan, "dask", args.workers)
            assert np.array_equal(serial.outcomes, pooled.outcomes)
            assert np.array_equal(serial.outcomes, dasked.outcomes)
            print(
                f"{model:<11}{case.id:<12}{f'{samples}{mark}':>9}"
                f"{samples / t_serial:>11.0f}{samples / p_warm:>11.0f}{samples / p_cold:>9.0f}"
                f"{samples / d_warm:>10.0f}{samples / d_cold:>9.0f}"
                f"{t_serial / p_warm:>8.2f}{t_serial / d_warm:>8.2f}",
                flush=True,
            )
    print("× = serial time / warm parallel time (same seed; results checked identical)")


if __name__ == "__main__":
    main()
