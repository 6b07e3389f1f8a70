"""A synthetic case of any size, and the report's time and peak memory on it.

Run: ``.venv/bin/python benchmarks/large_case.py [--parties N] [--issues M] [--out DIR]
[--measure] [--samples S]``.

:func:`large_case` invents a case with ``parties`` parties and ``issues`` issues (every party a
BATNA and patience, stances with ranges, some stances missing) and two documents whose
provisions touch every issue, so that every section of the report has something to work on.
With ``--out`` the case is written as a case folder; with ``--measure`` the script runs
``ontable report`` on it in a child process and prints the wall time, the child's peak
resident memory and which sections the report skipped for their size. Every figure is
invented: the case says nothing about any real negotiation.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ontable.io import dump_case
from ontable.model import Case, Document, Issue, Party, Stance

SOURCE = ("https://example.org/synthetic",)


def large_case(parties: int = 5, issues: int = 1000, seed: int = 0, gaps: float = 0.1) -> Case:
    """An invented case of ``parties`` × ``issues``; about ``gaps`` of the stances are missing
    (every issue keeps at least one)."""
    rng = np.random.default_rng(seed)

    def around(x: float, half: float, top: float) -> tuple[float, float]:
        return (max(0.0, x - half), min(top, x + half))

    people = []
    for a in range(parties):
        cap, batna = float(rng.integers(5, 95)), float(rng.uniform(0.2, 0.6))
        people.append(
            Party(
                id=f"p{a}",
                name=f"Party {a}",
                capability=cap,
                capability_range=around(cap, 5, 100),
                batna=batna,
                batna_range=around(batna, 0.1, 1),
                patience=float(rng.uniform(0.7, 0.95)),
            )
        )
    stances = []
    for i in range(issues):
        has = rng.random(parties) >= gaps
        has[rng.integers(parties)] = True
        for a in np.flatnonzero(has):
            pos = float(rng.integers(0, 101))
            sal = float(rng.integers(1, 101)) * min(1.0, 100.0 / issues)
            stances.append(
                Stance(
                    party=f"p{a}",
                    issue=f"i{i}",
                    position=pos,
                    position_range=around(pos, 10, 100),
                    salience=round(sal, 4),
                    rationale="synthetic",
                    sources=SOURCE,
                )
            )
    documents = []
    for d in range(2):
        provisions = [
            {
                "id": str(k + 1),
                "summary": f"Provision {k + 1} settles issues {k * 10} to {k * 10 + 9}.",
                "issues": {
                    f"i{i}": float(rng.integers(0, 101)) for i in range(k * 10, k * 10 + 10)
                },
                "sources": SOURCE,
                "obligations": [
                    {
                        "on": [f"p{rng.integers(parties)}"],
                        "action": "carry out the provision",
                        "issue": f"i{k * 10}",
                        "benefits": [f"p{rng.integers(parties)}"],
                        "modality": "binding",
                    }
                ],
            }
            for k in range(max(1, issues // 10))
        ]
        documents.append(
            Document.model_validate(
                {
                    "id": f"draft-{d + 1}",
                    "title": f"Draft {d + 1}",
                    "date": datetime.date(2025, 1, 1 + d).isoformat(),
                    "kind": "proposal",
                    "drafters": [f"p{d % parties}"],
                    "sources": SOURCE,
                    "provisions": provisions,
                }
            )
        )
    return Case(
        id="synthetic-large",
        title=f"Synthetic case, {parties} parties × {issues} issues",
        description="An invented case for size tests; every figure is random.",
        parties=tuple(people),
        issues=tuple(
            Issue(id=f"i{i}", name=f"Issue {i}", low="none", high="all") for i in range(issues)
        ),
        stances=tuple(stances),
        documents=tuple(documents),
    )


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
