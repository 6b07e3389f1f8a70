"""Case folders ⇄ Case objects: loading with located errors, dumping atomically.

A case is a folder with ``case.yaml`` (parties, issues, stances, scenarios) and
``documents/<id>.yaml`` (one document each). JSON files (``case.json``,
``documents/<id>.json``) are read the same way. A single case file may also hold its
documents inline under ``documents:``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ontable.io.errors import CaseError, Problem
from ontable.io.upgrade import KNOWN_VERSIONS, format_version, upgrade_case, upgrade_document
from ontable.io.yamlio import atomic_write_text, dump_yaml_text, line_of, read_yaml, to_plain
from ontable.model import FORMAT_VERSION, Case, Document, find_reference_problems

CASE_FILES = ("case.yaml", "case.yml", "case.json")
DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class _Source:
    """Where a part of the case came from: the file, its parsed data and the path inside it."""

    file: Path
    data: Any
    prefix: tuple[str | int, ...] = ()


def builtin_cases() -> list[str]:
    """Names of the cases shipped with ontable."""
    root = resources.files("ontable.cases")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "case.yaml").is_file())


def _kind(path: Path) -> str:
    """``"dir"``, ``"file"`` or ``""`` (missing, unreadable, or a name the system refuses)."""
    try:
        if path.is_dir():
            return "dir"
        return "file" if path.exists() else ""
    except (OSError, ValueError):
        return ""


def resolve_case_path(case: str | Path) -> Path:
    """A built-in case name or a path → the case file to read."""
    path = Path(case)
    kind = _kind(path)
    if not kind and isinstance(case, str) and case in builtin_cases():
        path = Path(str(resources.files("ontable.cases") / case))
        kind = _kind(path)
    if kind == "dir":
        for name in CASE_FILES:
            if _kind(path / name) == "file":
                return path / name
        raise CaseError.single(
            path, "no case file in this folder", expected=" or ".join(CASE_FILES)
        )
    if kind == "file":
        return path
    known = ", ".join(builtin_cases()) or "none"
    shown = str(path) if len(str(path)) <= 120 else str(path)[:117] + "..."
    raise CaseError.single(
        shown, "no such file, folder or built-in case", expected=f"a case folder or one of: {known}"
    )


def field_path(loc: Sequence[str | int]) -> str:
    """``("stances", 3, "position")`` → ``stances[3].position``."""
    out = ""
    for key in loc:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + str(key)
    return out


def _expected(err: dict[str, Any]) -> tuple[str, str]:
    """A pydantic error → (what is wrong, what was expected) in plain words."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if kind == "missing":
        return "missing required field", "a value"
    if kind == "extra_forbidden":
        return "unknown field", "a known field name; check the spelling"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        sign = {
            "greater_than_equal": "≥",
            "less_than_equal": "≤",
            "greater_than": ">",
            "less_than": "<",
        }[kind]
        bound = next(iter(ctx.values()), "")
        return f"{shown} is out of range", f"a number {sign} {bound}"
    if kind == "literal_error":
        return f"{shown} is not allowed", f"one of {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^http"):
            return f"{shown} is not a web address", "an http:// or https:// URL"
        return f"{shown} is not a valid id", "a lower-case id: letters, digits, '-', '_' or '.'"
    if kind in ("too_short", "string_too_short"):
        return "is empty", "at least one item" if kind == "too_short" else "some text"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])), ""
    if kind.endswith("_type") or kind.endswith("_parsing"):
        noun = kind.rsplit("_", 1)[0].replace("_", " ")
        noun = {
            "float": "a number",
            "int": "a whole number",
            "string": "text",
            "bool": "true or false",
            "tuple": "a list",
            "list": "a list",
            "dict": "a mapping",
            "model": "a mapping",
            "model attributes": "a mapping",
            "date": "an ISO date such as 2025-11-20",
            "date from datetime": "an ISO date such as 2025-11-20",
        }.get(noun, noun)
        return f"wrong type: {shown}", noun
    return err["msg"], ""


