"""Obligations and their parts: conditions, timing, ordering, enforcement and modality.

Also the in-memory upgrade of an obligation written the format v1 way
(:func:`upgrade_obligation_v1`), which :class:`Obligation` applies to data not marked v2.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    ValidationInfo,
    model_validator,
)

from ontable.model.common import Id, Strict, Text, Url
from ontable.model.vocabulary import (
    FORMAT_VERSION,
    STRENGTHS,
    UNSPECIFIED,
    Ids,
    IsoDate,
    Modality,
    ModalityTerm,
    PartyIds,
    Strength,
    _one_or_many,
)


def _judges(value: object) -> object:
    if value == UNSPECIFIED or value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and UNSPECIFIED in value:
        raise ValueError("'unspecified' cannot be listed with named judges")
    return value


def _judges_out(value: tuple[str, ...]) -> str | list[str]:
    return UNSPECIFIED if not value else list(value)


Judges = Annotated[
    tuple[Id, ...],
    BeforeValidator(_judges),
    PlainSerializer(_judges_out, return_type=str | list[str]),
]


class Condition(Strict):
    """What an obligation waits on, and who decides whether it is met.

    ``judged_by`` names the parties or actors who decide that the condition holds, or is
    ``unspecified`` when the text does not say (it must be given: the ledger weighs a
    condition its own bearer judges as close to discretionary).
    """

    text: Text = Field(description="The condition, in the case author's words.")
    judged_by: Judges = Field(description="Party or actor ids, or 'unspecified'.")
    depends_on: Id | None = Field(
        default=None, description="The id of the obligation (same document) it waits on."
    )
    event: Text | None = Field(default=None, description="The event it waits on, if not a duty.")

    @property
    def judges(self) -> tuple[str, ...]:
        """The named judges (empty when unspecified)."""
        return self.judged_by


class PenaltyRef(Strict):
    """An enforcement by a penalty provision of the same document."""

    provision: Text


Enforcer = Id | PenaltyRef


TimingBound = Literal["by", "on", "from"]


class Timing(Strict):
    """When an obligation is due, in the text's own terms.

    ``bound``: ``by`` (a deadline: at the latest), ``on`` (at that moment) or ``from`` (not
    before). The moment is an absolute ``date``, or ``days`` after ``after`` (``signing``, or
    the id of another obligation of the document); ``text`` keeps the words ("within 100
    days", "on day 1 after the elections").
    """

    text: Text
    bound: TimingBound = "by"
    date: IsoDate | None = None
    after: Id | None = Field(default=None, description="'signing' or an obligation id.")
    days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_anchor(self) -> Timing:
        if self.date is not None and (self.after is not None or self.days is not None):
            raise ValueError("give either a date, or days after an event, not both")
        if self.days is not None and self.after is None:
            raise ValueError("days need what they count from ('after': signing or an obligation)")
        return self


SIGNING = "signing"


class OrderDemand(Strict):
    """``after``: this obligation only after another one, and who demands that order."""

    obligation: Id
    demanded_by: PartyIds = Field(
        default=(), description="Parties demanding the order (default: the drafters)."
    )
    sources: tuple[Url, ...] = ()


def _after_item(value: object) -> object:
    if isinstance(value, str):
        return {"obligation": value}
    return value


AfterItem = Annotated[OrderDemand, BeforeValidator(_after_item)]


ModalityValue = Literal[
    "binding",
    "hedged",
    "aspirational",
    "conditional",
    "hedged conditional",
    "aspirational conditional",
]
"""An obligation's modality as stored: a strength, optionally with conditionality.
``conditional`` alone is a binding duty under conditions (as in format v1)."""


def _modality(value: object) -> object:
    """``[hedged, conditional]``, ``hedged conditional``, ``hedged, conditional`` → canonical."""
    if isinstance(value, str):
        terms = [p for p in re.split(r"[\s,+]+", value.strip()) if p]
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        terms = [str(v).strip() for v in value]
    else:
        return value
    conditional = "conditional" in terms
    strengths = [t for t in terms if t != "conditional"]
    unknown = [t for t in strengths if t not in STRENGTHS]
    if unknown or len(strengths) > 1 or terms.count("conditional") > 1 or not terms:
        raise ValueError(
            f"{value!r} is not allowed: expected one strength (binding, hedged or "
            "aspirational), optionally with 'conditional' (e.g. [hedged, conditional])"
        )
    strength = strengths[0] if strengths else "binding"
    if not conditional:
        return strength
    return "conditional" if strength == "binding" else f"{strength} conditional"


ModalitySpec = Annotated[ModalityValue, BeforeValidator(_modality)]


def upgrade_obligation_v1(data: dict[str, Any]) -> dict[str, Any]:
    """An obligation's plain data written the version 1 way → version 2 (a new dict).

    ``condition: TEXT`` becomes one condition judged by ``unspecified``; a modality other
    than ``conditional`` that had a condition gains ``conditional`` (``hedged`` → ``hedged
    conditional``). Data already in version 2 is returned unchanged.
    """
    out = dict(data)
    if "condition" not in out:
        return out
    condition = out.pop("condition")
    modality = out.get("modality")
    if condition is not None:
        existing = list(out.get("conditions") or [])
        out["conditions"] = [{"text": condition, "judged_by": UNSPECIFIED}, *existing]
        if isinstance(modality, str) and "conditional" not in modality:
            out["modality"] = f"{modality} conditional"
    return out


class Obligation(Strict):
    """Who (``on``) must do what (``action``), for whom (``benefits``), how firmly (``modality``).

    ``kind`` is a short slug naming the sort of action (``limit-strikes``, ``cap-army``,
    ``refrain-from-attack``); two obligations of the same kind with reversed roles mirror each
    other. ``in_exchange_for`` links the obligation to the obligations (by ``id``, same
    document) it is traded against, in any provision and on any issue. ``benefits``,
    ``verified_by`` and ``enforced_by`` may name parties or the case's non-party actors;
    ``enforced_by`` may also point to a penalty provision (``{provision: "24"}``). An
    obligation with no ``benefits`` has an unspecified beneficiary.
    """

    id: Id | None = Field(default=None, description="Unique in the document; for references.")
    on: PartyIds = Field(min_length=1)
    action: Text
    kind: Id | None = None
    issue: Id | None = None
    benefits: PartyIds = ()
    modality: ModalitySpec
    conditions: tuple[Condition, ...] = ()
    in_exchange_for: Ids = ()
    timing: Timing | None = None
    after: tuple[AfterItem, ...] = ()
    verified_by: PartyIds = ()
    enforced_by: Annotated[tuple[Enforcer, ...], BeforeValidator(_one_or_many)] = ()
    quote: Text | None = Field(default=None, description="The wording that fixes the modality.")
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _upgrade_v1(cls, data: Any, info: ValidationInfo) -> Any:
        strict = bool(info.context and info.context.get("format_version") == FORMAT_VERSION)
        if isinstance(data, dict) and not strict:
            return upgrade_obligation_v1(data)
        return data

    @model_validator(mode="after")
    def _modality_consistent(self) -> Obligation:
        if "conditional" in self.modality and not self.conditions:
            raise ValueError("a conditional obligation needs its conditions")
        if self.conditions and "conditional" not in self.modality:
            raise ValueError(
                "an obligation with conditions needs a conditional modality "
                f"(e.g. [{self.modality}, conditional])"
            )
        return self

    @property
    def strength(self) -> Strength:
        """``binding``, ``hedged`` or ``aspirational``."""
        first = self.modality.split()[0]
        return "binding" if first == "conditional" else first  # type: ignore[return-value]

    @property
    def conditional(self) -> bool:
        """Whether the obligation holds only under its conditions."""
        return bool(self.conditions)

    @property
    def category(self) -> Modality:
        """``conditional`` when conditional, else the strength (the v1 categories)."""
        return "conditional" if self.conditional else self.strength

    @property
    def modality_terms(self) -> tuple[ModalityTerm, ...]:
        """The strength, then ``conditional`` when conditional."""
        terms: tuple[ModalityTerm, ...] = (self.strength,)
        return (*terms, "conditional") if self.conditional else terms

    @property
    def condition(self) -> str | None:
        """The conditions' texts joined by "; " (None without conditions)."""
        return "; ".join(c.text for c in self.conditions) or None

    @property
    def penalty_provisions(self) -> tuple[str, ...]:
        """Ids of the penalty provisions that enforce this obligation."""
        return tuple(e.provision for e in self.enforced_by if isinstance(e, PenaltyRef))

    @property
    def enforcers(self) -> tuple[str, ...]:
        """Party or actor ids that enforce this obligation."""
        return tuple(e for e in self.enforced_by if isinstance(e, str))
