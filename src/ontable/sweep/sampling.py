"""The uncertain inputs of a case and how a sweep draws them.

Every input of a forecast (each party's position and salience per issue, its capability,
BATNA and patience) has a low end, a point and a high end. The point is the case's value; the
ends are the case's ``*_range`` (a point with no range is fixed: its ends equal the point).
A sweep draws each varying input independently from one of three distributions on its range:

``uniform``
    every value in ``[low, high]`` equally likely.
``triangular``
    density rising linearly from ``low`` to a peak at the point and falling to ``high``
    (drawn by inverse transform).
``beta``
    the PERT distribution: a beta on ``[low, high]`` with mode at the point and shape
    parameters ``α = 1 + 4 (point − low) / (high − low)``, ``β = 1 + 4 (high − point) /
    (high − low)`` (Malcolm, Roseboom, Clark & Fazar 1959, *Operations Research* 7(5); the
    form used in Vose 2008, *Risk Analysis*, 3rd ed., §9.1.4).

Shocks are overrides (:mod:`ontable.model.overrides`), written ``party.field=value`` or
``party.field.issue=value``; an overridden input is fixed at its new value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ontable.model import Case, Override
from ontable.model.arrays import CaseArrays, FloatArray, case_arrays
from ontable.model.overrides import apply_overrides

Distribution = Literal["uniform", "triangular", "beta"]
DISTRIBUTIONS: tuple[Distribution, ...] = ("uniform", "triangular", "beta")

FIELDS: tuple[str, ...] = ("position", "salience", "capability", "batna", "patience")
"""The inputs a sweep can vary, in the order they are drawn."""

_ARRAY_OF_FIELD = {
    "position": "positions",
    "salience": "saliences",
    "capability": "capabilities",
    "batna": "batna",
    "patience": "patience",
}


@dataclass(frozen=True)
class InputSpace:
    """Low ends, points and high ends of every input, as three :class:`CaseArrays`.

    An input varies when its high end is above its low end; its draws are the columns of
    :meth:`draw`'s first result, named by :attr:`names` (``party.field[.issue]``).
    """

    low: CaseArrays
    point: CaseArrays
    high: CaseArrays

    @property
    def party_ids(self) -> tuple[str, ...]:
        return self.point.party_ids

    @property
    def issue_ids(self) -> tuple[str, ...]:
        return self.point.issue_ids

    def _flat(self, arrays: CaseArrays) -> FloatArray:
        return np.concatenate(
            [np.ravel(getattr(arrays, _ARRAY_OF_FIELD[f])) for f in FIELDS]
        ).astype(float)

    @property
    def varying(self) -> np.ndarray:
        """Boolean mask over the flattened inputs (positions, saliences, ... in FIELDS order)."""
        with np.errstate(invalid="ignore"):
            return np.asarray(self._flat(self.high) > self._flat(self.low))

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the varying inputs, in draw order."""
        all_names: list[str] = []
        for f in FIELDS:
            if f in ("position", "salience"):
                all_names += [f"{a}.{f}.{i}" for a in self.party_ids for i in self.issue_ids]
            else:
                all_names += [f"{a}.{f}" for a in self.party_ids]
        mask = self.varying
        return tuple(n for n, v in zip(all_names, mask, strict=True) if v)

    def draw(
        self, n: int, rng: np.random.Generator, distribution: Distribution = "triangular"
    ) -> tuple[FloatArray, CaseArrays]:
        """Draw ``n`` samples of the inputs.

        Returns
        -------
        tuple
            The varying inputs ``(n, len(names))`` and the full inputs as batched
            :class:`CaseArrays` (fixed inputs repeated on the leading sample axis).
        """
        values, _, arrays = self._draw(n, rng, distribution, levels=False)
        return values, arrays

    def draw_levels(
        self, n: int, rng: np.random.Generator, distribution: Distribution = "triangular"
    ) -> tuple[FloatArray, FloatArray, CaseArrays]:
        """Like :meth:`draw` (the same numbers from the same generator), with the levels.

        Returns
        -------
        tuple
            The varying inputs ``(n, len(names))``, their levels (each input's sampling
            distribution function at the draw, in [0, 1]; see :func:`draw_levels_on_ranges`)
            and the full inputs as batched :class:`CaseArrays`.
        """
        values, levels, arrays = self._draw(n, rng, distribution, levels=True)
        assert levels is not None
        return values, levels, arrays

    def levels(
        self, n: int, rng: np.random.Generator, distribution: Distribution = "triangular"
    ) -> FloatArray:
        """:meth:`draw_levels`'s levels alone (the same numbers from the same generator),
        without building the inputs."""
        mask = self.varying
        lo, mode, hi = (self._flat(a)[mask] for a in (self.low, self.point, self.high))
        if distribution in ("uniform", "triangular"):
            return rng.random((n, lo.size))  # inverse transform: the level is the uniform
        levels = _draw_on_ranges(lo, mode, hi, n, rng, distribution, levels=True)[1]
        assert levels is not None
        return levels

    def _draw(
        self, n: int, rng: np.random.Generator, distribution: Distribution, *, levels: bool
    ) -> tuple[FloatArray, FloatArray | None, CaseArrays]:
        mask = self.varying
        lo, mode, hi = (self._flat(a)[mask] for a in (self.low, self.point, self.high))
        values, level = _draw_on_ranges(lo, mode, hi, n, rng, distribution, levels=levels)
        if mask.all():  # every input varies: the draws are the inputs
            flat = values
        else:
            flat = np.broadcast_to(self._flat(self.point), (n, mask.size)).copy()
            flat[:, mask] = values
        parts: dict[str, FloatArray] = {}
        start = 0
        for f in FIELDS:
            shape = np.shape(getattr(self.point, _ARRAY_OF_FIELD[f]))
            size = int(np.prod(shape))
            parts[f] = flat[:, start : start + size].reshape(n, *shape)
            start += size
        arrays = CaseArrays(
            self.party_ids,
            self.issue_ids,
            parts["position"],
            parts["salience"],
            parts["capability"],
            parts["batna"],
            parts["patience"],
            self.point.status_quo,
            self.point.stated,
        )
        return values, level, arrays


