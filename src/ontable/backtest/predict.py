"""Predictions for every case: the registered forecast models and the naive baselines.

Baselines (no model, only the data of the issue):

``reference_point``
    nothing changes: the outcome is the reference point (where the dataset gives one);
``commission``
    the Commission's proposal is adopted as it stands (where the Commission took a position);
``mean``
    the unweighted mean of the recorded positions;
``plain_median``
    the unweighted median of the recorded positions;
``weighted_mean``
    the capability × salience weighted mean of the positions (the yardstick of Achen 2006,
    "Evaluating political decision-making models", in Thomson et al., *The European Union
    Decides*, ch. 4).

Each model on each case draws from its own generator, spawned from the case's seed, so the
predictions do not depend on where or in which order cases run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ontable.backtest.cases import BacktestCase
from ontable.forecast.base import Forecast
from ontable.forecast.registry import get_model
from ontable.model.arrays import CaseArrays, FloatArray

BASELINES: tuple[str, ...] = (
    "reference_point",
    "commission",
    "mean",
    "plain_median",
    "weighted_mean",
)


@dataclass(frozen=True)
class CasePredictions:
    """Predicted outcome per issue of one case for each model and baseline (NaN: none)."""

    proposal: str
    predictions: dict[str, FloatArray]
    round_capped: dict[str, bool] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)


def arrays_baselines(a: CaseArrays) -> dict[str, FloatArray]:
    """The baselines that need only stances: ``mean``, ``plain_median``, ``weighted_mean``
    (the plain mean where no actor has capability × salience on an issue)."""
    pos = np.where(a.stated_mask(), a.positions, np.nan)
    weights = a.capabilities[:, None] * a.saliences
    total = weights.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        plain = np.nanmean(pos, axis=0)
        wmean = np.where(total > 0, (weights * a.positions).sum(axis=0) / total, plain)
    return {"mean": plain, "plain_median": np.nanmedian(pos, axis=0), "weighted_mean": wmean}


def baseline_predictions(case: BacktestCase) -> dict[str, FloatArray]:
    """The naive baselines for one case."""
    return {
        "reference_point": case.reference_points.copy(),
        "commission": case.commission_positions.copy(),
        **arrays_baselines(case.arrays),
    }


def round_cap(forecast: Forecast) -> bool:
    """Whether the model stopped at its round cap instead of settling."""
    converged = forecast.extras.get("converged")
    if converged is not None:
        return not bool(np.all(converged))
    cap = forecast.params.get("rounds")
    if cap is None:
        return False
    ran = forecast.extras.get("rounds_run", forecast.rounds)
    return bool(np.any(np.asarray(ran) >= int(cap)))


def predict_case(
    case: BacktestCase,
    models: Sequence[str],
    seed: int,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> CasePredictions:
    """Run the baselines and each named model on one case (a model that fails is recorded);
    ``params`` gives a model parameters other than its defaults."""
    predictions = baseline_predictions(case)
    capped: dict[str, bool] = {}
    failures: dict[str, str] = {}
    children = np.random.SeedSequence(seed).spawn(len(models))
    for name, child in zip(models, children, strict=True):
        try:
            forecast = get_model(name)(
                case.arrays,
                params=(params or {}).get(name) or None,
                rng=np.random.default_rng(child),
            )
        except Exception as exc:  # a model error must not end the whole backtest
            failures[name] = f"{type(exc).__name__}: {exc}"
            predictions[name] = np.full(len(case.outcomes), np.nan)
            continue
        predictions[name] = np.asarray(forecast.outcome, dtype=float).reshape(-1)
        capped[name] = round_cap(forecast)
    return CasePredictions(case.proposal, predictions, capped, failures)


def predict_chunk(
    cases: Sequence[BacktestCase],
    models: Sequence[str],
    seeds: Sequence[int],
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[CasePredictions]:
    """Predictions for a chunk of cases (the unit sent to an executor)."""
    return [predict_case(c, models, int(s), params) for c, s in zip(cases, seeds, strict=True)]
