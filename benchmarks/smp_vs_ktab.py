"""ontable's SMP next to KTAB's own program (``smpc``) on KTAB's example scenarios.

Run: ``.venv/bin/python benchmarks/smp_vs_ktab.py [--ktab BUILD_DIR] [--all] [--repeats 3]
[--only NAME ...] [--budget SECONDS]``.

``BUILD_DIR`` (or the environment variable ``KTAB_BUILD``) is a build of KTAB
(https://github.com/KAPSARC/KTAB) holding ``bin/smpc`` and the source tree's
``src/examples/smp/doc``. KTAB is not part of ontable and is never installed by it; without a
build the script times ontable alone on the same scenarios, shipped under ``tests/data/ktab``,
and says so. Paths are printed relative to the repository (a path elsewhere by its name only).

For each scenario both programs run the same input with their default parameters in the same
process run, alternately and the same number of times (``--repeats``, default 3); the script
prints the median of each one's wall time and, beside it, its CPU time (``smpc`` as a
subprocess, the way its own reference script runs it: ``--logmin`` and a fresh SQLite file, so
its time includes start-up and its SQL bookkeeping; its CPU time is the child's user + system
time), the ratio of the medians (wall and CPU), the number of states, and the largest
difference in final positions, over the whole path, and in win probabilities, with ontable's
figures rounded as KTAB prints them (0.1 for positions, 0.0001 for probabilities): 0 means
identical as printed.
Each scenario starts with an untimed warm-up run of ontable (imports, caches, any compiled
kernel). With ``--budget`` the runs are sized to fit: a scenario's cost is estimated from the
previous one's by KTAB's growth (actors^3.3), the number of repeats is cut to what fits (the
line says so), and a scenario that does not fit once is skipped with its estimate.
It ends with a batch: many jittered copies of the 13-actor scenario in one call, as a sweep runs
(timed after a warm-up run of the same batch).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ontable.forecast.base import Forecast
from ontable.forecast.smp import forecast
from ontable.io.ktab import read_ktab_csv
from ontable.model.arrays import CaseArrays, case_arrays

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ["dummyData_3Dim", "SOE-Pol-Comp", "dummyData_6Dim", "SOE-Competitive"]
MORE = ["SOE-Policy", "dummyData-a040", "dummyData-a080"]
KTAB_GROWTH = 3.3  # smpc's time from 40 to 80 actors: about 9 s → 90 s, actors^3.3


def shown(path: Path) -> str:
    """``path`` for printing: relative to the repository, else just its last two parts."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(Path("…", *path.parts[-2:]))


@dataclass(frozen=True)
class KtabRun:
    seconds: float
    cpu: float
    positions: dict[tuple[str, str], list[float]]  # (actor, dimension) → history
    chances: dict[str, list[float]]  # actor → history


def run_smpc(build: Path, csv: Path) -> KtabRun:
    """Run KTAB's smpc on ``csv`` in a fresh folder and read its log's closing section."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(build / "bin" / "smpc-logger.conf", tmp)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [
                str(build / "bin" / "smpc"),
                "--logmin",
                "--csv",
                str(csv.resolve()),
                "--connstr",
                "Driver=QSQLITE;Database=bench",
            ],
            cwd=tmp,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        log = next(Path(tmp).glob("smpc-*_log.txt")).read_text(errors="replace").splitlines()
    start_at = max(i for i, line in enumerate(log) if line.startswith("Completed model run"))
    positions: dict[tuple[str, str], list[float]] = {}
    chances: dict[str, list[float]] = {}
    for line in log[start_at:]:
        if ", prob :" in line:
            name, values = line.split(", prob :")
            chances[name.strip()] = [float(v) for v in values.split()]
        elif re.match(r"^[^,]+, [^:]+:\s+[-\d.]", line):
            name, rest = line.split(", ", 1)
            dim, values = rest.rsplit(":", 1)
            positions[(name.strip(), dim.strip())] = [float(v) for v in values.split()]
    return KtabRun(seconds, cpu, positions, chances)


def run_ontable(arrays: CaseArrays) -> tuple[float, float, Forecast]:
    """One run: wall time, CPU time, result."""
    cpu, start = time.process_time(), time.perf_counter()
    result = forecast(arrays, rng=np.random.default_rng(0))
    return time.perf_counter() - start, time.process_time() - cpu, result


@dataclass
class Pace:
    """Time left for the comparisons and the last scenario's cost, to size the next one."""

    left: float = float("inf")
    actors: int = 0
    seconds: float = 0.0  # one run of each program on the last scenario

    def estimate(self, actors: int) -> float | None:
        """One pair of runs at ``actors``, from the last scenario by KTAB's growth."""
        if not self.actors:
            return None
        return self.seconds * max(1.0, actors / self.actors) ** KTAB_GROWTH


