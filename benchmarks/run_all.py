"""Run every benchmark in turn within a time budget (``make bench``); each prints its figures
and peer ratios, and ``scaling.py`` writes the table of ``docs/scaling.md``.

    .venv/bin/python benchmarks/run_all.py [--quick] [--budget SECONDS]

Every benchmark has a time budget (in :func:`steps`, in seconds; they add up to less than the
whole) and the run as a whole has one (``--budget``; 540 s, or 240 s with ``--quick``). A
benchmark that takes a budget (``scaling.py``, ``smp_vs_ktab.py``, ``forecast.py``) is given
the smaller of its own and the time left, and sizes its work to fit; the others run small
fixed settings. A benchmark still running at its budget plus a margin (or when the overall
budget is spent) is stopped with all its child processes, and the summary says so (the run
still succeeds; a benchmark that fails makes it fail). The summary gives each benchmark's
time, status and the total. KTAB's ``smpc`` is used when ``KTAB_BUILD`` names its build
folder (see ``benchmarks/smp_vs_ktab.py``); without it the spatial model is timed alone.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUDGET, QUICK_BUDGET = 540.0, 240.0  # seconds for a full and a quick run
KTAB_SCENARIOS = ("dummyData_3Dim", "SOE-Pol-Comp", "dummyData-a040", "dummyData-a080")


@dataclass(frozen=True)
class Step:
    """One benchmark: its script, arguments (``{budget}`` is filled in) and budget (s)."""

    script: str
    args: tuple[str, ...]
    budget: float


def steps(quick: bool, ktab: str | None) -> list[Step]:
    """The benchmarks of a full or quick run, cheapest and most wanted first."""
    peer = ("--ktab", ktab) if ktab else ()
    if quick:
        return [
            Step("startup.py", ("--runs", "3"), 15),
            Step("scaling.py", ("--quick", "--budget", "{budget}"), 50),
            Step("smp_vs_ktab.py", (*peer, "--repeats", "1", "--samples", "50"), 30),
            Step("forecast.py", ("--quick", "--time-budget", "{budget}"), 25),
            Step("bargaining.py", ("--cap", "10", "--quick"), 30),
            Step(
                "sweep.py",
                (
                    *("--models", "bdm", "--samples", "2000", "--budget", "1", "--repeat", "1"),
                    *("--time-budget", "{budget}"),
                ),
                45,
            ),
            Step("report.py", (), 30),
            Step("web_load.py", ("--seconds", "5"), 15),
        ]
    if ktab:  # the small scenarios and the 40 and 80 actors, median of 3 where it fits
        kt = ("--only", *KTAB_SCENARIOS, "--repeats", "3", "--budget", "{budget}")
    else:  # ontable alone on the scenarios that ship in the repository
        kt = ("--repeats", "3", "--budget", "{budget}")
    return [
        Step("startup.py", ("--runs", "5"), 15),
        Step("scaling.py", ("--budget", "{budget}"), 130),
        Step("smp_vs_ktab.py", (*peer, *kt), 110 if ktab else 30),
        Step("forecast.py", ("--time-budget", "{budget}"), 50),
        Step("bargaining.py", ("--cap", "20"), 45),
        Step(
            "sweep.py",
            ("--samples", "10000", "--budget", "6", "--repeat", "2", "--time-budget", "{budget}"),
            130,
        ),
        Step("report.py", (), 30),
        Step("web_load.py", ("--seconds", "8"), 20),
    ]


def run(step: Step, left: float) -> tuple[float, str]:
    """Run one benchmark in its own process group; (seconds, status)."""
    given = max(1.0, min(step.budget, left))
    args = [a.replace("{budget}", f"{given:.0f}") for a in step.args]
    shown = " ".join(a if not os.path.isabs(a) else "…" for a in args)
    print(f"\n=== {step.script} {shown}  (budget {given:.0f} s)", flush=True)
    limit = min(given * 1.15 + 10, left)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / step.script), *args], start_new_session=True
    )
    try:
        code = proc.wait(timeout=max(1.0, limit))
        status = "ok" if code == 0 else f"exit {code}"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the script and every process it started
        proc.wait()
        status = f"stopped at {limit:.0f} s"
    seconds = time.perf_counter() - start
    print(f"=== {step.script}: {status}, {seconds:.1f} s", flush=True)
    return seconds, status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller, faster settings")
    parser.add_argument("--budget", type=float, default=None, help="seconds for the whole run")
    args = parser.parse_args(argv)
    budget = args.budget if args.budget is not None else (QUICK_BUDGET if args.quick else BUDGET)
    ktab = os.environ.get("KTAB_BUILD") or None
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{'quick' if args.quick else 'full'} run, budget {budget:.0f} s, {os.cpu_count()} "
        f"cores, load average {load}; KTAB {'given' if ktab else 'not given (KTAB_BUILD)'}"
    )
    start = time.perf_counter()
    done: list[tuple[Step, float, str]] = []
    for step in steps(args.quick, ktab):
        left = budget - (time.perf_counter() - start)
        if left < 5:
            done.append((step, 0.0, "not run: budget spent"))
            continue
        seconds, status = run(step, left)
        done.append((step, seconds, status))
    total = time.perf_counter() - start
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{'benchmark':<18}{'budget s':>9}{'time s':>9}  status")
    for step, seconds, status in done:
        print(f"{step.script:<18}{step.budget:>9.0f}{seconds:>9.1f}  {status}")
    print(f"{'total':<18}{budget:>9.0f}{total:>9.1f}  (load average now {load})")
    cut = [step.script for step, _, status in done if status != "ok" and "exit" not in status]
    if cut:
        print(f"over budget (figures incomplete): {', '.join(cut)}")
    return 0 if not any("exit" in status for _, _, status in done) else 1


if __name__ == "__main__":
    raise SystemExit(main())
