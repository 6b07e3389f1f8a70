"""The one adapter from a Case (and optionally a scenario) to the arrays every engine takes.

A model is a pure function over arrays (DESIGN.md): positions ``(actors, issues)``,
saliences ``(actors, issues)`` and capabilities ``(actors,)``, optionally with a leading
sample axis ``(samples, actors, issues)`` / ``(samples, actors)`` for sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from ontable.model.case import Case, Scenario

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class CaseArrays:
    """A case's inputs as arrays, in the order of ``party_ids`` and ``issue_ids``.

    ``positions`` and ``saliences`` are on the 0–100 scale; ``capabilities`` 0–100;
    ``batna`` and ``patience`` 0–1 (NaN where the case gives none); ``status_quo`` per issue
    (NaN where unknown). With a leading sample axis every array but the ids,
    ``status_quo`` and ``stated`` gains it.

    ``stated`` ``(actors, issues)`` is True where the party has a stance on the issue (None:
    every party has one on every issue). Where it is False the salience is 0 and the
    position a stand-in no model gives weight to; models that fall back to unweighted rules
    on an issue where no one has weight use the stated positions only.
    """

    party_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    positions: FloatArray
    saliences: FloatArray
    capabilities: FloatArray
    batna: FloatArray
    patience: FloatArray
    status_quo: FloatArray
    stated: BoolArray | None = None

    def __post_init__(self) -> None:
        n, m = len(self.party_ids), len(self.issue_ids)
        if self.positions.shape[-2:] != (n, m) or self.saliences.shape != self.positions.shape:
            raise ValueError(
                f"positions and saliences must have shape (..., {n}, {m}); got "
                f"{self.positions.shape} and {self.saliences.shape}"
            )
        if self.capabilities.shape[-1:] != (n,):
            raise ValueError(
                f"capabilities must have shape (..., {n}); got {self.capabilities.shape}"
            )

    @property
    def batched(self) -> bool:
        """Whether the arrays carry a leading sample axis."""
        return self.positions.ndim == 3

    @property
    def n_samples(self) -> int:
        return int(self.positions.shape[0]) if self.batched else 1

    def sample(self, index: int) -> CaseArrays:
        """One sample of a batch as unbatched arrays."""
        if not self.batched:
            return self
        return CaseArrays(
            self.party_ids,
            self.issue_ids,
            self.positions[index],
            self.saliences[index],
            self.capabilities[index],
            self.batna[index],
            self.patience[index],
            self.status_quo,
            self.stated,
        )

    def stated_mask(self) -> BoolArray:
        """``stated`` as an array ``(actors, issues)`` (all True when it is None)."""
        if self.stated is None:
            return np.ones(self.positions.shape[-2:], dtype=bool)
        return self.stated


Bound = Literal["point", "low", "high"]
"""Which value of each input :func:`case_arrays` reads: the point, or its range's low or
high end (a point with no range is its own ends)."""


def case_arrays(
    case: Case,
    scenario: str | Scenario | None = None,
    *,
    parties: tuple[str, ...] | None = None,
    bound: Bound = "point",
) -> CaseArrays:
    """The case's stances as arrays, with a scenario's overrides applied if one is named.

    A party with no stance on an issue gets salience 0 there and, as its position, the mean
    of the stated positions on that issue; ``stated`` marks it False. It carries no weight
    in any model, and no model's outcome leaves the range of the stated positions.

    Parameters
    ----------
    case
        The case.
    scenario
        A scenario id of the case, a Scenario object, or None for the base inputs. Its
        overrides are applied with :func:`ontable.model.overrides.apply_overrides`.
    parties
        Party ids to include (default: every party with at least one stance).
    bound
        ``point`` (the default) for the case's values, ``low`` or ``high`` for the ends of
        their ranges.
    """
    if scenario is not None:
        from ontable.model.overrides import apply_overrides

        sc = case.scenario(scenario) if isinstance(scenario, str) else scenario
        case = apply_overrides(case, sc.overrides)
    end = {"point": None, "low": 0, "high": 1}[bound]
    if parties is None:
        with_stance = {s.party for s in case.stances}
        parties = tuple(p for p in case.party_ids if p in with_stance) or case.party_ids
    issues = case.issue_ids
    n, m = len(parties), len(issues)
    positions = np.zeros((n, m))
    points = np.zeros((n, m))
    saliences = np.zeros((n, m))
    stated = np.zeros((n, m), dtype=bool)
    p_index = {p: i for i, p in enumerate(parties)}
    i_index = {p: i for i, p in enumerate(issues)}
    for s in case.stances:
        if s.party in p_index:
            a, i = p_index[s.party], i_index[s.issue]
            stated[a, i] = True
            points[a, i] = s.position
            positions[a, i] = s.position if end is None else s.position_bounds[end]
            saliences[a, i] = s.salience if end is None else s.salience_bounds[end]
    # The stand-in for a missing stance is the mean of the stated points, at every bound, so
    # that it never varies in a sweep and never lies outside what the parties said.
    counts = stated.sum(axis=0)
    means = np.where(counts > 0, points.sum(axis=0) / np.maximum(counts, 1), 50.0)
    positions = np.where(stated, positions, means)
    party_objs = [case.party(p) for p in parties]

    def value(point: float | None, bounds: tuple[float, float] | None) -> float:
        if point is None:
            return np.nan
        return point if end is None else (bounds or (point, point))[end]

    capabilities = np.array([value(p.capability, p.capability_range) for p in party_objs])
    batna = np.array([value(p.batna, p.batna_range) for p in party_objs])
    patience = np.array([value(p.patience, p.patience_range) for p in party_objs])
    status_quo = np.array(
        [np.nan if i.status_quo is None else i.status_quo for i in case.issues], dtype=float
    )
    return CaseArrays(
        parties, issues, positions, saliences, capabilities, batna, patience, status_quo, stated
    )
