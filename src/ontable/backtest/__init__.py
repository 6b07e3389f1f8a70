"""Backtests: every forecast model and naive baseline against real negotiation outcomes."""

from ontable.backtest.capabilities import CapabilityRule
from ontable.backtest.cases import BacktestCase, proposal_cases
from ontable.backtest.compare import ModelsCompared, compare_models
from ontable.backtest.engine import (
    BacktestResult,
    EnsembleReport,
    ForecastScore,
    GroupScore,
    run_backtest,
)
from ontable.backtest.predict import BASELINES
from ontable.backtest.summary import TrackRecord, results_markdown, synthesis, track_record

__all__ = [
    "BASELINES",
    "BacktestCase",
    "BacktestResult",
    "CapabilityRule",
    "EnsembleReport",
    "ForecastScore",
    "GroupScore",
    "ModelsCompared",
    "TrackRecord",
    "compare_models",
    "proposal_cases",
    "results_markdown",
    "run_backtest",
    "synthesis",
    "track_record",
]
