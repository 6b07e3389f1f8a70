"""Backtests: every forecast model and naive baseline against real negotiation outcomes."""

from ontable.backtest.capabilities import CapabilityRule
from ontable.backtest.cases import BacktestCase, proposal_cases
from ontable.backtest.engine import (
    BacktestResult,
    EnsembleReport,
    ForecastScore,
    GroupScore,
    run_backtest,
)
from ontable.backtest.predict import BASELINES
from ontable.backtest.summary import TrackRecord, results_markdown, track_record

__all__ = [
    "BASELINES",
    "BacktestCase",
    "BacktestResult",
    "CapabilityRule",
    "EnsembleReport",
    "ForecastScore",
    "GroupScore",
    "TrackRecord",
    "proposal_cases",
    "results_markdown",
    "run_backtest",
    "track_record",
]
