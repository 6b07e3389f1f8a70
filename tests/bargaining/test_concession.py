"""Time-based concession (Faratin, Sierra & Jennings 1998)."""

from __future__ import annotations

import pytest

from ontable.bargaining import aspiration, bargaining_problem, concession_simulation
from ontable.io import load_case
from tests.bargaining.helpers import pie
from tests.conftest import MINI


def test_aspiration_curve() -> None:
    assert aspiration(0, 10, 0.2) == pytest.approx(1.0)
    assert aspiration(10, 10, 5.0) == pytest.approx(0.0)
    assert aspiration(5, 10, 1.0) == pytest.approx(0.5)  # linear: half way at half time
    # at half time a Boulware negotiator still asks for more than a conceder
    assert aspiration(5, 10, 0.2) > aspiration(5, 10, 1.0) > aspiration(5, 10, 5.0)
    assert aspiration(5, 10, 0.2) == pytest.approx(1 - 0.5**5)


def test_the_boulware_side_gets_more() -> None:
    prob = pie(levels=101)
    tough = concession_simulation(prob, {"a": "boulware", "b": "conceder"}, deadline=10)
    soft = concession_simulation(prob, {"a": "conceder", "b": "boulware"}, deadline=10)
    assert tough.package is not None and soft.package is not None
    assert tough.package.utility("a") > soft.package.utility("a")


def test_breakdown_at_the_deadline_without_a_zone_of_agreement() -> None:
    result = concession_simulation(pie(levels=11, batna=(0.7, 0.7)), deadline=6)
    assert result.package is None and result.agreement_round is None
    assert len(result.offers) == 7  # rounds 0…6


def test_agreement_on_the_mini_case_beats_batnas() -> None:
    prob = bargaining_problem(load_case(MINI))
    result = concession_simulation(prob, {"north": "linear", "south": 2.0})
    assert result.package is not None
    u = result.package.utilities
    assert (u >= prob.disagreement).all()
    assert result.path.shape[0] == result.agreement_round + 2  # start + each offer
    frame = result.to_frame()
    assert frame["accepted"].tolist()[-1] is True


def test_bad_tactic_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown tactic"):
        concession_simulation(pie(11), {"a": "stubborn"})
