"""Time and memory of one ``bdm`` and one ``exchange`` run as cases grow (actors × issues).

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bdm_exchange_scale.py [--quick] [--full]``.

Each size runs in a fresh process on a synthetic case (``benchmarks/forecast.py``'s
``synthetic``, seed 1) and prints wall time, CPU time of the process (the better figure on a
shared machine) and its peak resident memory (which includes about 130 MB of imports).
Default sizes: ``bdm`` 100×10, 300×10, 1000×10 and ``exchange`` 10×10, 50×20; ``--quick``
keeps the smallest of each; ``--full`` adds ``exchange`` 200×50 and ``bdm`` with the
``printed-equations`` variant at 1000×10. ``bdm`` at 10,000 actors is not run: its
pairwise arrays are actors² per issue, and the script prints that footprint instead.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = """
import resource, sys, time
import numpy as np
sys.path.insert(0, {here!r})
from forecast import synthetic
from ontable.forecast.registry import get_model
model, actors, issues = {model!r}, {actors}, {issues}
arrays = synthetic(actors, issues, None, np.random.default_rng(1))
wall, cpu = time.perf_counter(), time.process_time()
result = get_model(model)(arrays, params={params!r} or None, rng=np.random.default_rng(0))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{wall:8.2f}} {{cpu:8.2f}} {{peak:8.0f}} {{result.rounds:6d}}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smallest size of each model")
    parser.add_argument("--full", action="store_true", help="add the slow sizes")
    args = parser.parse_args()
    runs: list[tuple[str, int, int, dict[str, str]]] = [
        ("bdm", 100, 10, {}),
        ("bdm", 300, 10, {}),
        ("bdm", 1000, 10, {}),
        ("exchange", 10, 10, {}),
        ("exchange", 50, 20, {}),
    ]
    if args.quick:
        runs = [runs[0], runs[3]]
    if args.full:
        runs += [("bdm", 1000, 10, {"variant": "printed-equations"}), ("exchange", 200, 50, {})]
    print(
        f"{'model':<10}{'size':>10}{'params':>28}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}{'rounds':>7}"
    )
    for model, actors, issues, params in runs:
        code = CHILD.format(
            here=str(HERE), model=model, actors=actors, issues=issues, params=params
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        shown = done.stdout.strip() or f"failed: {done.stderr.strip().splitlines()[-1:]}"
        label = ",".join(f"{k}={v}" for k, v in params.items()) or "-"
        print(f"{model:<10}{f'{actors}x{issues}':>10}{label:>28} {shown}", flush=True)
    per_row = 20 * 10_000**2 * 8 / 2**30
    print(
        f"bdm at 10,000 actors: about {per_row:.0f} GiB of pairwise arrays per issue row "
        "(about twenty actors² arrays of 8-byte floats); not run"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
