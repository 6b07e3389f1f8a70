"""The layers of DESIGN.md hold: imports only go down, and no module imports itself back.

Every ``import`` in ``src/ontable`` is read from the source (inside functions and
``TYPE_CHECKING`` blocks too), so a deferred import cannot hide a loop or a layer breach.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ontable

ROOT = Path(ontable.__file__).parent

FACES = ("ontable.cli", "ontable.web", "ontable.report", "ontable.__main__")
ENGINES = (
    "ontable.analysis",
    "ontable.forecast",
    "ontable.bargaining",
    "ontable.sweep",
    "ontable.backtest",
)
STORE = ("ontable.store",)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py")}


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """The ontable modules ``name`` imports (a package's module when a name is imported)."""
    tree = ast.parse(MODULES[name].read_text())
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        out |= {t for t in targets if t.split(".")[0] == "ontable" and t in MODULES and t != name}
    return out


GRAPH = {name: _imports(name) for name in MODULES}


def _in(name: str, layer: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in layer)


LEAVES = {m for m in MODULES if not GRAPH[m]}
"""Modules that import nothing of ontable (e.g. the one strict JSON encoder)."""


def test_the_store_imports_no_engine_and_no_face() -> None:
    # the store sits at the bottom: besides itself, only the package root (its version) and
    # leaf modules that import nothing of ontable
    bad = {(m, t) for m in MODULES if _in(m, STORE) for t in GRAPH[m] if not _in(t, STORE)}
    assert {t for _, t in bad} <= {"ontable"} | LEAVES, bad


def test_engines_import_no_store_and_no_face() -> None:
    bad = {
        (m, t)
        for m in MODULES
        if _in(m, ENGINES)
        for t in GRAPH[m]
        if _in(t, STORE) or _in(t, FACES)
    }
    assert not bad


KNOWN_BREACHES = {
    ("ontable.datasets", "ontable.backtest.engine"): "the shipped backtest results are read "
    "back as a BacktestResult by the data package; that reader belongs in backtest/",
}
"""Imports that go up today, each with why; the test fails when one is added or removed."""


def test_core_imports_no_engine_store_or_face() -> None:
    core = [m for m in MODULES if not _in(m, ENGINES + STORE + FACES) and m != "ontable"]
    bad = {(m, t) for m in core for t in GRAPH[m] if _in(t, ENGINES + STORE + FACES)}
    assert bad == set(KNOWN_BREACHES)


def test_no_import_loops() -> None:
    # A package's __init__ re-exporting its modules is not a loop; a module importing a
    # module that imports it back (directly or through others) is.
    def edges(m: str) -> set[str]:
        return {
            t
            for t in GRAPH[m]
            if not (MODULES[t].name == "__init__.py" and m.startswith(t + "."))
            and (m, t) not in KNOWN_BREACHES  # its loop is the same known breach
        }

    loops = []
    for start in MODULES:
        stack, seen = [(start, (start,))], set()
        while stack:
            node, path = stack.pop()
            for nxt in edges(node):
                if nxt == start:
                    loops.append(path)
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, (*path, nxt)))
    assert not loops, sorted({" → ".join(sorted(p)) for p in loops})
