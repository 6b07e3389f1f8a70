"""Chart drawing: every spec is titled, described, labelled and colour-blind safe."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ontable.analysis import ledger
from ontable.io import load_case
from ontable.report import build_report, charts, charts_ledger, data
from ontable.report.build import ReportOptions
from tests.conftest import MINI


@pytest.fixture(scope="module")
def mini_report():
    return build_report(load_case(MINI), ReportOptions(samples=60, seed=7))


def _axis_titles(spec: object) -> list[str]:
    """Every axis/legend title set on an encoding anywhere in the spec."""
    found: list[str] = []
    if isinstance(spec, dict):
        enc = spec.get("encoding")
        if isinstance(enc, dict):
            for channel in ("x", "y"):
                if isinstance(enc.get(channel), dict) and "title" in enc[channel]:
                    found.append(enc[channel]["title"])
        for value in spec.values():
            found.extend(_axis_titles(value))
    elif isinstance(spec, list):
        for value in spec:
            found.extend(_axis_titles(value))
    return found


def test_every_chart_has_title_description_and_data(mini_report) -> None:
    assert [c.id for c in mini_report.charts] == [
        "chart-ledger", "chart-burden", "chart-timeline", "chart-lean", "chart-acceptance",
        "chart-room", "chart-forecast", "chart-drivers",
    ]  # fmt: skip
    for chart in mini_report.charts:
        spec = chart.spec
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
        assert spec["description"] == chart.description and len(chart.description) > 40
        title = spec.get("title")
        assert title, chart.id
        assert chart.data.rows, chart.id  # the text alternative has the numbers
        assert any(t for t in _axis_titles(spec) if t), chart.id
        text = json.dumps(spec, allow_nan=False)  # NaN would break the page's JSON.parse
        assert "NaN" not in text


def test_categorical_colours_come_from_okabe_ito(mini_report) -> None:
    allowed = {c.lower() for c in charts.OKABE_ITO} | {"#999999", "#bbbbbb", "black", "white"}
    for chart in mini_report.charts:
        for colour in _colour_ranges(chart.spec):
            assert colour.lower() in allowed, (chart.id, colour)


def _colour_ranges(spec: object) -> list[str]:
    out: list[str] = []
    if isinstance(spec, dict):
        color = spec.get("color")
        if isinstance(color, dict) and isinstance(color.get("scale"), dict):
            rng = color["scale"].get("range")
            if isinstance(rng, list):
                out.extend(str(c) for c in rng)
        for value in spec.values():
            out.extend(_colour_ranges(value))
    elif isinstance(spec, list):
        for value in spec:
            out.extend(_colour_ranges(value))
    return out


def test_palette_repeats_only_beyond_its_length() -> None:
    assert len(set(charts.palette(8))) == 8
    assert charts.palette(9)[8] == charts.palette(9)[0]


def test_obligations_chart_draws_only_nonzero_rows() -> None:
    case = load_case(MINI)
    counts = data.obligation_counts(case, ledger(case, "plan-a"))
    spec = charts_ledger.obligations_chart(counts, "T", "D").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {(r["party"], r["modality"], r["obligations"]) for r in rows} == {
        ("south", "binding", 3),
        ("north", "hedged", 1),
    }


def test_heatmap_labels_flip_for_readability() -> None:
    frame = pd.DataFrame({"a": ["x", "y"], "b": ["p", "p"], "v": [0.1, 0.9]})
    spec = charts.heatmap(
        frame, x="a", y="b", value="v", x_title="A", y_title="B", value_title="V",
        title="T", description="D", domain=(0, 1),
    ).to_dict()  # fmt: skip
    text_layer = spec["layer"][1]
    assert text_layer["encoding"]["color"]["condition"]["test"] == "datum['v'] < 0.5"
