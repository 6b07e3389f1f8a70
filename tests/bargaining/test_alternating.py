"""Alternating offers: Rubinstein's closed form, deadlines, quotas and mediators."""

from __future__ import annotations

import numpy as np
import pytest

from ontable.bargaining import (
    BatnaChange,
    alternating_offers,
    bargaining_problem,
    mediator_move,
    rubinstein_shares,
)
from ontable.io import load_case
from tests.bargaining.helpers import pie, problem
from tests.conftest import MINI


def test_rubinstein_closed_form_by_hand() -> None:
    first, second = rubinstein_shares(0.9, 0.8)
    assert first == pytest.approx(0.2 / 0.28)  # (1 − δ₂)/(1 − δ₁δ₂) = 5/7
    assert second == pytest.approx(0.8 * 0.1 / 0.28)
    assert rubinstein_shares(0.0, 0.5) == (0.5, 0.5)
    with pytest.raises(ValueError):
        rubinstein_shares(1.0, 1.0)


@pytest.mark.parametrize(("d1", "d2"), [(0.9, 0.8), (0.8, 0.9), (0.95, 0.95), (0.5, 0.99)])
def test_long_deadline_game_reaches_rubinstein_shares(d1: float, d2: float) -> None:
    prob = pie(levels=4001)
    result = alternating_offers(prob, patience={"a": d1, "b": d2}, deadline=400)
    assert result.agreement_round == 0 and result.proposer == "a"
    assert result.utilities is not None
    # each round the responder's threshold is rounded up to the grid (step 1/4000); the error
    # compounds like a geometric series with ratio δ₁δ₂ over a pair of rounds
    tolerance = 2 * (1 / 4000) / (1 - d1 * d2)
    assert result.utilities[0] == pytest.approx(rubinstein_shares(d1, d2)[0], abs=tolerance)


def test_last_proposer_takes_all_at_a_one_round_deadline() -> None:
    result = alternating_offers(pie(levels=11), patience={"a": 0.5, "b": 0.5}, deadline=1)
    assert result.utilities == pytest.approx((1.0, 0.0))  # an ultimatum


def test_breakdown_when_no_package_beats_every_batna() -> None:
    prob = pie(levels=11, batna=(0.7, 0.7))
    result = alternating_offers(prob, patience={"a": 0.9, "b": 0.9}, deadline=5)
    assert result.package is None and result.breakdown_round == 0
    assert result.expected == pytest.approx((0.7, 0.7))


def test_pressure_on_the_responder_helps_the_proposer() -> None:
    prob = pie(levels=101, batna=(0.0, 0.45))
    calm = alternating_offers(prob, patience={"a": 0.5, "b": 0.5}, deadline=1)
    assert calm.utilities == pytest.approx((0.55, 0.45))  # b's BATNA binds
    change = BatnaChange(round=0, party="b", batna=0.1, by="m", kind="pressure")
    pressed = alternating_offers(
        prob, patience={"a": 0.5, "b": 0.5}, deadline=1, batna_changes=[change]
    )
    assert pressed.utilities == pytest.approx((0.9, 0.1))


def test_a_late_change_matters_only_through_the_future() -> None:
    prob = pie(levels=101, batna=(0.0, 0.0))
    base = alternating_offers(prob, patience={"a": 0.9, "b": 0.9}, deadline=2)
    # b proposes last (round 1); raising a's BATNA from round 1 raises what a can hold out for
    later = alternating_offers(
        prob,
        patience={"a": 0.9, "b": 0.9},
        deadline=2,
        batna_changes=[BatnaChange(round=1, party="a", batna=0.5)],
    )
    assert base.utilities is not None and later.utilities is not None
    assert later.utilities[0] > base.utilities[0]


def test_a_smaller_quota_never_hurts_the_proposer() -> None:
    # three parties, one issue each; each wants its own issue at 100 and the others at 0
    ideals = np.array([[100.0, 0, 0], [0, 100.0, 0], [0, 0, 100.0]])
    prob = problem(ideals, np.ones((3, 3)), levels=3)
    deltas = {"a": 0.9, "b": 0.9, "c": 0.9}
    unanimous = alternating_offers(prob, patience=deltas, deadline=6)
    majority = alternating_offers(prob, patience=deltas, deadline=6, quota=2)
    assert unanimous.utilities is not None and majority.utilities is not None
    assert majority.utilities[0] >= unanimous.utilities[0]
    dictator = alternating_offers(prob, patience=deltas, deadline=6, quota=1)
    assert dictator.utilities is not None and dictator.utilities[0] == pytest.approx(1.0)


def test_random_recognition_needs_a_generator() -> None:
    with pytest.raises(ValueError, match="Generator"):
        alternating_offers(pie(11), patience={"a": 0.9, "b": 0.9}, recognition="random")
    result = alternating_offers(
        pie(101),
        patience={"a": 0.9, "b": 0.9},
        recognition="random",
        rng=np.random.default_rng(1),
    )
    # symmetric parties, equal recognition: equal expected values
    assert result.expected[0] == pytest.approx(result.expected[1], abs=0.02)


def test_mediator_defaults_and_case_patience() -> None:
    case = load_case(MINI)
    prob = bargaining_problem(case)
    broker = bargaining_problem(case, ["broker"])
    move = mediator_move(prob, broker.ideals[0], broker.saliences[0], mediator="broker", at_round=2)
    # the broker (60, 50, 50) is further from south's ideal (10, 0, 100) than north's
    assert move.party == "south" and move.batna == pytest.approx(0.15)
    assert move.kind == "pressure" and move.by == "broker"
    result = alternating_offers(prob, batna_changes=[move])
    assert result.patience == (0.9, 0.8)
    assert result.to_frame().shape[0] == len(result.path)
    assert result.to_dict()["batna_changes"][0]["party"] == "south"
