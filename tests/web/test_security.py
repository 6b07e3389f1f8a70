"""The web app's safety rules, against a real server on 127.0.0.1: each breach gets a 4xx
and nothing is written."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from ontable.web.app import WebConfig
from tests.web.conftest import csrf_token, serve_in_thread


def test_pages_answer(server: str) -> None:
    with httpx.Client() as client:
        assert client.get(f"{server}/").status_code == 200
        page = client.get(f"{server}/cases/mini")
        assert page.status_code == 200
        assert "Mini ceasefire" in page.text
        assert client.get(f"{server}/static/htmx.min.js").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/cases/..%2F..%2F..%2Fetc%2Fpasswd",
        "/cases/mini/documents/..%2F..%2Fcase",
        "/static/..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/%2e%2e/%2e%2e/__init__.py",
        "/api/cases/..%2Fmini",
        "/cases/mini/stances/..%2F..%2F/x/edit",
    ],
)
def test_path_traversal(server: str, path: str) -> None:
    with httpx.Client() as client:
        response = client.get(f"{server}{path}")
    assert 400 <= response.status_code < 500
    assert "root:" not in response.text


def test_token_required_off_loopback(tmp_path: Path, mini_path: Path) -> None:
    token = "s3cret-token-for-tests"
    config = WebConfig(target=mini_path, token=token, loopback_only=False)
    with serve_in_thread(config) as url, httpx.Client() as client:
        assert client.get(f"{url}/api/cases").status_code == 401
        wrong = client.get(f"{url}/api/cases", headers={"Authorization": "Bearer wrong"})
        assert wrong.status_code == 401
        ok = client.get(f"{url}/api/cases", headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200
        # opening a page with ?token= sets a cookie that later requests carry
        first = client.get(f"{url}/?token={token}")
        assert first.status_code == 200
        assert client.get(f"{url}/cases/mini").status_code == 200


def test_loopback_rejects_foreign_host(server: str) -> None:
    with httpx.Client() as client:
        response = client.get(f"{server}/", headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_csrf_required(server: str, case_dir: Path) -> None:
    before = (case_dir / "case.yaml").read_bytes()
    with httpx.Client() as client:
        no_token = client.put(
            f"{server}/api/cases/mini/stances/north/border", json={"position": 50}
        )
        assert no_token.status_code == 403
        wrong = client.put(
            f"{server}/api/cases/mini/stances/north/border",
            json={"position": 50},
            headers={"X-CSRF-Token": "nope"},
        )
        assert wrong.status_code == 403
        form = client.post(
            f"{server}/cases/mini/stances/north/border/edit", data={"position": "50"}
        )
        assert form.status_code == 403
    assert (case_dir / "case.yaml").read_bytes() == before


def test_oversized_body(server: str, case_dir: Path) -> None:
    before = (case_dir / "case.yaml").read_bytes()
    with httpx.Client() as client:
        token = csrf_token(client, server)
        response = client.post(
            f"{server}/api/cases/mini/forecast",
            content=b"x" * (300 * 1024),
            headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
        )
    assert response.status_code == 413
    assert (case_dir / "case.yaml").read_bytes() == before


def test_malformed_json(server: str, case_dir: Path) -> None:
    before = (case_dir / "case.yaml").read_bytes()
    with httpx.Client() as client:
        token = csrf_token(client, server)
        for body in (
            b"{not json",
            b"[]",
            b'{"position": "high"}',
            b'{"position": 500}',
            b'{"colour": 1}',
        ):
            response = client.put(
                f"{server}/api/cases/mini/stances/north/border",
                content=body,
                headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
            )
            assert response.status_code == 422, (body, response.text)
    assert (case_dir / "case.yaml").read_bytes() == before


def test_valid_api_edit_is_written_with_comments_kept(server: str, case_dir: Path) -> None:
    with httpx.Client() as client:
        token = csrf_token(client, server)
        response = client.put(
            f"{server}/api/cases/mini/stances/north/border",
            json={"position": 85},
            headers={"X-CSRF-Token": token},
        )
    assert response.status_code == 200, response.text
    assert response.json()["position"] == 85
    text = (case_dir / "case.yaml").read_text()
    assert "# A small invented negotiation used by the test suite" in text
    assert "position: 85" in text
    assert not list(case_dir.glob(".case.yaml.*.tmp"))


def test_invalid_reference_edit_rejected(server: str, case_dir: Path) -> None:
    before = (case_dir / "case.yaml").read_bytes()
    with httpx.Client() as client:
        token = csrf_token(client, server)
        response = client.put(
            f"{server}/api/cases/mini/stances/north/border",
            json={"position": 10},
            headers={"X-CSRF-Token": token},
        )
    # position 10 is outside the stance's range [80, 100]: the model refuses it
    assert response.status_code == 422
    assert "does not contain its point" in response.text
    assert (case_dir / "case.yaml").read_bytes() == before


def test_builtin_case_is_read_only(tmp_path: Path) -> None:
    with serve_in_thread(WebConfig(target="ukraine-2025")) as url, httpx.Client() as client:
        token = csrf_token(client, url)
        response = client.post(
            f"{url}/api/cases/ukraine-2025/scenarios",
            json={"id": "x", "overrides": []},
            headers={"X-CSRF-Token": token},
        )
    assert response.status_code == 409
