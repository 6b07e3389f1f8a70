"""Speed of sweeps: samples per second by model, case and executor, and the parallel speed-up.

Run: ``.venv/bin/python benchmarks/sweep.py [--samples N] [--workers W] [--models m1,m2]
[--budget SECONDS] [--time-budget SECONDS]``. For each available model it sweeps the built-in case (or
``tests/data/mini`` while the built-in case has no stances) and a synthetic case of 50 actors
× 20 issues with ranges on every input, on the serial executor, a process pool and a Dask
LocalCluster (both with ``W`` workers, default all cores). Pool and cluster are timed twice:
"cold" includes starting them, "warm" reuses a started one (what a long sweep sees). A model
whose serial sweep would exceed the budget is timed on fewer samples (marked ``*``); a model
whose serial sweep took under a second is timed again on ``--large`` samples (default
100,000, marked ``+``; within the budget; serially and on the pool only), as its short sweep is
mostly the pool's fixed costs;
once ``--time-budget`` seconds are spent, the rows left are skipped (the built-in case's come
first). The target: the warm process pool reaches at least 1.7× serial on 2 cores. Each row
gives its chunk size (``default_chunk_size`` unless ``--chunk-size``).

Serial and warm-pool times are the best of ``--repeat`` runs taken in turn (one run for a
model whose serial sweep takes over 10 s). Beside the ratios the CPU split is printed, since
on a shared machine wall-clock ratios are noisy: ``parent`` is this process's CPU time in the
serial run outside the tasks (adding up the chunks' summaries, ranking the outcomes,
quantiles, sending out the second round), ``tasks`` the tasks' own CPU time (the chunks and
the second round's rank products, measured in the thread that ran each), ``bound`` the
speed-up Amdahl's law allows with ``W`` workers when all of the parent's share is serial,
``(P + T) / (P + T / W)``, and ``pool parent`` and ``pool tasks`` the same two in the warm
pool run (the parent's share there adds sending tasks and receiving results; the tasks'
share grows when workers slow each other down, e.g. sharing a memory bus). On Linux with
autogroup scheduling (printed in the header) a saturated machine gives each session an equal
share of the CPU however many processes it runs, so there a pool cannot beat serial: only
the CPU split is meaningful then.

The pool's rows send every chunk to the pool (``run_sweep(..., serial_below=None)``).
``default ×`` times the pool as ``run_sweep`` uses it by default, where a sweep with less
than ``SERIAL_BELOW`` seconds of work runs in the calling process (measured for rows whose
serial run took under four times that). ``--timeline`` prints, after each row, when the
best serial and warm pool runs got their first and last chunk, the ranks, the second round's
first and last task and the summary (milliseconds from the start).
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from synthetic import synthetic_case

from ontable.forecast.registry import available_models
from ontable.io import load_case
from ontable.model import Case
from ontable.sweep import (
    SERIAL_BELOW,
    SerialExecutor,
    SweepPlan,
    SweepResult,
    default_chunk_size,
    open_executor,
    plan_sweep,
    run_sweep,
)
from ontable.sweep.executors import default_workers
from ontable.sweep.run import SweepTimings

ROOT = Path(__file__).resolve().parents[1]


def builtin_or_mini() -> Case:
    case = load_case("ukraine-2025")
    return case if case.stances else load_case(ROOT / "tests" / "data" / "mini")


@dataclass(frozen=True)
class Run:
    """One sweep's wall time, this process's CPU time outside the chunks it ran itself, and
    the chunks' CPU time (wherever they ran)."""

    seconds: float
    parent_cpu: float
    task_cpu: float
    events: tuple[tuple[str, float], ...] = ()

    def timeline(self) -> str:
        """Milliseconds from the start to the first and last chunk, the ranks, the second
        round's first and last task and the summary."""
        if not self.events:
            return "no timeline"
        t0 = self.events[0][1]
        chunks = [t for what, t in self.events if what.startswith("chunk")]
        ranks = [t for what, t in self.events if what == "rank products"]
        ranked, summarised = dict(self.events)["ranked"], dict(self.events)["summarised"]
        parts = [
            ("first chunk", chunks[0]),
            ("last chunk", chunks[-1]),
            ("ranked", ranked),
            ("second round", ranks[0]),
            ("to", ranks[-1]),
            ("summarised", summarised),
        ]
        return " · ".join(f"{label} {1e3 * (t - t0):.0f}" for label, t in parts)


