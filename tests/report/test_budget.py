"""Size budgets: an engine whose estimated work is past the report's budget is skipped with a
note that says why and how to run it alone; a case within the budget loses nothing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from ontable.io import load_case
from ontable.report import ReportOptions, build_report
from ontable.report.blocks import Note, iter_blocks
from ontable.report.budget import (
    SizeBudget,
    bargaining_work,
    case_size,
    forecast_work,
    sweep_work,
    varying_inputs,
    zone_work,
)
from ontable.report.build import ZONE_SAMPLES
from ontable.report.context import DEFAULT_SAMPLES, sweep_samples
from tests.conftest import MINI

ROOT = Path(__file__).resolve().parents[2]


def _large_case_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "large_case", ROOT / "benchmarks" / "large_case.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _notes(report, section_id: str) -> list[Note]:  # type: ignore[no-untyped-def]
    section = next(s for s in report.sections if s.id == section_id)
    return list(iter_blocks(section.blocks, Note))


def test_engines_past_a_small_budget_are_skipped_with_a_note() -> None:
    case = load_case(MINI)
    parties, issues = case_size(case)
    inputs = varying_inputs(case)
    # A budget between the cheap and the expensive engines of this small case, so that the
    # real skip path runs: the exchange forecast, the compromise sweep and bargaining go.
    budget = SizeBudget(
        forecast=forecast_work("compromise", parties, issues) + 1,
        sweep=sweep_work("compromise", parties, issues, 20, inputs) - 1,
        bargaining=bargaining_work(parties, issues) - 1,
        zone=zone_work(parties, issues, ZONE_SAMPLES, len(case.documents)) - 1,
    )
    assert forecast_work("exchange", parties, issues) > budget.forecast
    options = ReportOptions(models=("compromise", "exchange"), samples=20, budget=budget)
    report = build_report(case, options)
    assert report.meta["models"] == ["compromise"]
    texts = [n.text for n in _notes(report, "heading") if "skipped for its size" in n.text]
    assert len(texts) == 4, texts
    exchange, sweep, bargaining, room = (
        next(t for t in texts if t.startswith(head))
        for head in (
            "The exchange forecast",
            "The compromise sweep",
            "Bargaining",
            "The room around each document",
        )
    )
    assert "`ontable accept CASE DOCUMENT`" in room
    assert "`ontable forecast CASE --model exchange`" in exchange
    assert "`ontable sweep CASE --model compromise --samples 20`" in sweep
    assert "`ontable bargain CASE`" in bargaining
    assert all(n.missing for n in _notes(report, "heading") if "skipped" in n.text)
    # nothing the skipped engines would have made is shown
    heading = next(s for s in report.sections if s.id == "heading")
    assert not any("Nash bargaining package" in n.text for n in _notes(report, "heading"))
    assert "chart-drivers" not in {c.id for c in report.charts}
    assert heading.missing  # the notes count as missing parts
    # and no other reason is given for what is not there
    assert not [n for n in _notes(report, "heading") if "not installed" in n.text]


def test_within_the_budget_nothing_is_skipped() -> None:
    report = build_report(load_case(MINI), ReportOptions(models=("compromise",), samples=20))
    assert report.meta["models"] == ["compromise"]
    assert not [n for n in _notes(report, "heading") if "skipped for its size" in n.text]
    assert "chart-drivers" in {c.id for c in report.charts}


def test_default_budget_runs_everything_on_the_builtin_case() -> None:
    case = load_case("ukraine-2025")
    parties, issues = case_size(case)
    inputs = varying_inputs(case)
    budget = SizeBudget()
    for model in ("compromise", "median", "bdm", "smp", "exchange"):
        assert forecast_work(model, parties, issues) <= budget.forecast / 100
        samples = sweep_samples(model, DEFAULT_SAMPLES)
        assert sweep_work(model, parties, issues, samples, inputs) <= budget.sweep / 5
    assert bargaining_work(parties, issues) <= budget.bargaining / 100
    assert zone_work(parties, issues, ZONE_SAMPLES, len(case.documents)) <= budget.zone / 4


def test_default_budget_skips_the_slow_engines_of_large_cases() -> None:
    make = _large_case_module().large_case
    budget = SizeBudget()
    wide = make(parties=5, issues=1000)
    parties, issues = case_size(wide)
    assert (parties, issues) == (5, 1000)
    inputs = varying_inputs(wide)
    assert forecast_work("exchange", parties, issues) > budget.forecast
    assert forecast_work("smp", parties, issues) <= budget.forecast
    assert sweep_work("compromise", parties, issues, DEFAULT_SAMPLES, inputs) > budget.sweep
    assert bargaining_work(parties, issues) <= budget.bargaining
    assert zone_work(parties, issues, ZONE_SAMPLES, len(wide.documents)) > budget.zone
    crowded = make(parties=100, issues=20)
    parties, issues = case_size(crowded)
    assert forecast_work("smp", parties, issues) <= budget.forecast
    assert bargaining_work(parties, issues) > budget.bargaining