def _validation_problems(exc: ValidationError, source: _Source) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        message, expected = _expected(dict(err))
        full = (*source.prefix, *loc)
        out.append(
            Problem(
                str(source.file), line_of(source.data, full), field_path(full), message, expected
            )
        )
    return out


_STRICT = {"format_version": FORMAT_VERSION}
"""Validation context: the data is in format v2 (no v1 spellings accepted)."""


def _validate(model: type[BaseModel], plain: Any, source: _Source, problems: list[Problem]) -> Any:
    try:
        return model.model_validate(plain, context=_STRICT)
    except ValidationError as exc:
        problems.extend(_validation_problems(exc, source))
        return None


def _upgraded(path: Path, data: Any, document: bool, problems: list[Problem]) -> bool:
    """Upgrade a v1 file's data in memory; False (with a problem) for an unknown version."""
    version = format_version(data)
    if version is None:
        problems.append(
            Problem(
                str(path),
                line_of(data, ("format_version",)),
                "format_version",
                f"unknown format version {data.get('format_version')!r}",
                f"one of {', '.join(map(str, KNOWN_VERSIONS))}",
            )
        )
        return False
    if version < FORMAT_VERSION:
        if document:
            upgrade_document(data)
        else:
            upgrade_case(data)
    return True


def load_case(case: str | Path) -> Case:
    """Load and validate a case (a built-in name, a folder or a case file).

    Files in format v1 are upgraded in memory (:mod:`ontable.io.migrate`); v1 and v2 files
    may be mixed in one folder.

    Raises
    ------
    CaseError
        With every problem found in every file, each located by file, line and field.
    """
    case_file = resolve_case_path(case)
    problems: list[Problem] = []
    case_data = read_yaml(case_file)
    if not _upgraded(case_file, case_data, False, problems):
        raise CaseError(problems)

    doc_sources: list[_Source] = []
    inline = case_data.get("documents")
    if isinstance(inline, list):
        doc_sources = [_Source(case_file, case_data, ("documents", i)) for i in range(len(inline))]
    doc_dir = case_file.parent / "documents"
    if doc_dir.is_dir():
        for path in sorted(doc_dir.iterdir()):
            if path.suffix in DOCUMENT_SUFFIXES and not path.name.startswith("."):
                try:
                    data = read_yaml(path)
                except CaseError as exc:
                    problems.extend(exc.problems)
                    continue
                if _upgraded(path, data, True, problems):
                    doc_sources.append(_Source(path, data))

    documents: list[Document] = []
    kept_sources: list[_Source] = []
    for src in doc_sources:
        node = src.data
        for key in src.prefix:
            node = node[key]
        doc = _validate(Document, to_plain(node), src, problems)
        if doc is None:
            continue
        if not src.prefix and doc.id != src.file.stem:
            problems.append(
                Problem(
                    str(src.file),
                    line_of(src.data, ("id",)),
                    "id",
                    f"document id '{doc.id}' does not match its file name",
                    f"the file to be named {doc.id}{src.file.suffix}",
                )
            )
        documents.append(doc)
        kept_sources.append(src)

    plain = to_plain(case_data)
    plain["documents"] = []
    parsed = _validate(Case, plain, _Source(case_file, case_data), problems)
    if problems or parsed is None:
        # Check the references among the parts that did validate too, so that one run of
        # `validate` lists every problem (a reference to a part with its own problem is left
        # out: fixing that part may resolve it).
        problems.extend(
            _partial_reference_problems(
                plain, doc_sources, documents, kept_sources, case_file, case_data
            )
        )
        raise CaseError(_unique(problems))

    result: Case = parsed.model_copy(update={"documents": tuple(documents)})
    for ref in find_reference_problems(result):
        src = _Source(case_file, case_data)
        loc = ref.loc
        if loc[:1] == ("documents",) and isinstance(loc[1], int):
            src = kept_sources[loc[1]]
            loc = (*src.prefix, *loc[2:])
        problems.append(
            Problem(
                str(src.file), line_of(src.data, loc), field_path(loc), ref.message, ref.expected
            )
        )
    if problems:
        raise CaseError(problems)
    # Re-validate so that the documents field is checked like any other.
    return Case.model_validate(result.model_dump(), context=_STRICT)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _partial_reference_problems(
    plain: dict[str, Any],
    doc_sources: list[_Source],
    documents: list[Document],
    kept_sources: list[_Source],
    case_file: Path,
    case_data: Any,
) -> list[Problem]:
    """Reference problems among the parts of a case that are valid on their own.

    A part with a problem is left out, and so is any reference problem that names its id.
    """
    fields: dict[str, Any] = {}
    positions: dict[str, list[int]] = {}
    dropped: set[str] = set()
    for name, info in Case.model_fields.items():
        if name == "documents" or name not in plain:
            continue
        value = plain[name]
        item = _item_model(info.annotation)
        if item is not None and isinstance(value, list):
            kept = []
            positions[name] = []
            for i, raw in enumerate(value):
                try:
                    kept.append(item.model_validate(raw))
                    positions[name].append(i)
                except ValidationError:
                    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                        dropped.add(raw["id"])
            fields[name] = tuple(kept)
            continue
        if info.annotation is None:
            continue
        try:
            fields[name] = TypeAdapter(info.annotation).validate_python(value)
        except ValidationError:
            continue
    for src in doc_sources:
        if src not in kept_sources:
            node = src.data
            for key in src.prefix:
                node = node[key]
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                dropped.add(str(node["id"]))
    try:
        partial = Case.model_construct(**fields, documents=tuple(documents))
        found = find_reference_problems(partial)
    except Exception:  # a best-effort extra pass; the problems found first stand
        return []
    out: list[Problem] = []
    for ref in found:
        if any(f"'{x}'" in ref.message for x in dropped):
            continue
        src = _Source(case_file, case_data)
        loc = ref.loc
        if loc[:1] == ("documents",) and isinstance(loc[1], int):
            src = kept_sources[loc[1]]
            loc = (*src.prefix, *loc[2:])
        elif len(loc) > 1 and isinstance(loc[1], int) and str(loc[0]) in positions:
            loc = (loc[0], positions[str(loc[0])][loc[1]], *loc[2:])
        out.append(
            Problem(
                str(src.file), line_of(src.data, loc), field_path(loc), ref.message, ref.expected
            )
        )
    return out


