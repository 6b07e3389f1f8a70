"""The zone of possible agreement: per-issue projection of the acceptable packages."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.analysis import zopa
from ontable.io import load_case
from ontable.model import Case
from ontable.model.arrays import case_arrays
from ontable.utility import utilities
from tests.analysis.builders import mini
from tests.conftest import MINI


def _batnas(case: Case, values: dict[str, float | None]) -> Case:
    parties = tuple(
        p.model_copy(update={"batna": values[p.id], "batna_range": None}) if p.id in values else p
        for p in case.parties
    )
    return case.model_copy(update={"parties": parties})


def _one_issue(case: Case) -> Case:
    return case.model_copy(
        update={"stances": tuple(s for s in case.stances if s.issue == "border")}
    )


def test_one_issue_by_hand() -> None:
    case = _one_issue(mini())
    # one issue: weight 1. North (ideal 90, BATNA .4) accepts within 60 of 90; South (ideal
    # 10, BATNA .3) within 70 of 10. The broker is not required.
    z = zopa(case).issue("border")
    assert (z.low, z.high) == (pytest.approx(30), pytest.approx(80))
    # quadratic: within 100·√0.6 of 90 and 100·√0.7 of 10
    q = zopa(case, form="quadratic").issue("border")
    assert q.low == pytest.approx(90 - 100 * np.sqrt(0.6), abs=1e-5)
    assert q.high == pytest.approx(10 + 100 * np.sqrt(0.7), abs=1e-5)
    # issues nobody has a stance on are unconstrained
    assert (zopa(case).issue("aid").low, zopa(case).issue("aid").high) == (0, 100)


def test_empty_when_no_package_beats_no_deal() -> None:
    # BATNA .7 each: North and South may each lose at most 30 weighted points (60 together).
    # Each issue has a gap of 80 between them, so together they lose at least the smaller
    # weight times 80 on it: border 80·90/210 ≈ 34.3, troops 80·70/210 ≈ 26.7, aid
    # 80·20/160 = 10, in all about 71 > 60: no package satisfies both.
    case = _batnas(mini(), {"north": 0.7, "south": 0.7})
    z = zopa(case)
    assert z.empty and all(i.empty for i in z.issues)
    assert z.to_dict()["issues"][0]["low"] is None


def test_non_required_and_missing_batna() -> None:
    base = zopa(mini())
    assert base.counted == ("north", "south")
    picky_broker = zopa(_batnas(mini(), {"broker": 0.99}))
    assert picky_broker.to_dict() == base.to_dict()  # the broker's consent is not needed
    no_south = zopa(_batnas(mini(), {"south": None}))
    assert no_south.without_batna == ("south",) and no_south.counted == ("north",)


@settings(max_examples=25, deadline=None)
@given(
    north=st.floats(0.3, 0.95),
    south=st.floats(0.3, 0.95),
    form=st.sampled_from(["linear", "quadratic"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_acceptable_packages_lie_in_the_zone(
    north: float, south: float, form: str, seed: int
) -> None:
    case = _batnas(mini(), {"north": north, "south": south})
    z = zopa(case, form=form)  # type: ignore[arg-type]
    arrays = case_arrays(case)
    rows = [arrays.party_ids.index(p) for p in ("north", "south")]
    packages = np.random.default_rng(seed).uniform(0, 100, (4000, 3))
    u = utilities(packages, arrays.positions[rows], arrays.saliences[rows], form)  # type: ignore[arg-type]
    ok = packages[(u >= np.array([north, south])).all(axis=1)]
    if z.empty:
        assert len(ok) == 0
        return
    for i, issue in enumerate(z.issues):
        assert issue.low is not None and issue.high is not None
        assert (ok[:, i] >= issue.low - 1e-6).all() and (ok[:, i] <= issue.high + 1e-6).all()


def test_zone_around_a_document_keeps_it_acceptable() -> None:
    """Inside each issue's zone around plan-b, plan-b changed on that issue alone is acceptable
    to every counted party; just outside it, some counted party prefers no deal."""
    import numpy as np

    from ontable.model.arrays import case_arrays
    from ontable.utility import document_package, utilities

    case = load_case(MINI)
    zone = zopa(case, around="plan-b")
    assert zone.around == "plan-b"
    arrays = case_arrays(case)
    rows = [arrays.party_ids.index(p) for p in zone.counted]
    doc = case.document("plan-b")
    package = document_package(doc.positions, arrays.issue_ids, arrays.status_quo)

    def acceptable(x: np.ndarray) -> bool:
        u = utilities(x, arrays.positions[rows], arrays.saliences[rows])
        return bool((u >= arrays.batna[rows] - 1e-9).all())

    checked = 0
    for i, z in enumerate(zone.issues):
        if z.empty:
            continue
        for value in np.linspace(z.low, z.high, 5):
            x = package.copy()
            x[i] = value
            assert acceptable(x), (z.issue, value)
        for outside in (z.low - 0.5, z.high + 0.5):
            if 0 <= outside <= 100:
                x = package.copy()
                x[i] = outside
                assert not acceptable(x), (z.issue, outside)
        checked += 1
    assert checked >= 2


def test_zone_around_plan_a_by_hand() -> None:
    """plan-a sets border 100 and troops 100 and leaves aid open, so weights are renormalised
    over border and troops. South (ideal border 10, troops 0; saliences 90, 70; BATNA 0.3):
    w = 0.5625, 0.4375. With troops at 100 South has 0.7 − 0.4375 = 0.2625 left, so the border
    may sit within 0.2625 / 0.5625 × 100 = 46.67 of 10; North (ideal 90, saliences 80, 60,
    BATNA 0.4) allows all of 0–100 there. With South's BATNA at 0.9, South rejects plan-a
    whatever the border: the zone is empty. Aid, which plan-a leaves open, has no zone."""
    from ontable.model import Override

    case = load_case(MINI)
    zone = zopa(case, around="plan-a")
    border = zone.issue("border")
    assert border.low == 0.0
    assert border.high == pytest.approx(10 + 46.6667, abs=1e-3)
    assert zone.issue("aid").empty
    harder = case.with_overrides([Override(party="south", field="batna", value=0.9)])
    assert zopa(harder, around="plan-a").issue("border").empty
