"""Rendering a report as Markdown with its charts as image files beside it (for articles).

Charts are drawn to SVG or PNG by ``vl-convert-python`` (no browser needed) and written to
``<name>_files/`` next to the ``.md`` file, which links them by relative path.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from ontable.io import atomic_write_bytes, atomic_write_text
from ontable.report.blocks import Block, Card, Chart, Finding, Link, Note, Report, Table, Words
from ontable.report.html import _format_cell, vega_versions

ImageFormat = Literal["svg", "png"]


_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~!&#"})
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def _text(text: str) -> str:
    """User text made literal in Markdown: it renders as written, never as markup or HTML.

    Every character that Markdown or its HTML pass-through would read as syntax (emphasis,
    links, images, code, raw HTML, entities, tables, strike-through, headings) is escaped with
    a backslash (CommonMark: any ASCII punctuation may be), and a line that would start a
    list, quote or setext heading gets its first mark escaped. Line breaks are kept.
    """
    lines = text.translate(_INLINE).split("\n")
    return "\n".join(_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}", line) for line in lines)


def _escape(text: str) -> str:
    """User text made literal on one line (a table cell, a heading, an alt text)."""
    return _text(" ".join(text.split("\n")))


def _href(url: str) -> str:
    """A link target that cannot end the link early or inject markup."""
    if re.fullmatch(r"[^\s()<>\\]+", url):
        return url
    return "<" + url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") + ">"


def _cell(value: object) -> str:
    if isinstance(value, Link):
        return f"[{_escape(value.text)}]({_href(value.href)})"
    if isinstance(value, tuple):
        return " ".join(_cell(v) for v in value)
    if isinstance(value, Words):
        return " ".join(
            _escape(t) if op == "=" else f"~~{_escape(t)}~~" if op == "-" else f"**{_escape(t)}**"
            for op, t in value.runs
        )
    return _escape(_format_cell(value))


def markdown_table(table: Table) -> str:
    """A pipe table with its title (and caption) above it; anchors on rows that have ids."""
    lines = [f"**{_escape(table.title)}**", ""]
    if table.caption:
        lines += [_text(table.caption), ""]
    if not table.rows:
        return "\n".join(lines)
    lines.append("| " + " | ".join(_escape(c) for c in table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    for i, row in enumerate(table.rows):
        cells = [_cell(v) for v in row]
        row_id = table.row_ids[i] if i < len(table.row_ids) else None
        if row_id:
            cells[0] = f'<a id="{html.escape(row_id)}"></a>{cells[0]}'
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


def _block(block: Block, image: Callable[[Chart], str], level: int) -> str:
    if isinstance(block, Card):
        facts = "\n".join(f"- **{_escape(k)}:** {_escape(str(v))}" for k, v in block.facts)
        subtitle = f"*{_escape(block.subtitle)}*\n\n" if block.subtitle else ""
        return f"{'#' * level} {_escape(block.title)}\n\n{subtitle}{facts}\n"
    if isinstance(block, Chart):
        return (
            f"![{_escape(block.description)}]({image(block)})\n\n"
            f"*{_escape(block.title)}.* {_text(block.description)}\n\n"
            "<details><summary>Data behind this chart</summary>\n\n"
            f"{markdown_table(block.data)}\n</details>\n"
        )
    if isinstance(block, Table):
        return markdown_table(block)
    if isinstance(block, Note):
        text = _text(block.text)
        return f"> **Not available yet.** {_escape(block.text)}\n" if block.missing else f"{text}\n"
    if isinstance(block, Finding):
        return (
            f"- **{_text(block.figure)}** — {_text(block.text)} "
            f"([{_escape(block.label)}]({block.href}))\n"
        )
    inner = "\n".join(_block(b, image, level + 1) for b in block.blocks)
    summary = f"{_text(block.summary)}\n\n" if block.summary else ""
    return f"{'#' * level} {_escape(block.title)}\n\n{summary}{inner}"


def render_markdown(report: Report, image: Callable[[Chart], str]) -> str:
    """The report as Markdown; ``image(chart)`` gives the relative path of each chart's image."""
    meta = report.meta
    out = [
        f"# {_escape(report.title)}",
        "",
        *([_text(report.description), ""] if report.description else []),
        f"Case `{report.case_id}` · models: {', '.join(meta['models']) or 'none'} · "
        f"{meta['samples']} sweep samples · seed {meta['seed']} · ontable {meta['version']}",
        "",
    ]
    for number, section in enumerate(report.sections, start=1):
        out += [f"## {number}. {_escape(section.title)}", ""]
        if section.intro:
            out += [_text(section.intro), ""]
        out += [_block(b, image, 3) for b in section.blocks]
    return "\n".join(out).rstrip() + "\n"


def chart_image(chart: Chart, image_format: ImageFormat = "svg") -> bytes:
    """The chart drawn as SVG (UTF-8 bytes) or PNG (at twice the pixel density)."""
    import vl_convert as vlc

    version = vega_versions()["vega-lite"]
    if image_format == "png":
        png: bytes = vlc.vegalite_to_png(chart.spec, vl_version=version, scale=2)
        return png
    svg: str = vlc.vegalite_to_svg(chart.spec, vl_version=version)
    return svg.encode("utf-8")


def write_markdown(report: Report, path: Path, image_format: ImageFormat = "svg") -> list[Path]:
    """Write ``path`` (Markdown) and one image per chart in ``<stem>_files/`` beside it.

    Returns
    -------
    list of Path
        The Markdown file first, then the images, in reading order.
    """
    folder_name = f"{path.stem}_files"
    images: list[Path] = []

    def image(chart: Chart) -> str:
        name = f"{chart.id}.{image_format}"
        target = path.parent / folder_name / name
        atomic_write_bytes(target, chart_image(chart, image_format))
        images.append(target)
        return f"{folder_name}/{name}"

    text = render_markdown(report, image)
    atomic_write_text(path, text)
    return [path, *images]
