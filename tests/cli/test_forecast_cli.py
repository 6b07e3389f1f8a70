"""The ``ontable forecast`` command (in-process; see tests/cli/test_smoke.py for subprocesses)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ontable.forecast.registry import available_models


@pytest.mark.parametrize("model", available_models())
def test_table_shows_outcome_with_scale_labels(cli, mini_path: Path, model: str) -> None:  # type: ignore[no-untyped-def]
    rounds = ["--rounds", "3"] if model in {"bdm", "exchange", "smp"} else []
    result = cli("forecast", str(mini_path), "--model", model, *rounds)
    assert result.code == 0, result.stderr
    assert f"mini: {model} forecast" in result.stdout
    assert "the old border restored" in result.stdout  # Issue.low of 'border'
    assert "full reconstruction fund" in result.stdout  # Issue.high of 'aid'


def test_json_output(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("forecast", str(mini_path), "--model", "median", "--json", "--seed", "7")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["model"] == "median" and data["seed"] == 7
    assert data["issue_ids"] == ["border", "troops", "aid"]
    # hand-computed weighted medians: border 90 (north 48 of 101), troops 80, aid 50
    assert data["outcome"] == [90.0, 80.0, 50.0]
    assert "path" not in data


def test_path_table(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("forecast", str(mini_path), "--model", "bdm", "--path")
    assert result.code == 0, result.stderr
    assert "path: border" in result.stdout and "round" in result.stdout


def test_scenario(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("forecast", str(mini_path), "--scenario", "broker-leaves", "--json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["scenario"] == "broker-leaves"
    bad = cli("forecast", str(mini_path), "--scenario", "nope")
    assert bad.code == 1 and "broker-leaves" in bad.stderr


def test_unknown_model_lists_available(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("forecast", str(mini_path), "--model", "oracle")
    assert result.code == 1
    assert "unknown model 'oracle'" in result.stderr
    assert "compromise" in result.stderr and "median" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_parameter_is_a_clean_error(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("forecast", str(mini_path), "--model", "median", "--rounds", "2")
    assert result.code == 1 and "no parameters" in result.stderr


def test_forecast_is_recorded_as_a_run(cli, mini_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "runs.sqlite"
    result = cli("forecast", str(mini_path), "-m", "median", "--json", "--store", str(store))
    assert result.code == 0, result.stderr
    run_id = json.loads(result.stdout)["run"]
    shown = json.loads(cli("runs", "show", str(run_id), "--store", str(store), "--json").stdout)
    assert (shown["kind"], shown["model"], shown["status"]) == ("forecast", "median", "complete")
    assert shown["result"]["outcome"] == [90.0, 80.0, 50.0]
    assert shown["case_id"] == "mini" and shown["seed"] == 0
    quiet = cli("forecast", str(mini_path), "--no-record", "--store", str(store))
    assert quiet.code == 0 and "recorded as run" not in quiet.stdout
    assert len(json.loads(cli("runs", "--store", str(store), "--json").stdout)) == 1


def test_a_broken_store_does_not_lose_the_forecast(cli, mini_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "not-a-store.sqlite"
    store.write_text("plain text")
    result = cli("forecast", str(mini_path), "--store", str(store))
    assert result.code == 0, result.stderr
    assert "mini: compromise forecast" in result.stdout
    assert "not recorded:" in result.stderr and "not an ontable run store" in result.stderr
    assert store.read_text() == "plain text"
