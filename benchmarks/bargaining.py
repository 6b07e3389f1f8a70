"""Bargaining speed: the Pareto frontier + Nash point, ontable vs NegMAS, on 5⁶, 5⁸ and 5¹⁰
packages; then every solution at full size (all parties and issues of the built-in case; 20
parties × 50 continuous issues), solved as programmes with their certified gaps.

Run: ``.venv/bin/python benchmarks/bargaining.py [--parties 3] [--cap 300]``. For each size
it builds a random problem (seeded; 5 levels per issue, BATNAs inside the utility range),
times ontable's exact frontier and Nash point (best of 3), measures ontable's peak memory
with ``tracemalloc`` in a separate run, then times NegMAS (``pareto_frontier`` +
``nash_points`` on the same utility functions, exported with ``to_negmas``) in a subprocess
killed after ``--cap`` seconds, and checks that both give the same frontier and Nash point.
The ratio is NegMAS time / ontable time; a capped NegMAS run prints ``>cap``. At full size
no peer can be timed (NegMAS lists every package: 5¹⁶ and a continuum are beyond it); the
table gives ontable's time (median of 3) and the certified gap of each solution.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from typing import Any

import numpy as np

from ontable.bargaining import (
    SOLUTIONS,
    BargainingProblem,
    PackageSpace,
    bargaining_problem,
    pareto_frontier,
    parties_with_a_say,
    solve,
    to_negmas,
)
from ontable.bargaining.programme import forget_answers
from ontable.io import load_case

SIZES = (6, 8, 10)


def random_problem(
    issues: int, parties: int, seed: int, *, continuous: bool = False
) -> BargainingProblem:
    """Random ideals and saliences on a 5-level grid (or continuous issues); BATNAs 0.45."""
    rng = np.random.default_rng(seed)
    lv = tuple(float(x) for x in np.linspace(0, 100, 5))
    space = PackageSpace(
        tuple(f"i{k}" for k in range(issues)),
        (lv,) * issues,
        (tuple(f"{x:g}" for x in lv),) * issues,
        (continuous,) * issues,
    )
    return BargainingProblem(
        space=space,
        party_ids=tuple(f"p{a}" for a in range(parties)),
        ideals=rng.uniform(0, 100, (parties, issues)),
        saliences=rng.uniform(5, 100, (parties, issues)),
        capabilities=np.full(parties, 50.0),
        batna=np.full(parties, 0.45),
        patience=np.full(parties, np.nan),
        status_quo=np.full(issues, np.nan),
    )


def ontable_run(prob: BargainingProblem) -> tuple[set[tuple[float, ...]], list[float]]:
    front = pareto_frontier(prob)
    nash = solve(prob, frontier=front)
    rational = {tuple(np.round(u, 9)) for u in front.rational().utilities}
    return rational, [] if nash is None else [float(u) for u in nash.utilities]


def negmas_worker(issues: int, parties: int, seed: int) -> None:
    """Time NegMAS on the same problem; print JSON (run in a subprocess)."""
    import negmas.preferences.ops as ops

    scenario = to_negmas(random_problem(issues, parties, seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        utils, _ = ops.pareto_frontier(scenario.ufuns, issues=scenario.outcome_space.issues)
        nash = ops.nash_points(scenario.ufuns, utils, outcome_space=scenario.outcome_space)
        seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": seconds,
                "frontier": [list(map(float, u)) for u in utils],
                "nash": [float(x) for x in nash[0][0]] if nash else [],
            }
        )
    )


def time_negmas(issues: int, parties: int, seed: int, cap: float) -> dict[str, Any] | None:
    cmd = [sys.executable, __file__, "--negmas-worker", str(issues), str(parties), str(seed)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=cap, check=True)
    except subprocess.TimeoutExpired:
        return None
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parties", type=int, default=3)
    parser.add_argument("--cap", type=float, default=300.0, help="NegMAS time cap (s)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--quick", action="store_true", help="skip the 20 × 50 problem")
    parser.add_argument("--negmas-worker", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.negmas_worker:
        negmas_worker(*args.negmas_worker)
        return
    print(
        f"{'packages':>12} {'frontier':>8} {'ontable s':>10} {'peak MiB':>9} "
        f"{'NegMAS s':>10} {'ratio':>8}  same result"
    )
    for issues in SIZES:
        prob = random_problem(issues, args.parties, args.seed + issues)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            rational, nash = ontable_run(prob)
            times.append(time.perf_counter() - start)
        ours = min(times)
        tracemalloc.start()
        ontable_run(prob)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        theirs = time_negmas(issues, args.parties, args.seed + issues, args.cap)
        if theirs is None:
            neg, ratio, same = f">{args.cap:.0f}", f">{args.cap / ours:.0f}x", "(capped)"
        else:
            their_front = {tuple(np.round(u, 9)) for u in theirs["frontier"]}
            agree = their_front == rational and np.allclose(theirs["nash"], nash, atol=1e-9)
            neg = f"{theirs['seconds']:.3f}"
            ratio = f"{theirs['seconds'] / ours:.0f}x"
            same = "yes" if agree else "NO"
        print(
            f"{5**issues:>12,} {len(rational):>8} {ours:>10.4f} {peak:>9.1f} "
            f"{neg:>10} {ratio:>8}  {same}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"parties: {args.parties}; this process's peak RSS: {rss:.0f} MiB")
    full_size(args.quick)


def full_size(quick: bool) -> None:
    """Every solution over every party and issue: the built-in case and 20 × 50 continuous."""
    case = load_case("ukraine-2025")
    problems = [
        (
            "ukraine-2025 (all parties)",
            bargaining_problem(case, parties_with_a_say(case)),
            "patience",
        ),
    ]
    if not quick:
        problems.append(
            ("20 parties × 50 continuous", random_problem(50, 20, 5, continuous=True), "equal")
        )
    print(f"\n{'problem':>28} {'solution':>12} {'median s':>9} {'gap':>9}  method")
    for name, prob, weights in problems:
        for solution in SOLUTIONS:
            times, found = [], None
            for _ in range(3):
                forget_answers()  # time the solver, not the kept answer of the last run
                start = time.perf_counter()
                found = solve(prob, solution, weights=weights, method="programme")
                times.append(time.perf_counter() - start)
            gap = "none" if found is None else f"{found.gap:.1e}"
            method = "no package beats every BATNA" if found is None else found.method
            print(f"{name:>28} {solution:>12} {np.median(times):>9.3f} {gap:>9}  {method}")


if __name__ == "__main__":
    main()
