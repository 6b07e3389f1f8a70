"""``ontable backtest`` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ontable.backtest.summary import doc_markers
from ontable.datasets import BACKTESTS, dataset_file

QUICK = ("--limit", "5", "--bootstrap", "200", "--folds", "3", "--seed", "3")


def test_backtest_prints_tables_and_progress(cli, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    begin, end = doc_markers("votes")
    page.write_text(f"# Results\n\n{begin}\nSTALE-TABLE\n{end}\n\nafter\n")
    out = tmp_path / "r.json"
    result = cli(
        "backtest", "deu3", *QUICK, "--executor", "serial", "-o", str(out),
        "--update-doc", str(page),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "| Forecast | Issues | MAE (95% interval)" in result.stdout
    assert "Weighted median (`median`)" in result.stdout and "MAE by procedure" in result.stdout
    assert "/5 proposals" in result.stderr  # the progress bar
    data = json.loads(out.read_text())
    assert data["recipe"]["seed"] == 3 and data["recipe"]["limit"] == 5
    text = page.read_text()
    assert "STALE-TABLE" not in text and "--limit 5" in text and text.endswith("after\n")


@pytest.mark.slow
def test_json_is_identical_on_every_executor(cli) -> None:
    # Serial against a process pool is also checked, faster, in test_engine.py.
    outputs = []
    for executor in ("serial", "process", "dask"):
        result = cli(
            "backtest", "deu3", *QUICK, "--executor", executor, "--workers", "2",
            "--chunk-size", "2", "--json",
        )  # fmt: skip
        assert result.code == 0, result.stderr
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0]["n_scored"] > 0


def test_bad_input_exits_1_with_a_located_message(cli, tmp_path: Path) -> None:
    missing = cli("backtest", str(tmp_path / "nope.tsv"))
    assert missing.code == 1 and "not a built-in dataset" in missing.stderr
    bad = tmp_path / "bad.tsv"
    lines = dataset_file("deu3").read_text().splitlines()[:3]
    lines[2] = lines[2].replace('"COD"', '"XYZ"').replace('"CNS"', '"XYZ"')
    bad.write_text("\n".join(lines) + "\n")
    located = cli("backtest", str(bad), "--executor", "serial")
    assert located.code == 1 and f"{bad}:3: proc:" in located.stderr
    assert "Traceback" not in located.stderr
    model = cli("backtest", "deu3", "--model", "oracle")
    assert model.code == 1 and "unknown or unavailable model 'oracle'" in model.stderr
    page = cli("backtest", "deu3", "--update-doc", str(bad))
    assert page.code == 1 and "no results block" in page.stderr
    shape = cli("backtest", "deu3", "--param", "bdm.rounds")
    assert shape.code == 1 and "expected MODEL.NAME=VALUE" in shape.stderr
    stray = cli("backtest", "deu3", "-m", "bdm", "--param", "smp.max_turns=5", *QUICK)
    assert stray.code == 1 and "parameters given for models not run: smp" in stray.stderr
    rejected = cli("backtest", "deu3", "-m", "bdm", "--param", "bdm.speed=2", *QUICK)
    assert rejected.code == 1 and "bdm parameters {'speed': 2}" in rejected.stderr
    assert "Traceback" not in shape.stderr + stray.stderr + rejected.stderr


def test_model_parameters_reach_the_model_and_the_recipe(cli) -> None:
    args = ("backtest", "deu3", "-m", "bdm", *QUICK, "--executor", "serial", "--json")
    capped = json.loads(cli(*args, "--param", "bdm.rounds=1").stdout)
    default = json.loads(cli(*args).stdout)
    assert capped["params"] == {"bdm": {"rounds": 1}} and default["params"] == {}
    assert capped["recipe"]["params"] == ["bdm.rounds=1"]
    assert capped["predictions"]["bdm"] != default["predictions"]["bdm"]


@pytest.mark.slow
@pytest.mark.parametrize("rule", ["votes", "equal"])
def test_command_reproduces_the_shipped_results(cli, tmp_path: Path, rule: str) -> None:
    out = tmp_path / "deu3.json"
    result = cli(
        "backtest", "deu3", "--capabilities", rule, "--executor", "serial", "-o", str(out),
        timeout=1200,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    shipped = dataset_file("deu3").with_name(BACKTESTS[("deu3", rule)])
    assert json.loads(out.read_text()) == json.loads(shipped.read_text())
