"""The benchmark scripts run from a fresh clone: their inputs ship in the repository and they
print no path outside it."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_smp_vs_ktab_scenarios_ship_in_the_repository() -> None:
    bench = _module("smp_vs_ktab")
    for name in bench.SCENARIOS:
        assert (ROOT / "tests" / "data" / "ktab" / f"{name}.csv").is_file(), name


def test_smp_vs_ktab_prints_no_path_outside_the_repository(tmp_path: Path) -> None:
    bench = _module("smp_vs_ktab")
    inside = bench.shown(ROOT / "tests" / "data" / "ktab" / "SOE-Pol-Comp.csv")
    assert inside == str(Path("tests/data/ktab/SOE-Pol-Comp.csv"))
    outside = bench.shown(tmp_path / "build" / "bin")
    assert str(tmp_path) not in outside and not outside.startswith("/")


def test_benchmarks_name_no_machine_paths() -> None:
    for script in (ROOT / "benchmarks").glob("*.py"):
        text = script.read_text()
        assert not re.search(r"/(work|home|root|tmp)/", text), script.name
