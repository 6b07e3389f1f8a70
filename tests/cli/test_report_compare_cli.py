"""``ontable report`` without a case lists the built-in ones; ``--compare`` adds a section."""

from __future__ import annotations

from pathlib import Path

from ontable.io import builtin_cases

DATA = Path(__file__).parent.parent / "data"
QUICK = ("--samples", "0", "-m", "compromise", "--no-record")


def test_report_without_a_case_lists_the_built_in_cases(cli, tmp_path: Path) -> None:
    result = cli("report", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert "ontable report CASE" in result.stdout
    for name in builtin_cases():
        assert f"  {name}: " in result.stdout
    assert list(tmp_path.iterdir()) == []  # no report written for a case nobody named


def test_compare_adds_a_section(cli, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = cli(
        "report", str(DATA / "ferry"), "-o", str(out), *QUICK,
        "--compare", f"{DATA / 'lake'}:accord", "--compare-document", "package",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "10. Compared with Lake accord (Lake shore (comparison test case)): ok" in result.stdout
    html = out.read_text(encoding="utf-8")
    assert 'id="compare"' in html and "West Shore" in html


def test_compare_errors_are_located(cli, tmp_path: Path) -> None:
    base = ("report", str(DATA / "ferry"), "-o", str(tmp_path / "r.html"), *QUICK)
    cases = [
        (("--compare", f"{DATA / 'lake'}"), "--compare: "),
        (("--compare", f"{DATA / 'lake'}:nope"), "unknown document 'nope' in case 'lake'"),
        (
            ("--compare", f"{DATA / 'lake'}:accord", "--compare-document", "nope"),
            "--compare-document: unknown document 'nope' in case 'ferry'",
        ),
        (("--compare-document", "package"), "needs --compare"),
    ]
    for extra, message in cases:
        result = cli(*base, *extra)
        assert result.code == 1 and message in result.stderr, (extra, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "r.html").exists()
