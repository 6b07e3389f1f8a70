"""The space of packages the parties bargain over, and the bargaining problem on it.

A *package* sets one position on every issue. An issue with named options
(``Issue.options``) offers exactly those positions; an issue without options is cut into a
grid of ``levels`` evenly spaced positions on its 0–100 scale (:data:`DEFAULT_LEVELS` of
them unless told otherwise), so a continuous issue is bargained over a sample of its points.

Each party values a package with the project's one utility form (:mod:`ontable.utility`):
additive over issues with salience weights, the loss on each issue linear or quadratic in the
distance from the party's ideal point, scaled to 0–1. The disagreement point is the party's
BATNA (0, the worst package's value, where the case gives none). This is the setting of
Nash (1950) and of the multi-issue negotiation literature (Raiffa 1982, *The Art and Science
of Negotiation*, part III).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ontable.errors import UnknownIdError
from ontable.model import Case, Scenario
from ontable.model.arrays import FloatArray, case_arrays
from ontable.utility import LOSS_FORMS, LossForm, issue_loss, salience_weights, utilities

DEFAULT_LEVELS = 5
"""Grid points per issue without named options: 0, 25, 50, 75 and 100."""

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class PackageSpace:
    """Every package: the Cartesian product of each issue's positions.

    ``levels[i]`` are the positions (0–100) issue ``i`` can take and ``labels[i]`` their
    names (an option's name, or the position written out for a grid point).
    ``continuous[i]`` marks an issue whose every position on 0–100 is open (an issue without
    named options): the solutions of :mod:`ontable.bargaining.programme` treat it as
    continuous, while the frontier, alternating offers and concession use its grid
    ``levels``. Empty means every issue is discrete.
    """

    issue_ids: tuple[str, ...]
    levels: tuple[tuple[float, ...], ...]
    labels: tuple[tuple[str, ...], ...]
    continuous: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        if not self.continuous:
            object.__setattr__(self, "continuous", (False,) * len(self.issue_ids))
        if len(self.continuous) != len(self.issue_ids):
            raise ValueError("a package space needs a continuous flag for every issue")
        if len(self.levels) != len(self.issue_ids) or len(self.labels) != len(self.issue_ids):
            raise ValueError("a package space needs levels and labels for every issue")
        for issue, lv, lb in zip(self.issue_ids, self.levels, self.labels, strict=True):
            if not lv or len(lv) != len(lb):
                raise ValueError(f"issue {issue!r} needs one label per level and ≥ 1 level")

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of positions per issue."""
        return tuple(len(lv) for lv in self.levels)

    @property
    def size(self) -> int:
        """Number of packages."""
        return math.prod(self.shape)

    def positions(self, choices: ArrayLike) -> FloatArray:
        """Level indices ``(..., issues)`` → positions ``(..., issues)`` on the 0–100 scale."""
        idx = np.asarray(choices, dtype=np.int64)
        out = np.empty(idx.shape, dtype=float)
        for i, lv in enumerate(self.levels):
            out[..., i] = np.asarray(lv, dtype=float)[idx[..., i]]
        return out

    def label(self, issue: int, position: float) -> str:
        """The name of a position on an issue: its level's label, else the number."""
        for lv, lb in zip(self.levels[issue], self.labels[issue], strict=True):
            if abs(lv - position) < 1e-9:
                return lb
        return f"{position:.1f}"

    def describe(self, choices: ArrayLike) -> dict[str, str]:
        """One package's level indices → issue id → label."""
        idx = np.asarray(choices, dtype=np.int64)
        return {issue: self.labels[i][int(idx[i])] for i, issue in enumerate(self.issue_ids)}

    def choices(self, flat: ArrayLike) -> IntArray:
        """Flat package numbers (row-major over issues) → level indices ``(..., issues)``."""
        return np.stack(np.unravel_index(np.asarray(flat, dtype=np.int64), self.shape), axis=-1)


def package_space(
    case: Case, levels: int = DEFAULT_LEVELS, issues: Sequence[str] | None = None
) -> PackageSpace:
    """The packages of a case: each issue's named options, or a grid of ``levels`` points.

    Parameters
    ----------
    case
        The case.
    levels
        Grid points for an issue without options (≥ 2; evenly spaced over 0–100).
    issues
        Issue ids to bargain over (default: all, in the case's order).
    """
    if levels < 2:
        raise ValueError(f"levels must be at least 2; got {levels}")
    ids = tuple(issues) if issues is not None else case.issue_ids
    grid = tuple(float(x) for x in np.linspace(0.0, 100.0, levels))
    all_levels: list[tuple[float, ...]] = []
    all_labels: list[tuple[str, ...]] = []
    continuous: list[bool] = []
    for issue_id in ids:
        issue = case.issue(issue_id)
        if issue.options:
            all_levels.append(tuple(float(o.position) for o in issue.options))
            all_labels.append(tuple(o.name for o in issue.options))
        else:
            all_levels.append(grid)
            all_labels.append(tuple(f"{x:g}" for x in grid))
        continuous.append(not issue.options)
    return PackageSpace(ids, tuple(all_levels), tuple(all_labels), tuple(continuous))


@dataclass(frozen=True)
class BargainingProblem:
    """Parties' utilities over a package space, with their BATNAs, clout and patience.

    ``ideals`` and ``saliences`` are ``(parties, issues)`` on the 0–100 scale;
    ``capabilities`` 0–100, ``batna`` and ``patience`` 0–1 (NaN where unknown) per party;
    ``status_quo`` per issue (NaN where unknown).
    """

    space: PackageSpace
    party_ids: tuple[str, ...]
    ideals: FloatArray
    saliences: FloatArray
    capabilities: FloatArray
    batna: FloatArray
    patience: FloatArray
    status_quo: FloatArray
    form: LossForm = "linear"

    def __post_init__(self) -> None:
        n, m = len(self.party_ids), len(self.space.issue_ids)
        if self.ideals.shape != (n, m) or self.saliences.shape != (n, m):
            raise ValueError(f"ideals and saliences must have shape ({n}, {m})")
        if self.form not in LOSS_FORMS:
            raise ValueError(f"unknown loss form {self.form!r} (expected one of {LOSS_FORMS})")

    @property
    def disagreement(self) -> FloatArray:
        """Each party's utility of no deal: its BATNA, or 0 where the case gives none."""
        return np.nan_to_num(self.batna, nan=0.0)

    def utilities(self, positions: ArrayLike) -> FloatArray:
        """Utilities ``(..., parties)`` of packages given as positions ``(..., issues)``."""
        return utilities(positions, self.ideals, self.saliences, self.form)

    def level_losses(self) -> list[FloatArray]:
        """Per issue, each party's weighted loss at each level: ``(parties, levels_i)``.

        A package's utility is ``1 − Σ_i level_losses()[i][:, choice_i]``: the same form as
        :func:`ontable.utility.utilities`, split by issue so packages can be combined fast.
        """
        w = salience_weights(self.saliences)
        return [
            w[:, i, None]
            * issue_loss(np.asarray(lv, dtype=float)[None, :] - self.ideals[:, i, None], self.form)
            for i, lv in enumerate(self.space.levels)
        ]

    def index(self, party: str) -> int:
        """Array index of a party (``KeyError`` naming the known parties)."""
        try:
            return self.party_ids.index(party)
        except ValueError:
            raise UnknownIdError("party", party, self.party_ids) from None

    def with_batna(self, party: str, value: float) -> BargainingProblem:
        """A copy in which ``party``'s BATNA is ``value``."""
        batna = self.batna.copy()
        batna[self.index(party)] = value
        return replace(self, batna=batna)

    def with_patience(self, party: str, value: float) -> BargainingProblem:
        """A copy in which ``party``'s patience (discount factor per round) is ``value``."""
        patience = self.patience.copy()
        patience[self.index(party)] = value
        return replace(self, patience=patience)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the space's size rather than its packages)."""
        return {
            "party_ids": list(self.party_ids),
            "issue_ids": list(self.space.issue_ids),
            "packages": self.space.size,
            "levels": [list(lv) for lv in self.space.levels],
            "batna": [None if math.isnan(b) else float(b) for b in self.batna],
            "patience": [None if math.isnan(p) else float(p) for p in self.patience],
            "form": self.form,
        }


def negotiating_parties(case: Case) -> tuple[str, ...]:
    """The parties at the table: those with role ``party`` (all parties if none has it)."""
    at_table = tuple(p.id for p in case.parties if p.role == "party")
    return at_table or case.party_ids


def parties_with_a_say(case: Case) -> tuple[str, ...]:
    """Every party that can move the outcome: a stance on some issue and capability above 0."""
    with_stance = {s.party for s in case.stances if s.salience > 0}
    return tuple(p.id for p in case.parties if p.id in with_stance and p.capability > 0)


def bargaining_problem(
    case: Case,
    parties: Sequence[str] | None = None,
    *,
    levels: int = DEFAULT_LEVELS,
    form: LossForm = "linear",
    scenario: str | Scenario | None = None,
    issues: Sequence[str] | None = None,
) -> BargainingProblem:
    """The bargaining problem of a case: its package space and the parties' utilities on it.

    Parameters
    ----------
    case
        The case.
    parties
        Party ids at the table (default: :func:`negotiating_parties`).
    levels
        Grid points per issue without named options (see :func:`package_space`).
    form
        ``"linear"`` or ``"quadratic"`` loss in distance (:mod:`ontable.utility`).
    scenario
        A scenario (id or object) whose overrides apply.
    issues
        Issue ids to bargain over (default: all).

    Raises
    ------
    KeyError
        For a party or issue the case does not have.
    """
    chosen = tuple(parties) if parties is not None else negotiating_parties(case)
    known = set(case.party_ids)
    for p in chosen:
        if p not in known:
            raise UnknownIdError("party", p, case.party_ids, where=f"case '{case.id}'")
    if len(set(chosen)) != len(chosen) or not chosen:
        raise ValueError("parties must be distinct and at least one")
    if issues is not None:
        for i in issues:
            if i not in case.issue_ids:
                raise UnknownIdError("issue", i, case.issue_ids, where=f"case '{case.id}'")
    space = package_space(case, levels, issues)
    arrays = case_arrays(case, scenario, parties=chosen)
    cols = [arrays.issue_ids.index(i) for i in space.issue_ids]
    return BargainingProblem(
        space=space,
        party_ids=chosen,
        ideals=arrays.positions[:, cols],
        saliences=arrays.saliences[:, cols],
        capabilities=arrays.capabilities,
        batna=arrays.batna,
        patience=arrays.patience,
        status_quo=arrays.status_quo[cols],
        form=form,
    )
