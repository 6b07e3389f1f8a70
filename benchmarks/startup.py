"""Import time of the command line at start-up (``python -X importtime``), median of runs.

Run: ``.venv/bin/python benchmarks/startup.py [--runs 5]``.

Two starts are timed, each in a fresh interpreter: ``ontable --help``, and a small forecast
(the compromise model on the repository's three-party test case, not recorded). The figure is
the time Python spends importing modules (the sum of the top-level entries of ``-X
importtime``), so it leaves out the interpreter's own start and the work of the command. The
target is 0.3 s each; the script also names the heavy libraries each start loaded, and gives
the wall time of the whole run (interpreter, imports and the command's work, as timed from
outside the process, with ``-X importtime``'s own logging): work moved out of the imports (say
a validator built when first used instead of at import) shows there.

Each start is timed after one untimed start with Python's bytecode cache allowed (as for any
installed copy, whose modules are compiled once): with ``PYTHONDONTWRITEBYTECODE`` set, every
start would also time compiling the package's sources.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "scipy", "altair", "pydantic", "numpy", "rich", "typer", "ruamel", "yaml")
STARTS = {
    "ontable --help": ["--help"],
    "ontable forecast (small case)": [
        "forecast",
        str(ROOT / "tests/data/mini"),
        "--model",
        "compromise",
        "--no-record",
    ],
}


RUN_CLI = "import sys\nfrom ontable.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass"
FLOOR = (
    "import typer.main, typer._adapters, pydantic.plugin._loader, rich.console, rich.table, "
    "numpy.random"
)
"""For reference: the libraries a forecast start cannot leave out, imported alone (Typer, which
coerces each parameter of the command that runs through pydantic; rich, which prints the
tables; numpy, which the models compute with)."""


def import_seconds(args: list[str], code: str = RUN_CLI) -> tuple[float, float, list[str]]:
    """Seconds of imports for one start (``code`` with ``args``), seconds of the whole run, and
    the heavy libraries it loaded."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - start
    total = 0
    heavy: set[str] = set()
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if not cumulative.strip().isdigit():
            continue
        if not name.startswith("  "):  # a top-level import: its time includes its children
            total += int(cumulative)
        if name.strip().split(".")[0] in HEAVY:
            heavy.add(name.strip().split(".")[0])
    return total / 1e6, wall, sorted(heavy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for label, argv in STARTS.items():
        times, walls, heavy = [], [], []
        import_seconds(argv)  # untimed: writes the bytecode cache
        for _ in range(args.runs):
            seconds, wall, heavy = import_seconds(argv)
            times.append(seconds)
            walls.append(wall)
        median = statistics.median(times)
        verdict = "under" if median < 0.3 else "OVER"
        print(
            f"{label:<32} import time median {median:.3f} s (min {min(times):.3f}, "
            f"{args.runs} runs; {verdict} the 0.3 s target); whole run median "
            f"{statistics.median(walls):.3f} s (min {min(walls):.3f})   "
            f"loads: {', '.join(heavy) or '-'}"
        )
    floor = [import_seconds([], FLOOR)[0] for _ in range(args.runs)]
    print(
        f"{'(libraries alone, for reference)':<32} import time median "
        f"{statistics.median(floor):.3f} s (min {min(floor):.3f}): typer with its pydantic "
        "coercion, rich, numpy"
    )


if __name__ == "__main__":
    main()
