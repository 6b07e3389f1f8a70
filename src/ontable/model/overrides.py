"""Overrides: one changed input of a case, read one way, checked one way, applied one way.

An :class:`~ontable.model.Override` sets a party's ``capability``, ``batna`` or
``patience``, or its ``position`` or ``salience`` on one issue. The command line, the web
app, a case's scenarios and sweeps all build overrides with :func:`make_override` (the text
form ``party.field[.issue]=value`` through :func:`parse_override`), check them against the
case with :func:`override_problems`, and apply them with :func:`apply_overrides`. An override
naming a party or issue the case does not have, or the stance of a party that has none on
that issue, is an error everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from ontable.errors import InputError, unknown_id_message
from ontable.model.case import Case, Override, OverrideField

FIELDS: tuple[OverrideField, ...] = ("position", "salience", "capability", "batna", "patience")
"""The inputs an override can set."""

STANCE_FIELDS: tuple[OverrideField, ...] = ("position", "salience")
"""The fields that belong to a stance (they need an issue)."""


class OverrideError(InputError, KeyError):
    """An override that cannot be read, or that the case cannot take.

    A ``ValueError`` (a bad value) and a ``KeyError`` (an id the case lacks) at once, so that
    callers written for either keep working.
    """


@dataclass(frozen=True)
class OverrideProblem:
    """What is wrong with an override against a case: the field at fault and the words."""

    field: str
    message: str
    expected: str


def override_problems(case: Case, override: Override) -> list[OverrideProblem]:
    """Everything wrong with ``override`` for ``case`` (empty when it applies cleanly)."""
    problems: list[OverrideProblem] = []
    if override.party not in case.party_ids:
        problems.append(
            OverrideProblem(
                "party",
                f"unknown party '{override.party}'",
                f"one of the case's party ids: {', '.join(case.party_ids)}",
            )
        )
    if override.issue is not None and override.issue not in case.issue_ids:
        problems.append(
            OverrideProblem(
                "issue",
                f"unknown issue '{override.issue}'",
                f"one of the case's issue ids: {', '.join(case.issue_ids)}",
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
        if first.message.startswith(("unknown party", "unknown issue")):
            kind = first.field
            given = override.party if kind == "party" else str(override.issue)
            choices = case.party_ids if kind == "party" else case.issue_ids
            raise OverrideError(head + unknown_id_message(kind, given, choices))
        raise OverrideError(head + first.message)
    return override


def make_override(
    case: Case, party: str, field: str, issue: str | None, value: float, *, label: str = ""
) -> Override:
    """An override of ``party``'s ``field`` (on ``issue``), checked against the case.

    Raises
    ------
    OverrideError
        For an unknown field, party or issue, a missing stance, or a value off its scale.
    """
    head = f"{label}: " if label else ""
    if field not in FIELDS:
        raise OverrideError(f"{head}unknown field {field!r} (expected one of: {', '.join(FIELDS)})")
    try:
        override = Override(party=party, field=field, issue=issue, value=value)
    except ValidationError as exc:
        reason = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise OverrideError(f"{head}{reason}") from None
    return check_override(case, override, label=label)


def parse_override(text: str, case: Case) -> Override:
    """Read an override written ``party.field=value`` or ``party.field.issue=value``.

    Party and issue ids may themselves contain dots; the field name splits them.

    >>> from ontable import load_case
    >>> parse_override("russia.batna=0.2", load_case("ukraine-2025")).value
    0.2

    Raises
    ------
    OverrideError
        (a ``ValueError``) naming what is wrong: the form, an unknown party, field or issue,
        a missing stance, or a value off its scale.
    """
    label = repr(text)
    target, sep, raw_value = text.partition("=")
    if not sep:
        raise OverrideError(f"{label}: expected party.field[.issue]=value")
    try:
        value = float(raw_value)
    except ValueError:
        raise OverrideError(f"{label}: {raw_value.strip()!r} is not a number") from None
    parts = target.strip().split(".")
    for i, part in enumerate(parts):
        if part not in FIELDS or i == 0:
            continue
        party, issue = ".".join(parts[:i]), ".".join(parts[i + 1 :]) or None
        return make_override(case, party, part, issue, value, label=label)
    raise OverrideError(
        f"{label}: expected party.field[.issue]=value with field one of: {', '.join(FIELDS)}"
    )


def format_override(override: Override) -> str:
    """The text form of an override (what :func:`parse_override` reads)."""
    issue = f".{override.issue}" if override.issue is not None else ""
    return f"{override.party}.{override.field}{issue}={override.value:g}"


def apply_overrides(case: Case, overrides: Iterable[Override], *, fix: bool = False) -> Case:
    """A copy of the case with each override applied, in order, to its party or stance.

    Parameters
    ----------
    case
        The case.
    overrides
        The overrides; each is checked first (:class:`OverrideError` names one the case
        cannot take, e.g. the stance of a party that has none on that issue).
    fix
        When True, an overridden input's range shrinks to its new value (a sweep then holds
        it fixed); otherwise a range is widened where needed so that it contains the value.
    """
    parties = {p.id: p for p in case.parties}
    stances = {(s.party, s.issue): s for s in case.stances}
    for o in overrides:
        check_override(case, o)
        if o.field in STANCE_FIELDS:
            key = (o.party, str(o.issue))
            stances[key] = stances[key].model_copy(update=_update(stances[key], o, fix))
        else:
            parties[o.party] = parties[o.party].model_copy(update=_update(parties[o.party], o, fix))
    return case.model_copy(
        update={"parties": tuple(parties.values()), "stances": tuple(stances.values())}
    )


def _update(target: object, o: Override, fix: bool) -> dict[str, object]:
    update: dict[str, object] = {o.field: o.value}
    bounds = getattr(target, f"{o.field}_range")
    if fix:
        update[f"{o.field}_range"] = (o.value, o.value)
    elif bounds is not None:
        update[f"{o.field}_range"] = (min(bounds[0], o.value), max(bounds[1], o.value))
    return update
