"""A real uvicorn server on 127.0.0.1 in a thread (the browser fixture is in tests/conftest.py)."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.extras import require_extra

require_extra("web")

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from ontable.web.app import WebConfig, create_app  # noqa: E402


def csrf_token(client: httpx.Client, url: str) -> str:
    """The app's CSRF token, read from the meta tag of its front page at ``url``."""
    match = re.search(r'name="csrf-token" content="([^"]+)"', client.get(f"{url}/").text)
    assert match, "no CSRF token on the front page"
    return match.group(1)


@contextmanager
def serve_in_thread(config: WebConfig) -> Iterator[str]:
    """Run the app on a free loopback port until the block ends; yields its base URL."""
    app = create_app(config)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def case_dir(tmp_path: Path, mini_path: Path) -> Path:
    """A writable copy of the mini case, with a comment to check it survives edits."""
    dest = tmp_path / "cases" / "mini"
    shutil.copytree(mini_path, dest)
    return dest


@pytest.fixture
def server(case_dir: Path, tmp_path: Path) -> Iterator[str]:
    """The app serving the folder of cases (the writable mini case) on loopback."""
    with serve_in_thread(
        WebConfig(target=case_dir.parent, store_path=tmp_path / "runs.sqlite")
    ) as url:
        yield url
