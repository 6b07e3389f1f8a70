"""``ontable compare`` through the real command line: tables, --json, --csv, clean errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ontable.analysis.compare import split_text_ref

DATA = Path(__file__).parent.parent / "data"
FERRY = f"{DATA / 'ferry'}:package"
LAKE = f"{DATA / 'lake'}:accord"


def test_tables_name_parties_and_matches(cli) -> None:
    result = cli("compare", FERRY, LAKE)
    assert result.code == 0, result.stderr
    out = result.stdout
    assert "Profiles side by side" in out and "Points matched by what they do" in out
    assert "West Shore" in out and "North" in out  # names, not ids
    assert "westbank" not in out and "eastbank" not in out
    assert "Only in B: institution, amnesty, detainees, reconstruction" in out


def test_json_is_strict_and_mirrors(cli) -> None:
    ab = json.loads(cli("compare", FERRY, LAKE, "--json").stdout)
    ba = json.loads(cli("compare", LAKE, FERRY, "--json").stdout)
    assert ab["a"] == ba["b"] and ab["only_in_a"] == ba["only_in_b"]
    assert {(m["a"], m["b"]) for m in ab["matches"]} == {(m["b"], m["a"]) for m in ba["matches"]}
    assert ab["a"]["drafters"] == ["Broker"] and ab["b"]["excluded"] == ["East Shore"]


def test_same_case_two_documents(cli) -> None:
    data = json.loads(cli("compare", LAKE, f"{DATA / 'lake'}:east-reply", "--json").stdout)
    assert data["b"]["drafters"] == ["East Shore"]
    # the reply's point 2 has no coded functions: its "international force" is inferred
    reply = {p["provision"]: p for p in data["b_provisions"]}
    assert reply["2"]["coded"] == [] and "international-force" in reply["2"]["inferred"]


def test_csv_tables(cli) -> None:
    result = cli("compare", FERRY, LAKE, "--csv")
    assert result.code == 0, result.stderr
    tables = result.stdout.strip().split("\n\n")
    assert len(tables) == 3
    rows = list(csv.reader(io.StringIO(tables[0])))
    assert rows[0][1:] == ["A: Package of measures", "B: Lake accord"]
    assert ["Drafted by", "Broker", "Facilitator"] in rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((FERRY, f"{DATA / 'lake'}:nope"), "second text: unknown document 'nope' in case 'lake'"),
        ((f"{DATA / 'ferry'}:x", LAKE), "first text: unknown document 'x' in case 'ferry'"),
        ((FERRY, str(DATA / "lake")), "is not CASE:DOC"),
        ((FERRY, ":accord"), "is not CASE:DOC"),
        ((FERRY, "no-such-case:doc"), "no-such-case: no such file, folder or built-in case"),
        ((FERRY, LAKE, "--min-overlap", "0"), "--min-overlap"),
    ],
)
def test_bad_specs_exit_1_without_traceback(cli, args: tuple[str, ...], message: str) -> None:
    result = cli("compare", *args)
    assert result.code != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_split_spec_keeps_colons_in_folders() -> None:
    assert split_text_ref("C:/cases/a:doc-1") == ("C:/cases/a", "doc-1")
    with pytest.raises(ValueError, match="not CASE:DOC"):
        split_text_ref("case:")
