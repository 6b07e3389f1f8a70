"""Overrides, scenarios and the Case that holds parties, issues, stances and documents.

The parties, actors, issues, stances and red lines themselves live in
:mod:`ontable.model.parties` (re-exported here); see DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from ontable.errors import OverrideError, UnknownIdError, unknown_id_message
from ontable.model.common import Id, Strict, Text, Url
from ontable.model.document import FORMAT_VERSION, Document, with_format_version
from ontable.model.parties import Actor, ActorKind, Issue, IssueOption, Party, RedLine, Role, Stance
from ontable.model.source import Source

__all__ = [
    "FIELDS",
    "STANCE_FIELDS",
    "Actor",
    "ActorKind",
    "Case",
    "Issue",
    "IssueOption",
    "Override",
    "OverrideField",
    "OverrideProblem",
    "Party",
    "RedLine",
    "Role",
    "Scenario",
    "Stance",
    "check_override",
    "override_problems",
]


OverrideField = Literal["position", "salience", "capability", "batna", "patience"]


class Override(Strict):
    """One changed input of a scenario: ``party.field`` (or ``party.field`` on ``issue``)."""

    party: Id
    field: OverrideField
    issue: Id | None = None
    value: float

    @model_validator(mode="after")
    def _issue_when_needed(self) -> Override:
        per_issue = self.field in ("position", "salience")
        if per_issue and self.issue is None:
            raise ValueError(f"an override of {self.field} needs an issue")
        if not per_issue and self.issue is not None:
            raise ValueError(f"an override of {self.field} takes no issue")
        upper = 100.0 if self.field in ("position", "salience", "capability") else 1.0
        if not 0 <= self.value <= upper:
            raise ValueError(f"value {self.value:g} is outside 0–{upper:g} for {self.field}")
        return self


FIELDS: tuple[OverrideField, ...] = ("position", "salience", "capability", "batna", "patience")
"""The inputs an override can set."""

STANCE_FIELDS: tuple[OverrideField, ...] = ("position", "salience")
"""The fields that belong to a stance (they need an issue)."""


@dataclass(frozen=True)
class OverrideProblem:
    """What is wrong with an override against a case: the field at fault and the words.

    ``given`` and ``choices`` are set when the field names an id the case does not have.
    """

    field: str
    message: str
    expected: str
    given: str = ""
    choices: tuple[str, ...] = ()


def override_problems(case: Case, override: Override) -> list[OverrideProblem]:
    """Everything wrong with ``override`` for ``case`` (empty when it applies cleanly)."""
    problems: list[OverrideProblem] = []
    if override.party not in case.party_ids:
        problems.append(
            OverrideProblem(
                "party",
                f"unknown party '{override.party}'",
                f"one of the case's party ids: {', '.join(case.party_ids)}",
                override.party,
                case.party_ids,
            )
        )
    if override.issue is not None and override.issue not in case.issue_ids:
        problems.append(
            OverrideProblem(
                "issue",
                f"unknown issue '{override.issue}'",
                f"one of the case's issue ids: {', '.join(case.issue_ids)}",
                override.issue,
                case.issue_ids,
            )
        )
    if (
        not problems
        and override.issue is not None
        and case.stance(override.party, override.issue) is None
    ):
        problems.append(
            OverrideProblem(
                "issue",
                f"'{override.party}' has no stance on '{override.issue}' to change",
                "a party and issue with a stance in the case",
            )
        )
    return problems


def check_override(case: Case, override: Override, *, label: str = "") -> Override:
    """``override`` itself when the case can take it; else :class:`OverrideError`.

    ``label`` (e.g. the text the override was read from) starts the message.
    """
    problems = override_problems(case, override)
    if problems:
        head = f"{label}: " if label else ""
        first = problems[0]
        if first.choices:
            raise OverrideError(head + unknown_id_message(first.field, first.given, first.choices))
        raise OverrideError(head + first.message)
    return override


class Scenario(Strict):
    """A named set of overrides of the case's inputs (a what-if)."""

    id: Id
    description: Text | None = None
    overrides: tuple[Override, ...] = ()


