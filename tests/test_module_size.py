"""Every module of the package stays small enough to read in one sitting (the house rule in
docs/architecture.md): a module past the limit is split along its seams."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "ontable"
LIMIT = 400


def test_every_module_is_under_the_line_limit() -> None:
    modules = sorted(SRC.rglob("*.py"))
    assert len(modules) > 100  # the walk found the package
    lines = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in modules}
    too_long = {str(p.relative_to(SRC)): n for p, n in lines.items() if n >= LIMIT}
    assert not too_long, f"modules of {LIMIT} lines or more, to split: {too_long}"
