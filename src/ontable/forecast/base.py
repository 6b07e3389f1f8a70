"""The common shape of every forecast model: the Forecast it returns (its inputs are
:class:`ontable.model.arrays.CaseArrays`).

A model is a pure function over arrays (DESIGN.md): positions ``(actors, issues)``,
saliences ``(actors, issues)`` and capabilities ``(actors,)``, optionally with a leading
sample axis ``(samples, actors, issues)`` / ``(samples, actors)`` for sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ontable.model.arrays import FloatArray

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Forecast:
    """A model's prediction: the outcome per issue, final positions and the path to them.

    ``outcome`` has shape ``(issues,)`` (or ``(samples, issues)``); ``positions`` the final
    ``(actors, issues)``; ``path`` the positions round by round ``(rounds, actors, issues)``
    (round 0 is the input). ``extras`` holds model-specific results (e.g. win probabilities).
    """

    model: str
    version: str
    params: dict[str, Any]
    party_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    outcome: FloatArray
    positions: FloatArray
    path: FloatArray
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def rounds(self) -> int:
        """Rounds run (the path's length minus the starting round)."""
        return int(self.path.shape[-3]) - 1 if self.path.ndim >= 3 else 0

    def to_frame(self) -> pd.DataFrame:
        """One row per issue: the predicted outcome (for a batch, one column per sample)."""
        import pandas as pd  # loaded only when a frame is asked for

        out = np.atleast_2d(self.outcome)
        if out.shape[0] == 1:
            return pd.DataFrame({"issue": self.issue_ids, "outcome": out[0]})
        frame = pd.DataFrame(out.T, columns=[f"sample_{i}" for i in range(out.shape[0])])
        frame.insert(0, "issue", self.issue_ids)
        return frame

    def path_frame(self) -> pd.DataFrame:
        """Long table of the path: round, party, issue, position."""
        import pandas as pd

        rounds, actors, issues = self.path.shape[-3:]
        r, a, i = np.meshgrid(
            np.arange(rounds), np.arange(actors), np.arange(issues), indexing="ij"
        )
        return pd.DataFrame(
            {
                "round": r.ravel(),
                "party": np.asarray(self.party_ids)[a.ravel()],
                "issue": np.asarray(self.issue_ids)[i.ravel()],
                "position": self.path.reshape(-1, rounds * actors * issues)[0]
                if self.path.ndim > 3
                else self.path.ravel(),
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "model": self.model,
            "version": self.version,
            "params": _jsonable(self.params),
            "party_ids": list(self.party_ids),
            "issue_ids": list(self.issue_ids),
            "outcome": np.asarray(self.outcome).tolist(),
            "positions": np.asarray(self.positions).tolist(),
            "path": np.asarray(self.path).tolist(),
            "rounds": self.rounds,
            "extras": _jsonable(self.extras),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value
