"""The one adapter from a Case (and optionally a scenario) to the arrays every engine takes.

A model is a pure function over arrays (DESIGN.md): positions ``(actors, issues)``,
saliences ``(actors, issues)`` and capabilities ``(actors,)``, optionally with a leading
sample axis ``(samples, actors, issues)`` / ``(samples, actors)`` for sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ontable.model.case import Case, Override, Scenario

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class CaseArrays:
    """A case's inputs as arrays, in the order of ``party_ids`` and ``issue_ids``.

    ``positions`` and ``saliences`` are on the 0–100 scale; ``capabilities`` 0–100;
    ``batna`` and ``patience`` 0–1 (NaN where the case gives none); ``status_quo`` per issue
    (NaN where unknown). With a leading sample axis every array but the ids and
    ``status_quo`` gains it.
    """

    party_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    positions: FloatArray
    saliences: FloatArray
    capabilities: FloatArray
    batna: FloatArray
    patience: FloatArray
    status_quo: FloatArray

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
        )


MISSING_POSITION = 50.0
"""Position used where a party has no stance on an issue; its salience is then 0, so the
position has no weight in any model."""


def apply_overrides(arrays: CaseArrays, overrides: tuple[Override, ...]) -> CaseArrays:
    """A copy of ``arrays`` with the scenario's overrides applied (unbatched arrays)."""
    positions = arrays.positions.copy()
    saliences = arrays.saliences.copy()
    capabilities = arrays.capabilities.copy()
    batna = arrays.batna.copy()
    patience = arrays.patience.copy()
    party_index = {p: i for i, p in enumerate(arrays.party_ids)}
    issue_index = {p: i for i, p in enumerate(arrays.issue_ids)}
    for o in overrides:
        a = party_index[o.party]
        if o.field == "position":
            positions[..., a, issue_index[str(o.issue)]] = o.value
        elif o.field == "salience":
            saliences[..., a, issue_index[str(o.issue)]] = o.value
        elif o.field == "capability":
            capabilities[..., a] = o.value
        elif o.field == "batna":
            batna[..., a] = o.value
        else:
            patience[..., a] = o.value
    return CaseArrays(
        arrays.party_ids,
        arrays.issue_ids,
        positions,
        saliences,
        capabilities,
        batna,
        patience,
        arrays.status_quo,
    )


def case_arrays(
    case: Case,
    scenario: str | Scenario | None = None,
    *,
    parties: tuple[str, ...] | None = None,
) -> CaseArrays:
    """The case's stances as arrays, with a scenario's overrides applied if one is named.

    Parameters
    ----------
    case
        The case.
    scenario
        A scenario id of the case, a Scenario object, or None for the base inputs.
    parties
        Party ids to include (default: every party with at least one stance).
    """
    if parties is None:
        with_stance = {s.party for s in case.stances}
        parties = tuple(p for p in case.party_ids if p in with_stance) or case.party_ids
    issues = case.issue_ids
    n, m = len(parties), len(issues)
    positions = np.full((n, m), MISSING_POSITION)
    saliences = np.zeros((n, m))
    p_index = {p: i for i, p in enumerate(parties)}
    i_index = {p: i for i, p in enumerate(issues)}
    for s in case.stances:
        if s.party in p_index:
            positions[p_index[s.party], i_index[s.issue]] = s.position
            saliences[p_index[s.party], i_index[s.issue]] = s.salience
    party_objs = [case.party(p) for p in parties]
    capabilities = np.array([p.capability for p in party_objs], dtype=float)
    batna = np.array([np.nan if p.batna is None else p.batna for p in party_objs])
    patience = np.array([np.nan if p.patience is None else p.patience for p in party_objs])
    status_quo = np.array(
        [np.nan if i.status_quo is None else i.status_quo for i in case.issues], dtype=float
    )
    arrays = CaseArrays(
        parties, issues, positions, saliences, capabilities, batna, patience, status_quo
    )
    if scenario is not None:
        sc = case.scenario(scenario) if isinstance(scenario, str) else scenario
        arrays = apply_overrides(arrays, tuple(o for o in sc.overrides if o.party in p_index))
    return arrays
