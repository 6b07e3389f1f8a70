"""Run every benchmark in turn (``make bench``); each prints its figures and peer ratios.

    .venv/bin/python benchmarks/run_all.py [--quick]

``--quick`` passes each benchmark's small setting where it has one. KTAB's ``smpc`` is used
when ``KTAB_BUILD`` names its build folder (see ``benchmarks/smp_vs_ktab.py``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller, faster settings")
    args = parser.parse_args()
    runs: list[list[str]] = [
        ["forecast.py", *(["--quick"] if args.quick else [])],
        [
            "bargaining.py",
            "--cap",
            "60" if args.quick else "120",
            *(["--quick"] if args.quick else []),
        ],
        ["sweep.py", *(["--budget", "20"] if args.quick else [])],
        ["report.py"],
        ["web_load.py", "--seconds", "10" if args.quick else "30"],
        ["startup.py", "--runs", "3" if args.quick else "5"],
        ["scaling.py", *(["--quick"] if args.quick else [])],
    ]
    ktab = os.environ.get("KTAB_BUILD")
    runs.append(
        [
            "smp_vs_ktab.py",
            *(["--ktab", ktab] if ktab else []),
            *(["--repeats", "1", "--samples", "50"] if args.quick else []),
        ]
    )
    failed = 0
    for script, *rest in runs:
        print(f"\n=== {script} {' '.join(rest)}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / script), *rest])
        print(f"=== {script}: exit {code}, {time.perf_counter() - start:.1f} s", flush=True)
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
