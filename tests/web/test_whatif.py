"""The what-if panel over HTTP: before → after, two models, scenarios compared."""

from __future__ import annotations

import re

import httpx

from tests.web.conftest import csrf_token


def test_panel_shows_two_models_and_plain_controls(server: str) -> None:
    page = httpx.get(f"{server}/cases/mini/forecast", params={"compare": "median"})
    assert page.status_code == 200
    heads = re.findall(r'class="model-head" data-model="([^"]+)"', page.text)
    assert heads == ["compromise", "median"]
    assert "Clout at the table" in page.text and "0: the old border restored" in page.text
    # One baseline marker per slider.
    assert page.text.count('type="range"') == page.text.count('class="baseline-mark"') > 10
    unknown = httpx.get(f"{server}/cases/mini/forecast", params={"compare": "nope"})
    assert unknown.status_code == 404


def test_fragment_gives_before_after_and_change(server: str) -> None:
    with httpx.Client() as client:
        token = csrf_token(client, server)
        base = client.post(
            f"{server}/cases/mini/whatif",
            data={"csrf_token": token, "model": "compromise", "compare": "median"},
        )
        moved = client.post(
            f"{server}/cases/mini/whatif",
            data={
                "csrf_token": token,
                "model": "compromise",
                "compare": "median",
                "capability__north": "100",
            },
        )
    assert base.status_code == moved.status_code == 200
    assert "No input changed" in base.text
    assert "1 input(s) changed: North · Clout at the table: 60 → 100" in moved.text
    row = moved.text.split('data-issue="border"')[1].split("</tr>")[0]
    changes = re.findall(r'data-change="([^"]+)"', row)
    assert len(changes) == 2 and float(changes[0]) > 0  # North wants the front line


def test_scenarios_compared_beside_the_baseline(server: str) -> None:
    table = httpx.get(f"{server}/cases/mini/scenarios/compare", params={"model": "compromise"})
    assert table.status_code == 200
    assert (
        "broker-leaves" in table.text
        and "South · Value of no deal (BATNA): 0.3 → 0.1" in table.text
    )
    assert (
        httpx.get(f"{server}/cases/mini/scenarios/compare", params={"model": "nope"}).status_code
        == 404
    )
