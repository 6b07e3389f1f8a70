"""A few true subprocess runs of ``python -m ontable``: the entry point, exit codes and
streams as a shell sees them. Every other CLI test runs in-process (tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

from ontable import __version__
from tests.conftest import run_cli


def test_version_and_help() -> None:
    version = run_cli("--version", real_process=True)
    assert version.code == 0 and version.stdout.strip() == f"ontable {__version__}"
    bare = run_cli(real_process=True)
    assert "Usage:" in bare.stdout + bare.stderr and "forecast" in bare.stdout + bare.stderr


def test_forecast_json_on_stdout(mini_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "runs.sqlite"
    result = run_cli(
        "forecast", str(mini_path), "-m", "median", "--json", "--store", str(store),
        real_process=True,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["outcome"] == [90.0, 80.0, 50.0]
    assert store.is_file()


def test_bad_case_exits_1_with_located_problems(mini_copy: Path) -> None:
    case_file = mini_copy / "case.yaml"
    case_file.write_text(case_file.read_text().replace("capability: 60", "capability: 600"))
    result = run_cli("validate", str(mini_copy), real_process=True)
    assert result.code == 1
    assert "case.yaml:" in result.stderr and "capability" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_id_exits_1_in_the_one_wording(mini_path: Path) -> None:
    result = run_cli("show", str(mini_path), "plan-z", real_process=True)
    assert result.code == 1
    assert "unknown document 'plan-z' in case 'mini' (expected one of: plan-a, plan-b)" in (
        result.stderr
    )
