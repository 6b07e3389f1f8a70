"""Input and output: case files ⇄ the case model, schemas, imports and exports.

The names are loaded on first use (PEP 562), so that importing a light part of the package
(say :mod:`ontable.io.errors`) does not load the case model and its validation library.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ontable.io.errors import CaseError, OutputError, Problem
    from ontable.io.load import (
        builtin_cases,
        case_digest,
        dump_case,
        load_case,
        resolve_case_path,
    )
    from ontable.io.yamlio import atomic_write_bytes, atomic_write_text

_WHERE = {
    "CaseError": "ontable.io.errors",
    "OutputError": "ontable.io.errors",
    "Problem": "ontable.io.errors",
    "atomic_write_bytes": "ontable.io.yamlio",
    "atomic_write_text": "ontable.io.yamlio",
    "builtin_cases": "ontable.io.load",
    "case_digest": "ontable.io.load",
    "dump_case": "ontable.io.load",
    "load_case": "ontable.io.load",
    "resolve_case_path": "ontable.io.load",
}

__all__ = [
    "CaseError",
    "OutputError",
    "Problem",
    "atomic_write_bytes",
    "atomic_write_text",
    "builtin_cases",
    "case_digest",
    "dump_case",
    "load_case",
    "resolve_case_path",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ontable.io' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