def sweep_once(
    plan: SweepPlan, executor: Executor | None = None, serial_below: float | None = None
) -> tuple[Run, SweepResult]:
    """One timed sweep; with a pool every chunk goes to the pool unless ``serial_below``."""
    timings = SweepTimings()
    here = executor is None or isinstance(executor, SerialExecutor)
    start, cpu = time.perf_counter(), time.process_time()
    result = run_sweep(plan, executor, timings=timings, serial_below=serial_below)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    tasks = timings.chunks + timings.ranks
    run = Run(seconds, cpu - tasks if here else cpu, tasks, tuple(timings.events))
    return run, result


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.seconds)


def timed(
    plan: SweepPlan, kind: str, workers: int, repeat: int, default: bool = False
) -> tuple[float, Run, Run, SweepResult, Run | None]:
    """(cold seconds, best warm run, best serial run, result, best default run) of one sweep
    on an executor kind; serial runs alternate with the warm runs so that both see the same
    load. The warm runs send every chunk to the executor; with ``default`` a pool is also
    timed as ``run_sweep`` uses it by default (a small sweep runs here, ``SERIAL_BELOW``)."""
    start = time.perf_counter()
    serial: list[Run] = []
    defaults: list[Run] = []
    with open_executor(kind, workers=workers) as executor:  # type: ignore[arg-type]
        result = run_sweep(plan, executor, serial_below=None)
        cold = time.perf_counter() - start
        warm: list[Run] = []
        for _ in range(repeat):
            if kind == "process":
                serial.append(sweep_once(plan)[0])
            run, again = sweep_once(plan, executor)
            warm.append(run)
            assert np.array_equal(result.outcomes, again.outcomes)
            assert np.array_equal(result.spearman, again.spearman, equal_nan=True)
            if default:
                run, again = sweep_once(plan, executor, SERIAL_BELOW)
                defaults.append(run)
                assert np.array_equal(result.first_order, again.first_order, equal_nan=True)
    return (
        cold,
        best(warm),
        best(serial) if serial else warm[0],
        result,
        best(defaults) if defaults else None,
    )


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


LARGE_BELOW = 1.0
"""Serial seconds under which a model's sweep is timed again on ``--large`` samples: a sweep
that short is mostly the pool's fixed costs (and ``run_sweep`` runs one under
``SERIAL_BELOW`` here by default)."""


def amdahl(parent: float, chunks: float, workers: int) -> float:
    """The speed-up ``workers`` allow when the parent's share is serial."""
    return (parent + chunks) / (parent + chunks / workers)


