"""The pieces a report is made of: sections holding cards, tables, charts and notes.

These are plain frozen dataclasses with no knowledge of HTML or Markdown: the builder fills
them from the engines' results, and ``html.py`` / ``markdown.py`` render the same objects.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

B = TypeVar("B")


@dataclass(frozen=True)
class Link:
    """A table cell that points somewhere: an anchor in the report (``#...``) or a source URL."""

    text: str
    href: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "href": self.href}


@dataclass(frozen=True)
class Words:
    """A table cell holding a word diff: runs kept (``=``), removed (``-``) and added (``+``)."""

    runs: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        """Plain-text form: ``[-removed-]`` and ``{+added+}`` around changed runs."""
        return " ".join(
            t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in self.runs
        )


Cell = str | int | float | Link | Words | tuple[Link, ...] | None


def _plain(value: Any) -> Cell:
    """A pandas/numpy cell → a plain Python cell (NaN becomes None)."""
    if isinstance(value, Link | Words | str | tuple) or value is None:
        return value
    item = getattr(value, "item", None)
    if callable(item):
        value = item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, int | float):
        return value
    return str(value)


@dataclass(frozen=True)
class Table:
    """A table with a caption; cells are text, numbers, links or None (shown empty)."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str | None = None
    row_ids: tuple[str | None, ...] = ()

    @classmethod
    def from_frame(
        cls,
        id: str,
        title: str,
        frame: pd.DataFrame,
        caption: str | None = None,
        row_ids: tuple[str | None, ...] = (),
    ) -> Table:
        """A table of every column of ``frame`` (its index is dropped)."""
        rows = tuple(tuple(_plain(v) for v in rec) for rec in frame.itertuples(index=False))
        return cls(id, title, tuple(str(c) for c in frame.columns), rows, caption, row_ids)

    def to_dict(self) -> dict[str, Any]:
        def cell(value: Cell) -> Any:
            if isinstance(value, Link):
                return value.to_dict()
            if isinstance(value, tuple):
                return [v.to_dict() for v in value]
            if isinstance(value, Words):
                return value.text
            return value

        return {
            "id": self.id,
            "title": self.title,
            "caption": self.caption,
            "columns": list(self.columns),
            "rows": [[cell(v) for v in row] for row in self.rows],
        }


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite chart with its text alternative: a description and the data behind it."""

    id: str
    title: str
    description: str
    spec: dict[str, Any]
    data: Table

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "spec": self.spec,
        }


@dataclass(frozen=True)
class Card:
    """A short summary box: a title, a line under it and labelled facts."""

    id: str
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "subtitle": self.subtitle,
            "facts": [list(f) for f in self.facts],
        }


@dataclass(frozen=True)
class Note:
    """A paragraph of text; ``missing`` marks a part whose engine or data is not there."""

    text: str
    missing: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "missing": self.missing}


@dataclass(frozen=True)
class Finding:
    """One key finding: a sentence, the number it turns on, and the section that shows it."""

    text: str
    figure: str
    href: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "figure": self.figure, "href": self.href, "label": self.label}


@dataclass(frozen=True)
class Group:
    """A titled group of blocks inside a section (one document, one revision, ...).

    A ``collapsed`` group shows its title and ``summary`` and opens on a click (long tables).
    """

    id: str
    title: str
    blocks: tuple[Block, ...]
    collapsed: bool = False
    summary: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "blocks": [_block_dict(b) for b in self.blocks],
        }


Block = Card | Table | Chart | Note | Group | Finding


def _block_dict(block: Block) -> dict[str, Any]:
    return {"type": type(block).__name__.lower(), **block.to_dict()}


@dataclass(frozen=True)
class Section:
    """One numbered part of the report."""

    id: str
    title: str
    intro: str
    blocks: tuple[Block, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """The texts of every ``missing`` note in the section, nested groups included."""
        return tuple(n.text for n in iter_blocks(self.blocks, Note) if n.missing)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "intro": self.intro,
            "blocks": [_block_dict(b) for b in self.blocks],
        }


@dataclass(frozen=True)
class Report:
    """A whole report: the case it is about, its sections and how it was made."""

    case_id: str
    title: str
    description: str | None
    sections: tuple[Section, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart, in reading order."""
        return tuple(c for s in self.sections for c in iter_blocks(s.blocks, Chart))

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "title": self.title,
            "description": self.description,
            "meta": self.meta,
            "sections": [s.to_dict() for s in self.sections],
        }


def iter_blocks(blocks: tuple[Block, ...], kind: type[B]) -> list[B]:
    """Every block of type ``kind`` in ``blocks``, descending into groups, in order."""
    out: list[B] = []
    for b in blocks:
        if isinstance(b, kind):
            out.append(b)
        if isinstance(b, Group):
            out.extend(iter_blocks(b.blocks, kind))
    return out


def slug(*parts: str) -> str:
    """An HTML id from ``parts``: lower case, runs of other characters turned into ``-``."""
    text = "-".join(parts).lower()
    return re.sub(r"[^a-z0-9_]+", "-", text).strip("-") or "x"
