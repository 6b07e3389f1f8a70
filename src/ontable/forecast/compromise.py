"""The compromise model: the capability × salience weighted mean of positions.

The outcome on each issue is

.. math:: x_i = \\frac{\\sum_a c_a s_{ai} p_{ai}}{\\sum_a c_a s_{ai}}

(Van den Bos 1991, *Dutch EC Policy Making*; Achen 2006, "Evaluating political decision-making
models", in Thomson et al., *The European Union Decides*, ch. 4, where it is the best simple
predictor of EU legislative outcomes). Where no actor has weight on an issue, the unweighted
mean is used. The model is deterministic: ``rng`` is accepted for the common call shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ontable.forecast.base import Forecast
from ontable.forecast.driver import finish
from ontable.model.arrays import CaseArrays, FloatArray

VERSION = "1"


def weighted_mean(
    positions: FloatArray, saliences: FloatArray, capabilities: FloatArray
) -> FloatArray:
    """Capability × salience weighted mean over the actor axis: ``(..., A, I)`` → ``(..., I)``."""
    weights = capabilities[..., :, None] * saliences
    total = weights.sum(axis=-2)
    weighted = (weights * positions).sum(axis=-2)
    plain = positions.mean(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, weighted / np.where(total > 0, total, 1.0), plain)


def forecast(
    arrays: CaseArrays,
    *,
    params: Mapping[str, Any] | None = None,
    rng: np.random.Generator,
) -> Forecast:
    """Predict each issue's outcome as the weighted mean of the actors' positions.

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
        raise ValueError(f"the compromise model takes no parameters; got {sorted(params)}")
    outcome = weighted_mean(arrays.positions, arrays.saliences, arrays.capabilities)
    return finish(
        arrays,
        model="compromise",
        version=VERSION,
        params={},
        outcome=outcome,
        positions=arrays.positions,
        path=arrays.positions[..., None, :, :],
        fallback="mean",
    )
