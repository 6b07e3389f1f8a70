"""Reading YAML fast: libyaml's C parser (PyYAML) into containers that keep each node's line.

:func:`read_fast` gives the data ruamel.yaml's round-trip loader gives for a file (YAML 1.2:
``NO`` stays text, dates are read as text), with the line of every key and item, or None for
whatever it does not read exactly as ruamel does, which :func:`ontable.io.yamlio.read_yaml` then
hands to ruamel. PyYAML is imported when first used.
"""

from __future__ import annotations

import re
from typing import Any


class DateText(str):
    """A date (or timestamp) read as text; written back unquoted, as it was."""


class LineMap(dict[Any, Any]):
    """A mapping read by :func:`read_fast`: ``line`` is where it starts and ``key_lines`` the
    line of each key (0-based, as in ruamel's containers)."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}


class LineList(list[Any]):
    """A sequence read by :func:`read_fast`: ``line`` is where it starts and ``item_lines`` the
    line of each item (0-based)."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


_PLAIN_SPECIAL = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_SIMPLE_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_SIMPLE_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER_LIKE = re.compile(
    r"[-+]?(?:0[xX][0-9a-fA-F_]*|0[oObB][0-9_]*|[0-9_.]+(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF))"
    r"|\.(?:nan|NaN|NAN)"
)
"""Every number of YAML 1.2 as ruamel reads it (``0x1F``, ``0o17``, ``1_000``, ``1e3``, ``.5``,
``.inf``, ...), and more: what matches is left to ruamel unless it is a simple number."""
_TIMESTAMP_LIKE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t].*)?", re.DOTALL)
"""Every timestamp of YAML 1.2, and more."""
_MAX_DEPTH = 100
"""Deeper files go to ruamel (which refuses what Python's recursion cannot walk)."""
_UNSURE = object()
"""A plain scalar the fast reader leaves to ruamel."""


def _plain(value: str) -> Any:
    """A plain (unquoted) scalar by YAML 1.2's core rules, or ``_UNSURE``.

    Text, null, booleans, whole numbers and decimals written the usual way, and dates; any
    other scalar starting like a number (``.5``, ``1e3``, ``0x1F``, ``1_000``, ``+.inf``,
    ``12:30``, ``2025-01-01 10:00``, ``007``) or the keys ``<<`` and ``=`` are left to ruamel.
    """
    if value in _PLAIN_SPECIAL:
        return _PLAIN_SPECIAL[value]
    if value[0] in "-+.0123456789":
        if _SIMPLE_INT.fullmatch(value):
            return int(value)
        if _SIMPLE_FLOAT.fullmatch(value):
            return float(value)
        if _DATE.fullmatch(value):
            return DateText(value)
        if _NUMBER_LIKE.fullmatch(value) or _TIMESTAMP_LIKE.fullmatch(value):
            return _UNSURE
        return value
    if value in ("<<", "="):
        return _UNSURE
    return value


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_LINE_BREAKS_1_1 = re.compile("[\x85\u2028\u2029]|^%", re.MULTILINE)
"""Characters YAML 1.1 (libyaml) and 1.2 (ruamel) read differently, and directives."""


def read_fast(text: str) -> Any:
    """The data of ``text`` in line-keeping containers, or None to read it with ruamel
    (:func:`ontable.io.yamlio.read_yaml` does both)."""
    if _LINE_BREAKS_1_1.search(text):
        return None
    try:
        import yaml
        from yaml.cyaml import CParser
    except ImportError:
        return None
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    try:
        parser = CParser(text)
    except (yaml.YAMLError, ValueError, TypeError):
        return None
    try:
        return _compose(parser)
    except (yaml.YAMLError, ValueError, OverflowError):
        return None  # ruamel reads it again and words the error
    finally:
        parser.dispose()


def _compose(parser: Any) -> Any:
    """Build the single document's data from the parser's events (None: leave it to ruamel).

    An explicit stack, not recursion, so nesting costs no Python frames; anchors map to the
    object built for them, so an alias shares it (as in ruamel).
    """
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    anchors: dict[str, Any] = {}
    done: set[int] = set()
    stack: list[Any] = []  # open containers
    keys: list[Any] = []  # for each open mapping, the key waiting for its value (or _UNSURE)
    root: Any = _UNSURE
    documents = 0
    while True:
        event = parser.get_event()
        kind = type(event)
        line = event.start_mark.line
        if kind is ScalarEvent:
            if event.tag is None:
                value = _plain(event.value) if event.implicit[0] else event.value
            elif event.tag == _STR:
                value = event.value
            else:
                return None
            if value is _UNSURE:
                return None
            node = value
        elif kind is AliasEvent:
            node = anchors.get(event.anchor, _UNSURE)
            if node is _UNSURE or (isinstance(node, LineMap | LineList) and id(node) not in done):
                return None  # unknown, or an alias inside its own anchor
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag not in (None, _MAP if kind is MappingStartEvent else _SEQ):
                return None
            if len(stack) >= _MAX_DEPTH:
                return None
            node = LineMap(line) if kind is MappingStartEvent else LineList(line)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            done.add(id(stack.pop()))
            if kind is MappingEndEvent:
                keys.pop()
            continue
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                return None
            continue
        elif kind is StreamEndEvent:
            break
        else:  # stream start, document end
            continue

        anchor = getattr(event, "anchor", None)
        if anchor is not None and kind is not AliasEvent:
            if anchor in anchors:
                return None
            anchors[anchor] = node
        if not stack:
            root = node
        else:
            parent = stack[-1]
            if isinstance(parent, LineList):
                parent.append(node)
                parent.item_lines.append(line)
            elif keys[-1] is _UNSURE:
                if isinstance(node, LineMap | LineList) or node in parent:
                    return None  # a complex key, or a duplicate (ruamel words the error)
                keys[-1] = node
                parent.key_lines[node] = line
            else:
                parent[keys[-1]] = node
                keys[-1] = _UNSURE
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            stack.append(node)
            if kind is MappingStartEvent:
                keys.append(_UNSURE)
    if documents != 1 or root is _UNSURE:
        return None
    return root if isinstance(root, LineMap) else None
