"""``ontable report`` through the real command line."""

from __future__ import annotations

from pathlib import Path


def test_report_html_of_a_case_folder(cli, mini_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = cli("report", str(mini_path), "-o", str(out), "--samples", "40", "--seed", "5")
    assert result.code == 0, result.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert f"wrote {out.resolve()}" in result.stdout
    assert "11. Appendix: assumptions and sources: ok" in result.stdout
    assert "40 samples; seed 5" in result.stdout


def test_report_markdown_with_chosen_models(cli, mini_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = cli(
        "report", str(mini_path), "-o", str(out), "-f", "md", "--samples", "0",
        "--models", "compromise,median", "--models", "median",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "models: compromise, median;" in result.stdout
    assert (tmp_path / "r_files").is_dir()
    assert "![" in out.read_text()


def test_default_output_name(cli, mini_path: Path, tmp_path: Path) -> None:
    result = cli("report", str(mini_path), "--samples", "0", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert (tmp_path / "report-mini.html").is_file()


def test_unknown_model_is_a_user_error(cli, mini_path: Path, tmp_path: Path) -> None:
    result = cli("report", str(mini_path), "-o", str(tmp_path / "r.html"), "--models", "nope")
    assert result.code == 1
    assert "unknown model 'nope'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_bad_case_is_reported_with_its_location(cli, tmp_path: Path) -> None:
    result = cli("report", str(tmp_path / "nope"), "-o", str(tmp_path / "r.html"))
    assert result.code == 1
    assert "no such file, folder or built-in case" in result.stderr
    assert "Traceback" not in result.stderr


def test_output_that_is_a_folder(cli, mini_path: Path, tmp_path: Path) -> None:
    result = cli("report", str(mini_path), "-o", str(tmp_path), "--samples", "0")
    assert result.code == 1
    assert "is a folder" in result.stderr


def test_report_is_recorded_as_a_run(cli, mini_path: Path, tmp_path: Path) -> None:
    import json

    store = tmp_path / "runs.sqlite"
    out = tmp_path / "r.html"
    result = cli(
        "report", str(mini_path), "-o", str(out), "--samples", "0", "-m", "median",
        "--store", str(store),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "recorded as run 1" in result.stdout
    run = json.loads(cli("runs", "show", "1", "--store", str(store), "--json").stdout)
    assert (run["kind"], run["model"], run["status"]) == ("report", "median", "complete")
    assert run["result"]["output"] == str(out.resolve())
    assert run["params"] == {"models": ["median"], "samples": 0, "format": "html"}
