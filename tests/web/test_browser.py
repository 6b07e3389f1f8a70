"""End-to-end in headless Debian Chromium against a real server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ontable import load_case
from ontable.web.app import WebConfig
from tests.web.conftest import serve_in_thread

pytestmark = pytest.mark.browser


def _page(browser: Any, errors: list[str]) -> Any:
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.on(
        "console",
        lambda m: (
            errors.append(f"{m.text} {m.location} {[a.json_value() for a in m.args][:3]}")
            if m.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: (
            errors.append(f"off-site request {r.url}")
            if not r.url.startswith("http://127.0.0.1")
            else None
        ),
    )
    return page


def _after(page: Any, issue: str, model: str = "compromise") -> float:
    cell = page.locator(f'#outcome tr[data-issue="{issue}"] td.num[data-model="{model}"]').first
    return float(cell.get_attribute("data-after"))


def _wait_summary(page: Any, text: str) -> None:
    page.wait_for_function(
        "(t) => (document.querySelector('#changes-summary') || {innerText: ''}).innerText.includes(t)",
        arg=text,
        timeout=10_000,
    )


def test_whatif_controls_move_and_reset(browser: Any, tmp_path: Path) -> None:
    errors: list[str] = []
    with serve_in_thread(WebConfig(target="ukraine-2025")) as url:
        page = _page(browser, errors)
        page.goto(f"{url}/cases/ukraine-2025/forecast")
        # Every slider has plain words, both ends explained and its baseline marked.
        sliders = page.locator("#whatif input[type=range]")
        n = sliders.count()
        assert n > 100
        assert page.locator(".control .baseline-mark").count() == n
        assert page.locator(".control .baseline-text").count() == n
        labels = page.locator(".control-head label").all_inner_texts()
        assert all("_" not in t and "__" not in t for t in labels), labels[:5]
        assert "Clout at the table" in labels and "Value of no deal (BATNA)" in labels
        ends = page.locator("#ends-capability__russia").inner_text()
        assert "0: no clout" in ends and "baseline 60" in ends
        assert page.locator("#party-russia > summary").inner_text().startswith("Russia")

        before = _after(page, "army_cap")
        slider = page.locator("#capability__russia")
        slider.focus()
        page.keyboard.press("End")  # capability 100: Russia's weight grows
        _wait_summary(page, "1 input(s) changed")
        after = _after(page, "army_cap")
        assert after > before
        change = page.locator('#outcome tr[data-issue="army_cap"] td.change').first
        assert float(change.get_attribute("data-change")) == pytest.approx(after - before, abs=0.11)
        assert "Russia · Clout at the table: 60 → 100" in page.locator("#result").inner_text()
        assert "changed" in (
            page.locator('.control[data-key="capability__russia"]').get_attribute("class") or ""
        )
        assert page.locator("#changed-count").inner_text() == "1"

        # Reset one control.
        page.click('.reset-one[data-key="capability__russia"]')
        _wait_summary(page, "No input changed")
        assert slider.input_value() == "60"
        assert _after(page, "army_cap") == before

        # Reset one party: two of Russia's controls move, one click puts both back.
        page.locator("#batna__russia").focus()
        page.keyboard.press("Home")
        page.locator("#patience__russia").focus()
        page.keyboard.press("Home")
        _wait_summary(page, "2 input(s) changed")
        assert page.locator('[data-party-changed="russia"]').inner_text() == "2 changed"
        page.click('.reset-party[data-party="russia"]')
        _wait_summary(page, "No input changed")
        batna = load_case("ukraine-2025").party("russia").batna
        assert float(page.locator("#batna__russia").input_value()) == pytest.approx(batna)

        # Reset all: a change in another party's group goes too.
        page.click("#party-ukraine > summary")
        page.locator("#capability__ukraine").focus()
        page.keyboard.press("Home")
        _wait_summary(page, "1 input(s) changed")
        page.click("#reset-all")
        _wait_summary(page, "No input changed")
        assert page.locator("#changed-count").inner_text() == "0"
        page.screenshot(path=str(tmp_path / "whatif.png"), full_page=True)
        page.close()
    assert errors == []


def test_whatif_loads_a_scenario_and_shows_two_models(browser: Any, tmp_path: Path) -> None:
    errors: list[str] = []
    with serve_in_thread(WebConfig(target="ukraine-2025")) as url:
        page = _page(browser, errors)
        page.goto(f"{url}/cases/ukraine-2025/forecast")
        page.select_option("#compare-model", "bdm")
        page.wait_for_selector('#outcome th.model-head[data-model="bdm"]', timeout=10_000)
        heads = page.locator("#outcome th.model-head").all_inner_texts()
        assert heads == ["compromise", "bdm"]
        page.select_option("#scenario", "russia-costs-rise")
        _wait_summary(page, "3 input(s) changed")
        assert "tighter oil sanctions" in page.locator("#scenario-about").inner_text()
        assert page.locator("#salience__russia__sanctions").input_value() == "90"
        assert page.locator("#batna__russia").input_value() == "0.3"
        # The scenario raises the weight of sanctions for Russia: some model's forecast on
        # sanctions moves off its baseline, and the change column says by how much.
        changes = [
            float(c.get_attribute("data-change"))
            for c in page.locator('#outcome tr[data-issue="sanctions"] td.change').all()
        ]
        assert len(changes) == 2 and any(abs(c) > 0.05 for c in changes)
        # Back to the case as coded.
        page.select_option("#scenario", "")
        _wait_summary(page, "No input changed")
        page.close()
    assert errors == []


def test_whatif_on_a_phone(browser: Any, tmp_path: Path) -> None:
    errors: list[str] = []
    with serve_in_thread(WebConfig(target="ukraine-2025")) as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/cases/ukraine-2025/forecast?compare=median")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator("#capability__russia").focus()
        page.keyboard.press("End")
        _wait_summary(page, "1 input(s) changed")
        # Scroll far down the controls: the result stays on screen.
        page.locator("#party-russia fieldset.issue").last.scroll_into_view_if_needed()
        box = page.locator("#result").bounding_box()
        assert box is not None and -1 <= box["y"] < 844 / 2
        assert page.locator("#result #outcome").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(tmp_path / "whatif-390.png"))
        page.close()
    assert errors == []


def test_save_a_scenario_and_compare_it(browser: Any, tmp_path: Path, case_dir: Path) -> None:
    errors: list[str] = []
    with serve_in_thread(WebConfig(target=case_dir.parent)) as url:
        page = _page(browser, errors)
        page.goto(f"{url}/cases/mini/forecast")
        page.click("#party-south > summary")
        page.locator("#batna__south").focus()
        page.keyboard.press("Home")
        _wait_summary(page, "1 input(s) changed")
        page.fill("#scenario-name", "south-desperate")
        page.fill("#scenario-description", "South's alternative collapses.")
        page.click("#save-scenario")
        page.wait_for_selector("#save-message >> text=saved scenario", timeout=10_000)
        assert "south-desperate" in page.locator("#scenario").inner_text()
        page.click("#scenario-compare > summary")
        page.wait_for_selector("#scenarios-table th >> text=south-desperate", timeout=10_000)
        heads = page.locator("#scenarios-table thead th").all_inner_texts()
        assert heads[:3] == ["issue", "baseline", "broker-leaves"] and "south-desperate" in heads
        # Load the other saved scenario, then the new one: the controls follow.
        page.select_option("#scenario", "broker-leaves")
        _wait_summary(page, "1 input(s) changed")
        assert page.locator("#batna__south").input_value() == "0.1"
        page.select_option("#scenario", "south-desperate")
        _wait_summary(page, "1 input(s) changed")
        assert page.locator("#batna__south").input_value() == "0"
        page.close()
    assert errors == []
    text = (case_dir / "case.yaml").read_text()
    assert "south-desperate" in text and "South's alternative collapses." in text


def test_edit_stance_invalid_then_valid(browser: Any, tmp_path: Path, case_dir: Path) -> None:
    errors: list[str] = []
    with serve_in_thread(WebConfig(target=case_dir.parent)) as url:
        page = _page(browser, errors)
        page.goto(f"{url}/cases/mini")
        page.click("#stance-south-aid >> text=edit")
        page.fill("#position", "abc")
        page.click("button[type=submit]")
        assert "expected a number" in page.locator("#err-position").inner_text()
        assert (
            "position: 100" in (case_dir / "case.yaml").read_text().split("issue: aid")[1][:200]
            or "{party: south, issue: aid, position: 100" in (case_dir / "case.yaml").read_text()
        )
        page.fill("#position", "64")
        page.click("button[type=submit]")
        page.wait_for_selector("text=Saved to the case file.", timeout=5000)
        page.screenshot(path=str(tmp_path / "edit.png"), full_page=True)
        page.close()
    text = (case_dir / "case.yaml").read_text()
    assert "issue: aid, position: 64" in text
    # the 422 from the invalid attempt is the only console error a browser reports
    assert all("422" in e for e in errors), errors


def test_start_a_sweep_and_see_it_finish(browser: Any, tmp_path: Path, case_dir: Path) -> None:
    errors: list[str] = []
    store = tmp_path / "runs.sqlite"
    with serve_in_thread(WebConfig(target=case_dir.parent, store_path=store)) as url:
        page = _page(browser, errors)
        page.goto(f"{url}/cases/mini/sweeps")
        page.select_option("#sweep-model", "bdm")
        page.fill("#sweep-samples", "400")
        page.click("#start-sweep")
        page.wait_for_selector("#run-quantiles", timeout=60_000)
        status = page.locator("#job-status").inner_text()
        assert status.startswith("complete (400 of 400)"), status
        assert page.locator("#run-quantiles tbody tr").count() == 3  # the mini case's issues
        assert page.locator("#job-progress").get_attribute("value") == "400"
        # The page's own list of runs shows the new run without a reload.
        page.wait_for_selector("#case-runs #runs tbody tr", timeout=10_000)
        assert page.locator("#case-runs #runs tbody tr").count() == 1
        page.screenshot(path=str(tmp_path / "sweep.png"), full_page=True)
        page.goto(f"{url}/runs")
        assert page.locator("#runs tbody tr").count() == 1
        page.close()
    assert errors == []
    assert store.exists()
