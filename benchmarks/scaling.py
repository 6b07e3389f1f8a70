"""How every forecast model's time and memory grow with actors × issues; writes the table of
``docs/scaling.md``.

Run: ``.venv/bin/python benchmarks/scaling.py [--quick] [--budget SECONDS] [--cell-cap SECONDS]
[--models m1,m2] [--no-write]``.

Each cell is one run of the model with its default parameters on a random case of that size
(``benchmarks/synthetic.py``'s ``random_arrays``, seed 0), in a fresh Python process, after a
warm-up run on a case of at most 50 actors × 10 issues (so compiling or loading a compiled
kernel is not counted; the warm-up time is printed in the log). The cell gives wall time, CPU time, and the peak resident
memory the run added to the process (the process's peak resident set size after the run
minus its resident size just before it: every allocation the run touched, numpy's, compiled
kernels' and the interpreter's, but not the interpreter, the imports or the input arrays).

Budgets keep the whole script bounded. Before a cell runs, its CPU time is estimated from
the model's previous cell by the model's growth exponents (:data:`GROWTH`); a cell whose
estimate exceeds ``--cell-cap`` seconds (when the previous cell took long enough for its
estimate to mean something), or whose wall time at the current load would exceed the time
left of ``--budget``, is skipped and shown as a dash with the estimate (its memory too,
extrapolated from the model's measured cells). Estimating CPU time keeps the table's shape
independent of the machine's load. A cell that runs past three times the cap (wall time) is
stopped, and the model's larger sizes are skipped. The table is printed and, unless
``--no-write``, written between the markers of ``docs/scaling.md`` with the date, the core
count and the load average, since on a shared machine wall time depends on the load (CPU
time less so).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "scaling.md"
BEGIN, END = "<!-- scaling table: begin -->", "<!-- scaling table: end -->"
# in the order they run: the sizes the targets name first, so that a spent budget cuts the
# others (the table lists them by size)
FULL = (
    (10, 5),
    (40, 10),
    (80, 10),
    (100, 10),
    (200, 50),
    (1000, 10),
    (10000, 10),
    (100, 20),
    (300, 10),
)
QUICK = ((10, 5), (40, 10), (100, 10), (200, 50), (1000, 10))
# time ∝ actors^a × issues^b, from each model's structure (see docs/scaling.md)
GROWTH: dict[str, tuple[float, float]] = {
    "compromise": (1, 1),
    "median": (1, 1),
    "bdm": (2, 1),
    "smp": (3.5, 1),  # actors³ per turn, and more turns with more actors
    "exchange": (2, 2),
}
# memory ∝ actors^a × issues^b when a model's own cells do not give the exponent (numpy
# paths; the compiled rounds of bdm and exchange hold arrays of actors × issues only)
MEMORY_GROWTH: dict[str, tuple[float, float]] = {
    "compromise": (1, 1),
    "median": (1, 1),
    "bdm": (2, 1),
    "smp": (2, 1),
    "exchange": (2, 2),
}
COMPILED_MEMORY_GROWTH: dict[str, tuple[float, float]] = {"bdm": (1, 1), "exchange": (1, 1)}


def compiled_kernels() -> bool:
    """Whether the models' compiled kernels run here (numba importable and not switched off)."""
    if os.environ.get("ONTABLE_NO_NUMBA"):
        return False
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


DEFAULT_GROWTH = (3.0, 2.0)  # a model not listed: assume steep growth
SURE = 0.5  # CPU seconds a model's last cell must take before its estimate may skip the next
MEMORY_FIT_MB = 1.0  # smaller figures are too coarse for a slope
WARMUP = (50, 10)  # the warm-up case: large enough to take a compiled kernel's path


@dataclass
class Cell:
    """One model at one size: measured, or skipped with estimates."""

    model: str
    actors: int
    issues: int
    wall: float | None = None
    cpu: float | None = None
    added_mb: float | None = None
    bound: bool = False  # added_mb is an upper bound (the run stayed under an earlier peak)
    est_s: float | None = None
    est_mb: float | None = None
    est_how: str = ""  # how est_mb was found
    why: str = ""  # why a cell was not measured: "cap", "budget", "stopped", "failed"

    @property
    def measured(self) -> bool:
        return self.wall is not None


