"""Helpers for tests that walk data read from YAML."""

from __future__ import annotations

from typing import Any


def tree_paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in nested dicts and lists, as the keys and indexes leading to it (the
    root, ``()``, first)."""
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += tree_paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += tree_paths(v, (*prefix, i))
    return out
