"""MkDocs hook: the model pages' LaTeX becomes MathML when the site is built.

``pymdownx.arithmatex`` (generic mode) marks each formula; this hook converts it with
``latex2mathml`` (pure Python, the ``docs`` extra) into MathML, which browsers render
natively. The built site loads no script and nothing from another site, so it works offline.
A formula that cannot be converted stays as readable TeX.
"""

from __future__ import annotations

import html
import re
from typing import Any

_FORMULA = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])'
    r"\s*</(?P=tag)>",
    re.DOTALL,
)


def to_mathml(tex: str, *, block: bool) -> str | None:
    """MathML of ``tex`` (HTML-escaped TeX as arithmatex writes it), or None."""
    try:
        from latex2mathml.converter import convert
    except ImportError:
        return None
    try:
        return str(convert(html.unescape(tex), display="block" if block else "inline"))
    except Exception:  # any failure keeps the TeX readable instead
        return None


def render_maths(page_html: str) -> str:
    """Every arithmatex formula of ``page_html`` as MathML (unconvertible ones unchanged)."""

    def replace(match: re.Match[str]) -> str:
        block = match.group("block") is not None
        tex = match.group("block") if block else match.group("inline")
        mathml = to_mathml(tex, block=block)
        if mathml is None:
            return match.group(0)
        return f'<div class="maths">{mathml}</div>' if block else mathml

    return _FORMULA.sub(replace, page_html)


def on_page_content(html_text: str, **_: Any) -> str:
    """MkDocs event: convert the page's formulas after Markdown is rendered."""
    return render_maths(html_text)
