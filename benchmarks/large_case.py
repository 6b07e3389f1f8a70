"""A synthetic case of any size, and the report's time and peak memory on it.

Run: ``.venv/bin/python benchmarks/large_case.py [--parties N] [--issues M] [--out DIR]
[--measure] [--samples S]``.

:func:`large_case` invents a case (``benchmarks/synthetic.py``) with ``parties`` parties and
``issues`` issues (every party a BATNA and patience, stances with ranges, some stances
missing) and two documents whose provisions touch every issue, so that every section of the report has something to work on.
With ``--out`` the case is written as a case folder; with ``--measure`` the script runs
``ontable report`` on it in a child process and prints the wall time, the child's peak
resident memory and which sections the report skipped for their size. Every figure is
invented: the case says nothing about any real negotiation.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ontable.io import dump_case
from ontable.model import Case

# the shared generator beside this script, also when a test loads the script by its path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import synthetic_case


def large_case(parties: int = 5, issues: int = 1000, seed: int = 0, gaps: float = 0.1) -> Case:
    """An invented case of ``parties`` × ``issues`` with two drafts; about ``gaps`` of the
    stances are missing (every issue keeps at least one)."""
    return synthetic_case(parties, issues, seed, gaps=gaps, documents=2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=5)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write the case folder here")
    parser.add_argument("--measure", action="store_true", help="time `ontable report` on it")
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    case = large_case(args.parties, args.issues, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp) / "case"
        dump_case(case, folder)
        print(f"{case.title}: {len(case.stances)} stances, written to {folder.name}/")
        if not args.measure:
            return
        out = Path(tmp) / "report.html"
        command = [sys.executable, "-m", "ontable", "report", str(folder), "-o", str(out)]
        command += ["--samples", str(args.samples), "--no-record"]
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ))
        wall = time.perf_counter() - start
        child = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu, peak = child.ru_utime + child.ru_stime, child.ru_maxrss / 1024
        print(
            f"exit {proc.returncode}; {wall:.1f} s wall, {cpu:.1f} s CPU; "
            f"peak resident memory {peak:.0f} MB"
        )
        print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        if proc.returncode != 0:
            print(proc.stderr[-2000:])
            return
        html = out.read_text(encoding="utf-8")
        skipped = html.count("skipped for its size")
        print(f"report: {len(html) / 1e6:.1f} MB; notes of skipped engines: {skipped}")


if __name__ == "__main__":
    main()