def _item_model(annotation: Any) -> type[BaseModel] | None:
    """``tuple[Party, ...]`` → ``Party`` (None for anything else)."""
    args = getattr(annotation, "__args__", ())
    if args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return args[0]
    return None


def case_to_data(case: Case) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The plain data of ``case.yaml`` and of each document file (defaults left out)."""
    head = {"format_version": FORMAT_VERSION} | case.model_dump(
        mode="json", exclude_defaults=True, exclude={"documents"}
    )
    docs = {
        d.id: {"format_version": FORMAT_VERSION} | d.model_dump(mode="json", exclude_defaults=True)
        for d in case.documents
    }
    return head, docs


def dump_case(case: Case, folder: str | Path) -> Path:
    """Write ``case`` as a case folder (each file atomically); returns the case file's path."""
    folder = Path(folder)
    head, docs = case_to_data(case)
    case_file = folder / "case.yaml"
    atomic_write_text(case_file, dump_yaml_text(head))
    for doc_id, data in docs.items():
        atomic_write_text(folder / "documents" / f"{doc_id}.yaml", dump_yaml_text(data))
    return case_file


def case_digest(case: Case) -> str:
    """A SHA-256 of the case's content (stable across key order and formatting)."""
    import hashlib
    import json

    text = json.dumps(case.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
