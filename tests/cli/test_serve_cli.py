"""``ontable serve`` refuses unsafe binds and bad targets before starting."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontable.cli.serve import is_loopback


def test_non_loopback_needs_token(cli) -> None:
    result = cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert result.code == 1
    assert "give --token" in result.stderr
    assert "Traceback" not in result.stderr


def test_short_token_refused(cli) -> None:
    result = cli("serve", "--host", "0.0.0.0", "--token", "short", "--port", "0")
    assert result.code == 1
    assert "at least 16 characters" in result.stderr


def test_bad_case_refused(cli, tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text("id: [broken")
    result = cli("serve", str(tmp_path), "--port", "0")
    assert result.code == 1
    assert "YAML syntax error" in result.stderr


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.5.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.4", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected
