"""The bargaining commands through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_bargain_json(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("bargain", str(mini_path), "--solution", "ks", "--levels", "3", "--json")
    assert r.code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["agreement"] and data["package"]["solution"] == "ks"
    assert data["problem"]["packages"] == 3 * 3 * 3
    assert data["package"]["method"] == "programme"  # the mini case's issues are continuous
    u = data["package"]["utilities"]
    assert u["north"] >= 0.4 and u["south"] >= 0.3


def test_bargain_table_and_parties(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("bargain", str(mini_path), "--parties", "north,south,broker")
    assert r.code == 0, r.stderr
    assert "broker" in r.stdout and "nash package" in r.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bargain", "--solution", "median"], "--solution must be one of"),
        (["bargain", "--parties", "north,east"], "unknown party 'east'"),
        (["alternating", "--patience", "north0.9"], "PARTY=VALUE"),
        (["alternating", "--patience", "east=0.9"], "unknown party 'east'"),
        (["alternating", "--patience", "north=fast"], "not a number"),
        (["alternating", "--patience", "north=1.5"], "outside 0–1"),
        (["alternating", "--pressure-at", "2"], "need --mediator"),
        (["concession", "--tactics", "north=stubborn"], "not one of"),
    ],
)
def test_user_errors_exit_1(cli, mini_path: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    r = cli(args[0], str(mini_path), *args[1:])
    assert r.code == 1
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_tradeoffs_json(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("tradeoffs", str(mini_path), "--json")
    assert r.code == 0, r.stderr
    rows = json.loads(r.stdout)["tradeoffs"]
    assert rows and all(t["gain_a"] > 0 and t["gain_b"] > 0 for t in rows)
    joint = [t["joint_gain"] for t in rows]
    assert joint == sorted(joint, reverse=True)


def test_alternating_with_mediator(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "alternating",
        str(mini_path),
        "--patience",
        "north=0.9,south=0.95",
        "--deadline",
        "8",
        "--mediator",
        "broker",
        "--pressure-at",
        "0",
        "--target",
        "south",
        "--to",
        "0.1",
        "--json",
    )
    assert r.code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["patience"] == [0.9, 0.95]
    assert data["batna_changes"] == [
        {"round": 0, "party": "south", "batna": 0.1, "by": "broker", "kind": "pressure"}
    ]
    assert data["agreed"] and data["agreement_round"] == 0


def test_alternating_table_uses_case_patience(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("alternating", str(mini_path))
    assert r.code == 0, r.stderr
    assert "Agreement at round" in r.stdout or "break down" in r.stdout


def test_concession(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("concession", str(mini_path), "--tactics", "north=boulware,south=conceder", "--json")
    assert r.code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["tactics"] == {"north": 0.2, "south": 5.0}
    assert len(data["offers"]) >= 1


def test_builtin_case_with_every_party_fails_cleanly_or_answers(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("bargain", "ukraine-2025", "--parties", "russia,ukraine,united-states,europe,nato")
    assert r.code in (0, 1)
    assert "Traceback" not in r.stderr
    if r.code == 1:
        assert "fewer parties" in r.stderr
