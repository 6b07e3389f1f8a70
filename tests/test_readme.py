"""The README's tour says what each command needs before it is run."""

from __future__ import annotations

from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_tour_says_serve_needs_the_web_extra() -> None:
    serve = next(line for line in README.splitlines() if line.startswith("ontable serve"))
    assert "web extra" in serve
    assert "pip install -e '.[web]'" in README
