"""Arguments a careless user or an attacker might give: each gets a clear error, never an
"internal error", a hang or invalid JSON."""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path

import pytest


def _clean_failure(r) -> None:  # type: ignore[no-untyped-def]
    assert r.code != 0
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr, r.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["forecast", "{mini}", "--seed", str(2**63)], "--seed"),
        (["forecast", "{mini}", "--seed", "-1"], "--seed"),
        (["report", "{mini}", "--samples", str(10**30), "-o", "{tmp}/r.html"], "--samples"),
        (["report", "{mini}", "--seed", str(2**64), "-o", "{tmp}/r.html"], "--seed"),
        (["sweep", "{mini}", "--samples", str(10**12), "--store", "{tmp}/s.db"], "--samples"),
        (["sweep", "{mini}", "--seed", str(2**63), "--store", "{tmp}/s.db"], "--seed"),
        (
            ["sweep", "{mini}", "--executor", "dask", "--scheduler", "not a url"],
            "not a Dask scheduler address",
        ),
        (["bargain", "{mini}", "--levels", "50"], "--levels"),
        (["alternating", "{mini}", "--deadline", "1000000"], "--deadline"),
        (["concession", "{mini}", "--deadline", "1000000"], "--deadline"),
        (["concession", "{mini}", "--tactics", "north=nan"], "positive, finite"),
        (["concession", "{mini}", "--tactics", "north=inf"], "positive, finite"),
        (["validate", "x" * 300], "no such file, folder or built-in case"),
        (["schema", "-o", "/proc/ontable-x"], "cannot write"),
    ],
)
def test_bad_argument_is_a_clean_error(
    cli,  # type: ignore[no-untyped-def]
    mini_path: Path,
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    full = [a.replace("{mini}", str(mini_path)).replace("{tmp}", str(tmp_path)) for a in args]
    r = cli(*full, timeout=60)
    _clean_failure(r)
    assert message in r.stderr, r.stderr


def test_output_to_a_fifo_is_refused(cli, mini_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "schema.json"
    os.mkfifo(tmp_path / "case.schema.json")
    r = cli("schema", "-o", str(tmp_path))
    _clean_failure(r)
    assert "not a regular file" in r.stderr
    assert stat.S_ISFIFO((tmp_path / "case.schema.json").lstat().st_mode)
    assert not fifo.exists()


def test_json_output_is_strict(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Python's json would print NaN for a missing number; every --json is strict JSON."""
    from ontable.jsonio import dumps

    assert dumps({"a": math.nan, "b": [math.inf, -math.inf], "c": 1.5}) == (
        '{"a": null, "b": [null, null], "c": 1.5}'
    )
    r = cli("concession", str(mini_path), "--json")
    assert r.code == 0, r.stderr
    json.loads(r.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON output"))


def test_flags_show_as_plain_flags_in_help(cli) -> None:  # type: ignore[no-untyped-def]
    for command in (["ledger"], ["sweep"], ["runs", "show"], []):
        r = cli(*command, "--help")
        assert r.code == 0, r.stderr
        assert "<bool>" not in r.stdout, command
    assert "--json" in cli("ledger", "--help").stdout


def test_shell_completion_is_available(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        env={"_ONTABLE_COMPLETE": "complete_bash", "COMP_WORDS": "ontable led", "COMP_CWORD": "1"}
    )
    assert r.code == 0, r.stderr
    assert "ledger" in r.stdout.split()
    assert "--install-completion" in cli("--help").stdout


def test_csv_twin_of_every_json_flag(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    r = cli("ledger", str(mini_path), "plan-a", "--csv")
    assert r.code == 0, r.stderr
    blocks = r.stdout.strip().split("\n\n")
    first = list(csv.reader(io.StringIO(blocks[0])))
    assert first[0][:3] == ["party", "binding", "hedged"]
    assert {row[0] for row in first[1:]} == {"north", "south", "broker"}
    assert "┃" not in r.stdout and "Ledger of" not in r.stdout
    for command in (["proximity"], ["accept"], ["forecast"], ["cases"], ["runs"]):
        assert "--csv" in cli(*command, "--help").stdout, command


def test_tables_never_cut_names() -> None:
    import io

    from rich.table import Table

    from ontable.cli.common import TableConsole

    name = "a-party-with-an-uncommonly-long-identifier-1234567890"
    table = Table("party", "detail")
    table.add_row(name, "some words " * 12)
    buf = io.StringIO()
    TableConsole(width=60, file=buf).print(table)
    out = buf.getvalue()
    assert "…" not in out
    joined = "".join(line.split("│")[1].strip() for line in out.splitlines() if "│" in line)
    assert name in joined


def test_diff_rows_of_new_and_dropped_points_have_their_text(cli, mini_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("diff", str(mini_path), "plan-a", "plan-b")
    assert r.code == 0, r.stderr
    dropped = next(line for line in r.stdout.splitlines() if "│ dropped" in line)
    new = next(line for line in r.stdout.splitlines() if "│ new" in line)
    assert "North is expected not to attack again" in dropped
    assert "A reconstruction fund" in new


def test_runs_show_is_readable(cli, mini_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = str(tmp_path / "runs.sqlite")
    args = ["-m", "compromise", "-n", "20", "--executor", "serial", "--seed", "3"]
    r = cli("sweep", str(mini_path), *args, "--store", store)
    assert r.code == 0, r.stderr
    out = cli("runs", "show", "1", "--store", store).stdout
    assert "{" not in out and "[" not in out.split("Outcome")[0]
    assert "\n  samples: 20\n" in out
    assert re.search(r"^elapsed: \d+\.\d s$", out, re.MULTILINE), out
