"""The report face: an offline HTML (or Markdown) report of a case with Altair charts.

``build_report`` runs the engines and returns the report's sections; ``write_html`` and
``write_markdown`` write them.
"""

from ontable.report.blocks import Card, Chart, Group, Link, Note, Report, Section, Table
from ontable.report.budget import SizeBudget
from ontable.report.build import DEFAULT_SAMPLES, ReportOptions, build_report
from ontable.report.html import render_html, write_html
from ontable.report.markdown import render_markdown, write_markdown

__all__ = [
    "DEFAULT_SAMPLES",
    "Card",
    "Chart",
    "Group",
    "Link",
    "Note",
    "Report",
    "ReportOptions",
    "Section",
    "SizeBudget",
    "Table",
    "build_report",
    "render_html",
    "render_markdown",
    "write_html",
    "write_markdown",
]
