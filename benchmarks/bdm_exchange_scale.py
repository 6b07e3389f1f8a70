"""Time and memory of one ``bdm`` and one ``exchange`` run as cases grow (actors × issues).

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bdm_exchange_scale.py [--quick] [--full]``.

Each size runs in a fresh process on a synthetic case (``benchmarks/synthetic.py``'s
``random_arrays``, seed 1): positions in whole points (many actors share one) or, marked
"distinct", unrounded (no two actors share a position, the slowest case for ``bdm``). The process first makes a warm-up call on a tiny case, which compiles
(or loads from numba's cache) any compiled kernel; its wall time is shown as "warm-up s".
Then it times the run and prints wall time, CPU time of the process (the better figure on a
shared machine; it adds up every thread), the peak resident memory of the process (imports,
numba and its compiler included) and "run MB", how much the timed run raised that peak.
Default sizes: ``bdm`` 100×10, 300×10, 1000×10 (both variants, whole and distinct
positions) and ``exchange`` 10×10,
50×20; ``--quick`` keeps the smallest of each; ``--full`` adds ``exchange`` 200×50 and
``bdm`` at 10,000×10 for one round (its memory is that of a full run; a full run of ten
rounds takes about ten times its time). ``--size exchange:1000x10`` (repeatable) times only
the sizes given; ``--size bdm:1000x10:distinct:printed-equations`` adds distinct positions
and a ``bdm`` variant.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

WARM_UP = {"bdm": (8, 400), "exchange": (30, 10)}
"""Actors × issues of each model's warm-up call: small, but large enough that the compiled
kernels are taken (and compiled) when numba is installed (for ``exchange``, 20,000
candidates: 30 actors × 10 issues have 39,150)."""

CHILD = """
import resource, sys, time
import numpy as np
sys.path.insert(0, {here!r})
from synthetic import random_arrays as synthetic
from ontable.forecast.registry import get_model
model, actors, issues = {model!r}, {actors}, {issues}
warm_wall = time.perf_counter()
tiny = synthetic(*{warm!r}, None, np.random.default_rng(2))
get_model(model)(tiny, params={params!r} or None, rng=np.random.default_rng(0))
warm_wall = time.perf_counter() - warm_wall
arrays = synthetic(actors, issues, None, np.random.default_rng(1), whole={whole!r})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
wall, cpu = time.perf_counter(), time.process_time()
result = get_model(model)(arrays, params={params!r} or None, rng=np.random.default_rng(0))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(
    f"{{warm_wall:9.2f}} {{wall:8.2f}} {{cpu:8.2f}} {{peak:8.0f}} {{peak - before:7.0f}}"
    f" {{result.rounds:6d}}"
)
"""


Run = tuple[str, int, int, dict[str, object], bool]
"""Model, actors, issues, parameters and whether positions are whole points."""


def _size(text: str) -> Run:
    """``MODEL:AxI[:distinct][:VARIANT]`` (e.g. ``exchange:1000x10``) as a run of the table."""
    model, size, *extra = [*text.split(":"), ""]
    actors, _, issues = size.partition("x")
    if model not in WARM_UP or not (actors.isdigit() and issues.isdigit()):
        raise SystemExit(f"--size {text!r}: expected MODEL:AxI with MODEL in {sorted(WARM_UP)}")
    params: dict[str, object] = {}
    variants = [e for e in extra if e and e != "distinct"]
    if variants:
        if model != "bdm" or len(variants) > 1:
            raise SystemExit(f"--size {text!r}: only bdm takes a variant (one)")
        params["variant"] = variants[0]
    return model, int(actors), int(issues), params, "distinct" not in extra


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smallest size of each model")
    parser.add_argument("--full", action="store_true", help="add the slow sizes")
    parser.add_argument(
        "--size",
        action="append",
        metavar="MODEL:AxI",
        help="time only these sizes (repeatable), e.g. exchange:1000x10",
    )
    args = parser.parse_args()
    printed = {"variant": "printed-equations"}
    runs: list[Run] = [
        ("bdm", 100, 10, {}, True),
        ("bdm", 300, 10, {}, True),
        ("bdm", 1000, 10, {}, True),
        ("bdm", 1000, 10, {}, False),
        ("bdm", 1000, 10, printed, True),
        ("bdm", 1000, 10, printed, False),
        ("exchange", 10, 10, {}, True),
        ("exchange", 50, 20, {}, True),
    ]
    if args.quick:
        runs = [runs[0], runs[6]]
    if args.full:
        runs += [("exchange", 200, 50, {}, True), ("bdm", 10_000, 10, {"rounds": 1}, True)]
    if args.size:
        runs = [_size(text) for text in args.size]
    print(
        f"{'model':<10}{'size':>19}{'params':>28}{'warm-up s':>10}{'wall s':>9}{'CPU s':>9}"
        f"{'peak MB':>9}{'run MB':>8}{'rounds':>7}"
    )
    for model, actors, issues, params, whole in runs:
        code = CHILD.format(
            here=str(HERE),
            model=model,
            actors=actors,
            issues=issues,
            params=params,
            warm=WARM_UP[model],
            whole=whole,
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        shown = done.stdout.strip() or f"failed: {done.stderr.strip().splitlines()[-1:]}"
        label = ",".join(f"{k}={v}" for k, v in params.items()) or "-"
        size = f"{actors}x{issues}" + ("" if whole else " distinct")
        print(f"{model:<10}{size:>19}{label:>28} {shown}", flush=True)
    if not (args.full or args.size):
        print("bdm at 10,000 actors × 10 issues: run with --full (one round)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
