"""The "Compared with …" section: only when asked, names not ids, readable on a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ontable.errors import UnknownIdError
from ontable.io import load_case
from ontable.report import ReportOptions, build_report, write_html, write_markdown
from ontable.report.blocks import Card, Note, Table
from ontable.report.context import CompareWith
from ontable.report.sections.compare import own_document

DATA = Path(__file__).parent.parent / "data"
QUICK = {"models": ("compromise",), "samples": 0, "bargaining": False}


@pytest.fixture(scope="module")
def compared() -> Any:
    ferry, lake = load_case(DATA / "ferry"), load_case(DATA / "lake")
    options = ReportOptions(**QUICK, compare_with=CompareWith(lake, "accord"))
    return build_report(ferry, options)


def test_no_section_unless_asked() -> None:
    report = build_report(load_case(DATA / "ferry"), ReportOptions(**QUICK))
    assert "compare" not in [s.id for s in report.sections]


def test_section_sits_before_the_glossary_and_names_parties(compared: Any) -> None:
    ids = [s.id for s in compared.sections]
    assert ids.index("compare") == ids.index("glossary") - 1
    section = next(s for s in compared.sections if s.id == "compare")
    assert section.title == "Compared with Lake accord (Lake shore (comparison test case))"
    cards = [b for b in section.blocks if isinstance(b, Card)]
    assert [c.title for c in cards] == ["Package of measures", "Lake accord"]
    facts = dict(cards[1].facts)
    assert facts["Drafted by"] == "Facilitator" and facts["Left out"] == "East Shore"
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.columns == ("Package of measures", "Lake accord", "both do", "basis")
    assert table.rows[1][0] == ("pt 6: If the disarmament fails, the broker's sanctions return.")
    notes = " ".join(b.text for b in section.blocks if isinstance(b, Note))
    assert "Only in Lake accord: institution, amnesty, detainees, reconstruction." in notes
    text = repr(section)
    for party_id in ("westbank", "eastbank", "patron", "north", "south"):
        assert f"'{party_id}'" not in text


def test_markdown_carries_the_section(compared: Any, tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    write_markdown(compared, path)
    assert "Compared with Lake accord" in path.read_text(encoding="utf-8")


def test_long_summaries_are_cut_at_a_word() -> None:
    from ontable.report.sections.compare import SUMMARY_CHARS, _short

    text = "word " * 60
    cut = _short(text)
    assert len(cut) <= SUMMARY_CHARS + 2 and cut.endswith("word …")
    assert _short("short one") == "short one"


def test_own_document_rule() -> None:
    lake = load_case(DATA / "lake")
    assert own_document(lake, None).id == "accord"  # most points
    assert own_document(lake, "east-reply").id == "east-reply"
    with pytest.raises(UnknownIdError):
        own_document(lake, "nope")


@pytest.mark.browser
def test_section_reads_on_a_phone(compared: Any, tmp_path: Path, browser: Any) -> None:
    path = tmp_path / "report.html"
    write_html(compared, path)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(path.as_uri())
        page.wait_for_function("document.body.dataset.charts === 'done'", timeout=60_000)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        section = page.locator("section#compare")
        assert (
            section.locator("h2")
            .inner_text()
            .endswith("Compared with Lake accord (Lake shore (comparison test case))")
        )
        boxes = [c.bounding_box() for c in section.locator("article.card").all()]
        assert len(boxes) == 2 and all(b["x"] + b["width"] <= 390 for b in boxes)
        assert "Facilitator" in section.inner_text()
        page.screenshot(path=str(tmp_path / "compare-390.png"), full_page=True)
    finally:
        page.close()
