"""End-to-end in headless Debian Chromium against a real server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ontable.web.app import WebConfig
from tests.web.conftest import serve_in_thread

pytestmark = pytest.mark.browser


def _page(browser: Any, errors: list[str]) -> Any:
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
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


def test_slider_moves_forecast(browser: Any, tmp_path: Path) -> None:
    errors: list[str] = []
    with serve_in_thread(WebConfig(target="ukraine-2025")) as url:
        page = _page(browser, errors)
        page.goto(f"{url}/cases/ukraine-2025/forecast")
        cell = page.locator('#outcome td[data-issue="army_cap"]')
        before = cell.inner_text()
        slider = page.locator("#capability__russia")
        slider.focus()
        page.keyboard.press("End")  # capability 100: Russia's weight grows
        page.wait_for_function(
            "(before) => document.querySelector('#outcome td[data-issue=\"army_cap\"]').innerText !== before",
            arg=before,
            timeout=5000,
        )
        after = cell.inner_text()
        assert float(after.split()[-1]) > float(before.split()[-1])
        assert "1 input(s) changed" in page.locator("#result").inner_text()
        page.screenshot(path=str(tmp_path / "forecast.png"), full_page=True)
        page.close()
    assert errors == []


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
        page.screenshot(path=str(tmp_path / "sweep.png"), full_page=True)
        page.goto(f"{url}/runs")
        assert page.locator("#runs tbody tr").count() == 1
        page.close()
    assert errors == []
    assert store.exists()
