"""The report's order of steps: the synthetic deadlock case and a case with no ordered steps."""

from __future__ import annotations

from pathlib import Path

from ontable import ReportOptions, build_report, load_case
from ontable.report.blocks import Chart, Note, Table, iter_blocks

DATA = Path(__file__).parents[1] / "data"
OPTIONS = ReportOptions(samples=0, models=("compromise",), bargaining=False)


def _section(case_dir: Path):  # type: ignore[no-untyped-def]
    report = build_report(load_case(case_dir), OPTIONS)
    return next(s for s in report.sections if s.id == "sequencing")


def test_the_deadlock_and_who_demands_each_order_are_shown() -> None:
    section = _section(DATA / "ferry")
    notes = [n.text for n in iter_blocks(section.blocks, Note)]
    deadlocks = [t for t in notes if t.startswith("Deadlock")]
    assert deadlocks, notes
    assert "North" in deadlocks[0] and "South" in deadlocks[0]
    (chart,) = iter_blocks(section.blocks, Chart)
    assert chart.data.rows and 0 in [
        row[chart.data.columns.index("order")] for row in chart.data.rows
    ]
    tables = [t for t in iter_blocks(section.blocks, Table) if t.id.startswith("sequence")]
    assert tables and all(t.rows for t in tables)


def test_a_case_without_ordered_steps_says_so() -> None:
    section = _section(DATA / "mini")
    notes = iter_blocks(section.blocks, Note)
    # a finding about the texts, not a missing engine: the section is not marked missing
    assert any("orders its steps" in n.text and not n.missing for n in notes)
