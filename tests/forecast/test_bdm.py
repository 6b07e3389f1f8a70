"""Bueno de Mesquita's expected-utility model (Scholz, Calbert & Smith 2011).

Reference data: Bueno de Mesquita's (1994) EC emissions example (Scholz et al. Table 1). The
published forecast for it could not be located in the sources available to us, so these tests
check what can be checked independently: the paper's equations worked by hand on small cases,
the example's starting median, and invariants of a run on the example.
"""

from __future__ import annotations

import numpy as np
import pytest

from ontable.forecast.bdm import (
    BdmParams,
    _new_positions,
    expected_utilities,
    forecast,
    run_rows,
    win_probabilities,
)
from ontable.model.arrays import CaseArrays
from tests.forecast.emissions import emissions_arrays

RNG = np.random.default_rng(0)


def test_win_probability_equals_the_direct_vote_sum() -> None:
    """Eq. 30 summed directly over voters (O(n³)) agrees with the sorted fast form."""
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 100, (4, 8))
    x[0, 2] = x[0, 5]  # a shared position
    w = rng.uniform(0, 1, (4, 8))
    w[1, 3] = 0.0
    votes = w[:, :, None, None] * (
        np.abs(x[:, :, None, None] - x[:, None, None, :])
        - np.abs(x[:, :, None, None] - x[:, None, :, None])
    )  # [row, voter k, i, j]
    direct = np.maximum(votes, 0).sum(1) / np.where(
        np.abs(votes).sum(1) > 0, np.abs(votes).sum(1), 1
    )
    fast = win_probabilities(x, w)
    separated = np.abs(votes).sum(1) > 0
    assert np.allclose(fast[separated], direct[separated])
    assert np.allclose(fast + np.swapaxes(fast, 1, 2), 1.0)


def test_expected_utility_by_hand() -> None:
    """Eq. 25 with Q = 1, d = 1, r = 1: U^s = 2, U^f = −2, U^sq = 0. With P = 2/3 and a target
    salience of 0.5: 0.5(2/3·2 − 1/3·2) + 0.5·2 − 0 = 4/3. With r = 2, U^sq = 1 → 1/3."""
    p = BdmParams()
    args = (np.array(1.0), np.array(0.0), np.array(0.5), np.array(2 / 3))
    assert expected_utilities(*args, np.array(1.0), p) == pytest.approx(4 / 3)
    assert expected_utilities(*args, np.array(2.0), p) == pytest.approx(1 / 3)


def test_q_below_one_uses_better_and_worse_utilities() -> None:
    """Q = 0, T = 1, d = 0.5, |x_i − μ|/R = 0.5, r = 1: U^b = 2 − 4(½ − ¼) = 1, so EU falls by 1
    relative to the Q = 1 value minus U^sq (0)."""
    base = expected_utilities(
        np.array(0.5), np.array(0.5), np.array(1.0), np.array(0.5), np.array(1.0), BdmParams()
    )
    q0 = expected_utilities(
        np.array(0.5),
        np.array(0.5),
        np.array(1.0),
        np.array(0.5),
        np.array(1.0),
        BdmParams(Q=0.0, T=1.0),
    )
    assert q0 == pytest.approx(base - 1.0)


def test_two_actor_round_by_hand() -> None:
    """A at 0 (c 1, s 1) and B at 100 (c 1, s 0.5), worked through Scholz et al.'s steps.

    P_AB = 1/(1 + 0.5) = 2/3. Risk-neutral EUs: A→B 4/3, B→A −2/3, so A's exposure is −2/3
    and B's 4/3: R_A = −1, r_A = 2; R_B = 1, r_B = 0.5. From B's view (r 0.5): B→A is
    (2/3 − 4/3) − (2 − 4√½) ≈ 0.162 and A→B is 1/3 + 1 − (2 − 4√½) ≈ 2.162 > 0.162 > 0: a
    conflict B expects to lose, so B moves to 0. From A's view (r 2) B→A is −5/3: no offer.
    """
    path, outcome, ran = run_rows(
        np.array([[0.0, 100.0]]), np.array([[1.0, 1.0]]), np.array([[1.0, 0.5]]), BdmParams()
    )
    assert path[1, 0].tolist() == [0.0, 0.0]
    assert outcome.tolist() == [0.0]
    assert ran.tolist() == [2]  # the second round finds nothing to change


def test_offer_classification() -> None:
    """Target 0 at 0 receives offers from 1 (at 10), 2 (at 40), 3 (at 90), as it sees them:
    from 1 a conflict it loses (b > a > 0) → 10; from 2 a compromise (b 0.8 > |a| 0.2) → 0 +
    40·0.25 = 10; from 3 a capitulation (|a| 0.9 > b 0.3) → 90. The least move is 10."""
    x = np.array([[0.0, 10.0, 40.0, 90.0]])
    own = np.zeros((1, 4, 4))
    seen = np.zeros((1, 4, 4))
    own[0, 0, 1:] = [0.1, -0.2, -0.9]
    seen[0, 0, 1:] = [0.5, 0.8, 0.3]
    assert _new_positions(x, own, seen)[0, 0] == pytest.approx(10.0)
    own[0, 0, 1] = 0.6  # now a conflict 0 expects to win: no move from that offer
    seen[0, 0, 2] = 0.15  # and a capitulation (|a| 0.2 > b) instead of a compromise
    assert _new_positions(x, own, seen)[0, 0] == pytest.approx(40.0)
    own[0, 0, 1:] = [0.0, 0.0, 0.0]
    seen[0, 0, 1:] = [-0.1, 0.0, -0.5]  # nobody wants to challenge: stay put
    assert _new_positions(x, own, seen)[0, 0] == 0.0


def test_emissions_example_run() -> None:
    """On the EC emissions data the starting median is 7 years (hand-computed, see
    test_median); actors only move towards others' positions, so all stay within 4–10, the
    outcome is a weighted median of the final positions, and the run stops within the cap."""
    result = forecast(emissions_arrays(), params={"rounds": 10}, rng=RNG)
    assert result.path[0, :, 0].tolist() == [v[0] for v in emissions_arrays().positions]
    assert ((result.path >= 4.0 - 1e-9) & (result.path <= 10.0 + 1e-9)).all()
    assert 4.0 <= result.outcome[0] <= 10.0
    assert 1 <= result.rounds <= 10
    # The large, salient states who started at the median (none) or next to it stay close.
    assert result.outcome[0] == pytest.approx(7.0, abs=1.5)


def test_parameters_are_validated() -> None:
    with pytest.raises(ValueError, match="unknown bdm parameters"):
        forecast(emissions_arrays(), params={"q": 1}, rng=RNG)
    with pytest.raises(ValueError, match="Q and T"):
        forecast(emissions_arrays(), params={"Q": 2}, rng=RNG)


def test_inactive_actor_takes_no_part() -> None:
    """An actor without salience neither moves nor moves anyone."""
    arrays = emissions_arrays()
    s = arrays.saliences.copy()
    s[0, 0] = 0.0
    quiet = CaseArrays(
        arrays.party_ids,
        arrays.issue_ids,
        arrays.positions,
        s,
        arrays.capabilities,
        arrays.batna,
        arrays.patience,
        arrays.status_quo,
    )
    result = forecast(quiet, rng=RNG)
    assert (result.path[:, 0, 0] == 4.0).all()
