"""The common shape of every forecast model: the arrays it takes and the Forecast it returns.

A model is a pure function over arrays (DESIGN.md): positions ``(actors, issues)``,
saliences ``(actors, issues)`` and capabilities ``(actors,)``, optionally with a leading
sample axis ``(samples, actors, issues)`` / ``(samples, actors)`` for sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

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
        out = np.atleast_2d(self.outcome)
        if out.shape[0] == 1:
            return pd.DataFrame({"issue": self.issue_ids, "outcome": out[0]})
        frame = pd.DataFrame(out.T, columns=[f"sample_{i}" for i in range(out.shape[0])])
        frame.insert(0, "issue", self.issue_ids)
        return frame

    def path_frame(self) -> pd.DataFrame:
        """Long table of the path: round, party, issue, position."""
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