class Case(Strict):
    """One negotiation: its parties, issues, stances, scenarios and documents."""

    format_version: Literal[2] = FORMAT_VERSION
    id: Id
    title: Text
    description: Text | None = None
    main_parties: tuple[Id, Id] | None = Field(
        default=None, description="The two parties a lean index is measured between."
    )
    parties: tuple[Party, ...] = Field(min_length=1)
    actors: tuple[Actor, ...] = ()
    issues: tuple[Issue, ...] = Field(min_length=1)
    stances: tuple[Stance, ...] = ()
    red_lines: tuple[RedLine, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    documents: tuple[Document, ...] = ()
    sources: tuple[Url, ...] = ()
    references: tuple[Source, ...] = Field(
        default=(), description="Each cited page once, with its kind (see ontable.model.source)."
    )
    note: Text | None = None

    @model_serializer(mode="wrap")
    def _version_first(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return with_format_version(handler(self))

    def party(self, party_id: str) -> Party:
        """The party with this id (:class:`~ontable.errors.UnknownIdError` when there is none)."""
        for p in self.parties:
            if p.id == party_id:
                return p
        raise UnknownIdError(
            "party", party_id, (x.id for x in self.parties), where=f"case '{self.id}'"
        )

    def actor(self, actor_id: str) -> Actor:
        """The non-party actor with this id (:class:`~ontable.errors.UnknownIdError` if none)."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise UnknownIdError(
            "actor", actor_id, (x.id for x in self.actors), where=f"case '{self.id}'"
        )

    def red_lines_of(self, party_id: str) -> tuple[RedLine, ...]:
        """The red lines the party has declared."""
        return tuple(r for r in self.red_lines if r.party == party_id)

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id (:class:`~ontable.errors.UnknownIdError` when there is none)."""
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise UnknownIdError(
            "issue", issue_id, (x.id for x in self.issues), where=f"case '{self.id}'"
        )

    def document(self, document_id: str) -> Document:
        """The document with this id (:class:`~ontable.errors.UnknownIdError` when there is none)."""
        for d in self.documents:
            if d.id == document_id:
                return d
        raise UnknownIdError(
            "document", document_id, (x.id for x in self.documents), where=f"case '{self.id}'"
        )

    def stance(self, party_id: str, issue_id: str) -> Stance | None:
        """The party's stance on the issue, or ``None`` when the case has none."""
        for s in self.stances:
            if s.party == party_id and s.issue == issue_id:
                return s
        return None

    def reference(self, url: str) -> Source:
        """The catalogue entry of a cited URL, or an entry of kind ``other`` when unlisted."""
        for r in self.references:
            if r.url == url:
                return r
        return Source(url=url)

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with this id (:class:`~ontable.errors.UnknownIdError` when there is none)."""
        for s in self.scenarios:
            if s.id == scenario_id:
                return s
        raise UnknownIdError(
            "scenario", scenario_id, (x.id for x in self.scenarios), where=f"case '{self.id}'"
        )

    def with_overrides(
        self, overrides: tuple[Override, ...] | list[Override], *, fix: bool = False
    ) -> Case:
        """A copy of the case with each override applied, in order, to its party or stance.

        Each override is checked first (:func:`check_override`: an unknown party or issue,
        or the stance of a party that has none on that issue, raises
        :class:`~ontable.errors.OverrideError`). A range is widened where needed so that it
        contains the new value, or with ``fix`` shrunk to it (a sweep then holds it fixed).
        """
        parties = {p.id: p for p in self.parties}
        stances = {(s.party, s.issue): s for s in self.stances}
        for o in overrides:
            check_override(self, o)
            if o.field in STANCE_FIELDS:
                key = (o.party, str(o.issue))
                stances[key] = stances[key].model_copy(update=_update(stances[key], o, fix))
            else:
                party = parties[o.party]
                parties[o.party] = party.model_copy(update=_update(party, o, fix))
        return self.model_copy(
            update={"parties": tuple(parties.values()), "stances": tuple(stances.values())}
        )

    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parties)

    @property
    def actor_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.actors)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues)


def _update(target: Party | Stance, o: Override, fix: bool) -> dict[str, object]:
    update: dict[str, object] = {o.field: o.value}
    bounds = getattr(target, f"{o.field}_range")
    if fix:
        update[f"{o.field}_range"] = (o.value, o.value)
    elif bounds is not None:
        update[f"{o.field}_range"] = (min(bounds[0], o.value), max(bounds[1], o.value))
    return update