def compare(name: str, csv: Path, build: Path | None, repeats: int, pace: Pace) -> None:
    case = read_ktab_csv(csv)
    arrays = case_arrays(case)
    n, m = arrays.positions.shape
    label = f"{name} ({n}×{m})"
    guess = pace.estimate(n)
    runs = repeats
    if guess is not None and pace.left < repeats * guess:
        runs = int(pace.left // max(guess, 1e-9))
    if runs < 1:
        print(f"{label:<28} skipped: one run of each would take ≈ {guess:.0f} s (budget spent)")
        return
    started = time.perf_counter()
    run_ontable(arrays)  # warm-up: imports, caches and any compiled kernel, not timed
    ours: list[tuple[float, float, Forecast]] = []
    theirs: list[KtabRun] = []
    for _ in range(runs):  # alternately, the same number of times
        ours.append(run_ontable(arrays))
        if build is not None:
            theirs.append(run_smpc(build, csv))
    spent = time.perf_counter() - started
    pace.left -= spent
    pace.actors, pace.seconds = n, spent / runs
    wall = statistics.median(r[0] for r in ours)
    cpu = statistics.median(r[1] for r in ours)
    result = ours[-1][2]
    states = result.rounds + 1
    if runs < repeats:
        label += f" [{runs} of {repeats}: budget]"
    if build is None:
        print(
            f"{label:<28} median of {runs}: ontable {wall:8.3f} s (CPU {cpu:7.3f} s)   "
            f"states {states:3d}   (no KTAB to compare)"
        )
        return
    ktab = theirs[-1]
    k_wall = statistics.median(r.seconds for r in theirs)
    k_cpu = statistics.median(r.cpu for r in theirs)
    names = [p.name for p in case.parties]
    dims = [i.name for i in case.issues]
    path = result.path
    wins = result.extras["win_probability"]
    k_states = len(next(iter(ktab.positions.values())))
    d_final = d_path = 0.0
    for (actor, dim), history in ktab.positions.items():
        a, d = names.index(actor), dims.index(dim)
        printed = np.array([float(f"{v:.1f}") for v in path[:, a, d]])  # as KTAB prints
        d_final = max(d_final, abs(printed[-1] - history[-1]))
        common = min(len(history), path.shape[0])
        d_path = max(d_path, float(np.max(np.abs(printed[:common] - history[:common]))))
    d_prob = 0.0
    for actor, history in ktab.chances.items():
        common = min(len(history), wins.shape[0])
        printed = np.round(wins[:common, names.index(actor)], 4)
        d_prob = max(d_prob, float(np.max(np.abs(printed - history[:common]))))
    print(
        f"{label:<28} median of {runs}: ontable {wall:7.3f} s (CPU {cpu:7.3f})   "
        f"KTAB {k_wall:8.3f} s (CPU {k_cpu:8.3f})   KTAB/ontable wall {k_wall / wall:6.1f}×  "
        f"CPU {k_cpu / cpu:6.1f}×   states {states:3d} vs {k_states:3d}   "
        f"max |Δ| final {d_final:.3f}  path {d_path:.3f}  win prob {d_prob:.5f}"
    )


def batch(csv: Path, samples: int) -> None:
    arrays = case_arrays(read_ktab_csv(csv))
    rng = np.random.default_rng(1)
    jitter = rng.uniform(-5, 5, (samples, *arrays.positions.shape))
    stack = CaseArrays(
        arrays.party_ids,
        arrays.issue_ids,
        np.clip(arrays.positions[None] + jitter, 0, 100),
        np.repeat(arrays.saliences[None], samples, axis=0),
        np.repeat(arrays.capabilities[None], samples, axis=0),
        np.repeat(arrays.batna[None], samples, axis=0),
        np.repeat(arrays.patience[None], samples, axis=0),
        arrays.status_quo,
    )
    forecast(stack, rng=np.random.default_rng(0))  # warm-up, as for the scenarios: not timed
    start = time.perf_counter()
    result = forecast(stack, rng=np.random.default_rng(0))
    seconds = time.perf_counter() - start
    rounds = result.extras["rounds_run"]
    print(
        f"batch: {samples} jittered copies of {csv.stem} in one call: {seconds:.2f} s "
        f"({seconds / samples * 1000:.1f} ms per sample; turns {rounds.min()}–{rounds.max()})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ktab", type=Path, default=os.environ.get("KTAB_BUILD"))
    parser.add_argument("--all", action="store_true", help="also 26×1, 40×1 and 80×1 (slow)")
    parser.add_argument("--samples", type=int, default=200, help="size of the batch")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each program (median)")
    parser.add_argument(
        "--only", nargs="*", default=None, help="just these scenarios (names as in the list)"
    )
    parser.add_argument(
        "--budget", type=float, default=float("inf"), help="seconds for all the comparisons"
    )
    args = parser.parse_args()
    pace = Pace(left=args.budget)
    build: Path | None = args.ktab
    if build is not None and not (build / "bin" / "smpc").is_file():
        print(f"KTAB's smpc not found under {shown(build)}/bin: timing ontable alone.")
        build = None
    elif build is None:
        print("No KTAB build given (--ktab or KTAB_BUILD): timing ontable alone.")
    scenario_dir = build / "src/examples/smp/doc" if build else ROOT / "tests/data/ktab"
    names = args.only or SCENARIOS + (MORE if args.all else [])
    for name in names:
        csv = scenario_dir / f"{name}.csv"
        if csv.is_file():
            compare(name, csv, build, args.repeats, pace)
        else:
            print(f"{name}: no scenario file at {shown(csv)}; skipped")
    pol_comp = scenario_dir / "SOE-Pol-Comp.csv"
    if pol_comp.is_file() and pace.left > 0:
        batch(pol_comp, args.samples)


if __name__ == "__main__":
    main()
