"""Chart data preparation: hand-checked tables from the mini case and invariants."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.analysis import acceptability, ledger, proximity
from ontable.forecast.base import Forecast
from ontable.io import load_case
from ontable.model import MODALITIES, Case, Document, Obligation, Provision
from ontable.report import data
from tests.conftest import MINI

MINI_CASE = load_case(MINI)


@pytest.fixture
def mini() -> Case:
    return MINI_CASE


def test_obligation_counts_of_plan_a(mini: Case) -> None:
    # plan-a.yaml: points 1, 2 and 3a bind South; point 3 is a hedged obligation on North.
    counts = data.obligation_counts(mini, ledger(mini, "plan-a"))
    nonzero = counts[counts["obligations"] > 0]
    got = {(r.party, r.modality): r.obligations for r in nonzero.itertuples()}
    assert got == {("south", "binding"): 3, ("north", "hedged"): 1}
    # Every modality is listed for each obliged party (stacks line up), the broker is not.
    assert set(counts["party"]) == {"north", "south"}
    assert len(counts) == 2 * len(MODALITIES)
    assert data.obligations_by_party(counts) == {"North": {"hedged": 1}, "South": {"binding": 3}}


def test_draft_positions_are_by_issue_then_date(mini: Case) -> None:
    frame = data.draft_positions(mini)
    border = frame[frame["issue"] == "border"]
    assert list(border["document"]) == ["plan-a", "plan-b"]
    assert list(border["position"]) == [100.0, 60.0]
    assert list(border["date"]) == ["2025-01-10", "2025-02-01"]
    # aid is set by plan-b only (90); every row's issue is one the document sets.
    assert frame[frame["issue"] == "aid"][["document", "position"]].values.tolist() == [
        ["plan-b", 90.0]
    ]


def test_ideal_points_follow_case_order(mini: Case) -> None:
    frame = data.ideal_points(mini)
    assert len(frame) == len(mini.stances)
    assert list(frame["party"])[:3] == ["north"] * 3
    assert frame.iloc[0][["issue", "position", "salience"]].tolist() == ["border", 90.0, 80.0]


def _forecast(outcome: list[float]) -> Forecast:
    arr = np.array(outcome)
    return Forecast(
        "m", "1", {}, ("a",), ("border", "troops", "aid"), arr, arr[None, :], arr[None, None, :]
    )


def test_forecast_points_attach_bands_by_issue(mini: Case) -> None:
    band = pd.DataFrame(
        {
            "issue": ["troops", "border"],
            "low": [1.0, 2.0],
            "median": [3.0, 4.0],
            "high": [5.0, 6.04],
        }
    )
    points = data.forecast_points(
        mini, {"x": _forecast([10.0, 20.0, 30.0]), "y": _forecast([1, 2, 3])}, {"x": band}
    )
    assert list(points["issue"]) == ["border", "border", "troops", "troops", "aid", "aid"]
    row = points[(points["model"] == "x") & (points["issue"] == "border")].iloc[0]
    assert (row["outcome"], row["low"], row["high"]) == (10.0, 2.0, 6.0)  # rounded to 0.1
    # Model y has no sweep and issue aid has no band row: empty band, never invented.
    assert points[points["model"] == "y"]["low"].isna().all()
    assert points[(points["model"] == "x") & (points["issue"] == "aid")]["low"].isna().all()


def test_proximity_cells_and_acceptance_cells(mini: Case) -> None:
    cells = data.proximity_cells(mini, proximity(mini))
    assert set(cells["title"]) == {"Plan A", "Plan B"}
    assert cells["distance"].between(0, 100).all()
    acc = data.acceptance_cells(mini, acceptability(mini))
    # margin is utility minus BATNA, to rounding.
    assert np.allclose(acc["margin"], acc["utility"] - acc["batna"], atol=2e-3)
    assert set(acc["verdict"]) <= {"accepts", "vetoes", "rejects", "no BATNA"}


def test_top_drivers_orders_by_first_order_and_keeps_sign(mini: Case) -> None:
    frame = pd.DataFrame(
        {
            "issue": ["border", "border", "troops", "aid"],
            "input": ["north.capability", "south.position.border", "north.capability", "x"],
            "spearman": [-0.5, 0.9, 0.2, np.nan],
            "first_order": [0.6, 0.3, 0.8, 0.9],
        }
    )
    out = data.top_drivers(mini, {"m": frame}, top=2)
    assert list(out["first_order"]) == [0.8, 0.6]  # the NaN row is dropped
    assert list(out["driver"]) == [
        "North capability → Troop cap on South",
        "North capability → Border line",
    ]
    assert list(out["direction"]) == ["raises", "lowers"]


def test_input_label_reads_party_field_issue(mini: Case) -> None:
    assert data.input_label(mini, "south.position.border") == "South position on Border line"
    assert data.input_label(mini, "north.batna") == "North BATNA"


parties = st.sampled_from(["north", "south", "broker"])
modalities = st.sampled_from(list(MODALITIES))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(parties, min_size=1, max_size=3, unique=True), modalities),
        max_size=12,
    )
)
def test_counts_add_up_to_obligation_party_pairs(obligations) -> None:
    case = MINI_CASE
    provisions = tuple(
        Provision(
            id=str(i),
            summary="s",
            sources=("https://example.org",),
            obligations=(
                Obligation(
                    on=tuple(on),
                    action="act",
                    modality=m,
                    condition="c" if m == "conditional" else None,
                ),
            ),
        )
        for i, (on, m) in enumerate(obligations)
    )
    doc = Document(
        id="d",
        title="D",
        date=dt.date(2025, 1, 1),
        kind="proposal",
        drafters=("north",),
        sources=("https://example.org",),
        provisions=provisions,
    )
    case = case.model_copy(update={"documents": (doc,)})
    counts = data.obligation_counts(case, ledger(case, doc))
    assert counts["obligations"].sum() == sum(len(on) for on, _ in obligations)
    for modality in MODALITIES:
        expected = sum(len(on) for on, m in obligations if m == modality)
        assert counts[counts["modality"] == modality]["obligations"].sum() == expected
