"""The forecast models by name, imported on first use.

Every entry is a function ``forecast(arrays, *, params=None, rng) -> Forecast``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any, Protocol

import numpy as np

from ontable.errors import UnknownIdError
from ontable.forecast.base import Forecast
from ontable.model.arrays import CaseArrays


class ForecastModel(Protocol):
    """The call shape every model shares."""

    def __call__(
        self,
        arrays: CaseArrays,
        *,
        params: Mapping[str, Any] | None = None,
        rng: np.random.Generator,
    ) -> Forecast: ...


MODELS: dict[str, str] = {
    "compromise": "ontable.forecast.compromise:forecast",
    "median": "ontable.forecast.median:forecast",
    "bdm": "ontable.forecast.bdm:forecast",
    "smp": "ontable.forecast.smp:forecast",
    "exchange": "ontable.forecast.exchange:forecast",
}
"""Model name → ``module:function``. A module that is not there yet is simply not offered."""


def available_models() -> list[str]:
    """Names of the models that can be imported."""
    out = []
    for name in MODELS:
        try:
            get_model(name)
        except (ImportError, AttributeError):
            continue
        out.append(name)
    return out


def get_model(name: str) -> ForecastModel:
    """The model function registered as ``name`` (:class:`UnknownIdError`, a ``KeyError``,
    for an unknown name)."""
    if name not in MODELS:
        raise UnknownIdError("model", name, MODELS)
    module, _, func = MODELS[name].partition(":")
    model: Callable[..., Forecast] = getattr(import_module(module), func)
    return model
