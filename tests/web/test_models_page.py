"""The models-compared pages over a real server: the track record, each model's forecast
beside its band and backtest error, agreement and splits, and flags (headless Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from ontable.backtest.compare import AGREE
from ontable.datasets import shipped_backtest
from ontable.web.app import WebConfig
from tests.web.conftest import serve_in_thread

QUICK = "samples=20&seed=3"


@pytest.fixture(scope="module")
def served() -> Any:
    with serve_in_thread(WebConfig(target="ukraine-2025")) as url:
        yield url


def test_json_twin_and_bad_requests(served: str) -> None:
    with httpx.Client(timeout=120) as client:
        data = client.get(f"{served}/api/cases/ukraine-2025/models?{QUICK}").json()
        assert data["samples"] == 20 and data["seed"] == 3 and data["agree_within"] == AGREE
        shipped = shipped_backtest()
        for row in data["models"]:
            assert row["backtest"]["mae"] == shipped.score(row["name"]).mae
        assert {r["kind"] for r in data["models"]} >= {"model", "baseline"}
        records = client.get(f"{served}/api/track-records").json()
        assert [r["name"] for r in records["records"]][: len(shipped.models)] == list(
            shipped.models
        )
        assert records["baselines_note"].startswith("Baselines ahead of models")
        assert client.get(f"{served}/api/cases/nowhere/models").status_code == 404
        assert client.get(f"{served}/api/cases/ukraine-2025/models?samples=-1").status_code == 422
        too_many = client.get(f"{served}/api/cases/ukraine-2025/models?samples=100000")
        assert too_many.status_code == 422
        page = client.get(f"{served}/cases/nowhere/models", headers={"accept": "text/html"})
        assert page.status_code == 404


def test_code_spans_escape_the_rest() -> None:
    from ontable.web.models_pages import code_spans

    assert str(code_spans("Model (`bdm`) <b>&")) == "Model (<code>bdm</code>) &lt;b&gt;&amp;"


@pytest.mark.browser
def test_models_page_in_chromium(browser: Any, served: str, tmp_path: Path) -> None:
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on(
        "request",
        lambda r: None if r.url.startswith("http://127.0.0.1") else errors.append(r.url),
    )
    shipped = shipped_backtest()

    # The nav leads to the track records, which lead to the case's comparison.
    page.goto(f"{served}/")
    page.locator("header nav a", has_text="models").click()
    page.wait_for_url(f"{served}/track-records")
    track = page.locator("#track-table tbody tr")
    assert track.count() == len(page.locator("#track-table tbody tr[data-model]").all())
    for name in (*shipped.models, "mean", "weighted_mean"):
        cell = page.locator(f'#track-table tr[data-model="{name}"] td[data-mae]')
        assert cell.get_attribute("data-mae") == f"{shipped.score(name).mae:.1f}"
    assert "Baselines ahead of models" in page.locator("#baselines-note").inner_text()
    link = page.locator("#case-links a", has_text="ukraine-2025")
    assert link.get_attribute("href") == "/cases/ukraine-2025/models"

    # The comparison itself (a small sweep keeps the test quick; the JSON twin is the same).
    page.goto(f"{served}/cases/ukraine-2025/models?{QUICK}")
    with httpx.Client(timeout=120) as client:
        data = client.get(f"{served}/api/cases/ukraine-2025/models?{QUICK}").json()
    rows = page.locator("#models-table tbody tr")
    assert rows.count() == len(data["models"])
    for row in data["models"]:
        tr = page.locator(f'#models-table tr[data-model="{row["name"]}"]')
        assert tr.get_attribute("data-kind") == row["kind"]
        text = tr.inner_text()
        assert row["assumes"] in text
        assert tr.locator("td.backtest").get_attribute("data-mae") == (
            f"{row['backtest']['mae']:.1f}"
        )
        # Flags: every one shown in words, "none" when there is none.
        shown = tr.locator(".flag").all_inner_texts()
        assert [s.removeprefix("⚠ ") for s in shown] == row["flags"]
        if not row["flags"]:
            assert "none" in tr.locator("td.flags").inner_text()
        if row["round_cap"] is not None:
            assert f"round cap ({row['round_cap']})" in text
        # The forecasts' column names the backtest error and a round cap too.
        head = page.locator(f'#forecast-table th[data-model="{row["name"]}"]').inner_text()
        assert f"backtest error {row['backtest']['mae']:.1f}" in head
        assert ("round cap" in head) == (row["round_cap"] is not None)
        # Each forecast beside its band; a point outside its band is marked.
        for f in row["forecasts"]:
            cell = page.locator(
                f'#forecast-table tr[data-issue="{f["issue"]}"] td[data-model="{row["name"]}"]'
            )
            assert float(cell.get_attribute("data-value")) == f["value"]
            assert ("outside" in (cell.get_attribute("class") or "")) == f["outside_band"]
            assert ("⚠" in cell.inner_text()) == f["outside_band"]
            if f["low"] is not None:
                assert f"{f['low']:.1f}–{f['high']:.1f}" in cell.inner_text()
    assert any(r["flags"] for r in data["models"])  # the built-in case has flags to show
    assert "`" not in page.locator("main").inner_text()  # code spans render as code
    assert page.locator("#models-table th code", has_text="bdm").count() == 1

    # Where the models agree and split: widest first, the verdict by the stated threshold.
    splits = page.locator("#splits-table tbody tr")
    assert splits.count() == len(data["issues"])
    spreads = [float(s) for s in (t.get_attribute("data-spread") for t in splits.all())]
    assert spreads == sorted(spreads, reverse=True)
    for tr in splits.all():
        verdict = tr.locator("td.verdict").inner_text()
        assert verdict == ("agree" if float(tr.get_attribute("data-spread")) <= AGREE else "split")
    page.screenshot(path=str(tmp_path / "models.png"), full_page=True)
    assert not errors, errors
