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


@pytest.mark.browser
def test_report_reads_on_a_phone(builtin_report: Report, tmp_path: Path, browser: Any) -> None:
    """At 390 px nothing scrolls sideways, charts fit, descriptions are for screen readers
    only, the appendix starts collapsed and a provision link opens it."""
    path = tmp_path / "report.html"
    write_html(builtin_report, path)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(path.as_uri())
        page.wait_for_function("document.body.dataset.charts === 'done'", timeout=60_000)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        widths = page.eval_on_selector_all(
            "[data-chart] svg", "els => els.map(e => e.getBoundingClientRect().right)"
        )
        assert widths and max(widths) <= 390
        # The findings come first and are visible; chart descriptions are in the page but
        # take no room on screen.
        first = page.locator("section.report-section").first
        assert first.get_attribute("id") == "summary"
        assert page.locator("li.finding").first.is_visible()
        desc = page.locator("p.description").first
        assert len(desc.inner_text()) > 40
        assert desc.bounding_box()["width"] <= 1
        # The appendix is collapsed until a provision link asks for one of its rows.
        closed = page.eval_on_selector_all("#assumptions details", "els => els.map(e => e.open)")
        assert closed and not any(closed)
        link = page.locator("#ledger a[href^='#prov-']").first
        target = link.get_attribute("href")[1:]
        page.evaluate("id => { location.hash = id; }", target)
        page.wait_for_function(
            "id => document.getElementById(id).closest('details').open", arg=target
        )
        page.screenshot(path=str(tmp_path / "report-390.png"), full_page=True)
    finally:
        page.close()
