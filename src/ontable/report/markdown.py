"""Rendering a report as Markdown with its charts as image files beside it (for articles).

Charts are drawn to SVG or PNG by ``vl-convert-python`` (no browser needed) and written to
``<name>_files/`` next to the ``.md`` file, which links them by relative path.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from ontable.io import atomic_write_text
from ontable.report.blocks import Block, Card, Chart, Finding, Link, Note, Report, Table, Words
from ontable.report.html import _format_cell, vega_versions

ImageFormat = Literal["svg", "png"]


def _escape(text: str) -> str:
    """Text safe inside a Markdown table cell (pipes and line breaks would break the row)."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _cell(value: object) -> str:
    if isinstance(value, Link):
        return f"[{_escape(value.text)}]({value.href})"
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
        lines += [table.caption, ""]
    if not table.rows:
        return "\n".join(lines)
    lines.append("| " + " | ".join(_escape(c) for c in table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    for i, row in enumerate(table.rows):
        cells = [_cell(v) for v in row]
        row_id = table.row_ids[i] if i < len(table.row_ids) else None
        if row_id:
            cells[0] = f'<a id="{row_id}"></a>{cells[0]}'
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


def _block(block: Block, image: Callable[[Chart], str], level: int) -> str:
    if isinstance(block, Card):
        facts = "\n".join(f"- **{k}:** {v}" for k, v in block.facts)
        return f"{'#' * level} {block.title}\n\n*{block.subtitle}*\n\n{facts}\n"
    if isinstance(block, Chart):
        return (
            f"![{_escape(block.description)}]({image(block)})\n\n"
            f"*{block.title}.* {block.description}\n\n"
            "<details><summary>Data behind this chart</summary>\n\n"
            f"{markdown_table(block.data)}\n</details>\n"
        )
    if isinstance(block, Table):
        return markdown_table(block)
    if isinstance(block, Note):
        return f"> **Not available yet.** {block.text}\n" if block.missing else f"{block.text}\n"
    if isinstance(block, Finding):
        return f"- **{block.figure}** — {block.text} ([{block.label}]({block.href}))\n"
    inner = "\n".join(_block(b, image, level + 1) for b in block.blocks)
    summary = f"{block.summary}\n\n" if block.summary else ""
    return f"{'#' * level} {block.title}\n\n{summary}{inner}"


def render_markdown(report: Report, image: Callable[[Chart], str]) -> str:
    """The report as Markdown; ``image(chart)`` gives the relative path of each chart's image."""
    meta = report.meta
    out = [
        f"# {report.title}",
        "",
        *([report.description, ""] if report.description else []),
        f"Case `{report.case_id}` · models: {', '.join(meta['models']) or 'none'} · "
        f"{meta['samples']} sweep samples · seed {meta['seed']} · ontable {meta['version']}",
        "",
    ]
    for number, section in enumerate(report.sections, start=1):
        out += [f"## {number}. {section.title}", ""]
        if section.intro:
            out += [section.intro, ""]
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


def _atomic_write_bytes(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        _atomic_write_bytes(target, chart_image(chart, image_format))
        images.append(target)
        return f"{folder_name}/{name}"

    text = render_markdown(report, image)
    atomic_write_text(path, text)
    return [path, *images]
