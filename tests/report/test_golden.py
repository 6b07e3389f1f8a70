"""Golden files of the built-in case's report: every chart spec and every section table.

Regenerate after an intended change (of the code or of the case) with
``ONTABLE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/report/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ontable.report import Report

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("ONTABLE_UPDATE_GOLDEN") == "1"


def _tables(report: Report) -> dict[str, Any]:
    """The report's content without chart specs (those have their own golden file)."""

    def strip(block: dict[str, Any]) -> dict[str, Any]:
        block = {k: v for k, v in block.items() if k != "spec"}
        if "blocks" in block:
            block["blocks"] = [strip(b) for b in block["blocks"]]
        if block.get("type") == "chart":
            block["data"] = None  # replaced below by the chart's data table
        return block

    out = report.to_dict()
    out["sections"] = [strip(s) for s in out["sections"]]
    out["chart_data"] = {c.id: c.data.to_dict() for c in report.charts}
    return out


def _charts(report: Report) -> dict[str, Any]:
    return {c.id: c.spec for c in report.charts}


def _text(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True, allow_nan=False) + "\n"


def _first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}: present on one side only"
            found = _first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


@pytest.mark.parametrize("name", ["tables", "charts"])
def test_golden(builtin_report: Report, name: str) -> None:
    current = json.loads(
        _text(_tables(builtin_report) if name == "tables" else _charts(builtin_report))
    )
    path = GOLDEN / f"ukraine-2025.{name}.json"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_text(current), encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with ONTABLE_UPDATE_GOLDEN=1"
    expected = json.loads(path.read_text(encoding="utf-8"))
    diff = _first_difference(expected, current)
    if diff is not None and diff.startswith("$.meta.case_digest"):
        diff += " (the built-in case's files changed since the golden files were made)"
    assert diff is None, (
        f"{path.name} differs at {diff}; if the change is intended, regenerate with "
        "ONTABLE_UPDATE_GOLDEN=1 and review the diff"
    )
