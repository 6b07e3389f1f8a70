"""The exchange model (Stokman & Van Oosten 1994, equal-gain rate).

The published worked example of Stokman & Van Oosten (1994) could not be located in the
sources available to us; these tests check exchanges worked out by hand from the model's
equations, and the model's bookkeeping.
"""

from __future__ import annotations

import numpy as np
import pytest

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
