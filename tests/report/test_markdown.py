"""Markdown output: tables, relative image links, images written beside the file."""

from __future__ import annotations

import re

from ontable.io import load_case
from ontable.report import ReportOptions, Table, build_report, write_markdown
from ontable.report.blocks import Link, Words
from ontable.report.markdown import markdown_table
from tests.conftest import MINI


def test_markdown_with_svg_charts(tmp_path) -> None:
    report = build_report(load_case(MINI), ReportOptions(samples=30))
    target = tmp_path / "out" / "mini.md"
    written = write_markdown(report, target)
    assert written[0] == target
    text = target.read_text()
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(images) == len(report.charts) == len(written) - 1
    for rel in images:
        assert rel.startswith("mini_files/") and rel.endswith(".svg")
        assert (target.parent / rel).read_text().lstrip().startswith("<svg")
    for number, section in enumerate(report.sections, start=1):
        assert f"## {number}. {section.title}" in text


def test_markdown_table_escapes_pipes_and_renders_links_and_diffs() -> None:
    table = Table(
        "t",
        "T",
        ("a", "b"),
        (
            ("x | y", Link("pt 1", "#prov-d-1")),
            (Words((("=", "kept"), ("-", "old"), ("+", "new"))), None),
        ),
        row_ids=("row-1", None),
    )
    text = markdown_table(table)
    assert '| <a id="row-1"></a>x \\| y | [pt 1](#prov-d-1) |' in text
    assert "| kept ~~old~~ **new** |  |" in text


def test_png_images(tmp_path) -> None:
    report = build_report(load_case(MINI), ReportOptions(samples=0))
    written = write_markdown(report, tmp_path / "m.md", image_format="png")
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in written[1:])


def test_markdown_escapes_user_text_everywhere() -> None:
    """Text typed by a user renders as written: no HTML, links, emphasis or headings."""
    from ontable.report.blocks import Card, Note, Report, Section
    from ontable.report.markdown import render_markdown

    hostile = "<script>alert(1)</script> *bold* [x](javascript:alert(1)) `code` &amp; ![i](y)"
    table = Table(
        "t", "T <b>", ("a",), ((hostile,),), caption="# heading\n- item <img src=x onerror=1>"
    )
    card = Card("c", hostile, hostile, (("who <i>", hostile),))
    section = Section("s", "S <u>", "> quote " + hostile, (table, card, Note(hostile)))
    meta = {"models": [], "samples": 0, "seed": 0, "version": "x"}
    report = Report("case-id", "r <em>", hostile, (section,), meta)
    text = render_markdown(report, lambda chart: "x.svg")
    for raw in ("<script>", "<b>", "<img", "<i>", "<u>", "<em>", "](javascript", "*bold*", "&amp;"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), text), raw
    assert "\n# heading" not in text and "\n- item" not in text and "\n> quote" not in text
    assert "\\<script\\>alert(1)\\</script\\>" in text
