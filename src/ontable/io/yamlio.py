"""Reading and writing YAML 1.2 (and JSON) with line numbers, safely and atomically.

ruamel.yaml's round-trip loader keeps each key's line and the file's comments. It builds only
plain mappings, sequences and scalars (no arbitrary objects), and follows YAML 1.2, where the
country code ``NO`` stays a string.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ontable.io.errors import CaseError

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest case or document file read (10 MiB); a larger file is refused, not parsed."""


class DateText(str):
    """A date (or timestamp) read as text; written back unquoted, as it was."""


class _Constructor(RoundTripConstructor):
    """Reads timestamps as text, so that dates are checked (and located) by the model."""

    def construct_date_text(self, node: Any) -> DateText:
        return DateText(self.construct_scalar(node))


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_date_text)


def _represent_date_text(representer: Any, data: DateText) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", str(data))


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Constructor = _Constructor
    y.representer.add_representer(DateText, _represent_date_text)
    y.allow_duplicate_keys = False
    y.preserve_quotes = True
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def read_text(path: Path, *, limit: int = MAX_FILE_BYTES, what: str = "a YAML or JSON file") -> str:
    """The file's text, refusing empty, oversized and binary files with a clear error."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CaseError.single(path, f"cannot read the file: {exc.strerror}") from None
    if size > limit:
        raise CaseError.single(
            path,
            f"the file is {size / 1e6:.1f} MB, larger than the {limit / 1e6:.0f} MB limit",
            expected=what,
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseError.single(path, f"cannot read the file: {exc.strerror}") from None
    if b"\x00" in raw[:8192]:
        raise CaseError.single(path, "the file is binary", expected=what)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseError.single(
            path, "the file is not UTF-8 text", line=line, expected=what
        ) from None
    if not text.strip():
        raise CaseError.single(path, "the file is empty", expected=what)
    return text


def load_yaml(path: Path) -> Any:
    """Parse a YAML or JSON file into ruamel's commented containers (which keep line numbers)."""
    text = read_text(path)
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise CaseError.single(path, f"YAML syntax error: {problem}", line=line) from None
    except YAMLError as exc:
        raise CaseError.single(path, f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise CaseError.single(path, "the file nests too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise CaseError.single(path, f"YAML value cannot be read: {exc}") from None
    if not isinstance(data, CommentedMap):
        kind = "empty" if data is None else type(data).__name__
        raise CaseError.single(
            path, f"the top level is {kind}", line=1, expected="a mapping of fields"
        )
    return data


def line_of(data: Any, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the deepest node of ``loc`` found in ``data`` (None if unknown)."""
    node = data
    line: int | None = None
    for key in loc:
        try:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if line is None and isinstance(data, CommentedMap | CommentedSeq):
        line = data.lc.line + 1
    return line


def to_plain(data: Any) -> Any:
    """ruamel containers → plain dicts, lists and scalars (what pydantic validates)."""
    if isinstance(data, dict):
        return {str(k) if not isinstance(k, str) else k: to_plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [to_plain(v) for v in data]
    if isinstance(data, str):
        return str(data)
    return data


def dump_yaml_text(data: Any, *, width: int = 100) -> str:
    """YAML text of ``data`` (plain or ruamel containers; comments of the latter are kept).

    ``width`` is where long lines are folded (a large value keeps a file's lines as they are).
    """
    buf = io.StringIO()
    y = _yaml()
    y.width = width
    y.dump(data, buf)
    return buf.getvalue()


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new, never half.

    The text goes to a temporary file in the same folder, is flushed to disk, and replaces the
    target with one ``os.replace``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
