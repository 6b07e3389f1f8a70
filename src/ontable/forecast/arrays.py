"""The one adapter from a Case (and optionally a named scenario) to the models' arrays."""

from __future__ import annotations

import numpy as np

from ontable.forecast.base import CaseArrays
from ontable.model import Case, Override, Scenario

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
