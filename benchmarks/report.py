"""Size and speed of ``ontable report`` on the built-in case with the default sweep size.

Run: ``.venv/bin/python benchmarks/report.py [--case ukraine-2025] [--samples 1000]
[--workers 2] [--stages]``. It times the real command (a subprocess, as ``make run`` calls
it: process pool, every available model) and reports the file size. With ``--stages`` it also
builds the report in this process, serially and on a process pool, and times each stage and
the HTML rendering, with the pool's speed-up over serial (the peer measured in the same run).
Targets: the HTML file at most 3 MB, the command at most 10 s on 2 cores. The load average
is printed because other processes on a shared machine slow every figure. With ``--widths``
it also opens the file in headless Chromium at 1400 and 390 px and prints the document's
width at each (it must not exceed the window: no sideways scroll).
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ontable.io import load_case
from ontable.report import ReportOptions, build_report, render_html
from ontable.report.build import DEFAULT_SAMPLES
from ontable.sweep import open_executor

SIZE_TARGET_MB = 3.0
TIME_TARGET_S = 10.0


def command(case: str, samples: int, widths: bool = False) -> tuple[float, float]:
    """Wall time (s) of the real ``ontable report`` command and the file's size (MB); prints
    the command's CPU time too, which other processes on the machine inflate far less."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "ontable", "report", case, "-o", str(out), "-n", str(samples)],
            check=True,
            capture_output=True,
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"ontable report: CPU time {cpu:.1f} s (user + system, the command's processes)")
        if widths:
            page_widths(out)
        return elapsed, out.stat().st_size / 1e6


def page_widths(path: Path) -> None:
    """The report's document width in headless Chromium at 1400 and 390 px."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        for width in (1400, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(path.as_uri())
            page.wait_for_function("document.body.dataset.charts === 'done'", timeout=120_000)
            doc = page.evaluate("document.documentElement.scrollWidth")
            tall = page.evaluate("document.documentElement.scrollHeight")
            print(f"window {width} px: document {doc} px wide, {tall} px tall")
            page.close()
        browser.close()


def stages(case_name: str, samples: int, workers: int) -> None:
    """Stage times of an in-process build, serial and on a pool."""
    case = load_case(case_name)
    for kind in ("serial", "process"):
        marks: list[tuple[str, float]] = []

        def mark(stage: str, marks: list[tuple[str, float]] = marks) -> None:
            marks.append((stage, time.perf_counter()))

        start = time.perf_counter()
        with open_executor(kind, workers=workers) as pool:
            report = build_report(case, ReportOptions(samples=samples), mark, pool)
        built = time.perf_counter()
        html = render_html(report)
        rendered = time.perf_counter()
        print(
            f"\n{kind}: build {built - start:.1f} s, render {rendered - built:.1f} s, "
            f"{len(html) / 1e6:.2f} MB"
        )
        stamps = [*marks, ("end", built)]
        for (name, t0), (_, t1) in itertools.pairwise(stamps):
            if t1 - t0 >= 0.2:
                print(f"  {name:<40} {t1 - t0:6.2f} s")
        if kind == "serial":
            serial = built - start
        else:
            print(f"  pool speed-up over serial (build): {serial / (built - start):.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="ukraine-2025")
    parser.add_argument("--samples", type=int, default=DEFAULT_SAMPLES)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stages", action="store_true")
    parser.add_argument("--widths", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"case {args.case}, {args.samples} samples, {os.cpu_count()} cores, load {load:.1f}")
    elapsed, size = command(args.case, args.samples, args.widths)
    print(
        f"ontable report: {elapsed:.1f} s (target ≤ {TIME_TARGET_S:g} s, "
        f"{elapsed / TIME_TARGET_S:.2f} of it); {size:.2f} MB (target ≤ {SIZE_TARGET_MB:g} MB, "
        f"{size / SIZE_TARGET_MB:.2f} of it)"
    )
    if args.stages:
        stages(args.case, args.samples, args.workers)


if __name__ == "__main__":
    main()
