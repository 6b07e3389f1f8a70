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

__all__ = [
    "BASELINES",
    "BacktestCase",
    "BacktestResult",
    "CapabilityRule",
    "EnsembleReport",
    "ForecastScore",
    "GroupScore",
    "proposal_cases",
    "run_backtest",
]
