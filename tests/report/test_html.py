"""The HTML page: self-contained, escaped, every chart's spec readable."""

from __future__ import annotations

import json
import re

import pytest

from ontable.io import load_case
from ontable.report import ReportOptions, build_report, render_html, write_html
from tests.conftest import MINI


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(build_report(load_case(MINI), ReportOptions(samples=40)))


def test_page_loads_nothing_from_the_network(page: str) -> None:
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "@import" not in page
    assert "vegaEmbed" in page and len(page) > 500_000  # the bundle is inlined


def test_every_chart_has_a_parseable_spec_and_a_data_table(page: str) -> None:
    ids = re.findall(r'data-chart="([^"]+)"', page)
    # One picture per question: obligations (count, weight), drafts (timeline, lean),
    # acceptance, room, forecasts, drivers.
    assert len(ids) == 8
    for chart_id in ids:
        m = re.search(rf'<script type="application/json" id="{chart_id}-spec">(.*?)</script>', page)
        assert m, chart_id
        spec = json.loads(m.group(1))
        assert spec["description"]
    assert page.count("Data behind this chart") == len(ids)


def test_hostile_text_is_escaped(mini_copy) -> None:
    path = mini_copy / "case.yaml"
    path.write_text(
        path.read_text().replace(
            "title: Mini ceasefire (test case)", 'title: "Mini </script><b>bold</b>"'
        )
    )
    html = render_html(build_report(load_case(mini_copy), ReportOptions(samples=0)))
    assert "<b>bold</b>" not in html
    assert "&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    # Inside the JSON spec blocks "</" is escaped so the script element cannot end early.
    for block in re.findall(r'type="application/json"[^>]*>(.*?)</script>', html, re.S):
        json.loads(block)


def test_write_is_atomic_and_returns_the_path(tmp_path) -> None:
    report = build_report(load_case(MINI), ReportOptions(samples=0))
    target = tmp_path / "r.html"
    target.write_text("old")
    assert write_html(report, target) == [target]
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary left behind
