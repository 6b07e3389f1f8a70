"""Forecast models: pure functions over a case's arrays returning a Forecast."""

from ontable.forecast.base import Forecast

__all__ = ["Forecast"]
