"""A bargaining problem as a NegMAS scenario (through :mod:`ontable.io.negmas_export`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ontable.bargaining.space import BargainingProblem
from ontable.io.negmas_export import negmas_scenario
from ontable.utility import issue_loss, salience_weights


def to_negmas(problem: BargainingProblem, name: str = "ontable") -> Any:
    """The problem as a ``negmas.Scenario``: one discrete issue per issue (values: level
    labels), one linear-additive utility function per party (value ``1 − loss`` per level,
    salience weights) with its BATNA as reserved value. Needs the ``negmas`` extra."""
    weights = salience_weights(problem.saliences)
    values = [
        [
            (1.0 - issue_loss(np.asarray(lv) - problem.ideals[a, i], problem.form)).tolist()
            for i, lv in enumerate(problem.space.levels)
        ]
        for a in range(len(problem.party_ids))
    ]
    return negmas_scenario(
        name=name,
        issue_ids=problem.space.issue_ids,
        labels=problem.space.labels,
        party_ids=problem.party_ids,
        values=values,
        weights=weights.tolist(),
        reserved=problem.disagreement.tolist(),
    )