def draw_on_ranges(
    low: FloatArray,
    mode: FloatArray,
    high: FloatArray,
    n: int,
    rng: np.random.Generator,
    distribution: Distribution,
) -> FloatArray:
    """``n`` draws of each range ``[low, high]`` with its point ``mode``: shape ``(n, k)``."""
    return _draw_on_ranges(low, mode, high, n, rng, distribution, levels=False)[0]


def draw_levels_on_ranges(
    low: FloatArray,
    mode: FloatArray,
    high: FloatArray,
    n: int,
    rng: np.random.Generator,
    distribution: Distribution,
) -> tuple[FloatArray, FloatArray]:
    """:func:`draw_on_ranges`'s draws (the same numbers) and their levels, both ``(n, k)``.

    A draw's level is its distribution function ``F(x)``: for ``uniform`` and ``triangular``
    (drawn by inverse transform) the uniform number the draw was made from, for ``beta`` the
    regularised incomplete beta function at ``(x − low) / (high − low)``.
    """
    values, levels = _draw_on_ranges(low, mode, high, n, rng, distribution, levels=True)
    assert levels is not None
    return values, levels


def _draw_on_ranges(
    low: FloatArray,
    mode: FloatArray,
    high: FloatArray,
    n: int,
    rng: np.random.Generator,
    distribution: Distribution,
    *,
    levels: bool,
) -> tuple[FloatArray, FloatArray | None]:
    width = high - low
    if distribution == "uniform":
        u = rng.random((n, low.size))
        return low + width * u, u
    if distribution == "triangular":
        u = rng.random((n, low.size))
        split = (mode - low) / width
        # low + √(u·width·(mode − low)) below the split, high − √((1 − u)·width·(high − mode))
        # above, computed in place: the same operations on every number as written out,
        # with two temporaries instead of ten (a chunk's draws can be many megabytes).
        rising = np.multiply(u, width)
        rising *= mode - low
        np.sqrt(rising, out=rising)
        rising += low
        falling = np.subtract(1.0, u)
        falling *= width
        falling *= high - mode
        np.sqrt(falling, out=falling)
        np.subtract(high, falling, out=falling)
        np.copyto(falling, rising, where=u < split)
        return falling, u
    if distribution == "beta":
        alpha = 1.0 + 4.0 * (mode - low) / width
        beta = 1.0 + 4.0 * (high - mode) / width
        unit = rng.beta(alpha, beta, size=(n, low.size))
        if not levels:
            return low + width * unit, None
        from scipy.special import betainc  # loaded only for beta sweeps

        return low + width * unit, np.asarray(betainc(alpha, beta, unit), dtype=float)
    raise ValueError(f"unknown distribution {distribution!r} (expected one of {DISTRIBUTIONS})")


def input_space(
    case: Case,
    scenario: str | None = None,
    overrides: Iterable[Override] = (),
) -> InputSpace:
    """The case's inputs with their ranges, after a scenario's and then the given overrides.

    Parameters
    ----------
    case
        The case; its ``position_range``, ``salience_range``, ``capability_range``,
        ``batna_range`` and ``patience_range`` give the ends.
    scenario
        A scenario id of the case whose overrides apply first (``KeyError`` if unknown).
    overrides
        Further shocks; each fixes its input at its value (an override the case cannot take
        raises :class:`~ontable.model.overrides.OverrideError`).
    """
    shocks = tuple(case.scenario(scenario).overrides) if scenario is not None else ()
    fixed = apply_overrides(case, (*shocks, *overrides), fix=True)
    return InputSpace(
        case_arrays(fixed, bound="low"), case_arrays(fixed), case_arrays(fixed, bound="high")
    )
