"""The cross-case comparison page and its JSON twin, on a real server; and in Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ontable.web.app import WebConfig
from tests.web.conftest import serve_in_thread

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def two_cases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The ferry and lake cases served from one folder."""
    root = tmp_path_factory.mktemp("cases")
    for name in ("ferry", "lake"):
        shutil.copytree(DATA / name, root / name)
    with serve_in_thread(WebConfig(target=root, store_path=root / "runs.sqlite")) as url:
        yield url


def test_page_offers_every_served_text(two_cases: str) -> None:
    page = httpx.get(f"{two_cases}/compare")
    assert page.status_code == 200
    for value in ("ferry:package", "ferry:declaration", "lake:accord", "lake:east-reply"):
        assert f'value="{value}"' in page.text
    assert 'href="/compare"' in page.text  # the nav link


def test_page_and_api_agree(two_cases: str) -> None:
    params = {"a": "ferry:package", "b": "lake:accord"}
    page = httpx.get(f"{two_cases}/compare", params=params)
    assert page.status_code == 200
    assert "Facilitator" in page.text and "East Shore" in page.text
    data = httpx.get(f"{two_cases}/api/compare", params=params).json()
    assert data["b"]["drafters"] == ["Facilitator"]
    rows: dict[str, list[str]] = {}
    for m in data["matches"]:
        top = max(x["overlap"] for x in data["matches"] if x["a"] == m["a"])
        if m["overlap"] == top:
            rows.setdefault(m["a"], []).append(m["b"])
    assert rows
    for a, bs in rows.items():
        assert f'data-a="{a}" data-b="{" ".join(bs)}"' in page.text
    mirror = httpx.get(f"{two_cases}/api/compare", params={"a": params["b"], "b": params["a"]})
    assert mirror.json()["a"] == data["b"]


@pytest.mark.parametrize(
    ("a", "b", "status"),
    [
        ("ferry:package", "lake:nope", 404),
        ("nope:package", "lake:accord", 404),
        ("ferry", "lake:accord", 400),
        ("ferry:package", ":accord", 400),
    ],
)
def test_bad_texts_are_client_errors(two_cases: str, a: str, b: str, status: int) -> None:
    api = httpx.get(f"{two_cases}/api/compare", params={"a": a, "b": b})
    assert api.status_code == status
    assert "detail" in api.json()
    page = httpx.get(
        f"{two_cases}/compare", params={"a": a, "b": b}, headers={"accept": "text/html"}
    )
    assert page.status_code == status and "Traceback" not in page.text


@pytest.mark.browser
def test_pick_two_texts_in_chromium(two_cases: str, browser: Any, tmp_path: Path) -> None:
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on(
        "request",
        lambda r: None if r.url.startswith("http://127.0.0.1") else errors.append(r.url),
    )
    try:
        page.goto(f"{two_cases}/")
        page.locator("nav a[href='/compare']").click()
        page.wait_for_url("**/compare")
        page.select_option("#pick-a", "ferry:package")
        page.select_option("#pick-b", "lake:accord")
        page.locator("#compare-form button[type=submit]").click()
        page.wait_for_selector("#matches")
        assert "a=ferry%3Apackage" in page.url and "b=lake%3Aaccord" in page.url
        profiles = page.locator("#profiles").inner_text()
        assert "Drafted by" in profiles and "Facilitator" in profiles
        assert page.locator("#matches tbody tr").count() >= 1
        assert "institution" in page.locator("#only").inner_text()
        # the picks stay chosen, and nothing scrolls sideways on a phone
        assert page.locator("#pick-b").input_value() == "lake:accord"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(tmp_path / "compare-390.png"), full_page=True)
    finally:
        page.close()
    assert errors == []
