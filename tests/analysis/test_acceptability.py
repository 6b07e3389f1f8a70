"""Acceptability of documents against BATNAs: utilities, margins, verdicts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.analysis import acceptability
from ontable.model import Case
from tests.analysis.builders import PARTIES, mini


def _with_batna(case: Case, party: str, batna: float | None) -> Case:
    parties = tuple(
        p.model_copy(update={"batna": batna, "batna_range": None}) if p.id == party else p
        for p in case.parties
    )
    return case.model_copy(update={"parties": parties})


def test_by_hand() -> None:
    result = acceptability(mini())
    # plan A: border 100, troops 100, aid open with no status quo (dropped)
    # North: ideals 90, 80, saliences 80, 60 → loss (80*.1 + 60*.2)/140
    u_north = 1 - (80 * 0.1 + 60 * 0.2) / 140
    # South: ideals 10, 0, saliences 90, 70 → loss (90*.9 + 70*1)/160
    u_south = 1 - (90 * 0.9 + 70 * 1.0) / 160
    i = result.document_ids.index("plan-a")
    assert result.utilities[i, result.party_ids.index("north")] == pytest.approx(u_north)
    assert result.utilities[i, result.party_ids.index("south")] == pytest.approx(u_south)
    assert result.margins[i, result.party_ids.index("south")] == pytest.approx(u_south - 0.3)
    assert result.verdict("plan-a", "north") == "accepts"
    assert result.verdict("plan-a", "south") == "vetoes"  # required, below its BATNA
    assert result.vetoing("plan-a") == ("south",)


def test_non_required_party_rejects_not_vetoes() -> None:
    case = _with_batna(mini(), "broker", 0.99)
    result = acceptability(case)
    assert result.verdict("plan-a", "broker") == "rejects"
    assert "broker" not in result.vetoing("plan-a")


def test_missing_batna_is_said_not_invented() -> None:
    result = acceptability(_with_batna(mini(), "south", None))
    assert result.without_batna == ("south",)
    assert result.verdict("plan-a", "south") == "no BATNA"
    assert math.isnan(result.margins[0, result.party_ids.index("south")])
    row = result.to_dict()["documents"][0]["parties"][1]
    assert row["party"] == "south" and row["batna"] is None and row["verdict"] == "no BATNA"


def test_status_quo_fills_open_issues() -> None:
    # plan B sets all three issues; a document silent on the border gets its status quo (100)
    result = acceptability(mini(), ["plan-b"])
    assert result.document_ids == ("plan-b",)
    # North on plan B: border 60 (30 off), troops 50 (30), aid 90 (70); saliences 80, 60, 20
    assert result.utilities[0, 0] == pytest.approx(1 - (80 * 30 + 60 * 30 + 20 * 70) / 16000)


def test_quadratic_never_below_linear() -> None:
    lin = acceptability(mini(), form="linear").utilities
    quad = acceptability(mini(), form="quadratic").utilities
    assert (quad >= lin - 1e-12).all()  # d² ≤ d on 0–1
    with pytest.raises(ValueError, match="cubic"):
        acceptability(mini(), form="cubic")  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    party=st.sampled_from(PARTIES),
    low=st.floats(0, 1),
    high=st.floats(0, 1),
    form=st.sampled_from(["linear", "quadratic"]),
)
def test_monotone_in_batna(party: str, low: float, high: float, form: str) -> None:
    low, high = min(low, high), max(low, high)
    weak = acceptability(_with_batna(mini(), party, low), form=form)  # type: ignore[arg-type]
    strong = acceptability(_with_batna(mini(), party, high), form=form)  # type: ignore[arg-type]
    j = weak.party_ids.index(party)
    assert np.allclose(weak.utilities, strong.utilities)  # utility does not depend on BATNA
    assert np.allclose(weak.margins[:, j] - strong.margins[:, j], high - low)
    for d in weak.document_ids:
        # a better alternative can only turn acceptance into refusal, never the reverse
        if strong.verdict(d, party) == "accepts":
            assert weak.verdict(d, party) == "accepts"


def test_frame() -> None:
    frame = acceptability(mini()).to_frame()
    assert len(frame) == 2 * 3
    assert set(frame["verdict"]) <= {"accepts", "vetoes", "rejects", "no BATNA"}
