"""Bueno de Mesquita's expected-utility model (Scholz, Calbert & Smith 2011).

Reference data: Bueno de Mesquita's (1994) EC emissions example (Scholz et al. Table 1).
The published-code variant is checked round by round against a run of the public replication
of Scholz et al.'s program (``REPLICATION_PATH`` below says where the numbers come from); the
printed-equations variant against the paper's equations worked by hand on small cases; both
against invariants of a run on the example.
"""

from __future__ import annotations

import numpy as np
import pytest

from ontable.forecast.bdm import (
    PRINTED_EQUATIONS,
    PUBLISHED_CODE,
    BdmParams,
    _new_positions,
    _new_positions_published,
    all_pairs_win_probabilities,
    expected_utilities,
    forecast,
    run_rows,
    win_probabilities,
)
from ontable.model.arrays import CaseArrays
from tests.forecast.emissions import EMISSIONS, emissions_arrays

RNG = np.random.default_rng(0)

pytestmark = pytest.mark.usefixtures("bdm_path")  # every test on the numpy and compiled paths

#: Every actor's position (in the order of ``EMISSIONS``) at the start and after each of ten
#: rounds, Q = 1. Recorded from a run of J. McKibben's replication of Scholz, Calbert & Smith's
#: program, github.com/jmckib/bdm-scholz-expected-utility-model at commit 55f63e9
#: (``bdm_scholz_model.py`` with its ``ExampleActors.csv``; its Python 2 print statements
#: turned into calls, nothing else changed): ``BDMScholzModel(rows, q=1.0)``, then ten times
#: ``update_risk_aversions(); update_positions()``, reading every actor's ``x`` after each
#: round, printed to six decimals. Its weighted mean runs 7.38996, 7.46131, 7.55250, 7.59014,
#: 7.35813, 7.34917, 7.41488, 7.51046, 7.57245, 7.32499, 7.24213.
REPLICATION_PATH = (
    (4, 7, 4, 4, 10, 10, 10, 7, 4, 7),
    (4, 8.415932, 7, 4, 10, 10, 10, 4, 4, 7),
    (4, 9.610859, 8.415932, 4, 10, 10, 10, 7, 4, 7),
    (4, 9.96198, 9.610859, 4, 10, 10, 10, 8.415932, 4, 7),
    (4, 4.800881, 9.96198, 4, 10, 10, 10, 9.610859, 4, 7),
    (4, 5.524238, 4.800881, 4, 10, 10, 10, 9.96198, 4, 7),
    (4, 7.472046, 5.524238, 4, 10, 10, 10, 5.524238, 4, 7),
    (4, 8.824594, 7.472046, 4, 10, 10, 10, 7.472046, 4, 7),
    (4, 9.67113, 8.824594, 4, 10, 10, 10, 8.824594, 4, 7),
    (4, 4.144849, 9.67113, 4, 10, 10, 10, 9.67113, 4, 7),
    (4, 4.291541, 4.144849, 4, 10, 10, 10, 4.144849, 4, 7),
)


def test_published_code_variant_reproduces_the_replication_round_by_round() -> None:
    """Default variant, Q = 1, ten rounds: every actor within 0.01 in every round."""
    result = forecast(emissions_arrays(), params={"Q": 1.0, "rounds": 10}, rng=RNG)
    assert result.params["variant"] == PUBLISHED_CODE
    assert result.rounds == 10
    got = result.path[:, :, 0]
    assert np.abs(got - np.array(REPLICATION_PATH)).max() < 0.01
    weights = np.array([v[0] * v[2] for v in EMISSIONS.values()])
    means = got @ weights / weights.sum()
    assert means[0] == pytest.approx(7.38996, abs=1e-5)
    assert means[10] == pytest.approx(7.24213, abs=1e-5)


def test_printed_equations_variant_departs_from_the_published_run() -> None:
    """The paper's printed equations move far more actors (the documented difference)."""
    result = forecast(
        emissions_arrays(), params={"rounds": 10, "variant": PRINTED_EQUATIONS}, rng=RNG
    )
    assert result.params["variant"] == PRINTED_EQUATIONS
    assert np.abs(result.path[1, :, 0] - np.array(REPLICATION_PATH[1])).max() > 0.01


def test_all_pairs_probability_equals_the_direct_vote_sum() -> None:
    """The published-code probability summed directly over voters and pairs (O(n³) and
    O(n⁴)) agrees with the prefix-sum form, with risk-weighted votes and an inactive actor."""
    rng = np.random.default_rng(2)
    rows, n = 3, 7
    x = rng.uniform(0, 100, (rows, n))
    x[0, 2] = x[0, 5]
    w = rng.uniform(0.1, 1, (rows, n))
    w[1, 3] = 0.0
    r = rng.uniform(0.5, 2, (rows, n))
    on = (w > 0).astype(float)
    span = np.full(rows, 100.0)
    g = w[:, :, None] * (np.abs(x[:, :, None] - x[:, None, :]) / 100.0) ** r[:, :, None]
    g = g * on[:, None, :]  # [row, voter k, actor a]
    votes = g[:, :, None, :] - g[:, :, :, None]  # [row, k, i, j]: M[k, j] − M[k, i]
    pair_on = on[:, None, :, None] * on[:, None, None, :]
    denominator = (np.abs(votes) * pair_on).sum(axis=(1, 2, 3))
    direct = np.maximum(votes, 0).sum(axis=1) / denominator[:, None, None]
    direct = direct * on[:, :, None] * on[:, None, :]
    fast = all_pairs_win_probabilities(x, w, r, span, on)
    assert np.allclose(fast, direct, atol=1e-12)
    assert fast[0, 2, 5] == 0.0
    assert (fast + np.swapaxes(fast, 1, 2) < 1.0).all()


def test_published_code_offer_rules() -> None:
    """Target 0 at 0; offers from 1 (at 10), 2 (at 40), 3 (at 90), as it sees them.
    A lost conflict beats any compromise, however near; among compromises the partner with
    the lowest (|a| x_i + |b| x_j)/(|a| + |b|) is taken, not the smallest move; the program
    never capitulates."""
    x = np.array([[0.0, 10.0, 40.0, 90.0]])
    own = np.zeros((1, 4, 4))
    seen = np.zeros((1, 4, 4))
    own[0, 0, 1:] = [-0.1, -0.2, 0.5]
    seen[0, 0, 1:] = [0.2, 0.8, 0.9]  # compromises with 1 and 2; a lost conflict with 3
    assert _new_positions_published(x, own, seen)[0, 0] == pytest.approx(90.0)
    own[0, 0, 3] = -0.1
    seen[0, 0, 3] = 0.9  # now three compromises: keys 10·0.2/0.3 ≈ 6.7, 40·0.8/1 = 32, 81
    assert _new_positions_published(x, own, seen)[0, 0] == pytest.approx(10 * 0.1 / 0.2)
    own[0, 0, 1:] = [-0.9, -0.9, -0.9]
    seen[0, 0, 1:] = [0.3, 0.3, 0.3]  # capitulations by the printed rule: no move here
    assert _new_positions_published(x, own, seen)[0, 0] == 0.0
    assert _new_positions(x, own, seen)[0, 0] == pytest.approx(10.0)


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
        np.array([[0.0, 100.0]]),
        np.array([[1.0, 1.0]]),
        np.array([[1.0, 0.5]]),
        BdmParams(variant=PRINTED_EQUATIONS),
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
    with pytest.raises(ValueError, match="unknown bdm variant"):
        forecast(emissions_arrays(), params={"variant": "paper"}, rng=RNG)


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
