"""The scaling benchmark's machinery on tiny sizes: cells measured in fresh processes, cells
skipped by their estimate or the budget, and the table written between the markers."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scaling() -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))  # the scripts import their shared module
    spec = importlib.util.spec_from_file_location("scaling", ROOT / "benchmarks" / "scaling.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_estimate_follows_the_growth_exponents(scaling: ModuleType) -> None:
    done = [scaling.Cell("exchange", 10, 5, wall=4.0, cpu=2.0, added_mb=10.0)]
    # exchange grows as actors² × issues²: twice the actors and issues is 16 times the time
    assert scaling.estimate_seconds(done, "exchange", (20, 10)) == pytest.approx(32.0)  # CPU
    assert scaling.wall_factor(done, "exchange") == pytest.approx(2.0)
    assert scaling.estimate_seconds(done, "bdm", (20, 10)) is None
    assert scaling.sure(done, "exchange") and not scaling.sure(done, "bdm")


def test_memory_estimate_uses_the_slope_of_same_issue_cells(scaling: ModuleType) -> None:
    done = [
        scaling.Cell("bdm", 100, 10, wall=1.0, cpu=1.0, added_mb=20.0),
        scaling.Cell("bdm", 300, 10, wall=3.0, cpu=3.0, added_mb=180.0),
    ]
    value, how = scaling.estimate_memory(done, "bdm", (3000, 10))
    assert value == pytest.approx(18000.0)  # slope 2 in actors from 100 → 300
    assert "actors^2.0" in how


def test_cells_run_or_are_skipped_within_the_budget(scaling: ModuleType, tmp_path: Path) -> None:
    sizes = ((4, 2), (8, 3), (400, 60))
    # any measured time counts as a sure estimate here, so the big smp cell is skipped
    cells = scaling.build(
        sizes, ["compromise", "smp"], cap=0.5, budget=60.0, log=False, sure_after=0.0
    )
    by = {(c.model, c.actors): c for c in cells}
    for model in ("compromise", "smp"):
        assert by[(model, 4)].measured and by[(model, 8)].measured
        assert by[(model, 4)].added_mb is not None
    small = by[("compromise", 400)]  # compromise grows as actors × issues: 1,000 times 8 × 3
    if not small.measured:
        assert small.why == "cap" and small.est_s == pytest.approx(by[("compromise", 8)].cpu * 1000)
    big = by[("smp", 400)]  # smp grows as actors^3.5 × issues: 50^3.5 × 20 times 8 × 3
    assert big.why == "cap" and not big.measured
    assert big.est_s == pytest.approx(by[("smp", 8)].cpu * 50**3.5 * 20)
    assert big.est_mb is not None and "from the 8 × 3 cell" in big.est_how
    spent = scaling.build(sizes[:1], ["compromise"], cap=1.0, budget=0.0, log=False)
    assert spent[0].why == "budget" and not spent[0].measured

    doc = tmp_path / "scaling.md"
    doc.write_text(f"head\n{scaling.BEGIN}\nold\n{scaling.END}\ntail\n", encoding="utf-8")
    scaling.write(doc, scaling.render(cells, ["compromise", "smp"]))
    text = doc.read_text(encoding="utf-8")
    assert text.startswith(f"head\n{scaling.BEGIN}\n| actors × issues | compromise | smp |")
    assert text.endswith(f"{scaling.END}\ntail\n") and "old" not in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 4 and rows[-1].startswith("| 400 × 60 | ")  # header + 3 rows
    assert "≈" in rows[-1] and "Memory estimates (≈): smp at 400 × 60" in text


def _run_all() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_all", ROOT / "benchmarks" / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_run_all_budgets_fit_the_whole_and_match_the_docs() -> None:
    run_all = _run_all()
    plans = {
        "full, KTAB": run_all.steps(False, "ktab"),
        "full": run_all.steps(False, None),
        "quick": run_all.steps(True, "ktab"),
    }
    for name, steps in plans.items():
        whole = run_all.QUICK_BUDGET if name == "quick" else run_all.BUDGET
        assert sum(s.budget for s in steps) <= whole < 600, name  # make bench: under 10 min
        for step in steps:
            assert (ROOT / "benchmarks" / step.script).is_file(), step.script
    doc = (ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")
    for step in plans["full"]:
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{step.script}` |"))
        budgets = [float(x) for x in re.findall(r"(\d+) s", row.rsplit("|", 2)[-2])]
        expected = {s.script: s.budget for s in plans["full, KTAB"]}[step.script]
        quick = {s.script: s.budget for s in plans["quick"]}[step.script]
        assert budgets[0] == expected and budgets[-1] == quick, row
        assert step.budget in budgets, row
