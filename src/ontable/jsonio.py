"""The one JSON encoder of ontable: strict JSON, never ``NaN`` or ``Infinity``.

Python's ``json`` writes ``NaN``, ``Infinity`` and ``-Infinity`` for non-finite floats, which no
JSON parser has to accept. Every JSON ontable writes (``--json`` of the CLI, the web API, the
run store, schemas) goes through :func:`dumps`, which writes a non-finite number as ``null``
and turns numpy scalars and arrays, tuples, sets and dates into their JSON equivalents.
"""

from __future__ import annotations

import json
import math
from typing import Any


def plain(value: Any) -> Any:
    """``value`` as plain JSON data: dicts, lists, strings, finite numbers, booleans, None."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [plain(v) for v in items]
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return plain(tolist())
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump):
        return plain(model_dump(mode="json"))
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(
    value: Any,
    *,
    indent: int | None = None,
    sort_keys: bool = False,
    compact: bool = False,
) -> str:
    """Strict JSON text of ``value`` (non-finite numbers become ``null``; UTF-8 kept as is)."""
    separators = (",", ":") if compact else None
    return json.dumps(
        plain(value),
        indent=indent,
        sort_keys=sort_keys,
        ensure_ascii=False,
        allow_nan=False,
        separators=separators,
    )


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number (numbers must be finite)")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is beyond the range of a number (about ±1.8e308)")
    return number


def loads(text: str | bytes) -> Any:
    """Parse strict JSON: ``NaN``, ``Infinity`` and numbers that overflow to infinity are
    refused with ``ValueError`` (Python's ``json`` would accept them)."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
