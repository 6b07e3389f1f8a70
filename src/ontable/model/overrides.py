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

from pydantic import ValidationError

from ontable.errors import OverrideError
from ontable.model.case import (
    FIELDS,
    Case,
    Override,
    OverrideProblem,
    check_override,
    override_problems,
)

__all__ = [
    "FIELDS",
    "Override",
    "OverrideError",
    "OverrideProblem",
    "apply_overrides",
    "check_override",
    "format_override",
    "make_override",
    "override_problems",
    "parse_override",
]


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
    return case.with_overrides(tuple(overrides), fix=fix)
