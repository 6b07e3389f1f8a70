"""Each legislative proposal of a dataset as one case the forecast models can run on.

A proposal's controversial issues are negotiated together (the exchange model trades across
them), so a case is a proposal: its actors are those with a recorded position on at least one
of its issues, its issues those with a known outcome. The dataset records the Council's voting
rule per issue; the rare proposal whose issues fall under different rules is split into one
case per rule, since capabilities depend on the rule. On an issue where an actor recorded no
position the actor has no stake: salience 0 and, as in
:func:`ontable.model.arrays.case_arrays`, the mean of the recorded positions as a stand-in,
marked not ``stated``. A recorded position without a salience gets ``default_salience`` (50,
the middle of the scale). The reference point becomes the issue's status quo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ontable.backtest.capabilities import CapabilityRule, capabilities, council_regime
from ontable.datasets import DecisionDataset
from ontable.model.arrays import CaseArrays, FloatArray


@dataclass(frozen=True)
class BacktestCase:
    """One proposal: the models' inputs and what is needed to score and group them."""

    proposal: str
    arrays: CaseArrays
    outcomes: FloatArray
    reference_points: FloatArray
    commission_positions: FloatArray
    procedure: str
    voting_rule: str
    council_weights: str


def scoreable(dataset: DecisionDataset) -> tuple[list[int], list[int]]:
    """Row indices of the issues kept and of those left out (no recorded outcome)."""
    missing = np.isnan(dataset.outcomes)
    kept = [i for i in range(dataset.n_issues) if not missing[i]]
    dropped = [i for i in range(dataset.n_issues) if missing[i]]
    return kept, dropped


def proposal_cases(
    dataset: DecisionDataset,
    rule: CapabilityRule | None = None,
    *,
    default_salience: float = 50.0,
) -> list[BacktestCase]:
    """One case per proposal, in the order proposals first appear; issues without an outcome
    are left out (see :func:`scoreable`)."""
    rule = rule or CapabilityRule()
    kept, _ = scoreable(dataset)
    order: dict[tuple[str, str, str], list[int]] = {}
    for i in kept:
        key = (dataset.proposal_ids[i], dataset.procedures[i], dataset.voting_rules[i])
        order.setdefault(key, []).append(i)
    com = dataset.actors.index("com")
    cases = []
    for (proposal, _, _), rows in order.items():
        pos = dataset.positions[rows]  # (issues, all actors)
        sal = dataset.saliences[rows]
        present = ~np.isnan(pos)
        actor_idx = [a for a in range(len(dataset.actors)) if present[:, a].any()]
        actors = tuple(dataset.actors[a] for a in actor_idx)
        first = rows[0]
        procedure = dataset.procedures[first]
        voting = dataset.voting_rules[first]
        introduced = dataset.introduced[first]
        has = present[:, actor_idx].T  # (actors, issues)
        stand_in = np.nanmean(pos[:, actor_idx], axis=1)  # every issue has a position
        positions = np.where(has, pos[:, actor_idx].T, stand_in[None, :])
        saliences = np.where(has, np.nan_to_num(sal[:, actor_idx].T, nan=default_salience), 0.0)
        n = len(actors)
        arrays = CaseArrays(
            party_ids=actors,
            issue_ids=tuple(dataset.issue_ids[i] for i in rows),
            positions=positions.astype(float),
            saliences=saliences.astype(float),
            capabilities=capabilities(
                actors,
                procedure=procedure,
                voting_rule=voting,
                introduced=introduced,
                rule=rule,
            ),
            batna=np.full(n, np.nan),
            patience=np.full(n, np.nan),
            status_quo=dataset.reference_points[rows].astype(float),
            stated=has,
        )
        states = [a for a in actors if a not in ("com", "ep")]
        cases.append(
            BacktestCase(
                proposal=proposal,
                arrays=arrays,
                outcomes=dataset.outcomes[rows].astype(float),
                reference_points=dataset.reference_points[rows].astype(float),
                commission_positions=pos[:, com].astype(float),
                procedure=procedure,
                voting_rule=voting,
                council_weights="equal"
                if rule.council == "equal"
                else "unanimity"
                if voting == "Unan"
                else council_regime(introduced, states),
            )
        )
    return cases
