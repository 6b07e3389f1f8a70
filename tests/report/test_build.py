"""The report's structure: sections in reading order, honest gaps, working anchors."""

from __future__ import annotations

import pytest

from ontable.io import load_case
from ontable.report import Link, Note, ReportOptions, Table, build_report
from ontable.report.blocks import Card, Group, iter_blocks
from ontable.report.build import provision_anchor
from tests.conftest import MINI

SECTIONS = [
    "Key findings",
    "The documents at a glance",
    "Who carries the obligations",
    "How the drafts moved",
    "The order of steps",
    "Whose positions each draft follows",
    "Who would sign",
    "Where it is heading",
    "The models compared",
    "Glossary",
    "Appendix: assumptions and sources",
]


@pytest.fixture(scope="module")
def report():
    return build_report(load_case(MINI), ReportOptions(samples=60, seed=3))


def test_sections_in_reading_order_and_complete(report) -> None:
    assert [s.title for s in report.sections] == SECTIONS
    assert all(not s.missing for s in report.sections), [s.missing for s in report.sections]
    assert report.meta["seed"] == 3 and report.meta["samples"] == 60


def test_one_card_per_document_with_its_facts(report) -> None:
    cards = iter_blocks(report.sections[1].blocks, Card)
    assert [c.title for c in cards] == ["Plan A", "Plan B"]  # by date
    facts = dict(cards[0].facts)
    assert facts["Drafted by"] == "Broker, North"
    assert facts["Left out"] == "South"
    assert facts["Obligations"] == "North: 1 hedged; South: 3 binding"
    # South is required and Plan A gives it 0.06 utility against a 0.3 BATNA (see the
    # acceptability engine): the card must say it would veto.
    assert "would veto: South" in facts["Would accept"]


def test_every_provision_link_has_a_target(report) -> None:
    row_ids = {
        rid for s in report.sections for t in iter_blocks(s.blocks, Table) for rid in t.row_ids
    }
    links = [
        v
        for s in report.sections
        for t in iter_blocks(s.blocks, Table)
        for row in t.rows
        for v in row
        if isinstance(v, Link) and v.href.startswith("#")
    ]
    assert links, "the ledger and diffs link to provisions"
    for link in links:
        assert link.href[1:] in row_ids, link
    assert provision_anchor("plan-a", "3a") in row_ids


def test_diff_of_the_revision_is_shown(report) -> None:
    drafts = next(s for s in report.sections if s.id == "drafts")
    groups = iter_blocks(drafts.blocks, Group)
    assert [g.title for g in groups] == ["Plan A → Plan B"]
    shifts = next(t for t in iter_blocks(groups[0].blocks, Table) if "Issue positions" in t.title)
    border = next(r for r in shifts.rows if r[0] == "Border line")
    assert border[1:4] == (100.0, 60.0, -40.0)


def test_missing_engines_are_said_not_faked(monkeypatch) -> None:
    from ontable.report import engines

    monkeypatch.setattr(engines, "find_engines", lambda: engines.Engines())
    report = build_report(load_case(MINI), ReportOptions(samples=20))
    heading = next(s for s in report.sections if s.id == "heading")
    assert any("sweep engine" in m for m in heading.missing)
    assert any("bargaining engine" in m for m in heading.missing)
    assert report.meta["models"]  # the forecasts themselves are still there
    synthesis = next(s for s in report.sections if s.id == "synthesis")
    notes = [n.text for n in iter_blocks(synthesis.blocks, Note)]
    assert any("backtest engine" in n for n in notes)
    signing = next(s for s in report.sections if s.id == "signing")
    # Acceptance probabilities do not need the sweep engine; the room needs the zone engine.
    assert not any("No probabilities" in n.text for n in iter_blocks(signing.blocks, Note))
    assert any("zone engine" in m for m in signing.missing)


def test_a_case_without_stances_or_documents(mini_copy) -> None:
    case = load_case(mini_copy).model_copy(update={"stances": (), "documents": ()})
    report = build_report(case, ReportOptions(samples=20))
    assert [s.title for s in report.sections] == SECTIONS
    notes = [n for s in report.sections for n in iter_blocks(s.blocks, Note)]
    assert any("no documents" in n.text for n in notes)
    assert any("no stances" in n.text for n in notes)
    assert not report.charts


def test_same_seed_same_report() -> None:
    case = load_case(MINI)
    a = build_report(case, ReportOptions(samples=40, seed=11)).to_dict()
    b = build_report(case, ReportOptions(samples=40, seed=11)).to_dict()
    assert a == b


def test_acceptance_probabilities_beside_the_point_verdicts(report) -> None:
    from ontable.report import Chart

    signing = next(s for s in report.sections if s.id == "signing")
    chart = next(c for c in iter_blocks(signing.blocks, Chart) if c.id == "chart-acceptance")
    cols = chart.data.columns
    rows = [dict(zip(cols, r, strict=True)) for r in chart.data.rows]
    assert {r["document"] for r in rows} == {"Plan A", "Plan B"}
    probs = {(r["document"], r["party"]): r["probability of accepting"] for r in rows}
    assert all(p is None or 0.0 <= p <= 1.0 for p in probs.values())
    # At the point inputs South vetoes Plan A (utility 0.06 against a BATNA of 0.3): the
    # sweep, drawing South's BATNA in 0.2–0.4, should rarely see it accept.
    assert probs[("Plan A", "South")] < 0.5
    # Every cell of the heatmap shows the point verdict's mark beside the probability.
    labels = {
        (d["title"], d["party_name"]): d["label"]
        for d in next(iter(chart.spec["datasets"].values()))
    }
    verdicts = {(r["document"], r["party"]): r["verdict"] for r in rows}
    for key, label in labels.items():
        ok = verdicts[key] in ("accepts", "all accept")
        assert label.endswith("✓" if ok else "✗"), (key, label)
        # A probability shown with the point verdict: never 0 beside ✓ from a red line, and
        # 0 whenever a red line is crossed.
    for r in rows:
        if r["red line crossed on"]:
            assert r["probability of accepting"] == 0 and r["verdict"] in ("vetoes", "rejects")


def test_the_source_mix_is_shown_with_the_assumptions(report) -> None:
    case = load_case(MINI)
    (section,) = [s for s in report.sections if s.id == "assumptions"]
    tables = iter_blocks(section.blocks, Table)
    mix = [t for t in tables if t.id == "source-mix"]
    assert len(mix) == 1
    groups = [row[0] for row in mix[0].rows]
    assert groups[: len(case.documents)] == sorted(
        (d.id for d in case.documents), key=lambda i: (case.document(i).date, i)
    )
    assert "excluded domain" in (mix[0].caption or "")
