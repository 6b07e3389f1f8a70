"""The stated assumptions of the ledger and the firmness of one duty: strength weights,
condition discounts by who judges a condition, and :class:`LedgerAssumptions` that holds
them. The rules are in the docstring of :mod:`ontable.analysis.ledger`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from ontable.model import (
    Condition,
    Modality,
    Obligation,
    Role,
    Strength,
)

JudgeClass = Literal["bearer", "shared", "beneficiary", "third", "unspecified"]
JUDGE_CLASSES: tuple[JudgeClass, ...] = ("bearer", "shared", "beneficiary", "third", "unspecified")

DEFAULT_STRENGTH_WEIGHTS: Mapping[Strength, float] = MappingProxyType(
    {"binding": 1.0, "hedged": 0.5, "aspirational": 0.25}
)
"""How much one obligation weighs by how firmly it is worded."""

DEFAULT_CONDITION_DISCOUNTS: Mapping[JudgeClass, float] = MappingProxyType(
    {"bearer": 0.75, "shared": 0.5, "beneficiary": 0.25, "third": 0.25, "unspecified": 0.25}
)
"""How much a condition takes off an obligation's weight, by who judges it."""

MODALITY_WEIGHTS: Mapping[Modality, float] = MappingProxyType(
    {"binding": 1.0, "conditional": 0.75, "hedged": 0.5, "aspirational": 0.25}
)
"""The format v1 weights by category, which the defaults reproduce (a ``conditional`` duty
is binding with a condition whose judge is unspecified)."""

DEFAULT_RECIPROCITY_ROLES: tuple[Role, ...] = ("party",)
"""Reciprocity is expected between the principal parties; a mediator's or guarantor's
services (a guarantee, a fund) are not concessions that the other side should mirror."""

UnspecifiedRule = Literal["unspecified", "other-main-party"]


@dataclass(frozen=True)
class LedgerAssumptions:
    """The ledger's weights (see :mod:`ontable.analysis.ledger`); each may be changed."""

    strength_weights: Mapping[Strength, float] = field(
        default_factory=lambda: DEFAULT_STRENGTH_WEIGHTS
    )
    condition_discounts: Mapping[JudgeClass, float] = field(
        default_factory=lambda: DEFAULT_CONDITION_DISCOUNTS
    )
    unspecified_beneficiary: UnspecifiedRule = "unspecified"

    def __post_init__(self) -> None:
        for name, value in (*self.strength_weights.items(), *self.condition_discounts.items()):
            if not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"weight of {name!r} is {value}, expected a number in 0–1")
        missing = set(JUDGE_CLASSES) - set(self.condition_discounts)
        if missing or set(("binding", "hedged", "aspirational")) - set(self.strength_weights):
            raise ValueError("every strength and every judge class needs a weight")
        top = self.condition_discounts["bearer"]
        if any(v > top for v in self.condition_discounts.values()):
            raise ValueError("the 'bearer' condition discount must be at least every other")
        if self.unspecified_beneficiary not in ("unspecified", "other-main-party"):
            raise ValueError(
                "unspecified_beneficiary must be 'unspecified' or 'other-main-party', "
                f"not {self.unspecified_beneficiary!r}"
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "strength_weights": dict(self.strength_weights),
            "condition_discounts": dict(self.condition_discounts),
            "unspecified_beneficiary": self.unspecified_beneficiary,
        }


DEFAULT_ASSUMPTIONS = LedgerAssumptions()


def judge_class(condition: Condition, obligation: Obligation) -> JudgeClass:
    """Who judges ``condition`` relative to ``obligation`` (see the module docstring)."""
    judges = set(condition.judges)
    if not judges:
        return "unspecified"
    bearers = set(obligation.on)
    if judges <= bearers:
        return "bearer"
    if judges & bearers:
        return "shared"
    if judges <= set(obligation.benefits):
        return "beneficiary"
    return "third"


def condition_discount(
    obligation: Obligation, assumptions: LedgerAssumptions = DEFAULT_ASSUMPTIONS
) -> float:
    """``δ(o)``: the largest discount among the obligation's conditions (0 without any)."""
    return max(
        (
            assumptions.condition_discounts[judge_class(c, obligation)]
            for c in obligation.conditions
        ),
        default=0.0,
    )


def firmness(obligation: Obligation, assumptions: LedgerAssumptions = DEFAULT_ASSUMPTIONS) -> float:
    """``f(o) = s(o) × (1 − δ(o))``: how much the obligation weighs, before salience."""
    return assumptions.strength_weights[obligation.strength] * (
        1.0 - condition_discount(obligation, assumptions)
    )
