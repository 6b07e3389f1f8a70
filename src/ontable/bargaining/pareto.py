"""The Pareto frontier of a package space: the packages no other package beats for everyone.

The frontier is exact. Because utilities are additive over issues, a package that is Pareto
optimal over all issues is made of a Pareto-optimal package of any subset of its issues
(otherwise swapping that part for one that dominates it would dominate the whole). So the
frontier is built issue by issue: the frontier of the first ``k`` issues, combined with every
level of issue ``k+1``, filtered to its non-dominated points, is the frontier of the first
``k+1`` issues. This is the Minkowski-sum construction of multi-objective dynamic
programming (Klamroth & Wiecek 2000, "Dynamic programming approaches to the multiple criteria
knapsack problem", *Naval Research Logistics* 47). It never lists the whole space, so a
space of 5¹⁶ packages costs what its frontiers cost.

Packages with equal utility for every party count once (the first, preferring positions
closest to the status quo, or to the middle of the scale where it is unknown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ontable.bargaining.space import BargainingProblem, IntArray
from ontable.model.arrays import FloatArray

BLOCK = 512
MAX_FRONTIER = 10_000
"""Largest partial frontier :func:`pareto_frontier` builds before giving up (its cost grows
with the square of the frontier: many parties on many fine-grained issues)."""
"""Candidates compared at once against the frontier found so far (bounds memory)."""


def nondominated(points: FloatArray) -> IntArray:
    """Indices of the distinct non-dominated rows of ``points`` ``(n, parties)``.

    Row ``q`` dominates row ``p`` when it is at least as high everywhere and differs. Of
    several equal rows the first is kept. The result is ordered by decreasing row sum.
    Candidates are sorted by sum (only a higher-sum row can dominate) and checked in blocks
    against the rows kept so far, so memory is ``O(BLOCK × kept)``.
    """
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2:
        raise ValueError(f"points must be 2-D (n, parties); got shape {pts.shape}")
    if len(pts) == 0:
        return np.empty(0, dtype=np.int64)
    _, first = np.unique(pts, axis=0, return_index=True)
    first = np.sort(first)
    order = first[np.argsort(-pts[first].sum(axis=1), kind="stable")]
    sorted_pts = pts[order]
    kept_rows: list[FloatArray] = []
    kept_idx: list[IntArray] = []
    n_kept = 0
    kept = np.empty((0, pts.shape[1]))
    for start in range(0, len(order), BLOCK):
        block = sorted_pts[start : start + BLOCK]
        idx = order[start : start + BLOCK]
        if n_kept:
            if len(kept) != n_kept:
                kept = np.concatenate(kept_rows)
            dominated = np.zeros(len(block), dtype=bool)
            step = max(1, (1 << 22) // max(1, len(block) * pts.shape[1]))
            for c in range(0, n_kept, step):
                dominated |= np.any(
                    np.all(kept[None, c : c + step] >= block[:, None, :], axis=-1), axis=1
                )
            block, idx = block[~dominated], idx[~dominated]
        if len(block) == 0:
            continue
        ge = np.all(block[None, :, :] >= block[:, None, :], axis=-1)  # ge[i, j]: row j ≥ row i
        np.fill_diagonal(ge, False)
        survive = ~np.any(ge, axis=1)
        kept_rows.append(block[survive])
        kept_idx.append(idx[survive])
        n_kept += int(survive.sum())
    return np.concatenate(kept_idx)


@dataclass(frozen=True)
class Frontier:
    """Pareto-optimal packages, highest total utility first.

    ``choices`` are level indices ``(packages, issues)``, ``positions`` the same packages on
    the 0–100 scale and ``utilities`` each party's utility ``(packages, parties)``.
    """

    problem: BargainingProblem
    choices: IntArray
    positions: FloatArray
    utilities: FloatArray

    def __len__(self) -> int:
        return len(self.choices)

    def rational(self) -> Frontier:
        """The packages every party prefers (weakly) to its BATNA."""
        keep = (self.utilities >= self.problem.disagreement - 1e-12).all(axis=1)
        return Frontier(
            self.problem, self.choices[keep], self.positions[keep], self.utilities[keep]
        )

    def labels(self, index: int) -> dict[str, str]:
        """Issue id → label of one package."""
        return self.problem.space.describe(self.choices[index])

    def to_frame(self) -> pd.DataFrame:
        """One row per package: each issue's label, then each party's utility."""
        space = self.problem.space
        data: dict[str, Any] = {
            issue: [space.labels[i][c] for c in self.choices[:, i]]
            for i, issue in enumerate(space.issue_ids)
        }
        for a, party in enumerate(self.problem.party_ids):
            data[f"u_{party}"] = self.utilities[:, a]
        return pd.DataFrame(data)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "party_ids": list(self.problem.party_ids),
            "issue_ids": list(self.problem.space.issue_ids),
            "packages": [self.labels(k) for k in range(len(self))],
            "positions": self.positions.tolist(),
            "utilities": self.utilities.tolist(),
        }


def _level_preference(problem: BargainingProblem) -> list[IntArray]:
    """Per issue, level indices ordered by closeness to the status quo (else to 50)."""
    orders = []
    for i, lv in enumerate(problem.space.levels):
        anchor = problem.status_quo[i]
        anchor = 50.0 if np.isnan(anchor) else float(anchor)
        orders.append(np.argsort(np.abs(np.asarray(lv) - anchor), kind="stable"))
    return orders


def pareto_frontier(problem: BargainingProblem, *, max_size: int = MAX_FRONTIER) -> Frontier:
    """The exact Pareto frontier of a bargaining problem's package space.

    Parameters
    ----------
    problem
        The parties' utilities over the package space.
    max_size
        Largest partial frontier to build.

    Raises
    ------
    ValueError
        When a partial frontier exceeds ``max_size`` (fewer parties, issues or levels help).

    Returns
    -------
    Frontier
        Pareto-optimal packages (one per distinct utility vector), highest total first.
        :meth:`Frontier.rational` keeps those that beat every BATNA.
    """
    n_parties = len(problem.party_ids)
    losses = problem.level_losses()
    preference = _level_preference(problem)
    gains = np.zeros((1, n_parties))  # minus the loss accumulated so far
    choices = np.zeros((1, 0), dtype=np.int64)
    for i, loss in enumerate(losses):
        levels = preference[i]
        step = -loss[:, levels].T  # (levels, parties)
        candidates = (gains[:, None, :] + step[None, :, :]).reshape(-1, n_parties)
        keep = nondominated(candidates)
        parent, level = np.divmod(keep, len(levels))
        gains = candidates[keep]
        if len(gains) > max_size:
            raise ValueError(
                f"the Pareto frontier has over {max_size:,} packages after {i + 1} of "
                f"{len(losses)} issues ({n_parties} parties): bargain among fewer parties, "
                "over fewer issues or with fewer levels"
            )
        choices = np.concatenate([choices[parent], levels[level][:, None]], axis=1)
    positions = problem.space.positions(choices)
    utils = problem.utilities(positions)
    order = np.argsort(-utils.sum(axis=1), kind="stable")
    return Frontier(problem, choices[order], positions[order], utils[order])
