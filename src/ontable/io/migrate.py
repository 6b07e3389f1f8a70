"""Upgrading a case folder from format v1 to v2 in place: ``ontable migrate``.

The changes to the data are those of :mod:`ontable.io.upgrade`. :func:`migrate_folder`
upgrades every file in memory, checks that the result loads, and only then replaces each
file atomically. Each file carries its own ``format_version`` and the loader reads v1 and v2
files side by side, so an interrupted run leaves a loadable folder, and running it again
finishes the job (a v2 file is left alone). Comments, key order, line breaks and quoting of
the YAML files are kept.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ontable.io.errors import CaseError, Problem
from ontable.io.load import DOCUMENT_SUFFIXES, load_case, resolve_case_path
from ontable.io.upgrade import (
    KNOWN_VERSIONS,
    format_version,
    settle_issue_conflicts,
    upgrade_case,
    upgrade_document,
)
from ontable.io.yamlio import atomic_write_text, dump_yaml_text, load_yaml, to_plain
from ontable.model.document import FORMAT_VERSION

__all__ = [
    "Migration",
    "format_version",
    "migrate_folder",
    "settle_issue_conflicts",
    "upgrade_case",
    "upgrade_document",
]


@dataclass(frozen=True)
class Migration:
    """What :func:`migrate_folder` did (or would do): files changed and notes for review."""

    folder: str
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    written: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "changed": list(self.changed),
            "unchanged": list(self.unchanged),
            "notes": list(self.notes),
            "written": self.written,
        }


def _text(path: Path, data: Any) -> str:
    if path.suffix == ".json":
        return json.dumps(to_plain(data), indent=2, ensure_ascii=False) + "\n"
    return dump_yaml_text(data, width=100_000)  # keep the file's own line breaks


def migrate_folder(folder: str | Path, *, dry_run: bool = False) -> Migration:
    """Upgrade a v1 case folder (or case file) to format v2 in place.

    Every file is upgraded in memory and the upgraded case is loaded (in a scratch copy)
    before any file is replaced; each replacement is atomic. A file already at v2 is not
    rewritten, so the function is idempotent.

    Raises
    ------
    CaseError
        When a file cannot be read, declares an unknown ``format_version``, or the upgraded
        case does not load; nothing is written then.
    """
    case_file = resolve_case_path(Path(folder))
    root = case_file.parent
    files = [case_file]
    doc_dir = root / "documents"
    if doc_dir.is_dir():
        files += sorted(
            p
            for p in doc_dir.iterdir()
            if p.suffix in DOCUMENT_SUFFIXES and not p.name.startswith(".")
        )
    new_text: dict[Path, str] = {}
    notes: list[str] = []
    unchanged: list[str] = []
    problems: list[Problem] = []
    for path in files:
        data = load_yaml(path)
        version = format_version(data)
        if version is None:
            problems.append(
                Problem(
                    str(path),
                    None,
                    "format_version",
                    f"unknown format version {data.get('format_version')!r}",
                    f"one of {', '.join(map(str, KNOWN_VERSIONS))}",
                )
            )
            continue
        if version == FORMAT_VERSION:
            unchanged.append(str(path))
            continue
        name = str(path.relative_to(root))
        if path == case_file:
            notes += upgrade_case(data, name)
        else:
            notes += upgrade_document(data, name)
        new_text[path] = _text(path, data)
    if problems:
        raise CaseError(problems)
    if new_text:
        scratch = Path(tempfile.mkdtemp(prefix="ontable-migrate-"))
        try:
            for path in files:
                target = scratch / path.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                if path in new_text:
                    target.write_text(new_text[path], encoding="utf-8")
                else:
                    shutil.copyfile(path, target)
            try:
                load_case(scratch / case_file.name)
            except CaseError as exc:
                raise CaseError(
                    [
                        Problem(
                            p.file.replace(str(scratch), str(root)),
                            p.line,
                            p.field,
                            f"after the upgrade: {p.message}",
                            p.expected,
                        )
                        for p in exc.problems
                    ]
                ) from None
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if not dry_run:
            for path, text in new_text.items():
                atomic_write_text(path, text)
    return Migration(
        str(root),
        tuple(str(p) for p in new_text),
        tuple(unchanged),
        tuple(notes),
        written=bool(new_text) and not dry_run,
    )
