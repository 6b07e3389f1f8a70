"""The cases a web app serves, and the edits it makes to their files.

Edits go through ruamel's round-trip loader, so comments and layout of the YAML are kept; the
changed data is validated by the same models as ``ontable validate`` before anything is
written, and files are replaced atomically. Built-in cases are served read-only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ontable.io import CaseError, builtin_cases, load_case, resolve_case_path
from ontable.io.load import CASE_FILES, field_path
from ontable.io.yamlio import atomic_write_text, dump_yaml_text, load_yaml, to_plain
from ontable.model import Case, Document, Scenario, find_reference_problems


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
        self, served: ServedCase, path: Path, data: CommentedMap, base: tuple[str | int, ...]
    ) -> Case:
        """Validate the case as it would be with ``data`` written to ``path``; then write it."""
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
            atomic_write_text(path, dump_yaml_text(data))
            try:
                return self.load(served.id)
            except CaseError as exc:  # pragma: no cover - a write that validates must load
                atomic_write_text(path, old)
                raise EditError({"form": str(exc)}) from None

    def update_stance(self, case_id: str, party: str, issue: str, fields: dict[str, Any]) -> Case:
        """Set fields of one stance (``None`` removes an optional field)."""
        served = self._writable(case_id)
        with self._lock:
            data = load_yaml(served.case_file)
            stances = data.get("stances") or []
            for i, node in enumerate(stances):
                if node.get("party") == party and node.get("issue") == issue:
                    _apply(node, fields)
                    return self._check_and_write(served, served.case_file, data, ("stances", i))
        raise KeyError(f"no stance of {party!r} on {issue!r}")

    def update_provision(
        self, case_id: str, document_id: str, provision_id: str, fields: dict[str, Any]
    ) -> Case:
        """Set fields of one provision of a document held in its own file."""
        served = self._writable(case_id)
        path = _document_file(served, document_id)
        with self._lock:
            data = load_yaml(path)
            for j, node in enumerate(data.get("provisions") or []):
                if str(node.get("id")) == provision_id:
                    _apply(node, fields)
                    return self._check_and_write(served, path, data, ("provisions", j))
        raise KeyError(f"no provision {provision_id!r} in {document_id!r}")

    def save_scenario(self, case_id: str, scenario: Scenario) -> Case:
        """Add (or replace) a named scenario in the case file."""
        served = self._writable(case_id)
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
