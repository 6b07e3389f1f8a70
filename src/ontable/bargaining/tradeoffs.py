"""Trade-offs (logrolls): two issues on which two parties each give way where it costs them less.

Start from splitting the difference: every issue at the midpoint of the two parties' ideal
points. A logroll moves issue ``i`` toward party B's ideal (A gives way) and issue ``j``
toward A's ideal (B gives way), each by a quarter, half, three quarters or all of the rest
of the way. With the additive utility of :mod:`ontable.utility` both can gain exactly when
the two parties weigh the two issues differently (Pruitt 1981, *Negotiation Behavior*,
ch. 6; Raiffa 1982, *The Art and Science of Negotiation*, ch. 10). For each pair of issues
the move with the largest product of the two gains is kept; pairs are ranked by joint gain.
The change for every other party at the table is reported too, since a logroll between two
can cost a third.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from ontable.bargaining.space import BargainingProblem

_EPS = 1e-9
STEPS = np.array([0.25, 0.5, 0.75, 1.0])
"""Shares of the way from the midpoint to the other party's ideal that a move may take."""


@dataclass(frozen=True)
class Tradeoff:
    """``a`` gives way on ``a_gives`` (moved to ``a_gives_to``), ``b`` on ``b_gives``."""

    a: str
    b: str
    a_gives: str
    b_gives: str
    a_gives_to: float
    b_gives_to: float
    gain_a: float
    gain_b: float
    others: dict[str, float]

    @property
    def joint_gain(self) -> float:
        """The two parties' gains together."""
        return self.gain_a + self.gain_b

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "a": self.a,
            "b": self.b,
            "a_gives": self.a_gives,
            "a_gives_to": self.a_gives_to,
            "b_gives": self.b_gives,
            "b_gives_to": self.b_gives_to,
            "gain_a": self.gain_a,
            "gain_b": self.gain_b,
            "joint_gain": self.joint_gain,
            "others": dict(self.others),
        }


@dataclass(frozen=True)
class Tradeoffs:
    """Every logroll found, largest joint gain first."""

    party_ids: tuple[str, ...]
    rows: tuple[Tradeoff, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def to_frame(self) -> pd.DataFrame:
        """One row per logroll: who gives what, gains, joint gain, change for the others."""
        columns = ["a", "b", "a_gives", "a_gives_to", "b_gives", "b_gives_to", "gain_a",
                   "gain_b", "joint_gain"]  # fmt: skip
        records = []
        for t in self.rows:
            record = {k: v for k, v in t.to_dict().items() if k != "others"}
            record.update({f"change_{p}": v for p, v in t.others.items()})
            records.append(record)
        return pd.DataFrame(records, columns=None if records else columns)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {"party_ids": list(self.party_ids), "tradeoffs": [t.to_dict() for t in self.rows]}


def tradeoffs(problem: BargainingProblem, *, min_gain: float = _EPS) -> Tradeoffs:
    """Logrolls between every two parties at the table, ranked by joint gain.

    Parameters
    ----------
    problem
        The bargaining problem (positions are taken on the continuous 0–100 scale).
    min_gain
        Smallest gain for both parties for a pair of issues to count as a logroll.
    """
    issues = problem.space.issue_ids
    m = len(issues)
    i, j, fi, fj = (
        g.ravel() for g in np.meshgrid(np.arange(m), np.arange(m), STEPS, STEPS, indexing="ij")
    )
    off = i != j
    i, j, fi, fj = i[off], j[off], fi[off], fj[off]
    rows: list[Tradeoff] = []
    for a, b in combinations(range(len(problem.party_ids)), 2):
        mid = (problem.ideals[a] + problem.ideals[b]) / 2.0
        base = problem.utilities(mid)
        to_b = mid[i] + fi * (problem.ideals[b, i] - mid[i])  # a gives way on i
        to_a = mid[j] + fj * (problem.ideals[a, j] - mid[j])  # b gives way on j
        packages = np.tile(mid, (len(i), 1))
        packages[np.arange(len(i)), i] = to_b
        packages[np.arange(len(j)), j] = to_a
        gain = problem.utilities(packages) - base  # (moves, parties)
        both = (gain[:, a] >= min_gain) & (gain[:, b] >= min_gain)
        score = np.where(both, gain[:, a] * gain[:, b], -np.inf)
        pair = i * m + j
        for key in np.unique(pair[both]):
            moves = np.flatnonzero(pair == key)
            r = int(moves[np.argmax(score[moves])])
            rows.append(
                Tradeoff(
                    a=problem.party_ids[a],
                    b=problem.party_ids[b],
                    a_gives=issues[i[r]],
                    b_gives=issues[j[r]],
                    a_gives_to=float(to_b[r]),
                    b_gives_to=float(to_a[r]),
                    gain_a=float(gain[r, a]),
                    gain_b=float(gain[r, b]),
                    others={
                        p: float(gain[r, c])
                        for c, p in enumerate(problem.party_ids)
                        if c not in (a, b)
                    },
                )
            )
    rows.sort(key=lambda t: (-t.joint_gain, t.a, t.b, t.a_gives, t.b_gives))
    return Tradeoffs(problem.party_ids, tuple(rows))
