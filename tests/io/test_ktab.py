"""Import of KTAB scenario CSV files: the mapping onto a case, and located errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ontable.forecast.smp import forecast
from ontable.io import CaseError, load_case
from ontable.io.ktab import KTAB_SOURCE, read_ktab_csv
from ontable.model.arrays import case_arrays

KTAB = Path(__file__).parent.parent / "data" / "ktab"


def test_reads_ktab_example_scenario() -> None:
    case = read_ktab_csv(KTAB / "dummyData_3Dim.csv")
    assert case.id == "dummydata_3dim"
    assert case.title == "DummyData_3Dim"
    assert [p.name for p in case.parties] == [f"SActor-0{k}" for k in range(7)]
    assert [i.name for i in case.issues] == ["Pstn1", "Pstn2", "Pstn3"]
    # the file's first actor row: SActor-00, power 102.543, (75.79, 49.53) (6.37, 5.91) ...
    first = case.parties[0]
    assert first.id == "sactor-00"
    # powers 102.543 and 129.643 (the largest) → capability 100 × ratio
    assert first.capability == pytest.approx(100 * 102.543 / 129.643)
    assert case.party("sactor-02").capability == 100.0
    stance = case.stance("sactor-00", "pstn2")
    assert stance is not None
    assert (stance.position, stance.salience) == (6.37, 5.91)
    assert stance.sources == (KTAB_SOURCE,)
    assert len(case.stances) == 21


def test_reads_crlf_file_with_extra_cells_on_its_first_line() -> None:
    case = read_ktab_csv(KTAB / "dummyData_6Dim.csv")
    assert (len(case.parties), len(case.issues)) == (27, 6)
    assert case.issues[0].name == "Dim0 Position"


def test_duplicate_names_get_distinct_ids(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("S,d,3,1\nActor,Description,Power,P,S\nA,,1,10,50\nA,,2,20,50\nB b,,3,30,50\n")
    case = read_ktab_csv(path)
    assert case.party_ids == ("a", "a-2", "b-b")


HEADER = "Scen,desc,2,2,\nActor,Description,Power,P1,S1,P2,S2,\n"
GOOD_ROW = "A,one,10,20,30,40,50,\n"


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (b"", None, "", "empty"),
        (b"\x00\x01\x02binary\x00", None, "", "binary"),
        (HEADER + GOOD_ROW + "B,two,10,20,30,40\n", 4, "", "6 cells"),  # a short row
        (HEADER + GOOD_ROW + "B,two,10,20,30,40,50,60\n", 4, "", "8 cells"),  # one too many
        (HEADER + GOOD_ROW + "B,two,10,20,thirty,40,50\n", 4, "S1", "not a number"),
        (HEADER + "A,one,lots,20,30,40,50\n" + GOOD_ROW, 3, "Power", "not a number"),
        ("Scen,desc,two,2\n" + HEADER[16:] + GOOD_ROW * 2, 1, "number of actors", "whole"),
        ("Scen,desc\n", 1, "", "2 cells"),
        (HEADER + GOOD_ROW, 3, "", "announces 2"),  # one actor row missing
        (HEADER + GOOD_ROW * 3, 5, "", "beyond"),
        (HEADER + GOOD_ROW + "B,two,10,120,30,40,50\n", 4, "P1", "outside 0–100"),
        (HEADER + GOOD_ROW + "B,two,10,20,60,40,50\n", 4, "", "sum to 110"),
        (HEADER + GOOD_ROW + "B,two,-1,20,30,40,50\n", 4, "Power", "negative"),
        ("Scen,desc,2,2\nActor,Description,Power,P1,S1\n" + GOOD_ROW * 2, 2, "", "headings"),
    ],
)
def test_bad_file_gives_located_error(
    tmp_path: Path, text: str | bytes, line: int | None, field: str, words: str
) -> None:
    path = tmp_path / "bad.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    with pytest.raises(CaseError) as info:
        read_ktab_csv(path)
    problem = info.value.problems[0]
    assert problem.file == str(path)
    assert problem.line == line
    assert problem.field == field
    assert words in str(problem)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("", "bad.csv:"),
        (HEADER + GOOD_ROW + "B,two,10,20\n", "bad.csv:4:"),
        (HEADER + GOOD_ROW + "B,two,10,x,30,40,50\n", "bad.csv:4: P1:"),
    ],
)
def test_cli_reports_bad_file_and_exits_1(cli, tmp_path: Path, text: str, where: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.csv"
    path.write_text(text)
    result = cli("import-ktab", str(path), "-o", str(tmp_path / "out"))
    assert result.code == 1
    assert where in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_binary_file_exits_1(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = cli("import-ktab", str(path))
    assert result.code == 1
    assert "binary" in result.stderr


def test_cli_import_writes_a_case_that_runs_like_the_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "scenario"
    result = cli("import-ktab", str(KTAB / "SOE-Pol-Comp.csv"), "-o", str(out), "--json")
    assert result.code == 0, result.stderr
    assert '"parties": 13' in result.stdout
    loaded = load_case(out)
    direct = read_ktab_csv(KTAB / "SOE-Pol-Comp.csv")
    assert loaded == direct
    rng = np.random.default_rng(0)
    a = forecast(case_arrays(loaded), rng=rng)
    b = forecast(case_arrays(direct), rng=rng)
    assert np.array_equal(a.positions, b.positions)
    # a second import into the same folder needs --force
    again = cli("import-ktab", str(KTAB / "SOE-Pol-Comp.csv"), "-o", str(out))
    assert again.code == 1 and "--force" in again.stderr
    forced = cli("import-ktab", str(KTAB / "SOE-Pol-Comp.csv"), "-o", str(out), "--force")
    assert forced.code == 0 and "13 parties" in forced.stdout


def test_cli_rejects_a_source_that_is_not_a_web_address(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("import-ktab", str(KTAB / "dummyData_3Dim.csv"), "--source", "my notes")
    assert result.code == 1
    assert "http" in result.stderr
