"""Nothing in ``src/`` outside the built-in cases' own folders is specific to one case.

The rule. Every built-in case is loaded; its case id, party, actor, issue, document and
scenario ids are collected, with the names of its parties and actors. Then the code is read:

- **Python** (every ``.py`` under ``src/ontable`` except ``cases/``), through its syntax tree:
  each string literal that is code (not a docstring nor any other bare string statement, which
  documents) is split into id-like tokens (runs of letters, digits, ``-`` and ``_``), and every
  identifier (names, arguments, attributes, keywords, functions, classes) is taken whole with
  ``_`` read as ``-``. A token equal to a collected id is a finding; so is a string literal
  containing a collected name as whole words. Comments and docstrings may give examples.
- **Templates, scripts and style sheets** of the web app and the report (not the vendored
  htmx): every id-like token and every name as whole words.

Generic words are not findings: an id that is a term of the case format's own vocabulary
(the provision functions, e.g. ``international-force``, whichever of ``-`` or ``_`` the case
writes) or one plain lowercase word naming a concept any negotiation may have
(``sanctions``, ``statehood``, ``mediators``) is skipped; these are listed in
:data:`FORMAT_TERMS` and :data:`GENERIC_WORDS`. Every other id is checked, with or without a
separator (``united-states``, ``army_cap``, ``russia``). Names are checked when distinctive: a
proper name (capitalised) that is not one of those words.
Data shipped apart from the cases (``datasets/``) is data, not code, and is not read.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ontable.io import builtin_cases, load_case
from ontable.model.document import PROVISION_FUNCTIONS

SRC = Path(__file__).resolve().parent.parent / "src" / "ontable"
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")

FORMAT_TERMS = frozenset(PROVISION_FUNCTIONS)
"""The case format's own vocabulary: a case may use its terms as ids."""

GENERIC_WORDS = frozenset(
    {
        "sanctions",
        "elections",
        "guarantees",
        "accountability",
        "identity",
        "recognition",
        "party",
        "mediator",
        "guarantor",
        "observer",
        "monitors",
        "civilians",
        "statehood",
        "disarmament",
        "mediators",
    }
)
"""Single words that name concepts, not a case: never findings on their own."""


def _case_terms() -> tuple[set[str], set[str]]:
    ids: set[str] = set()
    names: set[str] = set()
    for name in builtin_cases():
        case = load_case(name)
        ids |= {case.id, *case.party_ids, *case.actor_ids, *case.issue_ids}
        ids |= {d.id for d in case.documents} | {s.id for s in case.scenarios}
        names |= {p.name for p in case.parties} | {a.name for a in case.actors}
    generic = FORMAT_TERMS | GENERIC_WORDS
    distinctive_ids = {i.lower().replace("_", "-") for i in ids} - generic
    distinctive_names = {n for n in names if n[:1].isupper() and n.lower() not in generic}
    return distinctive_ids, distinctive_names


IDS, NAMES = _case_terms()
NAME_PATTERNS = {n: re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])") for n in NAMES}


def _documentation(tree: ast.AST) -> set[int]:
    """The ids of string nodes that are bare statements (docstrings and the like)."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def _python_findings(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docs = _documentation(tree)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        where = f"{path.relative_to(SRC.parent)}:{line}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            for token in TOKEN.findall(node.value):
                if token.lower().replace("_", "-") in IDS:
                    yield f"{where}: id {token!r} in a string"
            for name, pattern in NAME_PATTERNS.items():
                if pattern.search(node.value):
                    yield f"{where}: name {name!r} in a string"
        identifier = None
        if isinstance(node, ast.Name):
            identifier = node.id
        elif isinstance(node, ast.arg):
            identifier = node.arg
        elif isinstance(node, ast.Attribute):
            identifier = node.attr
        elif isinstance(node, ast.keyword):
            identifier = node.arg
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            identifier = node.name
        if identifier and identifier.lower().replace("_", "-") in IDS:
            yield f"{where}: identifier {identifier!r}"


def _text_findings(path: Path) -> Iterator[str]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path.relative_to(SRC.parent)}:{number}"
        for token in TOKEN.findall(line):
            if token.lower().replace("_", "-") in IDS:
                yield f"{where}: id {token!r}"
        for name, pattern in NAME_PATTERNS.items():
            if pattern.search(line):
                yield f"{where}: name {name!r}"


def _code_files() -> Iterator[Path]:
    for path in sorted(SRC.rglob("*")):
        parts = path.relative_to(SRC).parts
        if parts[0] in ("cases", "datasets") or "__pycache__" in parts or not path.is_file():
            continue
        if path.suffix == ".py" or (
            path.suffix in (".html", ".j2", ".js", ".css") and path.name != "htmx.min.js"
        ):
            yield path


def test_the_rule_has_something_to_look_for() -> None:
    assert builtin_cases(), "no built-in case to check against"
    assert IDS and NAMES
    # outside the format's own terms, only single plain words are excused as generic
    assert all(re.fullmatch(r"[a-z]+", w) for w in GENERIC_WORDS)


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    some_id = sorted(IDS)[0]
    some_name = sorted(NAMES)[0]
    sample = tmp_path / "sample.py"
    sample.write_text(
        f'"""Docstrings may say {some_id} and {some_name}."""\n'
        f"DEFAULT = {some_id!r}\n"
        f"LABEL = 'about {some_name} here'\n"
        f"{some_id.replace('-', '_')} = 1  # a comment may say {some_id}\n",
        encoding="utf-8",
    )
    global SRC
    saved, SRC = SRC, tmp_path
    try:
        found = list(_python_findings(sample))
    finally:
        SRC = saved
    assert len(found) == 3, found
    assert any(":2: id" in f for f in found) and any(":3: name" in f for f in found)
    assert any(":4: identifier" in f for f in found)


def test_no_code_outside_the_cases_names_a_built_in_case() -> None:
    findings: list[str] = []
    for path in _code_files():
        scan = _python_findings if path.suffix == ".py" else _text_findings
        findings.extend(scan(path))
    if findings:
        pytest.fail(
            "case-specific code outside src/ontable/cases/ (make it generic):\n"
            + "\n".join(findings)
        )