def row(
    case: Case,
    model: str,
    samples: int,
    mark: str,
    per_sample: float,
    args: argparse.Namespace,
    dask: bool = True,
) -> float:
    """Time one sweep of ``samples`` serially, on the pool and (``dask``, unless
    ``--no-dask``) on Dask; print its row and return the serial seconds."""
    repeat = args.repeat if per_sample * samples < 10 else 1
    chunk = args.chunk_size or default_chunk_size(samples)
    chunk = min(chunk, max(1, samples // (4 * args.workers)))
    plan = plan_sweep(case, model=model, samples=samples, seed=7, chunk_size=chunk)
    serial_run, serial = sweep_once(plan)
    small = serial_run.seconds < 4 * SERIAL_BELOW
    p_cold, p_warm, s_best, pooled, p_default = timed(plan, "process", args.workers, repeat, small)
    s_best = best([serial_run, s_best])
    if args.no_dask or not dask:
        d_cold, d_warm, dasked = float("nan"), Run(float("nan"), 0, 0), pooled
    else:
        d_cold, d_warm, _, dasked, _ = timed(plan, "dask", args.workers, 1)
    assert np.array_equal(serial.outcomes, pooled.outcomes)
    assert np.array_equal(serial.outcomes, dasked.outcomes)
    assert np.array_equal(serial.spearman, dasked.spearman, equal_nan=True)
    assert np.array_equal(serial.first_order, pooled.first_order, equal_nan=True)
    t_serial = s_best.seconds
    print(
        f"{model:<11}{case.id:<12}{f'{samples}{mark}':>9}{plan.chunk_size:>7}"
        f"{samples / t_serial:>10.0f}{samples / p_warm.seconds:>11.0f}"
        f"{samples / p_cold:>8.0f}{samples / d_warm.seconds:>9.0f}"
        f"{samples / d_cold:>8.0f}"
        f"{t_serial / p_warm.seconds:>8.2f}{t_serial / d_warm.seconds:>8.2f}"
        f"{s_best.parent_cpu:>10.3f}{s_best.task_cpu:>10.3f}"
        f"{amdahl(s_best.parent_cpu, s_best.task_cpu, args.workers):>9.2f}"
        f"{p_warm.parent_cpu:>15.3f}{p_warm.task_cpu:>14.3f}"
        + (f"{t_serial / p_default.seconds:>11.2f}" if p_default else f"{'-':>11}"),
        flush=True,
    )
    if args.timeline:
        print(f"    serial ms: {s_best.timeline()}")
        print(f"    pool ms:   {p_warm.timeline()}", flush=True)
    return t_serial


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--models", default=",".join(available_models()))
    parser.add_argument("--budget", type=float, default=40.0, help="serial seconds per sweep")
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=None,
        help="samples per chunk (default: the plan's, default_chunk_size)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best taken)")
    parser.add_argument(
        "--cases", default="builtin,synthetic", help="builtin, synthetic or both (comma)"
    )
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask cluster")
    parser.add_argument(
        "--large",
        type=int,
        default=100_000,
        help=f"samples of a second row for models whose serial sweep took under {LARGE_BELOW} s "
        "(0: none)",
    )
    parser.add_argument(
        "--timeline",
        action="store_true",
        help="after each row, the best serial and warm pool runs' steps in milliseconds",
    )
    parser.add_argument(
        "--time-budget",
        type=float,
        default=None,
        help="wall seconds for the whole script: once spent, the rows left are skipped",
    )
    args = parser.parse_args()
    began = time.perf_counter()
    wanted = args.cases.split(",")
    cases = [
        c
        for name, c in (("builtin", builtin_or_mini), ("synthetic", synthetic_case))
        if name in wanted
        for c in [c()]
    ]
    print(
        f"workers {args.workers} · chunk size {args.chunk_size or 'default'} · target samples "
        f"{args.samples} · load average {_read('/proc/loadavg').split()[0]} · autogroup "
        f"{_read('/proc/sys/kernel/sched_autogroup_enabled') or 'unknown'}"
    )
    header = (
        f"{'model':<11}{'case':<12}{'samples':>9}{'chunk':>7}{'serial/s':>10}{'process/s':>11}"
        f"{'(cold)':>8}{'dask/s':>9}{'(cold)':>8}{'pool ×':>8}{'dask ×':>8}"
        f"{'parent s':>10}{'tasks s':>10}{'bound ×':>9}{'pool parent s':>15}{'pool tasks s':>14}"
    )
    print(header)
    print("-" * len(header))
    for case in cases:  # the built-in case's rows first: they carry the targets
        for model in args.models.split(","):
            spent = time.perf_counter() - began
            if args.time_budget is not None and spent > args.time_budget:
                print(f"{model:<11}{case.id:<12}   skipped: {spent:.0f} s of the time budget spent")
                continue
            probe = plan_sweep(
                case,
                model=model,
                samples=min(100, args.samples),
                seed=1,
                chunk_size=args.chunk_size,
            )
            run_sweep(probe)  # the first sweep of a model loads it
            start = time.perf_counter()
            run_sweep(probe)
            per_sample = (time.perf_counter() - start) / probe.samples
            samples = args.samples
            mark = ""
            if per_sample * samples > args.budget:
                samples = max(2 * args.workers * 50, int(args.budget / per_sample))
                mark = "*"
            t_serial = row(case, model, samples, mark, per_sample, args)
            if (
                args.large > samples
                and t_serial < LARGE_BELOW
                and per_sample * args.large <= args.budget
            ):
                row(case, model, args.large, "+", per_sample, args, dask=False)
    print(
        "× = serial time / warm parallel time (best of the runs; same seed; results checked "
        "identical); parent, tasks = CPU seconds of the best serial run; bound = Amdahl's "
        "speed-up for the workers with the parent's share serial; default × = serial time / "
        "the pool as run_sweep uses it by default (a sweep under SERIAL_BELOW seconds of "
        "work runs here; timed when the serial run took under 4 × SERIAL_BELOW); * = fewer "
        "samples to fit the budget; + = the model again on --large samples"
    )


if __name__ == "__main__":
    main()
