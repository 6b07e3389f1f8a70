"""Who is at or around the table and what each wants: parties, actors, issues, stances, red lines.

The per-party and per-issue inputs a :class:`~ontable.model.case.Case` holds (see DESIGN.md).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ontable.model.common import Id, Scale, Strict, Text, Unit, Url
from ontable.model.vocabulary import IsoDate

Role = Literal["party", "mediator", "guarantor", "observer"]


def _check_range(point: float | None, bounds: tuple[float, float] | None, name: str) -> None:
    if bounds is None:
        return
    low, high = bounds
    if low > high:
        raise ValueError(f"{name} low end {low:g} is above its high end {high:g}")
    if point is not None and not low <= point <= high:
        raise ValueError(f"{name} [{low:g}, {high:g}] does not contain its point {point:g}")


class Party(Strict):
    """An actor at or around the table.

    ``capability`` is clout on a 0–100 scale; ``batna`` the value of no deal on the 0–1
    utility scale; ``patience`` the discount factor per bargaining round.
    """

    id: Id
    name: Text
    role: Role = "party"
    aliases: tuple[Text, ...] = Field(
        default=(), description="Other names and demonyms used in texts (for ingestion)."
    )
    capability: Scale
    capability_range: tuple[Scale, Scale] | None = None
    capability_rationale: Text | None = None
    batna: Unit | None = None
    batna_range: tuple[Unit, Unit] | None = None
    batna_rationale: Text | None = None
    patience: Unit | None = None
    patience_range: tuple[Unit, Unit] | None = None
    required: bool = Field(
        default=True, description="Whether a deal needs this party's consent (zone of agreement)."
    )
    sources: tuple[Url, ...] = ()
    note: Text | None = None

    @model_validator(mode="after")
    def _ranges_contain_points(self) -> Party:
        _check_range(self.capability, self.capability_range, "capability_range")
        _check_range(self.batna, self.batna_range, "batna_range")
        _check_range(self.patience, self.patience_range, "patience_range")
        return self


ActorKind = Literal["monitor", "agency", "organisation", "population", "state", "other"]


class Actor(Strict):
    """Someone a text names who does not bargain: a monitor, an agency, a population.

    Actors may be named as beneficiaries, verifiers, enforcers or judges of conditions; they
    have no stances, capability or BATNA and take no part in forecasts.
    """

    id: Id
    name: Text
    kind: ActorKind = "other"
    description: Text | None = None
    sources: tuple[Url, ...] = ()
    note: Text | None = None


class IssueOption(Strict):
    """A named point on an issue's scale (for discrete bargaining and readable output)."""

    name: Text
    position: Scale
    description: Text | None = None


class Issue(Strict):
    """One dimension of the bargain on a 0–100 scale whose two ends are described in words."""

    id: Id
    name: Text
    low: Text = Field(description="What position 0 means.")
    high: Text = Field(description="What position 100 means.")
    description: Text | None = None
    options: tuple[IssueOption, ...] = ()
    status_quo: Scale | None = None
    lexicon: tuple[Text, ...] = Field(
        default=(), description="Words and phrases that signal this issue in a text."
    )
    sources: tuple[Url, ...] = ()

    @model_validator(mode="after")
    def _options_distinct(self) -> Issue:
        names = [o.name for o in self.options]
        if len(set(names)) != len(names):
            raise ValueError("options have duplicate names")
        return self


class Stance(Strict):
    """A party's position and salience on one issue, with the ranges it may plausibly take."""

    party: Id
    issue: Id
    position: Scale
    position_range: tuple[Scale, Scale] | None = None
    salience: Scale
    salience_range: tuple[Scale, Scale] | None = None
    rationale: Text
    as_of: IsoDate | None = Field(default=None, description="The date the stance was stated.")
    sources: tuple[Url, ...] = Field(min_length=1)
    note: Text | None = None

    @model_validator(mode="after")
    def _ranges_contain_points(self) -> Stance:
        _check_range(self.position, self.position_range, "position_range")
        _check_range(self.salience, self.salience_range, "salience_range")
        return self

    @property
    def position_bounds(self) -> tuple[float, float]:
        """The position range, or the point itself when no range is given."""
        return self.position_range or (self.position, self.position)

    @property
    def salience_bounds(self) -> tuple[float, float]:
        """The salience range, or the point itself when no range is given."""
        return self.salience_range or (self.salience, self.salience)


class RedLine(Strict):
    """A range of an issue a party has declared it rejects whatever else a package gives.

    ``rejects`` is ``[low, high]`` on the issue's 0–100 scale (both ends included).
    """

    party: Id
    issue: Id
    rejects: tuple[Scale, Scale]
    statement: Text = Field(description="What the party said, in the case author's words.")
    as_of: IsoDate | None = None
    sources: tuple[Url, ...] = Field(min_length=1)
    note: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> RedLine:
        if self.rejects[0] > self.rejects[1]:
            raise ValueError(
                f"rejects low end {self.rejects[0]:g} is above its high end {self.rejects[1]:g}"
            )
        return self

    def crossed_by(self, position: float) -> bool:
        """Whether ``position`` falls in the rejected range."""
        return self.rejects[0] <= position <= self.rejects[1]
