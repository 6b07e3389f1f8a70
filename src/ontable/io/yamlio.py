"""Reading and writing YAML 1.2 (and JSON) with line numbers, safely and atomically.

ruamel.yaml's round-trip loader keeps each key's line and the file's comments. It builds only
plain mappings, sequences and scalars (no arbitrary objects), and follows YAML 1.2, where the
country code ``NO`` stays a string. :func:`read_yaml` reads a file that is only read (a case
being loaded) with libyaml's C parser instead: the same data and lines, many times faster.
ruamel.yaml is imported when first needed.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ontable.io.errors import CaseError, OutputError
from ontable.io.yamlread import DateText, LineList, LineMap, read_fast

if TYPE_CHECKING:
    from ruamel.yaml import YAML

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest case or document file read (10 MiB); a larger file is refused, not parsed."""

MAX_NODES = 1_000_000
"""Most values (mappings, lists and scalars) a file may hold once its YAML aliases are
expanded; a file beyond it (such as an "alias bomb", where a 1 KB file expands to 10^9
values) is refused before anything walks it."""


@cache
def _constructor() -> Any:
    """ruamel's round-trip constructor, reading timestamps as text (so that dates are checked,
    and located, by the model)."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class _Constructor(RoundTripConstructor):
        def construct_date_text(self, node: Any) -> DateText:
            return DateText(self.construct_scalar(node))

    _Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_date_text)
    return _Constructor


def _represent_date_text(representer: Any, data: DateText) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", str(data))


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.Constructor = _constructor()
    y.representer.add_representer(DateText, _represent_date_text)
    y.allow_duplicate_keys = False
    y.preserve_quotes = True
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def yaml_loader() -> YAML:
    """The round-trip YAML reader and writer ontable uses (dates kept as text)."""
    return _yaml()


def read_text(path: Path, *, limit: int = MAX_FILE_BYTES, what: str = "a YAML or JSON file") -> str:
    """The file's text, refusing empty, oversized and binary files with a clear error.

    Only regular files are read: a device (``/dev/zero``), a FIFO or a socket, even behind a
    symbolic link, is refused without reading from it, and never more than ``limit`` bytes are
    read whatever size the file reports.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise CaseError.single(path, f"cannot read the file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise CaseError.single(path, "this is a folder, not a file", expected=what)
        if not stat.S_ISREG(info.st_mode):
            raise CaseError.single(
                path, "not a regular file (a device, FIFO or socket)", expected=what
            )
        if info.st_size > limit:
            raise CaseError.single(
                path,
                f"the file is {info.st_size / 1e6:.1f} MB, larger than the {limit / 1e6:.0f} MB limit",
                expected=what,
            )
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise CaseError.single(path, f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise CaseError.single(
            path, f"the file is larger than the {limit / 1e6:.0f} MB limit", expected=what
        )
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


def expanded_size(data: Any, limit: int = MAX_NODES) -> int:
    """How many values ``data`` holds with every shared (aliased) node counted each time it is
    used; stops with ``ValueError`` as soon as the count passes ``limit`` or a node contains
    itself. Linear in the number of distinct nodes, whatever the expansion."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def walk(node: Any) -> int:
        if not isinstance(node, dict | list):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ValueError("a YAML alias refers to a node that contains it")
        active.add(key)
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += walk(child)
            if total > limit:
                raise ValueError(
                    f"the file expands to more than {limit:,} values (YAML aliases repeat "
                    "nodes); write the values out or use fewer aliases"
                )
        active.discard(key)
        sizes[key] = total
        return total

    return walk(data)


def load_yaml(path: Path) -> Any:
    """Parse a YAML or JSON file into ruamel's commented containers (which keep line numbers)."""
    return _load_ruamel(path, read_text(path))


def _load_ruamel(path: Path, text: str) -> Any:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

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
    except (ValueError, TypeError, OverflowError, IndexError) as exc:  # IndexError: "-_"
        raise CaseError.single(path, f"YAML value cannot be read: {exc}") from None
    try:
        expanded_size(data)
    except ValueError as exc:
        raise CaseError.single(path, str(exc), expected="a case file of ordinary size") from None
    except RecursionError:
        raise CaseError.single(path, "the file nests too deeply") from None
    if not isinstance(data, CommentedMap):
        kind = "empty" if data is None else type(data).__name__
        raise CaseError.single(
            path, f"the top level is {kind}", line=1, expected="a mapping of fields"
        )
    return data


def read_yaml(path: Path) -> Any:
    """Parse a YAML or JSON file that is only read: the data of :func:`load_yaml`, with lines.

    The file is parsed by libyaml's C parser (PyYAML) into :class:`LineMap` and
    :class:`LineList` containers, with the plain scalars resolved by YAML 1.2's rules as
    ruamel resolves them (so ``NO`` stays text and dates are read as text). What this reader
    does not treat exactly as ruamel does (any syntax error, a duplicate key, a merge key, an
    explicit tag other than ``!!str``, ``!!map`` or ``!!seq``, a ``%YAML`` directive, a number
    written in a rarer form such as ``1_000`` or ``0x1F``, deep nesting, a top level that is
    not a mapping, a file without libyaml) is read by :func:`load_yaml` instead, so the data,
    the lines and the error messages are always ruamel's. Comments are not kept: a file to
    be written back is read with :func:`load_yaml`.
    """
    text = read_text(path)
    data = read_fast(text)
    if data is None:
        return _load_ruamel(path, text)
    try:
        expanded_size(data)
    except (ValueError, RecursionError):
        return _load_ruamel(path, text)  # the same checks, with ruamel's wording
    return data


def line_of(data: Any, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the deepest node of ``loc`` found in ``data`` (None if unknown).

    ``data`` is what :func:`read_yaml` or :func:`load_yaml` returned."""
    commented = _ruamel_containers()
    node = data
    line: int | None = None
    for key in loc:
        try:
            if isinstance(node, LineMap) and key in node:
                line = node.key_lines[key] + 1
                node = node[key]
            elif isinstance(node, LineList) and isinstance(key, int) and 0 <= key < len(node):
                line = node.item_lines[key] + 1
                node = node[key]
            elif commented and isinstance(node, commented[0]) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif (
                commented
                and isinstance(node, commented[1])
                and isinstance(key, int)
                and 0 <= key < len(node)
            ):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if line is None:
        if isinstance(data, LineMap | LineList):
            line = data.line + 1
        elif commented and isinstance(data, commented):
            line = data.lc.line + 1
    return line


def _ruamel_containers() -> tuple[Any, Any] | None:
    """ruamel's CommentedMap and CommentedSeq if ruamel is loaded (else no data holds them)."""
    module = sys.modules.get("ruamel.yaml.comments")
    return None if module is None else (module.CommentedMap, module.CommentedSeq)


def to_plain(data: Any) -> Any:
    """ruamel containers → plain dicts, lists and scalars (what pydantic validates)."""
    if isinstance(data, dict):
        return {str(k) if not isinstance(k, str) else k: to_plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [to_plain(v) for v in data]
    if isinstance(data, str):
        return str(data)
    return data


def dump_yaml_text(data: Any, *, width: int | None = None) -> str:
    """YAML text of ``data`` (plain or ruamel containers; comments of the latter are kept).

    ``width`` is where long lines are wrapped (default 100; a large one keeps lines whole).
    """
    buf = io.StringIO()
    y = _yaml()
    if width is not None:
        y.width = width
    y.dump(data, buf)
    return buf.getvalue()


def output_target(path: Path) -> Path:
    """The file that writing to ``path`` replaces, after checking it may be written.

    The policy every output of ontable follows (``-o``, case folders, web edits):

    - a new file is created, with its missing parent folders;
    - an existing regular file is replaced atomically (its permission bits are kept);
    - a symbolic link is followed on purpose: the file it points to is replaced and the link
      stays a link (a dangling link creates its target);
    - anything else (a device such as ``/dev/full``, a FIFO, a socket, a folder) is refused with
      an :class:`OutputError`; it is never replaced by a plain file.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError.single(path, f"cannot write here: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError.single(path, "this is a folder", expected="a file name to write")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError.single(
            path,
            "not a regular file (a device, FIFO or socket); refusing to replace it",
            expected="a regular file or a new file name",
        )
    return target


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that a reader sees the old file or the new, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, and replace the
    target with one ``os.replace``. Which targets are written (and how symbolic links are
    followed) is :func:`output_target`'s policy; a failure is an :class:`OutputError` naming
    the path and the reason, never a half-written file.
    """
    target = output_target(Path(path))
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = target.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError.single(path, f"cannot write the file: {reason}") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) through :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"))
