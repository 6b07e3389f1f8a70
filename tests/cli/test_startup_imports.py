"""The command line starts light: heavy libraries load only in the commands that use them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pandas", "scipy", "altair", "pydantic", "numpy")


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return set(out.stdout.split())


def test_importing_the_cli_loads_no_heavy_library() -> None:
    loaded = _loaded_after("import ontable.cli")
    assert "typer" in loaded  # the check sees what the import loads
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_loading_a_case_still_loads_the_case_model() -> None:
    """The deferral is real: the first use of a deferred name loads what it needs."""
    loaded = _loaded_after("import ontable.io\nontable.io.load_case")
    assert "pydantic" in loaded
    assert "pandas" not in loaded
