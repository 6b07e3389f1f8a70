"""The sequence command, and the v2 fields in ledger and accept, on the synthetic v2 case."""

from __future__ import annotations

import json

from tests.conftest import DATA

FERRY = str(DATA / "ferry")


def test_sequence_reports_the_deadlock(cli) -> None:
    result = cli("sequence", FERRY, "package")
    assert result.code == 0, result.stderr
    assert "Deadlock between north and south" in result.stdout
    assert "Moves first: south" in result.stdout
    data = json.loads(cli("sequence", FERRY, "package", "--json").stdout)
    assert data["deadlocks"][0]["between_parties"] is True
    assert {s["key"]: s["level"] for s in data["steps"]}["withdraw"] == 1
    missing = cli("sequence", FERRY, "nothing")
    assert missing.code == 1 and "document 'nothing'" in missing.stderr


def test_ledger_shows_deadlock_exchanges_and_unspecified(cli) -> None:
    result = cli("ledger", FERRY, "package")
    assert result.code == 0, result.stderr
    assert "Sequencing deadlock" in result.stdout
    assert "Exchanges" in result.stdout and "in_exchange_for" in result.stdout
    assert "No named beneficiary (unspecified)" in result.stdout


def test_accept_gives_odds_drivers_and_room(cli) -> None:
    result = cli("accept", FERRY, "declaration", "--samples", "300", "--seed", "4", "--json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["seed"] == 4 and data["odds"]["samples"] == 300
    assert data["acceptability"]["documents"][0]["carried"] == {
        "autonomy": "package",
        "border": "package",
    }
    assert 0 <= data["agreement_zone"]["feasible_share"] <= 1
    again = json.loads(
        cli("accept", FERRY, "declaration", "--samples", "300", "--seed", "4", "--json").stdout
    )
    assert again["odds"] == data["odds"]
    bad = cli("accept", FERRY, "--unaddressed", "guess")
    assert bad.code == 1 and "carry-over" in bad.stderr
