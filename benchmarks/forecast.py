"""Speed of every forecast model: runs per second, batched vs single, and growth with actors.

Run: ``.venv/bin/python benchmarks/forecast.py [--quick]``. For each available model it times
one run and a batch of samples on the built-in case (or ``tests/data/mini`` while the built-in
case has no stances) and on synthetic cases of 10×10, 50×20 and 200×50 (actors × issues), then
fits the exponent ``k`` in ``time ∝ actors^k`` over the synthetic sizes. Each model first
runs untimed, once alone and once as a batch of two, on the built-in case and on a synthetic
case of 30×10 (large enough for every model's compiled kernels), so that no timing includes
imports or compiling a kernel (numba compiles the single-run and batch kernels separately);
the warm-up's time is printed on its own line. A batch that would take too long is timed on fewer samples and scaled (marked ``*``); a size whose single run
would take more than ten times the batch budget is skipped with its estimate, and with
``--time-budget`` the cases left once that many seconds have passed are skipped.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from synthetic import random_arrays as synthetic

from ontable.forecast.registry import available_models, get_model
from ontable.io import load_case
from ontable.model.arrays import CaseArrays, case_arrays

ROOT = Path(__file__).resolve().parents[1]


def batch_of(arrays: CaseArrays, samples: int, rng: np.random.Generator) -> CaseArrays:
    """The case repeated ``samples`` times with positions jittered by ±5 points."""
    jitter = rng.uniform(-5, 5, (samples, *arrays.positions.shape))
    rep = np.repeat(arrays.capabilities[None], samples, axis=0)
    return CaseArrays(
        arrays.party_ids,
        arrays.issue_ids,
        np.clip(arrays.positions[None] + jitter, 0, 100),
        np.repeat(arrays.saliences[None], samples, axis=0),
        rep,
        np.repeat(arrays.batna[None], samples, axis=0),
        np.repeat(arrays.patience[None], samples, axis=0),
        arrays.status_quo,
    )


def timed(name: str, arrays: CaseArrays) -> float:
    start = time.perf_counter()
    get_model(name)(arrays, rng=np.random.default_rng(0))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and batches")
    parser.add_argument("--models", nargs="*", default=None, help="models to time")
    parser.add_argument(
        "--time-budget", type=float, default=None, help="seconds in all; later cases skipped"
    )
    args = parser.parse_args()
    stop_at = time.perf_counter() + (args.time_budget or float("inf"))
    samples = 100 if args.quick else 1000
    budget = 2.0 if args.quick else 6.0  # seconds one batch may take before it is scaled
    sizes = [(10, 10), (50, 20)] if args.quick else [(10, 10), (50, 20), (200, 50)]
    rng = np.random.default_rng(1)
    case = load_case("ukraine-2025")
    where = "ukraine-2025"
    if not case.stances:
        case, where = load_case(ROOT / "tests" / "data" / "mini"), "tests/data/mini"
    builtin = case_arrays(case)
    models = args.models or available_models()
    print(f"batch = {samples} samples; built-in case: {where}; * = scaled from a smaller batch")
    print(
        f"{'model':<11}{'case':<16}{'single s':>10}{'runs/s':>10}{'batch s':>10}"
        f"{'runs/s':>11}{'speed-up':>10}"
    )
    for name in models:
        actor_counts, single_times = [], []
        warm_rng = np.random.default_rng(0)  # its own stream: the timed cases stay the same
        warm_cases = [builtin, synthetic(30, 10, None, warm_rng)]
        warm = sum(timed(name, a) + timed(name, batch_of(a, 2, warm_rng)) for a in warm_cases)
        print(f"{name:<11}{'warm-up':<16}{warm:>10.2f}  (untimed below: imports, compiling)")
        cases = [(where, builtin)] + [(f"{a}x{i}", synthetic(a, i, None, rng)) for a, i in sizes]
        for label, arrays in cases:
            if time.perf_counter() > stop_at:
                print(f"{name:<11}{label:<16}  skipped: time budget spent")
                continue
            if label != where and single_times:
                # Skip a size whose single run would blow the budget (cubic growth assumed).
                guess = single_times[-1] * (len(arrays.party_ids) / actor_counts[-1]) ** 3
                if guess > 10 * budget:
                    print(f"{name:<11}{label:<16}  skipped: a single run would take ~{guess:.0f} s")
                    continue
            single = timed(name, arrays)
            trial = max(1, min(samples, int(budget / max(single, 1e-6) / 4) or 1))
            batch_arrays = batch_of(arrays, trial, rng)
            batch = timed(name, batch_arrays) * samples / trial
            mark = "*" if trial < samples else " "
            print(
                f"{name:<11}{label:<16}{single:>10.4f}{1 / single:>10.1f}{batch:>9.2f}{mark}"
                f"{samples / batch:>11.1f}{single * samples / batch:>9.1f}x"
            )
            if label != where:
                actor_counts.append(len(arrays.party_ids))
                single_times.append(single)
        if len(actor_counts) >= 2:
            slope = np.polyfit(np.log(actor_counts), np.log(single_times), 1)[0]
            print(
                f"{name:<11}cost grows as actors^{slope:.2f} (issues grow too: "
                f"{', '.join(f'{a}x{i}' for a, i in sizes)})"
            )


if __name__ == "__main__":
    main()
