"""The built-in case's report in a real headless Chromium: every section and chart renders,
offline, with no console error; a screenshot is kept in the test's temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ontable.report import Report, write_html


@pytest.mark.browser
def test_report_renders_offline_in_chromium(
    builtin_report: Report, tmp_path: Path, browser: Any
) -> None:
    path = tmp_path / "report.html"
    write_html(builtin_report, path)

    errors: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_function("document.body.dataset.charts === 'done'", timeout=60_000)

        sections = page.eval_on_selector_all(
            "section.report-section",
            "els => els.map(e => [e.id, e.querySelector('h2').innerText])",
        )
        assert [s[0] for s in sections] == [s.id for s in builtin_report.sections]
        for _, heading in sections:
            assert heading.strip()

        drawn = page.eval_on_selector_all(
            "[data-chart]",
            "els => els.map(e => [e.id, e.dataset.rendered,"
            " e.querySelectorAll('svg, canvas').length])",
        )
        assert [d[0] for d in drawn] == [c.id for c in builtin_report.charts]
        for chart_id, state, marks in drawn:
            assert state == "yes" and marks >= 1, chart_id
        # Each chart's figure is described by its text alternative.
        described = page.eval_on_selector_all(
            "figure.chart-figure",
            "els => els.map(e => document.getElementById("
            "e.getAttribute('aria-describedby')).innerText.length)",
        )
        assert len(described) == len(builtin_report.charts)
        assert all(n > 40 for n in described)

        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    finally:
        page.close()

    assert errors == []
    assert [u for u in requests if not u.startswith("file://")] == []
    assert (tmp_path / "report.png").stat().st_size > 10_000
