"""The cases a web app serves, and the edits it makes to their files.

Edits go through ruamel's round-trip loader, so comments and layout of the YAML are kept; the
changed data is validated by the same models as ``ontable validate`` before anything is
written, and files are replaced atomically. Built-in cases are served read-only.
"""

from __future__ import annotations

import copy
import itertools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ontable.io import CaseError, builtin_cases, load_case, resolve_case_path
from ontable.io.load import CASE_FILES, field_path
from ontable.io.yamlio import (
    atomic_write_text,
    dump_yaml_text,
    load_yaml,
    to_plain,
    yaml_loader,
)
from ontable.model import Case, Document, Scenario, find_reference_problems

MAX_TEXT = 5000
"""Longest text a web edit may write into a field (characters); case files hold one-line
rationales and short summaries, not documents."""
MAX_ITEMS = 200
"""Most entries a web edit may write into one list (sources, overrides)."""


def check_sizes(fields: dict[str, Any]) -> None:
    """Refuse over-long text and over-long lists in an edit, naming each field."""
    errors: dict[str, str] = {}

    def walk(name: str, value: Any) -> None:
        if isinstance(value, str) and len(value) > MAX_TEXT:
            errors[name] = f"{len(value):,} characters; at most {MAX_TEXT:,}"
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(f"{name}.{key}", item)
        elif isinstance(value, list | tuple):
            if len(value) > MAX_ITEMS:
                errors[name] = f"{len(value):,} entries; at most {MAX_ITEMS:,}"
            for i, item in enumerate(value[:MAX_ITEMS]):
                walk(f"{name}[{i}]", item)

    for key, value in fields.items():
        walk(key, value)
    if errors:
        raise EditError(errors)


