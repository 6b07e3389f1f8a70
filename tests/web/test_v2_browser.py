"""The format v2 views in headless Debian Chromium against a real server on 127.0.0.1: who
would accept (probability, verdict, drivers), conditions and who judges them, exchanges,
unmatched duties, the room, red lines, actors and stance dates, in names, at 1300 and 390 px."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ontable import load_case
from ontable.analysis import acceptance_odds
from ontable.report.context import percent
from ontable.web.app import WebConfig
from ontable.web.document_view import ODDS_SAMPLES, SEED
from tests.web.conftest import serve_in_thread

pytestmark = pytest.mark.browser

FUND = (
    "      - {on: broker, action: fund reconstruction, kind: fund, issue: aid, "
    "benefits: [south], modality: conditional, condition: once a ceasefire holds for 30 days}"
)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def v2_case(tmp_path: Path, mini_path: Path) -> Path:
    """The mini case with a red line, an actor, a dated stance and a judged condition."""
    dest = tmp_path / "cases" / "mini"
    shutil.copytree(mini_path, dest)
    case = dest / "case.yaml"
    _edit(
        case,
        "scenarios:\n",
        "red_lines:\n  - {party: north, issue: aid, rejects: [80, 100], statement: North will "
        "never fund a full reconstruction, as_of: 2025-01-05, sources: ['https://example.org/r']}"
        "\nscenarios:\n",
    )
    _edit(case, "issues:\n", "actors:\n  - {id: monitors, name: Independent monitors}\nissues:\n")
    _edit(
        case,
        "  - {party: north, issue: border, position: 90,",
        "  - {party: north, issue: border, as_of: 2024-12-01, position: 90,",
    )
    _edit(
        dest / "documents" / "plan-b.yaml",
        FUND,
        FUND.replace(
            "modality: conditional, condition: once a ceasefire holds for 30 days}",
            "modality: conditional, verified_by: [monitors], conditions: [{text: once a "
            "ceasefire holds for 30 days, judged_by: broker}]}",
        ),
    )
    return dest


def _page(browser: Any, width: int, errors: list[str]) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def _cells(page: Any, selector: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        f"{selector} tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(c => c.innerText.trim()))",
    )


def test_document_page_shows_odds_judges_trades_and_room(
    browser: Any, v2_case: Path, tmp_path: Path
) -> None:
    errors: list[str] = []
    case = load_case(v2_case)
    odds = acceptance_odds(case, np.random.default_rng(SEED), ["plan-b"], samples=ODDS_SAMPLES)
    with serve_in_thread(WebConfig(target=v2_case.parent, store_path=tmp_path / "r.sqlite")) as url:
        page = _page(browser, 1300, errors)
        page.goto(f"{url}/cases/mini/documents/plan-b")
        # Who would accept: names, the probability from acceptance_odds, the point verdict,
        # and a red line crossed named as the first driver.
        accept = {r[0]: r for r in _cells(page, "#acceptance")}
        assert set(accept) == {"North", "South", "Broker"}
        assert accept["North"][1] == "0%" and accept["North"][2].startswith("vetoes")
        assert accept["North"][3].startswith("red line on Reconstruction aid")
        assert accept["South"][1] == percent(odds.p("plan-b", "south"))
        # The condition, its judge in words, and the weight the ledger gives it.
        conditions = _cells(page, "#conditions")
        assert conditions == [
            [
                "4",
                "Broker",
                "fund reconstruction",
                "once a ceasefire holds for 30 days",
                "Broker",
                "the obliged party itself",
                "0.25",
            ]
        ]
        # The mirrored non-attack duties are an exchange; the troop cap is unmatched and
        # names what North owes South in the same text.
        exchanges = _cells(page, "#exchanges")
        assert any("not attack" in " ".join(r) and r[4] == "the same duty, roles reversed"
                   for r in exchanges)  # fmt: skip
        gaps = _cells(page, "#gaps")
        cap = next(r for r in gaps if r[3] == "cap troops at 50,000")
        assert (cap[1], cap[2]) == ("South", "North") and "North: not attack South" in cap[5]
        # The room around the draft, with the joint feasible share.
        room = {r[0]: r for r in _cells(page, "#room")}
        assert set(room) == {"Border line", "Troop cap on South", "Reconstruction aid"}
        assert "North" in room["Reconstruction aid"][3]  # its red line limits the room
        assert page.locator("#feasible-share").inner_text().endswith("%")
        # Names, not ids, in the provisions too.
        provisions = page.locator("#provisions-table").inner_text()
        assert "judged by Broker" in provisions and "broker" not in provisions.split()
        page.screenshot(path=str(tmp_path / "document-1300.png"), full_page=True)

        phone = _page(browser, 390, errors)
        phone.goto(f"{url}/cases/mini/documents/plan-b")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        assert phone.locator("#acceptance").is_visible()
        phone.screenshot(path=str(tmp_path / "document-390.png"), full_page=True)
    assert errors == []


def test_case_page_shows_red_lines_actors_and_stance_dates(
    browser: Any, v2_case: Path, tmp_path: Path
) -> None:
    errors: list[str] = []
    with serve_in_thread(WebConfig(target=v2_case.parent, store_path=tmp_path / "r.sqlite")) as url:
        page = _page(browser, 1300, errors)
        page.goto(f"{url}/cases/mini")
        lines = _cells(page, "#red-lines")
        assert len(lines) == 1
        party, issue, rejects, statement, stated, crossed, _ = lines[0]
        assert statement == "North will never fund a full reconstruction"
        assert (party, issue, rejects, stated) == (
            "North",
            "Reconstruction aid",
            "80–100",
            "2025-01-05",
        )
        assert crossed == "Plan B (sets 90)"
        actors = _cells(page, "#actors")
        assert actors == [["Independent monitors", "other", "", "verifier in 1 duty"]]
        dated = page.locator("#stance-north-border td.as-of").inner_text()
        assert dated == "2024-12-01"
        assert page.locator("#stance-south-border td.as-of").inner_text() == ""
        assert page.locator("#stance-north-border td").first.inner_text() == "North"

        phone = _page(browser, 390, errors)
        phone.goto(f"{url}/cases/mini")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=str(tmp_path / "case-390.png"), full_page=True)
    assert errors == []
