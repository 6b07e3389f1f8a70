"""Proximity of documents to ideal points, and the lean index with its interval."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.analysis import lean, proximity
from ontable.model import Case, Stance
from tests.analysis.builders import ISSUES, PARTIES, document, mini, provision, with_documents


def test_by_hand() -> None:
    result = proximity(mini())
    assert result.document_ids == ("plan-a", "plan-b")  # by date
    # plan A sets border 100 and troops 100; North's ideals 90 and 80, saliences 80 and 60
    assert result.distance("plan-a", "north") == pytest.approx((80 * 10 + 60 * 20) / 140)
    assert result.closest("plan-a") == "north"
    # plan B: border 60, troops 50, aid 90; North: (80*30 + 60*30 + 20*70) / 160
    assert result.distance("plan-b", "north") == pytest.approx((2400 + 1800 + 1400) / 160)


def test_lean_by_hand() -> None:
    # plan B between North (0) and South (1): gaps 80 on each issue; progress towards South
    # border 30, troops 30, aid 70; weights (80+90)/2, (60+70)/2, (20+50)/2
    x = lean(mini(), "plan-b", "north", "south")
    assert x.index == pytest.approx((85 * 30 + 65 * 30 + 35 * 70) / (80 * (85 + 65 + 35)))
    assert x.low <= x.index <= x.high
    # plan A goes beyond North's ideal on both issues it sets: all the way to North
    a = lean(mini(), "plan-a", "north", "south")
    assert (a.index, a.low, a.high) == (0.0, 0.0, 0.0)
    assert lean(mini(), "plan-a", "south", "north").index == 1.0


def test_lean_undefined_without_contested_issue() -> None:
    doc = document([provision("1")])  # sets nothing
    x = lean(with_documents(mini(), doc), doc, "north", "south")
    assert math.isnan(x.index) and math.isnan(x.low) and x.terms == ()
    assert np.isnan(proximity(with_documents(mini(), doc)).distances).all()


unit = st.floats(0, 100, allow_nan=False)


def _case_with(stances: list[tuple[float, float]]) -> Case:
    rows = iter(stances)
    new = [
        Stance(
            party=p, issue=i, position=pos, salience=sal, rationale="t", sources=["https://e.org"]
        )
        for p in PARTIES
        for i in ISSUES
        for pos, sal in [next(rows)]
    ]
    return mini().model_copy(update={"stances": tuple(new)})


stance_grid = st.lists(
    st.tuples(unit, st.floats(1, 100)), min_size=len(PARTIES) * len(ISSUES), max_size=9
)


@settings(max_examples=60, deadline=None)
@given(stances=stance_grid, who=st.sampled_from(PARTIES))
def test_document_at_ideal_point_is_zero_distance(
    stances: list[tuple[float, float]], who: str
) -> None:
    case = _case_with(stances)
    ideal = {i: case.stance(who, i).position for i in ISSUES}  # type: ignore[union-attr]
    doc = document([provision("1", issues=ideal)])
    result = proximity(with_documents(case, doc))
    assert result.distance("doc", who) == pytest.approx(0, abs=1e-9)
    assert ((result.distances >= -1e-9) & (result.distances <= 100 + 1e-9)).all()
    others = [p for p in PARTIES if p != who]
    x = lean(with_documents(case, doc), doc, who, others[0])
    assert math.isnan(x.index) or x.index == pytest.approx(0, abs=1e-9)
    y = lean(with_documents(case, doc), doc, others[0], who)
    assert math.isnan(y.index) or y.index == pytest.approx(1, abs=1e-9)


def _ranged_case(rng: np.random.Generator) -> Case:
    stances = []
    for p in ("north", "south"):
        for i in ("border", "troops"):
            lo, hi = np.sort(rng.uniform(0, 100, 2))
            s_lo, s_hi = np.sort(rng.uniform(1, 100, 2))
            stances.append(
                Stance(
                    party=p,
                    issue=i,
                    position=float(rng.uniform(lo, hi)),
                    position_range=(float(lo), float(hi)),
                    salience=float(rng.uniform(s_lo, s_hi)),
                    salience_range=(float(s_lo), float(s_hi)),
                    rationale="t",
                    sources=["https://e.org"],
                )
            )
    return mini().model_copy(update={"stances": tuple(stances)})


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_lean_interval_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    case = _ranged_case(rng)
    x = rng.uniform(0, 100, 2).round()
    doc = document([provision("1", issues={"border": x[0], "troops": x[1]})])
    result = lean(with_documents(case, doc), doc, "north", "south")
    # brute force over a grid of each input's range (8 inputs, 5 values each)
    grids = []
    for i in ("border", "troops"):
        sa, sb = case.stance("north", i), case.stance("south", i)
        assert sa is not None and sb is not None
        grids += [np.linspace(*sa.position_bounds, 5), np.linspace(*sb.position_bounds, 5)]
        grids += [np.linspace(*sa.salience_bounds, 2), np.linspace(*sb.salience_bounds, 2)]
    values = []
    for a1, b1, sa1, sb1, a2, b2, sa2, sb2 in itertools.product(*grids):
        num = den = 0.0
        for xi, a, b, w in ((x[0], a1, b1, (sa1 + sb1) / 2), (x[1], a2, b2, (sa2 + sb2) / 2)):
            gap = abs(b - a)
            num += w * min(max((xi - a) if b >= a else (a - xi), 0.0), gap)
            den += w * gap
        if den > 0:
            values.append(num / den)
    assert result.low - 1e-9 <= min(values)
    assert max(values) <= result.high + 1e-9
    # the grid holds the box's corners; for these seeds the extremes lie there, so the
    # interval is attained, not merely a bound
    assert result.high == pytest.approx(max(values), abs=1e-9)
    assert result.low == pytest.approx(min(values), abs=1e-9)


def test_frames() -> None:
    frame = proximity(mini()).to_frame()
    assert list(frame.columns) == ["document", "north", "south", "broker"]
    data = lean(mini(), "plan-b", "north", "south").to_dict()
    assert data["low"] <= data["index"] <= data["high"]
    assert len(data["terms"]) == 3