class EditError(Exception):
    """An edit that would make the case invalid: field name → message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class ReadOnlyError(Exception):
    """The case cannot be edited (a built-in case, or a JSON file)."""


@dataclass(frozen=True)
class ServedCase:
    """One case the app serves: its id in URLs, its case file and whether edits are allowed."""

    id: str
    case_file: Path
    writable: bool


def _flow(values: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


class Workspace:
    """The served cases, loaded on demand and reloaded when their files change."""

    def __init__(self, target: str | Path | None = None):
        self._cases: dict[str, ServedCase] = {}
        self._cache: dict[str, tuple[tuple[tuple[str, float], ...], Case]] = {}
        self._lock = threading.RLock()
        for served in _discover(target):
            self._cases.setdefault(served.id, served)

    @property
    def ids(self) -> list[str]:
        return list(self._cases)

    def served(self, case_id: str) -> ServedCase:
        """The served case with this id (``KeyError`` when there is none)."""
        return self._cases[case_id]

    def _stamp(self, served: ServedCase) -> tuple[tuple[str, float], ...]:
        files = [served.case_file]
        docs = served.case_file.parent / "documents"
        if docs.is_dir():
            files += sorted(docs.iterdir())
        return tuple((str(f), f.stat().st_mtime) for f in files if f.is_file())

    def load(self, case_id: str) -> Case:
        """The case, from cache while its files are unchanged (``CaseError`` if invalid)."""
        served = self.served(case_id)
        with self._lock:
            stamp = self._stamp(served)
            hit = self._cache.get(case_id)
            if hit is not None and hit[0] == stamp:
                return hit[1]
            case = load_case(served.case_file)
            self._cache[case_id] = (stamp, case)
            return case

    # --- edits -----------------------------------------------------------------------------

    def _writable(self, case_id: str) -> ServedCase:
        served = self.served(case_id)
        if not served.writable:
            raise ReadOnlyError(
                f"'{case_id}' is read-only here (built-in or JSON); copy it to a folder to edit it"
            )
        return served

    def _check_and_write(
        self,
        served: ServedCase,
        path: Path,
        data: CommentedMap,
        base: tuple[str | int, ...],
        text: str | None = None,
    ) -> Case:
        """Validate the case as it would be with ``data`` written to ``path``; then write it.

        ``text`` is the file's new text with only the edited lines changed (see
        :func:`splice_fields`); it is written when it reads back as ``data``, else the whole
        file is written out from ``data``.
        """
        current = self.load(served.id)
        plain = to_plain(data)
        errors: dict[str, str] = {}
        try:
            if path == served.case_file:
                plain["documents"] = []
                head = Case.model_validate(plain)
                candidate = head.model_copy(update={"documents": current.documents})
            else:
                doc = Document.model_validate(plain)
                docs = tuple(doc if d.id == doc.id else d for d in current.documents)
                candidate = current.model_copy(update={"documents": docs})
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                key = field_path(loc[len(base) :]) if loc[: len(base)] == base else field_path(loc)
                errors[key or "form"] = str(err["msg"])
            raise EditError(errors) from None
        for ref in find_reference_problems(candidate):
            errors[field_path(ref.loc)] = f"{ref.message} (expected {ref.expected})"
        if errors:
            raise EditError(errors)
        with self._lock:
            old = path.read_text(encoding="utf-8")
            if text is None or not _reads_as(text, data):
                text = dump_yaml_text(data)
            atomic_write_text(path, text)
            try:
                return self.load(served.id)
            except CaseError as exc:  # pragma: no cover - a write that validates must load
                atomic_write_text(path, old)
                raise EditError({"form": str(exc)}) from None

    def update_stance(self, case_id: str, party: str, issue: str, fields: dict[str, Any]) -> Case:
        """Set fields of one stance (``None`` removes an optional field)."""
        served = self._writable(case_id)
        check_sizes(fields)
        with self._lock:
            data = load_yaml(served.case_file)
            stances = data.get("stances") or []
            for i, node in enumerate(stances):
                if node.get("party") == party and node.get("issue") == issue:
                    text = splice_fields(
                        served.case_file.read_text(encoding="utf-8"), data, "stances", i, fields
                    )
                    _apply(node, fields)
                    return self._check_and_write(
                        served, served.case_file, data, ("stances", i), text
                    )
        raise KeyError(f"no stance of {party!r} on {issue!r}")

    def update_provision(
        self, case_id: str, document_id: str, provision_id: str, fields: dict[str, Any]
    ) -> Case:
        """Set fields of one provision of a document held in its own file."""
        served = self._writable(case_id)
        check_sizes(fields)
        path = _document_file(served, document_id)
        with self._lock:
            data = load_yaml(path)
            for j, node in enumerate(data.get("provisions") or []):
                if str(node.get("id")) == provision_id:
                    text = splice_fields(
                        path.read_text(encoding="utf-8"), data, "provisions", j, fields
                    )
                    _apply(node, fields)
                    return self._check_and_write(served, path, data, ("provisions", j), text)
        raise KeyError(f"no provision {provision_id!r} in {document_id!r}")

    def save_scenario(self, case_id: str, scenario: Scenario) -> Case:
        """Add (or replace) a named scenario in the case file."""
        served = self._writable(case_id)
        check_sizes(scenario.model_dump(mode="json"))
        with self._lock:
            data = load_yaml(served.case_file)
            scenarios = data.get("scenarios")
            if not isinstance(scenarios, list):
                scenarios = CommentedSeq()
                data["scenarios"] = scenarios
            entry = CommentedMap(scenario.model_dump(mode="json", exclude_defaults=True))
            entry["overrides"] = CommentedSeq([CommentedMap(o) for o in entry.get("overrides", [])])
            for o in entry["overrides"]:
                o.fa.set_flow_style()
            index = next((i for i, s in enumerate(scenarios) if s.get("id") == scenario.id), None)
            if index is None:
                scenarios.append(entry)
                index = len(scenarios) - 1
            else:
                scenarios[index] = entry
            return self._check_and_write(served, served.case_file, data, ("scenarios", index))


def _reads_as(text: str, data: Any) -> bool:
    """Whether YAML ``text`` holds exactly the values of ``data``."""
    try:
        parsed = yaml_loader().load(text)
    except Exception:
        return False
    return bool(to_plain(parsed) == to_plain(data))


def _fragment(key: str, value: Any, first: str, indent: int) -> list[str]:
    """The lines of ``key: value`` at ``indent`` columns (the first line led by ``first``)."""
    node = CommentedMap()
    node[key] = _flow(list(value)) if isinstance(value, tuple | list) else value
    lines = dump_yaml_text(node).splitlines(keepends=True)
    return [first + lines[0], *(" " * indent + line for line in lines[1:])]


def splice_fields(
    text: str, data: CommentedMap, list_key: str, index: int, fields: dict[str, Any]
) -> str | None:
    """``text`` with only the lines of the edited keys of ``data[list_key][index]`` replaced.

    Every other byte of the file (comments, wrapping, quoting, dates) stays as it was. Returns
    None when the entry's layout does not allow it (a flow-style entry, keys sharing a line,
    an edit of its first key); the caller then writes the whole file out.
    """
    lines = text.splitlines(keepends=True)
    seq = data.get(list_key)
    node = seq[index] if isinstance(seq, list) and index < len(seq) else None
    if not isinstance(node, CommentedMap) or not node:
        return None
    if node.fa.flow_style():
        return _splice_flow(lines, data, seq, index, fields)
    pos = {k: tuple(node.lc.key(k)) for k in node}
    order = sorted(node, key=lambda k: pos[k][0])
    col = pos[order[0]][1]
    if len({p[0] for p in pos.values()}) != len(pos) or any(p[1] != col for p in pos.values()):
        return None
    if order[0] in fields:
        return None
    # Where the entry ends: the next entry, else the next top-level key, else the file's end.
    if index + 1 < len(seq):
        end = seq.lc.item(index + 1)[0]
    else:
        after = [data.lc.key(k)[0] for k in data if data.lc.key(k)[0] > pos[order[-1]][0]]
        end = min(after, default=len(lines))

    def span(key: Any) -> tuple[int, int]:
        i = order.index(key)
        start = pos[key][0]
        stop = pos[order[i + 1]][0] if i + 1 < len(order) else end
        while stop - 1 > start and (
            not lines[stop - 1].strip() or lines[stop - 1].lstrip().startswith("#")
        ):
            stop -= 1
        return start, stop

    edits: list[tuple[int, int, list[str]]] = []
    for key, value in fields.items():
        same = list(value) if isinstance(value, tuple) else value
        if key in pos and to_plain(node[key]) == to_plain(same):
            continue  # unchanged: its lines stay as they are
        if key in pos:
            start, stop = span(key)
            new = [] if value is None else _fragment(key, value, lines[start][:col], col)
            edits.append((start, stop, new))
        elif value is not None:
            stop = span(order[-1])[1]
            edits.append((stop, stop, _fragment(key, value, " " * col, col)))
    if stop_overlap(edits):
        return None
    for start, stop, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[start:stop] = new
    return "".join(lines)


def _entry_end(lines: list[str], data: CommentedMap, seq: Any, index: int, after: int) -> int:
    """The line after entry ``index`` of ``seq`` (trailing blank and comment lines excluded)."""
    if index + 1 < len(seq):
        end = int(seq.lc.item(index + 1)[0])
    else:
        later = [data.lc.key(k)[0] for k in data if data.lc.key(k)[0] > after]
        end = min(later, default=len(lines))
    while end - 1 > after and (not lines[end - 1].strip() or lines[end - 1].lstrip()[:1] == "#"):
        end -= 1
    return end


def _splice_flow(
    lines: list[str], data: CommentedMap, seq: Any, index: int, fields: dict[str, Any]
) -> str | None:
    """A flow-style entry (``- {party: a, ...}``) is written again on its own line(s) only."""
    line, col = seq.lc.item(index)
    end = _entry_end(lines, data, seq, index, line)
    edited = copy.deepcopy(seq[index])
    _apply(edited, fields)
    holder = CommentedMap()
    holder["x"] = edited
    dumped = dump_yaml_text(holder, width=1_000_000)
    if not dumped.startswith("x: ") or dumped.count("\n") != 1:
        return None
    lines[line:end] = [lines[line][:col] + dumped[3:]]
    return "".join(lines)


def stop_overlap(edits: list[tuple[int, int, list[str]]]) -> bool:
    """Whether two replaced line ranges overlap (then splicing is not safe)."""
    ranges = sorted((a, b) for a, b, _ in edits if b > a)
    return any(b1 > a2 for (_, b1), (a2, _) in itertools.pairwise(ranges))


def _apply(node: CommentedMap, fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if value is None:
            node.pop(key, None)
        elif isinstance(value, tuple | list):
            node[key] = _flow(list(value))
        else:
            node[key] = value


def _document_file(served: ServedCase, document_id: str) -> Path:
    folder = served.case_file.parent / "documents"
    for suffix in (".yaml", ".yml"):
        path = folder / f"{document_id}{suffix}"
        if path.is_file():
            return path
    raise ReadOnlyError(f"document '{document_id}' is not in its own YAML file here")


def _discover(target: str | Path | None) -> list[ServedCase]:
    if target is None:
        return [_served_builtin(name) for name in builtin_cases()]
    path = Path(target)
    if not path.exists() and str(target) in builtin_cases():
        return [_served_builtin(str(target))]
    if path.is_dir() and not any((path / n).is_file() for n in CASE_FILES):
        return [
            _served_folder(sub)
            for sub in sorted(path.iterdir())
            if sub.is_dir() and any((sub / n).is_file() for n in CASE_FILES)
        ]
    return [_served_folder(path)]


def _served_builtin(name: str) -> ServedCase:
    return ServedCase(name, resolve_case_path(name), writable=False)


def _served_folder(path: Path) -> ServedCase:
    case_file = resolve_case_path(path)
    data = load_yaml(case_file)
    case_id = str(data.get("id") or case_file.parent.name)
    return ServedCase(case_id, case_file.resolve(), writable=case_file.suffix in (".yaml", ".yml"))
