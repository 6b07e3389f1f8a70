"""The case commands through the real command line: output, exit codes, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path


def test_version(cli) -> None:
    from ontable import __version__

    result = cli("--version")
    assert result.code == 0
    assert result.stdout.strip() == f"ontable {__version__}"


def test_validate_ok(cli, mini_path: Path) -> None:
    result = cli("validate", str(mini_path))
    assert result.code == 0, result.stderr
    assert (
        "mini: valid — 3 parties, 3 issues, 9 stances, 2 documents, 8 provisions" in result.stdout
    )


def test_validate_bad_file_exit_1_no_traceback(cli, mini_copy: Path) -> None:
    path = mini_copy / "documents" / "plan-a.yaml"
    path.write_text(path.read_text().replace("modality: hedged", "modality: perhaps"))
    result = cli("validate", str(mini_copy))
    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{path}:26: provisions[2].obligations[0].modality: 'perhaps' is not allowed"
        in result.stderr
    )
    assert "1 problem found." in result.stderr


def test_validate_missing_path(cli, tmp_path: Path) -> None:
    result = cli("validate", str(tmp_path / "nope"))
    assert result.code == 1
    assert "no such file, folder or built-in case" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_document(cli, mini_path: Path) -> None:
    result = cli("show", str(mini_path), "plan-a")
    assert result.code == 0, result.stderr
    assert "south [binding] withdraw from the line → north" in result.stdout
    assert "north [hedged] not attack South → south" in result.stdout


def test_show_unknown_document(cli, mini_path: Path) -> None:
    result = cli("show", str(mini_path), "plan-z")
    assert result.code == 1
    assert (
        "unknown document 'plan-z' in case 'mini' (expected one of: plan-a, plan-b)"
        in result.stderr
    )


def test_show_json(cli, mini_path: Path) -> None:
    result = cli("show", str(mini_path), "--json")
    assert result.code == 0
    data = json.loads(result.stdout)
    assert data["documents"] == ["plan-a", "plan-b"]
    assert [p["id"] for p in data["parties"]] == ["north", "south", "broker"]


def test_cases_lists_builtin(cli) -> None:
    result = cli("cases", "--json")
    assert result.code == 0
    assert "ukraine-2025" in json.loads(result.stdout)
