"""The forecast models by name, imported on first use, and :func:`run_forecast` to run one.

Every entry is a function ``forecast(arrays, *, params=None, rng) -> Forecast`` (the
:class:`ForecastModel` call shape), so a model found by name is as well typed as one
imported directly. Only the model asked for is imported (:func:`get_model`), so running one
model does not load the others; :func:`available_models` imports them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

from ontable.errors import UnknownIdError

if TYPE_CHECKING:
    import numpy as np

    from ontable.forecast.base import Forecast
    from ontable.model.arrays import CaseArrays
    from ontable.model.case import Case, Scenario


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


def run_forecast(
    case: Case | CaseArrays,
    model: str = "compromise",
    *,
    scenario: str | Scenario | None = None,
    params: Mapping[str, Any] | None = None,
    seed: int = 0,
) -> Forecast:
    """Run the model ``model`` on a case (or on its arrays) and return its Forecast.

    >>> import ontable
    >>> result = ontable.run_forecast(ontable.load_case("ukraine-2025"), "median")
    >>> result.model, len(result.issue_ids) > 0
    ('median', True)

    Parameters
    ----------
    case
        A Case (turned into arrays by :func:`ontable.model.arrays.case_arrays`) or arrays.
    model
        A registered model name (see :func:`available_models`).
    scenario
        A scenario of the case to apply first (only with a Case).
    params
        Model parameters by name.
    seed
        Seed of the ``numpy.random.Generator`` the model gets.
    """
    import numpy as np

    from ontable.model.arrays import CaseArrays, case_arrays

    run = get_model(model)
    if isinstance(case, CaseArrays):
        if scenario is not None:
            raise ValueError("a scenario needs the Case, not its arrays")
        arrays = case
    else:
        arrays = case_arrays(case, scenario)
    return run(arrays, params=params, rng=np.random.default_rng(seed))
