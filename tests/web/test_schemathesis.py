"""Property-based fuzzing of the JSON API from its published OpenAPI schema (schemathesis),
against a real server on 127.0.0.1 serving a writable copy of the mini case: no request may
get a 5xx answer."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from ontable.web.app import WebConfig
from tests.conftest import MINI
from tests.web.conftest import serve_in_thread


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("cases") / "mini"
    shutil.copytree(MINI, folder)
    with serve_in_thread(WebConfig(target=folder.parent)) as url:
        page = httpx.get(f"{url}/")
        match = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert match
        yield url, match.group(1)


def test_api_never_answers_5xx(live: tuple[str, str]) -> None:
    url, token = live
    api = schemathesis.openapi.from_url(f"{url}/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 8
    failures: list[str] = []
    statuses: list[int] = []
    for operation in operations:

        @settings(
            max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(case=operation.as_strategy())
        def call(case: schemathesis.Case) -> None:
            response = case.call(base_url=url, headers={"X-CSRF-Token": token}, timeout=30)
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        call()
    assert failures == []
    # the fuzzing reached the handlers: answers other than validation errors came back
    assert len(statuses) >= 5 * len(operations)
    assert any(200 <= code < 300 for code in statuses)


def test_schema_lists_the_api(live: tuple[str, str], tmp_path: Path) -> None:
    url, _ = live
    paths = httpx.get(f"{url}/openapi.json").json()["paths"]
    assert "/api/cases/{case_id}/forecast" in paths
    assert "/api/cases/{case_id}/stances/{party}/{issue}" in paths
    assert not any(p.startswith("/cases") for p in paths)  # pages stay out of the API schema
