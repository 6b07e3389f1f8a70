"""The analysis commands through the real command line: tables, --json, clean errors."""

from __future__ import annotations

import json
from pathlib import Path


def test_ledger_table_and_json(cli, mini_path: Path) -> None:
    result = cli("ledger", str(mini_path), "plan-a")
    assert result.code == 0, result.stderr
    assert "Reciprocity gaps" in result.stdout and "cap-army" in result.stdout
    data = json.loads(cli("ledger", str(mini_path), "plan-a", "--json").stdout)
    assert {"parties", "reciprocity_gaps", "hedges", "unverified"} <= set(data)
    assert {(g["provision_id"], g["kind"]) for g in data["reciprocity_gaps"]} == {
        ("1", "withdraw"),
        ("2", "cap-army"),
    }
    assert [h["provision_id"] for h in data["hedges"]] == ["3"]


def test_unknown_document_exits_1(cli, mini_path: Path) -> None:
    for args in (("ledger", "plan-z"), ("diff", "plan-a", "plan-z"), ("chain", "plan-z")):
        result = cli(args[0], str(mini_path), *args[1:])
        assert result.code == 1
        assert "unknown document 'plan-z'" in result.stderr
        assert "Traceback" not in result.stderr


def test_diff_and_chain(cli, mini_path: Path) -> None:
    result = cli("diff", str(mini_path), "plan-a", "plan-b")
    assert result.code == 0, result.stderr
    assert "troops 100 → 50" in result.stdout and "Issue shifts" in result.stdout
    data = json.loads(cli("diff", str(mini_path), "plan-a", "plan-b", "--json").stdout)
    assert data["counts"]["new"] == 1
    same = json.loads(cli("diff", str(mini_path), "plan-b", "plan-b", "--json").stdout)
    assert {p["status"] for p in same["pairs"]} == {"unchanged"}
    chain = json.loads(cli("chain", str(mini_path), "plan-b", "--json").stdout)
    assert [d["id"] for d in chain["documents"]] == ["plan-a", "plan-b"]
    assert [(d["a"], d["b"]) for d in chain["diffs"]] == [("plan-a", "plan-b")]


def test_proximity(cli, mini_path: Path) -> None:
    result = cli("proximity", str(mini_path))
    assert result.code == 0, result.stderr
    assert "lean north→south" in result.stdout  # main_parties by default
    data = json.loads(
        cli("proximity", str(mini_path), "--between", "south", "broker", "--json").stdout
    )
    assert data["between"] == ["south", "broker"]
    assert [x["document_id"] for x in data["leans"]] == ["plan-a", "plan-b"]
    bad = cli("proximity", str(mini_path), "--between", "south", "nobody")
    assert bad.code == 1 and "unknown party 'nobody'" in bad.stderr


def test_accept(cli, mini_path: Path) -> None:
    result = cli("accept", str(mini_path))
    assert result.code == 0, result.stderr
    assert "vetoes" in result.stdout and "Zone of possible agreement" in result.stdout
    data = json.loads(cli("accept", str(mini_path), "plan-a", "--json").stdout)
    assert data["acceptability"]["documents"][0]["vetoing"] == ["south"]
    assert len(data["zopa"]["issues"]) == 3
    bad = cli("accept", str(mini_path), "--form", "cubic")
    assert bad.code == 1 and "unknown --form" in bad.stderr


def test_builtin_ledger_lists_the_gaps(cli) -> None:
    shown = cli("show", "ukraine-2025", "us-28-point-plan", "--json")
    assert shown.code == 0, shown.stderr
    doc = json.loads(shown.stdout)
    result = cli("ledger", "ukraine-2025", "us-28-point-plan", "--json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    kinds = {(g["party"], g["counterpart"], g["kind"]) for g in data["reciprocity_gaps"]}
    assert ("ukraine", "russia", "limit-strikes") in kinds
    assert ("ukraine", "russia", "cap-army") in kinds
    points = {p["id"] for p in doc["provisions"]}
    assert all(g["provision_id"] in points for g in data["reciprocity_gaps"])
    assert any(h["kind"] == "refrain-from-attack" and h["on"] == ["russia"] for h in data["hedges"])
