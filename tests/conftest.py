"""Shared fixtures: the test cases on disk and a way to run the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Debian's Chromium and the flags that keep it off the network (Playwright's own browser
download does not work here)."""
MINI = DATA / "mini"


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
    input: str | None = None,
    real_process: bool = False,
) -> CliResult:
    """Run the command line with ``args`` and capture its exit code, stdout and stderr.

    By default in this process (the same ``main`` as the ``ontable`` script, with its
    streams, environment and working folder swapped for the call: fast). With
    ``real_process`` it runs ``python -m ontable ARGS`` in a subprocess: the few smoke tests
    that check the installed entry point, signals and start-up use that.
    """
    if real_process:
        full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
        full_env.pop("ONTABLE_DEBUG", None)
        proc = subprocess.run(
            [sys.executable, "-m", "ontable", *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=full_env,
            timeout=timeout,
            input=input,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)
    from click.testing import CliRunner

    from ontable.cli import main

    overrides: dict[str, str | None] = {"COLUMNS": "200", "ONTABLE_DEBUG": None, **(env or {})}
    here = Path.cwd()
    code: int = 0
    with CliRunner().isolation(input=input, env=overrides) as (out, err, _):
        try:
            if cwd is not None:
                os.chdir(cwd)
            main(list(args))
        except SystemExit as exc:
            if isinstance(exc.code, str):
                sys.stderr.write(exc.code + "\n")
                code = 1
            else:
                code = exc.code or 0
        finally:
            os.chdir(here)
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    return CliResult(code, stdout.decode(), stderr.decode(errors="replace"))


@pytest.fixture(autouse=True)
def _own_run_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test records runs in its own store, never in the user's."""
    monkeypatch.setenv("ONTABLE_STORE", str(tmp_path / "default-runs.sqlite"))


@pytest.fixture
def cli():
    """The real command line, as a function: ``cli("validate", path)``."""
    return run_cli


@pytest.fixture
def mini_path() -> Path:
    """The small invented test case (read-only: copy it before changing it)."""
    return MINI


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the small test case."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    return dest


def missing_browser(env: Mapping[str, str], euid: int) -> tuple[str, str]:
    """What to do when Chromium is missing: ``("fail", why)`` in CI and for root (who can
    install it, and ``make test`` does), else ``("skip", why and how to get it)``."""
    if env.get("CI") or euid == 0:
        return "fail", f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    return "skip", (
        f"browser tests need Debian's Chromium at {CHROMIUM}, which only root can install "
        "(`sudo apt-get install chromium`, or run `make test` as root as CI does)"
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright.

    A missing browser fails the test where it can be had: in CI and for root (``make test``
    installs Debian's ``chromium`` then). Only a user who cannot install it gets a skip, with
    the reason and the fix.
    """
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        action, reason = missing_browser(os.environ, os.geteuid())
        if action == "fail":
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
