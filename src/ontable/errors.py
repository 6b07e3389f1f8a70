"""Domain errors a user can meet, with one message format.

Every error ontable raises on purpose for bad input derives from :class:`OntableError`.
:class:`UnknownIdError` is also a ``KeyError`` (and :class:`InputError` a ``ValueError``), so
code written to catch the built-in types keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_CHOICES_SHOWN = 20
"""How many known ids an :class:`UnknownIdError` message lists before it abbreviates."""


class OntableError(Exception):
    """The base of every domain error ontable raises."""

    def __str__(self) -> str:
        # KeyError's own str() quotes its argument; a message reads better plain.
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class InputError(OntableError, ValueError):
    """A value the user gave cannot be used (e.g. an override outside its scale)."""


class OverrideError(InputError, KeyError):
    """An override that cannot be read, or that the case cannot take.

    A ``ValueError`` (a bad value) and a ``KeyError`` (an id the case lacks) at once, so that
    callers written for either keep working.
    """


class UnknownIdError(OntableError, KeyError):
    """An id that names nothing of its kind, with the ids that would have.

    >>> str(UnknownIdError("party", "narnia", ["russia", "ukraine"]))
    "unknown party 'narnia' (expected one of: russia, ukraine)"

    Parameters
    ----------
    kind
        What the id should name (``party``, ``issue``, ``document``, ``model`` …).
    id
        The id given.
    choices
        The ids that exist.
    where
        Where it was looked up (e.g. ``case 'ukraine-2025'``), if that helps.
    """

    def __init__(self, kind: str, id: str, choices: Iterable[str], *, where: str = "") -> None:
        self.kind = kind
        self.id = id
        self.choices = tuple(choices)
        self.where = where
        super().__init__(unknown_id_message(kind, id, self.choices, where=where))


def unknown_id_message(kind: str, id: str, choices: Iterable[str], *, where: str = "") -> str:
    """The one wording of "this id names nothing": ``unknown KIND 'ID' (expected one of: …)``."""
    shown = list(choices)
    listed = ", ".join(shown[:MAX_CHOICES_SHOWN]) + (
        ", …" if len(shown) > MAX_CHOICES_SHOWN else ""
    )
    place = f" in {where}" if where else ""
    expected = f"expected one of: {listed}" if shown else f"there is no {kind} to choose from"
    return f"unknown {kind} {id!r}{place} ({expected})"
