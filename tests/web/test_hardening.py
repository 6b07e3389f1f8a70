"""What a hostile page or a careless client found: each answer is a clean 4xx, the app cannot
be framed, the API docs work offline, and edits change only the edited lines."""

from __future__ import annotations

import difflib
import re
import socket
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import csrf_token

STANCE = "/api/cases/mini/stances/north/border"


def _client(server: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(timeout=60)
    return client, csrf_token(client, server)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/cases/mini/forecast", b'{"seed": NaN}'),
        ("/api/cases/mini/forecast", b'{"seed": Infinity}'),
        (
            "/api/cases/mini/forecast",
            b'{"overrides": [{"party": "north", "field": "capability", "value": NaN}]}',
        ),
        (
            "/api/cases/mini/forecast",
            b'{"overrides": [{"party": "north", "field": "capability", "value": 1e309}]}',
        ),
        (STANCE, b'{"position": NaN}'),
        (STANCE, b'{"position": -Infinity}'),
        (STANCE, b'{"position": 1e309}'),
        (STANCE, b'{"position_range": [0, 1e999]}'),
    ],
)
def test_non_finite_json_numbers_are_422(
    server: str, case_dir: Path, path: str, body: bytes
) -> None:
    before = (case_dir / "case.yaml").read_bytes()
    client, token = _client(server)
    with closing(client):
        response = client.request(
            "PUT" if path == STANCE else "POST",
            f"{server}{path}",
            content=body,
            headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
        )
    assert response.status_code == 422, response.text
    response.json()  # strict JSON
    assert (case_dir / "case.yaml").read_bytes() == before


@pytest.mark.parametrize("run_id", [str(2**63), str(10**30), "0", "-1"])
def test_run_id_beyond_sqlite_integers(server: str, run_id: str) -> None:
    with httpx.Client() as client:
        for path in (f"/api/runs/{run_id}", f"/runs/{run_id}"):
            response = client.get(f"{server}{path}")
            assert response.status_code in (404, 422), (path, response.status_code)


def test_every_answer_forbids_framing(server: str) -> None:
    with httpx.Client() as client:
        for path in ("/", "/api/cases", "/no-such-page", "/static/app.css", "/docs"):
            response = client.get(f"{server}{path}")
            assert response.headers["x-frame-options"] == "DENY", path
            csp = response.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
            assert response.headers["x-content-type-options"] == "nosniff"
        refused = client.get(f"{server}/", headers={"Host": "evil.example"})
        assert refused.status_code == 400
        assert refused.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_work_offline(server: str, path: str) -> None:
    with httpx.Client() as client:
        response = client.get(f"{server}{path}")
    assert response.status_code == 200
    page = response.text
    assert "/api/cases/{case_id}/forecast" in page and "/openapi.json" in page
    # nothing is loaded from another origin
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), page[:500]


def test_test_client_host_is_refused(server: str) -> None:
    with httpx.Client() as client:
        assert client.get(f"{server}/", headers={"Host": "testserver"}).status_code == 400


def test_other_loopback_address_is_accepted(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    with httpx.Client() as client:
        for host in (f"127.0.0.2:{port}", f"localhost:{port}", f"[::1]:{port}", "127.1.2.3"):
            assert client.get(f"{server}/", headers={"Host": host}).status_code == 200, host


def _chunks(total: int) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b" " * 65536
        sent += 65536


def test_oversized_chunked_body_is_413(server: str, case_dir: Path) -> None:
    before = (case_dir / "case.yaml").read_bytes()
    client, token = _client(server)
    with closing(client):
        response = client.put(
            f"{server}{STANCE}",
            content=_chunks(1024 * 1024),
            headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
        )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert (case_dir / "case.yaml").read_bytes() == before


def test_nan_in_the_whatif_form_is_a_visible_error(server: str) -> None:
    client, token = _client(server)
    with closing(client):
        response = client.post(
            f"{server}/cases/mini/whatif",
            data={"model": "compromise", "position__north__border": "NaN", "csrf_token": token},
        )
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "position__north__border" in response.text


def test_text_fields_have_a_length_limit(server: str, case_dir: Path) -> None:
    before = (case_dir / "case.yaml").read_bytes()
    client, token = _client(server)
    with closing(client):
        response = client.put(
            f"{server}{STANCE}",
            json={"rationale": "x" * 200_000},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code in (413, 422)
        response = client.put(
            f"{server}{STANCE}", json={"rationale": "y" * 20_000}, headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 422 and "rationale" in response.text
    assert (case_dir / "case.yaml").read_bytes() == before


def _changed_lines(before: str, after: str) -> list[int]:
    """0-based numbers of the old lines that an edit replaced or removed."""
    out: list[int] = []
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            out.extend(range(i1, max(i2, i1 + 1)))
    return out


def test_stance_edit_changes_only_its_own_line(server: str, case_dir: Path) -> None:
    path = case_dir / "case.yaml"
    long_line = "# " + "a long comment that an editor would never wrap " * 4
    text = path.read_text().replace("stances:\n", f"stances:\n{long_line}\n", 1)
    text = text.replace("scenarios:\n", "scenarios:  # keep: 2025-01-10\n", 1)
    path.write_text(text)
    before = path.read_text()
    line = next(i for i, s in enumerate(before.splitlines()) if "party: north, issue: border" in s)
    client, token = _client(server)
    with closing(client):
        response = client.put(
            f"{server}{STANCE}", json={"position": 85}, headers={"X-CSRF-Token": token}
        )
    assert response.status_code == 200, response.text
    after = path.read_text()
    assert _changed_lines(before, after) == [line]
    assert "position: 85" in after.splitlines()[line]


def test_provision_edit_changes_only_its_own_lines(server: str, case_dir: Path) -> None:
    path = case_dir / "documents" / "plan-a.yaml"
    before = path.read_text()
    assert "date: 2025-01-10\n" in before
    line = next(i for i, s in enumerate(before.splitlines()) if "caps its troops" in s)
    client, token = _client(server)
    with closing(client):
        response = client.post(
            f"{server}/cases/mini/documents/plan-a/provisions/2/edit",
            data={"summary": "South caps its troops at 20,000.", "csrf_token": token},
        )
    assert response.status_code == 200, response.text
    after = path.read_text()
    assert _changed_lines(before, after) == [line]
    assert "date: 2025-01-10\n" in after


def test_serve_answers_on_another_loopback_address(tmp_path: Path) -> None:
    """``serve --host 127.0.0.2`` answers requests made to its own address."""
    import threading
    import time

    import uvicorn

    from ontable.web.app import WebConfig, create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.2", 0))
    except OSError:
        sock.close()
        pytest.skip("this system cannot bind 127.0.0.2")
    port = sock.getsockname()[1]
    app = create_app(WebConfig(loopback_only=True, store_path=tmp_path / "runs.sqlite"))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.2", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        response = httpx.get(f"http://127.0.0.2:{port}/", timeout=30)
        assert response.status_code == 200, response.text
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
