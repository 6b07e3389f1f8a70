"""How every forecast model's time and memory grow with actors × issues; writes the table of
``docs/scaling.md``.

Run: ``.venv/bin/python benchmarks/scaling.py [--quick] [--budget SECONDS] [--no-write]``.

Each cell is one run of the model with its default parameters on a random case of that size
(positions and saliences uniform, capabilities 10–100, seed 0): wall time, CPU time, and the
peak of memory allocated during a second run traced with ``tracemalloc`` (numpy's arrays
included). Once a model's run takes more than ``--budget`` seconds of CPU time (default 20;
5 with ``--quick``), its larger sizes are skipped (``—``). The table is printed and, unless
``--no-write``, written between the markers of ``docs/scaling.md`` with the date, the
machine's core count and its load average, since on a shared machine wall time depends on
the load (CPU time less so).
"""

from __future__ import annotations

import argparse
import datetime
import os
import time
import tracemalloc
from pathlib import Path

import numpy as np

from ontable.forecast.registry import available_models, get_model
from ontable.model.arrays import CaseArrays

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "scaling.md"
BEGIN, END = "<!-- scaling table: begin -->", "<!-- scaling table: end -->"
FULL = ((10, 5), (30, 5), (100, 5), (100, 20), (200, 50), (300, 10), (1000, 10))
QUICK = ((10, 5), (30, 5), (100, 5))


def random_case(actors: int, issues: int, seed: int = 0) -> CaseArrays:
    rng = np.random.default_rng(seed)
    nan = np.full(actors, np.nan)
    return CaseArrays(
        tuple(f"p{a}" for a in range(actors)),
        tuple(f"i{i}" for i in range(issues)),
        rng.uniform(0, 100, (actors, issues)),
        rng.uniform(5, 95, (actors, issues)),
        rng.uniform(10, 100, actors),
        nan,
        nan,
        np.full(issues, np.nan),
    )


def measure(model: str, arrays: CaseArrays, trace: bool) -> tuple[float, float, float | None]:
    """Wall and CPU seconds of one run, and (if ``trace``) the peak MB of a traced run."""
    run = get_model(model)
    cpu, start = time.process_time(), time.perf_counter()
    run(arrays, rng=np.random.default_rng(0))
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    if not trace:
        return wall, cpu, None
    tracemalloc.start()
    try:
        run(arrays, rng=np.random.default_rng(0))
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    return wall, cpu, peak


def table(sizes: tuple[tuple[int, int], ...], budget: float) -> str:
    models = available_models()
    lines = [
        "| actors × issues | " + " | ".join(models) + " |",
        "|---|" + "---|" * len(models),
    ]
    over: set[str] = set()
    for actors, issues in sizes:
        arrays = random_case(actors, issues)
        cells = []
        for model in models:
            if model in over:
                cells.append("—")
                continue
            wall, cpu, peak = measure(model, arrays, trace=True)
            if cpu > budget:
                over.add(model)
            memory = f", {peak:.0f} MB" if peak is not None and peak >= 1 else ", < 1 MB"
            cells.append(f"{wall:.2f} s (CPU {cpu:.2f} s){memory}")
            print(f"{model:<11} {actors:>5} × {issues:<3} {cells[-1]}", flush=True)
        lines.append(f"| {actors} × {issues} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--budget", type=float, default=None, help="seconds per run")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    budget = args.budget if args.budget is not None else (5.0 if args.quick else 20.0)
    body = table(QUICK if args.quick else FULL, budget)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    stamp = (
        f"Measured {datetime.date.today().isoformat()} by `benchmarks/scaling.py"
        f"{' --quick' if args.quick else ''}` on {os.cpu_count()} cores, load average {load}; "
        "each cell: wall time (CPU time), peak memory allocated during the run."
    )
    print(f"\n{stamp}\n\n{body}")
    if args.no_write:
        return
    text = DOC.read_text()
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{BEGIN}\n{stamp}\n\n{body}\n{END}{tail}")
    print(f"\nwrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
