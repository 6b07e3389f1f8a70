"""Forecast models: pure functions over a case's arrays returning a Forecast."""

from ontable.forecast.arrays import apply_overrides, case_arrays
from ontable.forecast.base import CaseArrays, Forecast

__all__ = ["CaseArrays", "Forecast", "apply_overrides", "case_arrays"]
