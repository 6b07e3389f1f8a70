"""The exchange model (Stokman & Van Oosten 1994, equal-gain rate).

The published worked example of Stokman & Van Oosten (1994) could not be located in the
sources available to us; these tests check exchanges worked out by hand from the model's
equations, and the model's bookkeeping.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.forecast.exchange import forecast
from ontable.model.arrays import CaseArrays

RNG = np.random.default_rng(0)


def _arrays(x: list[list[float]], s: list[list[float]], c: list[float]) -> CaseArrays:
    n, m = len(x), len(x[0])
    nan = np.full(n, np.nan)
    return CaseArrays(
        tuple(f"a{i}" for i in range(n)),
        tuple(f"i{j}" for j in range(m)),
        np.array(x, dtype=float),
        np.array(s, dtype=float),
        np.array(c, dtype=float),
        nan,
        nan,
        np.full(m, np.nan),
    )


def test_full_exchange_by_hand() -> None:
    """A at (0, 0) with saliences (0.2, 0.8), B at (100, 100) with (0.8, 0.2), equal clout.

    Outcomes (weighted means): p = 80, q = 20; they sit on opposite sides of both. A cares
    relatively more about q: 0.8·0.8 − 0.2·0.2 = 0.6 > 0, so A supplies p and B supplies q.
    Moving all the way shifts each outcome by 100·0.2/1 = 20; the equal-gain rate is
    (0.2 + 0.8)/(0.8 + 0.2) = 1, so both move fully and each gains 20·0.6/1 = 12
    (A: 0.8·20 − 0.2·20). After it nobody is on opposite sides: outcomes (100, 0).
    """
    result = forecast(_arrays([[0, 0], [100, 100]], [[20, 80], [80, 20]], [1, 1]), rng=RNG)
    assert result.positions.tolist() == [[100.0, 0.0], [100.0, 0.0]]
    assert result.outcome == pytest.approx([100.0, 0.0])
    assert result.extras["exchanges"] == 1
    assert result.extras["gain"] == pytest.approx(12.0)


def test_partial_exchange_by_hand() -> None:
    """As above but B has capability 2. W_p = 0.2 + 1.6 = 1.8, W_q = 0.8 + 0.4 = 1.2. A's full
    move shifts p by 100·0.2/1.8 = 11.1; B's full move would shift q by 100·0.4/1.2 = 33.3.
    With rate 1 the exchange is δ = 11.1 on both: A moves to 100 on p, B moves
    11.1·1.2/0.4 = 33.3 on q (to 66.7). Gain 11.1·0.6 = 6.67 each."""
    result = forecast(
        _arrays([[0, 0], [100, 100]], [[20, 80], [80, 20]], [1, 2]), params={"rounds": 1}, rng=RNG
    )
    assert result.positions[0] == pytest.approx([100.0, 0.0])
    assert result.positions[1] == pytest.approx([100.0, 100 - 100 / 3])
    assert result.extras["gain"] == pytest.approx(100 * 0.2 / 1.8 * 0.6)


def test_no_exchange_when_saliences_agree() -> None:
    """Equal salience ratios: no one gains by trading; the outcome is the weighted mean."""
    result = forecast(_arrays([[0, 0], [100, 100]], [[50, 50], [50, 50]], [1, 1]), rng=RNG)
    assert result.extras["exchanges"] == 0
    assert result.outcome == pytest.approx([50.0, 50.0])


def test_no_exchange_on_the_same_side() -> None:
    """Three actors: A and B both sit below the outcome on p, so they do not trade there."""
    x = [[0, 0], [10, 100], [100, 100]]
    s = [[20, 80], [80, 20], [50, 50]]
    result = forecast(_arrays(x, s, [1, 1, 4]), params={"rounds": 1}, rng=RNG)
    # outcome p = (0·.2 + 10·.8 + 100·2)/3 ≈ 69.3: A (0) and B (10) are both below it.
    moved = result.positions != np.array(x, dtype=float)
    assert not (moved[0, 0] and moved[1, 1])


def test_parameters_are_validated() -> None:
    arrays = _arrays([[0, 0], [100, 100]], [[20, 80], [80, 20]], [1, 1])
    with pytest.raises(ValueError, match="unknown exchange parameters"):
        forecast(arrays, params={"Q": 1}, rng=RNG)


def _utility(x0: np.ndarray, s: np.ndarray, outcome: np.ndarray, actor: int) -> float:
    """Actor's utility with ideal points ``x0``: minus salience-weighted distance."""
    return float(-(s[actor] * np.abs(outcome - x0[actor])).sum())


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(2, 6),
    m=st.integers(2, 4),
    seed=st.integers(0, 2**32 - 1),
    grid=st.booleans(),
)
def test_recorded_gains_are_received(n: int, m: int, seed: int, grid: bool) -> None:
    """Replaying every exchange: each of the two actors' utilities (ideal points = positions
    at the start of the round) rises by exactly the recorded gain, and no outcome passes the
    position of the actor demanding it."""
    rng = np.random.default_rng(seed)
    x = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], (n, m)) if grid else rng.uniform(0, 100, (n, m))
    sal = rng.uniform(1, 100, (n, m))
    cap = rng.uniform(0.1, 5, n)
    result = forecast(_arrays(x.tolist(), sal.tolist(), cap.tolist()), rng=RNG)
    s = sal / 100.0
    w = cap[:, None] * s
    trades = result.extras["trades"]
    assert len(trades) == result.extras["exchanges"]
    assert sum(t["gain"] for t in trades) == pytest.approx(result.extras["gain"])
    current = result.path[0].copy()
    for round_no in range(1, result.rounds + 1):
        start = result.path[round_no - 1]
        assert np.allclose(current, start)
        for t in (t for t in trades if t["round"] == round_no):
            a, b, p, q = t["a"], t["b"], t["p"], t["q"]
            before = (w * current).sum(0) / w.sum(0)
            current[a, p], current[b, q] = t["a_to"], t["b_to"]
            after = (w * current).sum(0) / w.sum(0)
            for actor in (a, b):
                gain = _utility(start, s, after, actor) - _utility(start, s, before, actor)
                assert gain == pytest.approx(t["gain"], rel=1e-7, abs=1e-9)
            # b demands p, a demands q: the outcome moves towards them but not past them.
            for issue, demander in ((p, b), (q, a)):
                lo, hi = sorted((before[issue], start[demander, issue]))
                assert lo - 1e-9 <= after[issue] <= hi + 1e-9
            # The suppliers move towards their partners, never past them.
            for actor, partner, issue in ((a, b, p), (b, a, q)):
                lo, hi = sorted((start[actor, issue], start[partner, issue]))
                assert lo - 1e-9 <= current[actor, issue] <= hi + 1e-9
            assert t["gain"] > 0
        assert np.allclose(current, result.path[round_no])
