"""The report shows what format v2 codes: conditions and their judges, exchanges, gaps with
candidates, enforcement, actors, red lines and stance dates; acceptance comes from
``acceptance_odds`` and the room from ``agreement_zone``. Each test changes the data and sees
the output change."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ontable.analysis import acceptance_odds, agreement_zone
from ontable.io import load_case
from ontable.model import Case
from ontable.report import Report, ReportOptions, build_report
from ontable.report.blocks import Card, Chart, Finding, Note, Table, iter_blocks
from ontable.report.build import ODDS_STREAM, ZONE_SAMPLES, ZONE_STREAM

OPTIONS = ReportOptions(models=("compromise",), samples=150, seed=5, bargaining=False)


def _report(path: Path | Case) -> Report:
    case = path if isinstance(path, Case) else load_case(path)
    return build_report(case, OPTIONS)


def _table(report: Report, table_id: str) -> Table:
    for s in report.sections:
        for t in iter_blocks(s.blocks, Table):
            if t.id == table_id:
                return t
    raise AssertionError(f"no table {table_id}")


def _chart(report: Report, chart_id: str) -> Chart:
    return next(c for c in report.charts if c.id == chart_id)


def _rows(table: Table) -> list[dict[str, Any]]:
    def text(v: Any) -> Any:
        return getattr(v, "text", v)

    return [dict(zip(table.columns, map(text, r), strict=True)) for r in table.rows]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


FUND = (
    "      - {on: broker, action: fund reconstruction, kind: fund, issue: aid, "
    "benefits: [south], modality: conditional, condition: once a ceasefire holds for 30 days}"
)


def _fund_judged_by(judge: str) -> str:
    return (
        "      - {on: broker, action: fund reconstruction, kind: fund, issue: aid, "
        "benefits: [south], modality: conditional, conditions: [{text: once a ceasefire "
        f"holds for 30 days, judged_by: {judge}}}]}}"
    )


def test_moving_a_conditions_judge_changes_the_judge_shown_and_the_burden(
    mini_copy: Path,
) -> None:
    plan_b = mini_copy / "documents" / "plan-b.yaml"
    before = _report(mini_copy)
    row = _rows(_table(before, "conditions-plan-b"))[0]
    assert (row["judged by"], row["that is"], row["weight"]) == ("not said", "not said", 0.75)

    _edit(plan_b, FUND, _fund_judged_by("broker"))
    after = _report(mini_copy)
    row = _rows(_table(after, "conditions-plan-b"))[0]
    assert row["judged by"] == "Broker" and row["that is"] == "the obliged party itself"
    assert row["weight"] == 0.25

    def burden(report: Report) -> float:
        data = _rows(_chart(report, "chart-burden").data)
        return next(
            r["burden"] for r in data if r["document"] == "Plan B" and r["party"] == "Broker"
        )

    # Broker's burden: firmness × its salience on aid (40/100): 0.75 × 0.4, then 0.25 × 0.4.
    assert burden(before) == pytest.approx(0.3)
    assert burden(after) == pytest.approx(0.1)
    assert "Broker 0.1 (receives 0)" in _chart(after, "chart-burden").description

    # The key finding on conditions follows the judge too.
    def finding(report: Report) -> str:
        return next(f.text for f in iter_blocks(report.sections[0].blocks, Finding)
                    if "on duties: the duty's own bearer" in f.text)  # fmt: skip

    assert "bearer judges 0 of them" in finding(before) and "no judge for 1" in finding(before)
    assert "bearer judges 1 of them" in finding(after) and "no judge for 0" in finding(after)

    # A third party as judge: named, classed as someone else.
    _edit(plan_b, _fund_judged_by("broker"), _fund_judged_by("north"))
    row = _rows(_table(_report(mini_copy), "conditions-plan-b"))[0]
    assert (row["judged by"], row["that is"]) == ("North", "someone else")


def test_an_exchange_link_moves_a_gap_into_the_exchanges_naming_both_duties(
    mini_copy: Path,
) -> None:
    plan_a = mini_copy / "documents" / "plan-a.yaml"
    before = _report(mini_copy)
    gaps = _rows(_table(before, "gaps-plan-a"))
    withdraw = next(g for g in gaps if g["duty"] == "withdraw from the line")
    # The gap names both sides: the duty, and what North owes South in the same text.
    assert (withdraw["owed by"], withdraw["to"]) == ("South", "North")
    assert "North: not attack South (pt 3)" in withdraw["what the other side owes here"]

    _edit(
        plan_a,
        "      - {on: south, action: withdraw from the line,",
        "      - {id: withdraw, in_exchange_for: [north-holds-fire], on: south, "
        "action: withdraw from the line,",
    )
    _edit(
        plan_a,
        "      - {on: north, action: not attack South,",
        "      - {id: north-holds-fire, on: north, action: not attack South,",
    )
    after = _report(mini_copy)
    assert "withdraw from the line" not in {g["duty"] for g in _rows(_table(after, "gaps-plan-a"))}
    exchanges = _rows(_table(after, "exchanges-plan-a"))
    linked = next(x for x in exchanges if "withdraw from the line" in x["gives in return"])
    # Both sides' duties are named (the exchange is listed from North's side).
    assert linked["party"] == "North" and linked["counterpart"] == "South"
    assert "North: not attack South (pt 3)" in linked["gives"]
    assert "South: withdraw from the line (pt 1)" in linked["gives in return"]
    assert "coded exchange link" in linked["matched by"]


def _red_line(party: str, issue: str, low: int, high: int) -> str:
    return (
        "red_lines:\n"
        f"  - {{party: {party}, issue: {issue}, rejects: [{low}, {high}], statement: "
        "invented for tests, as_of: 2025-01-05, sources: ['https://example.org/red']}\n"
        "scenarios:\n"
    )


def _cell(report: Report, document: str, party: str) -> dict[str, Any]:
    rows = _rows(_chart(report, "chart-acceptance").data)
    return next(r for r in rows if r["document"] == document and r["party"] == party)


def test_adding_a_red_line_changes_the_acceptance_shown(mini_copy: Path) -> None:
    before = _report(mini_copy)
    cell = _cell(before, "Plan B", "North")
    assert cell["probability of accepting"] > 0 and cell["red line crossed on"] == ""

    _edit(mini_copy / "case.yaml", "scenarios:\n", _red_line("north", "aid", 80, 100))
    after = _report(mini_copy)
    cell = _cell(after, "Plan B", "North")
    assert cell["probability of accepting"] == 0
    assert cell["verdict"] == "vetoes" and cell["red line crossed on"] == "Reconstruction aid"
    lines = _rows(_table(after, "red-lines"))
    assert lines == [
        {
            "party": "North",
            "issue": "Reconstruction aid",
            "rejects": "80–100",
            "statement": "invented for tests",
            "stated on": "2025-01-05",
            "documents that cross it": "Plan B (sets 90)",
        }
    ]
    card = next(c for c in iter_blocks(after.sections[1].blocks, Card) if c.id == "card-plan-b")
    assert dict(card.facts)["Red lines crossed"] == "North's on Reconstruction aid"
    drivers = _rows(_table(after, "acceptance-drivers"))
    north_b = next(r for r in drivers if r["document"] == "Plan B" and r["party"] == "North")
    assert north_b["issues that weigh most"].startswith("red line on Reconstruction aid")
    assert north_b["probability"] == "0%"


def test_probabilities_are_acceptance_odds_and_never_contradict_the_verdict(
    mini_path: Path,
) -> None:
    case = load_case(mini_path)
    report = _report(case)
    odds = acceptance_odds(
        case, np.random.default_rng([OPTIONS.seed, ODDS_STREAM]), samples=OPTIONS.samples
    )
    titles = {d.title: d.id for d in case.documents}
    names = {p.name: p.id for p in case.parties}
    rows = [r for r in _rows(_chart(report, "chart-acceptance").data) if r["party"] in names]
    assert rows
    for r in rows:
        d, p = titles[r["document"]], names[r["party"]]
        assert r["probability of accepting"] == round(odds.p(d, p), 3)
        assert r["verdict"] == odds.point.verdict(d, p)

    # With no ranges at all, every draw is the coded case: probability 1 exactly when the
    # verdict is "accepts", 0 otherwise.
    fixed = case.model_copy(
        update={
            "parties": tuple(
                p.model_copy(
                    update={"capability_range": None, "batna_range": None, "patience_range": None}
                )
                for p in case.parties
            ),
            "stances": tuple(
                s.model_copy(update={"position_range": None, "salience_range": None})
                for s in case.stances
            ),
        }
    )
    for r in _rows(_chart(_report(fixed), "chart-acceptance").data):
        if r["party"] in names:
            assert r["probability of accepting"] == (1.0 if r["verdict"] == "accepts" else 0.0)


def test_the_room_is_agreement_zone_and_follows_the_batna(mini_copy: Path) -> None:
    case = load_case(mini_copy)
    report = _report(case)
    zone = agreement_zone(
        case, "plan-b", np.random.default_rng([OPTIONS.seed, ZONE_STREAM]), samples=ZONE_SAMPLES
    )
    rows = {r["issue"]: r for r in _rows(_table(report, "room-plan-b-table"))}
    border = zone.issue("border")
    assert rows["Border line"]["document sets"] == border.draft
    shown = rows["Border line"]["room every one of North, South accepts"]
    # Each end rounded inwards to one decimal (a range cut at a red line never shows its end).
    assert shown == "; ".join(
        f"{math.ceil(lo * 10 - 1e-6) / 10:g}–{math.floor(hi * 10 + 1e-6) / 10:g}"
        for lo, hi in border.intervals
    )
    assert shown not in ("0–100", "none")  # narrower than the scale: it tells the analyst something
    notes = [
        b.text for s in report.sections if s.id == "signing" for b in iter_blocks(s.blocks, Note)
    ]
    assert any(f"{round(100 * zone.feasible_share)}% are worth" in n for n in notes)

    # South's no-deal value rises: the room on every issue around Plan B shrinks or goes.
    _edit(
        mini_copy / "case.yaml",
        "    batna: 0.3\n    batna_range: [0.2, 0.4]",
        "    batna: 0.6\n    batna_range: [0.5, 0.7]",
    )
    tighter = {r["issue"]: r for r in _rows(_table(_report(mini_copy), "room-plan-b-table"))}
    assert tighter["Border line"]["room every one of North, South accepts"] != shown


def test_stance_dates_and_actors_are_shown(mini_copy: Path) -> None:
    _edit(
        mini_copy / "case.yaml",
        "  - {party: north, issue: border, position: 90,",
        "  - {party: north, issue: border, as_of: 2024-12-01, position: 90,",
    )
    _edit(
        mini_copy / "case.yaml",
        "issues:\n",
        "actors:\n  - {id: monitors, name: Independent monitors, kind: monitor}\nissues:\n",
    )
    _edit(
        mini_copy / "documents" / "plan-b.yaml",
        "modality: binding, verified_by: [broker]}\n      - {on: south",
        "modality: binding, verified_by: [monitors]}\n      - {on: south",
    )
    report = _report(mini_copy)
    stances = _rows(_table(report, "stances"))
    dated = next(s for s in stances if s["party"] == "North" and s["issue"] == "Border line")
    assert dated["stated on"] == "2024-12-01"
    assert {s["stated on"] for s in stances if s is not dated} == {""}
    actors = _rows(_table(report, "actors"))
    assert actors == [
        {
            "actor": "Independent monitors",
            "kind": "monitor",
            "description": "",
            "named in duties as": "verifier in 1 duty",
        }
    ]
