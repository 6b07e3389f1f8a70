"""``make test`` works for a user without root or Chromium: the browser step only notes it,
and the browser tests skip with the reason (CI, running as root, still runs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import missing_browser

ROOT = Path(__file__).resolve().parents[1]


def test_missing_chromium_fails_in_ci_and_for_root_and_skips_otherwise() -> None:
    assert missing_browser({"CI": "true"}, 1000)[0] == "fail"
    assert missing_browser({}, 0)[0] == "fail"
    action, reason = missing_browser({}, 1000)
    assert action == "skip" and "root" in reason and "apt-get install chromium" in reason


def test_make_browser_step_passes_without_root() -> None:
    if os.geteuid() != 0 or not shutil.which("setpriv") or not shutil.which("make"):
        pytest.skip("switching to an unprivileged user needs root, setpriv and make")
    result = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
         "make", "-s", "-f", "-", "browser", "CHROMIUM=/nonexistent/chromium"],
        input=(ROOT / "Makefile").read_text(),
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "needs root" in result.stdout and "skipped" in result.stdout
