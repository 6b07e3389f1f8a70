"""The weighted median model: the position a capability × salience weighted majority prefers.

Each actor ``a`` votes on issue ``i`` with weight ``w_ai = c_a s_ai``. With single-peaked
preferences on a line, the position that beats every other in pairwise weighted votes (the
Condorcet winner) is the weighted median of the positions (Black 1948, "On the rationale of
group decision-making", *Journal of Political Economy* 56(1); used as a forecasting baseline
by Bueno de Mesquita 1994, "Political forecasting: an expected utility method", in Bueno de
Mesquita & Stokman (eds.), *European Community Decision Making*, ch. 4, and by Achen 2006 in
Thomson et al., *The European Union Decides*, ch. 4).

Tie rule: when the weight on each side of a point is exactly half (an even split), every
position between the two middle actors ties in pairwise votes; the model returns the midpoint
of that interval. Where no actor has weight on an issue, every actor counts once. Actors with
zero weight never change the result. The model is deterministic: ``rng`` is accepted for the
common call shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ontable.forecast.base import Forecast
from ontable.forecast.driver import finish
from ontable.model.arrays import CaseArrays, FloatArray

VERSION = "1"

_RELATIVE_TIE = 1e-12
"""Cumulative weights within this fraction of half the total count as an exact half (ties)."""


def weighted_median(positions: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted median over the actor axis: ``(..., A, I)`` → ``(..., I)``.

    Parameters
    ----------
    positions
        Positions ``(..., actors, issues)``.
    weights
        Non-negative weights of the same shape (e.g. capability × salience).

    Returns
    -------
    numpy.ndarray
        Per issue, the midpoint of the lower and upper weighted medians (equal unless the
        weight splits exactly in half). Issues without weight use equal weights.
    """
    x = np.asarray(positions, dtype=float)
    w = np.asarray(weights, dtype=float)
    w = np.broadcast_to(w, x.shape)
    total = w.sum(axis=-2, keepdims=True)
    w = np.where(total > 0, w, 1.0)
    total = w.sum(axis=-2, keepdims=True)
    order = np.argsort(x, axis=-2, kind="stable")
    xs = np.take_along_axis(x, order, axis=-2)
    cum = np.cumsum(np.take_along_axis(w, order, axis=-2), axis=-2)
    half = total / 2.0
    slack = _RELATIVE_TIE * total
    lower = np.argmax(cum >= half - slack, axis=-2)[..., None, :]
    upper = np.argmax(cum > half + slack, axis=-2)[..., None, :]
    low = np.take_along_axis(xs, lower, axis=-2)[..., 0, :]
    high = np.take_along_axis(xs, upper, axis=-2)[..., 0, :]
    return np.asarray((low + high) / 2.0)


def forecast(
    arrays: CaseArrays,
    *,
    params: Mapping[str, Any] | None = None,
    rng: np.random.Generator,
) -> Forecast:
    """Predict each issue's outcome as the capability × salience weighted median position.

    Parameters
    ----------
    arrays
        The case's positions, saliences and capabilities (a leading sample axis is allowed).
    params
        None are used; any given are an error.
    rng
        Unused (the model is deterministic); part of the common call shape.
    """
    if params:
        raise ValueError(f"the median model takes no parameters; got {sorted(params)}")
    weights = arrays.capabilities[..., :, None] * arrays.saliences
    outcome = weighted_median(arrays.positions, weights)
    return finish(
        arrays,
        model="median",
        version=VERSION,
        params={},
        outcome=outcome,
        positions=arrays.positions,
        path=arrays.positions[..., None, :, :],
        fallback="median",
    )
