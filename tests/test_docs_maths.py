"""``make docs``: the model pages' formulas are MathML in the built site, with no script and
nothing loaded from another site."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mkdocs_maths", ROOT / "hooks/mkdocs_maths.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_formulas_become_mathml() -> None:
    hook = _hook()
    page = (
        '<p>a <span class="arithmatex">\\(x_{ik} &lt; 1\\)</span> b</p>'
        '<div class="arithmatex">\\[\\frac{a}{b}\\]</div>'
    )
    out = hook.render_maths(page)
    assert "arithmatex" not in out
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in out
    assert 'display="block"' in out and "<mfrac>" in out and "</math>" in out


def test_built_model_pages_show_maths_offline(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    for page in (site / "models").glob("*/index.html"):
        text = page.read_text()
        assert 'class="arithmatex"' not in text, page
        assert "$$" not in text and "\\frac" not in text, page
    assert (site / "models/smp/index.html").read_text().count("<math") > 10
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?://""", text), page