# --- the child: one cell in a fresh process -------------------------------------------------


def _resident_mb() -> float:
    """This process's resident set size now (MB); its peak where /proc is missing."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return _peak_mb()


def _peak_mb() -> float:
    """This process's peak resident set size (MB) since start or since :func:`_reset_peak`."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) * 1024 / 1e6
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def _reset_peak() -> bool:
    """Set the peak resident size to the present one (Linux: ``/proc/self/clear_refs``), so
    that memory the set-up used and freed before the run does not hide the run's own peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure_here(model: str, actors: int, issues: int) -> dict[str, float]:
    """Run one cell in this process: warm-up, then the timed run (see the module's doc)."""
    import numpy as np
    from synthetic import random_arrays

    from ontable.forecast.registry import get_model

    run = get_model(model)
    small = random_arrays(
        min(actors, WARMUP[0]), min(issues, WARMUP[1]), rng=np.random.default_rng(1)
    )
    start = time.perf_counter()
    run(small, rng=np.random.default_rng(0))
    warmup = time.perf_counter() - start
    arrays = random_arrays(actors, issues, rng=np.random.default_rng(0))
    _reset_peak()
    before_peak, base = _peak_mb(), _resident_mb()
    cpu, start = time.process_time(), time.perf_counter()
    run(arrays, rng=np.random.default_rng(0))
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = _peak_mb()
    return {
        "wall": wall,
        "cpu": cpu,
        "added_mb": max(0.0, peak - base),
        "bound": float(peak <= before_peak),
        "process_mb": peak,
        "warmup": warmup,
    }


def run_cell(model: str, actors: int, issues: int, timeout: float) -> dict[str, float] | None:
    """Measure one cell in a fresh process; None if it ran past ``timeout`` (then killed)."""
    command = [sys.executable, __file__, "--cell", model, str(actors), str(issues)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no output"]
        raise RuntimeError(f"{model} {actors}×{issues}: {lines[-1]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


# --- estimates and budgets -----------------------------------------------------------------


def growth(model: str, table: dict[str, tuple[float, float]]) -> tuple[float, float]:
    return table.get(model, DEFAULT_GROWTH)


def scale(
    value: float, frm: tuple[int, int], to: tuple[int, int], exps: tuple[float, float]
) -> float:
    """``value`` at size ``frm`` carried to size ``to`` by the exponents ``exps``."""
    return value * (to[0] / frm[0]) ** exps[0] * (to[1] / frm[1]) ** exps[1]


def estimate_seconds(done: Sequence[Cell], model: str, size: tuple[int, int]) -> float | None:
    """CPU time of ``model`` at ``size`` from its last measured cell; None before its first.
    (CPU time, not wall time, so that which cells run does not depend on the machine's load.)"""
    mine = [c for c in done if c.model == model and c.measured]
    if not mine:
        return None
    last = mine[-1]
    assert last.cpu is not None
    return scale(last.cpu, (last.actors, last.issues), size, growth(model, GROWTH))


def wall_factor(done: Sequence[Cell], model: str) -> float:
    """Wall time over CPU time in the model's last measured cell (the load's slow-down)."""
    mine = [c for c in done if c.model == model and c.measured]
    if not mine or mine[-1].wall is None or mine[-1].cpu is None:
        return 1.0
    return max(1.0, mine[-1].wall / max(mine[-1].cpu, 1e-3))


def estimate_memory(
    done: Sequence[Cell], model: str, size: tuple[int, int]
) -> tuple[float, str] | None:
    """Memory (MB) of ``model`` at ``size`` and how it was estimated: by the slope in actors
    between its two largest measured cells with ``size``'s issue count (each at least
    :data:`MEMORY_FIT_MB`, the larger with at least three times the actors; the slope taken as at
    least 1, since a run's own result grows with actors), else from its largest measured cell
    by :data:`MEMORY_GROWTH` (:data:`COMPILED_MEMORY_GROWTH` where the compiled kernels run)."""
    mine = [c for c in done if c.model == model and c.measured and c.added_mb is not None]
    if not mine:
        return None
    same = [c for c in mine if c.issues == size[1] and (c.added_mb or 0) >= MEMORY_FIT_MB]
    same.sort(key=lambda c: c.actors)
    if len(same) >= 2 and same[-1].actors >= 3 * same[-2].actors:
        a, b = same[-2], same[-1]
        assert a.added_mb is not None and b.added_mb is not None
        slope = math.log(b.added_mb / a.added_mb) / math.log(b.actors / a.actors)
        slope = max(slope, 1.0)
        value = b.added_mb * (size[0] / b.actors) ** slope
        how = f"from the {a.actors:,} and {b.actors:,} × {b.issues} cells, actors^{slope:.1f}"
        return value, how
    last = max(mine, key=lambda c: c.actors * c.issues)
    assert last.added_mb is not None
    exps = growth(
        model, {**MEMORY_GROWTH, **(COMPILED_MEMORY_GROWTH if compiled_kernels() else {})}
    )
    value = scale(max(last.added_mb, 1.0), (last.actors, last.issues), size, exps)
    how = f"from the {last.actors:,} × {last.issues} cell, actors^{exps[0]:g} × issues^{exps[1]:g}"
    return value, how


def sure(done: Sequence[Cell], model: str, after: float = SURE) -> bool:
    """Whether an estimate for ``model`` may skip a cell: its last cell took at least
    :data:`SURE` seconds (a shorter run is mostly fixed costs, and its growth exponent
    overstates the next size; such a cell runs, stopped at its time limit if need be)."""
    mine = [c for c in done if c.model == model and c.measured]
    return bool(mine) and (mine[-1].cpu or 0.0) >= after


def build(
    sizes: Sequence[tuple[int, int]],
    models: Sequence[str],
    cap: float,
    budget: float,
    log: bool = True,
    sure_after: float = SURE,
) -> list[Cell]:
    """Measure or skip every cell, size by size (smallest first), within ``cap`` seconds per
    cell and ``budget`` seconds in all (estimates from cells shorter than ``sure_after``
    seconds skip nothing)."""
    start = time.perf_counter()
    cells: list[Cell] = []
    for actors, issues in sizes:
        for model in models:
            cell = Cell(model, actors, issues)
            left = budget - (time.perf_counter() - start)
            est = estimate_seconds(cells, model, (actors, issues))
            stopped_before = any(c.model == model and c.why == "stopped" for c in cells)
            if stopped_before or (est is not None and est > cap and sure(cells, model, sure_after)):
                cell.why, cell.est_s = "cap", est
            elif left <= 1 or (est is not None and est * wall_factor(cells, model) > left):
                cell.why, cell.est_s = "budget", est
            else:
                limit = min(3 * cap + 5, left)
                try:
                    figures = run_cell(model, actors, issues, limit)
                except RuntimeError as error:
                    cell.why = "failed"
                    print(f"{model:<11}{actors:>6} × {issues:<3} failed: {error}", flush=True)
                    figures = None
                if figures is None and cell.why != "failed":
                    cell.why, cell.est_s = "stopped", limit
                elif figures is not None:
                    cell.wall, cell.cpu = figures["wall"], figures["cpu"]
                    cell.added_mb, cell.bound = figures["added_mb"], bool(figures["bound"])
                    if log:
                        print(
                            f"{model:<11}{actors:>6} × {issues:<3} {text(cell)}   "
                            f"(process peak {figures['process_mb']:.0f} MB, "
                            f"warm-up {figures['warmup']:.2f} s)",
                            flush=True,
                        )
            if not cell.measured and cell.why != "failed":
                memory = estimate_memory(cells, model, (actors, issues))
                if memory is not None:
                    cell.est_mb, cell.est_how = memory
                if log:
                    print(f"{model:<11}{actors:>6} × {issues:<3} {text(cell)}", flush=True)
            cells.append(cell)
    return cells


# --- the table -----------------------------------------------------------------------------


def megabytes(mb: float) -> str:
    if mb < 1:
        return "< 1 MB"
    if mb >= 1000:
        return f"{mb / 1000:.1f} GB"
    return f"{mb:.0f} MB"


def text(cell: Cell) -> str:
    """A cell as the table shows it."""
    if cell.measured:
        assert cell.wall is not None and cell.cpu is not None and cell.added_mb is not None
        memory = megabytes(cell.added_mb)
        if cell.bound and cell.added_mb >= 1:
            memory = f"≤ {memory}"
        return f"{cell.wall:.2f} s (CPU {cell.cpu:.2f} s), {memory}"
    if cell.why == "failed":
        return "failed"
    label = {"stopped": "stopped", "budget": "budget spent"}.get(cell.why, "est.")
    parts = []
    if cell.est_s is not None:
        if cell.why == "stopped":
            label = f"stopped at {cell.est_s:.0f} s"
        else:
            parts.append(f"≈ {cell.est_s:.0f} s CPU")
    if cell.est_mb is not None:
        parts.append(f"≈ {megabytes(cell.est_mb)}")
    return f"— ({label}: {', '.join(parts)})" if parts else f"— ({label})"


def render(cells: Sequence[Cell], models: Sequence[str]) -> str:
    """The Markdown table (sizes in order), then how each memory estimate was made."""
    sizes = sorted(dict.fromkeys((c.actors, c.issues) for c in cells))
    by = {(c.model, c.actors, c.issues): c for c in cells}
    lines = [
        "| actors × issues | " + " | ".join(models) + " |",
        "|---|" + "---|" * len(models),
    ]
    for actors, issues in sizes:
        row = [text(by[(m, actors, issues)]) for m in models]
        lines.append(f"| {actors:,} × {issues} | " + " | ".join(row) + " |")
    grouped: dict[tuple[str, str], list[str]] = {}
    for c in cells:
        if c.est_how:
            grouped.setdefault((c.model, c.est_how), []).append(f"{c.actors:,} × {c.issues}")
    notes = [f"{model} at {' and '.join(at)}: {how}" for (model, how), at in grouped.items()]
    if notes:
        lines += ["", "Memory estimates (≈): " + "; ".join(notes) + "."]
    return "\n".join(lines)


def stamp(quick: bool, cap: float) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        import numba  # noqa: F401

        kernels = "numba installed" if not os.environ.get("ONTABLE_NO_NUMBA") else "numba off"
    except ImportError:
        kernels = "numba not installed"
    return (
        f"Measured {datetime.date.today().isoformat()} by `benchmarks/scaling.py"
        f"{' --quick' if quick else ''}` on {os.cpu_count()} cores, load average {load} "
        f"({kernels}); each cell, in a fresh process after a warm-up run: wall time (CPU "
        "time), peak resident memory added by the run. A dash: not run, because its CPU time "
        f"estimated from the model's previous size exceeded {cap:.0f} s (est.) or the time left "
        "(budget spent); ≈ marks estimates."
    )


def write(doc: Path, block: str) -> None:
    """Put ``block`` between the table markers of ``doc``, keeping everything else."""
    content = doc.read_text(encoding="utf-8")
    if BEGIN not in content or END not in content:
        raise SystemExit(f"{doc.name}: the markers {BEGIN} and {END} are missing")
    head, _, rest = content.partition(BEGIN)
    _, _, tail = rest.partition(END)
    doc.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--budget", type=float, default=None, help="seconds for the whole table")
    parser.add_argument("--cell-cap", type=float, default=None, help="estimated seconds per cell")
    parser.add_argument("--models", default=None, help="comma-separated (default: all)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--doc", type=Path, default=DOC, help=argparse.SUPPRESS)
    parser.add_argument("--cell", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cell:
        model, actors, issues = args.cell
        print(json.dumps(measure_here(model, int(actors), int(issues))))
        return 0
    from ontable.forecast.registry import available_models

    budget = args.budget if args.budget is not None else (60.0 if args.quick else 240.0)
    cap = args.cell_cap if args.cell_cap is not None else (5.0 if args.quick else 30.0)
    models = args.models.split(",") if args.models else available_models()
    start = time.perf_counter()
    cells = build(QUICK if args.quick else FULL, models, cap, budget)
    block = f"{stamp(args.quick, cap)}\n\n{render(cells, models)}"
    print(f"\n{block}\n\nscaling: {time.perf_counter() - start:.0f} s (budget {budget:.0f} s)")
    if not args.no_write:
        write(args.doc, block)
        print(f"wrote {args.doc.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
