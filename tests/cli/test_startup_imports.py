"""The command line starts light: heavy libraries load only in the commands that use them.

Each check runs a fresh interpreter and reads its ``sys.modules`` afterwards, so it tests what
a start imports, never how long it takes (the times are in ``benchmarks/startup.py``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ontable.cli import COMMANDS, part_commands

HEAVY = ("pandas", "scipy", "altair", "pydantic", "numpy")
MODULES_MARK = "modules loaded:"


def _loaded_after(statement: str) -> set[str]:
    """Top-level packages loaded by ``statement`` in a fresh interpreter."""
    return {m.split(".")[0] for m in _modules_after(statement)}


def _modules_after(statement: str) -> set[str]:
    """Every module loaded by ``statement`` in a fresh interpreter (printed after its output)."""
    code = f"import sys\n{statement}\nprint({MODULES_MARK!r}, ' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    mark = out.stdout.rindex(MODULES_MARK)
    return set(out.stdout[mark + len(MODULES_MARK) :].split())


def _cli_run(*args: str) -> str:
    """A statement running ``ontable ARGS`` to its end (its exit swallowed)."""
    return f"from ontable.cli import main\ntry:\n    main({list(args)!r})\nexcept SystemExit:\n    pass"


def test_importing_the_cli_loads_no_heavy_library() -> None:
    loaded = _loaded_after("import ontable.cli")
    assert "typer" in loaded  # the check sees what the import loads
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_help_loads_no_heavy_library() -> None:
    modules = _modules_after(_cli_run("--help"))
    loaded = {m.split(".")[0] for m in modules}
    assert "ontable.cli.forecast" in modules  # --help lists every part's commands
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_a_small_forecast_loads_only_its_own_model_and_command(mini_path: Path) -> None:
    modules = _modules_after(
        _cli_run("forecast", str(mini_path), "--model", "compromise", "--no-record", "--json")
    )
    loaded = {m.split(".")[0] for m in modules}
    assert {"numpy", "ontable"} <= loaded  # it did run the model
    assert "ontable.forecast.compromise" in modules
    assert not loaded & {"pandas", "scipy", "altair"}, sorted(loaded & {"pandas", "scipy"})
    other_models = {
        m for m in modules for o in ("bdm", "smp", "exchange", "median")
        if m == f"ontable.forecast.{o}" or m.startswith(f"ontable.forecast.{o}.")
    }  # fmt: skip
    assert not other_models, sorted(other_models)
    parts = {m for m in set(COMMANDS.values()) if m != "ontable.cli.forecast"}
    assert not modules & parts, sorted(modules & parts)
    assert "yaml" in loaded  # the case was read by libyaml's parser ...
    assert "ruamel" not in loaded  # ... so the round-trip YAML library stayed unloaded


def test_importing_the_case_model_builds_no_validator() -> None:
    """Each model's validator is built when first used: the case and a document, when a case
    loads (each covering the models inside it), not every model at import."""
    code = (
        "import ontable.model as m\n"
        "print(sorted(n for n in m.__all__ if getattr(getattr(m, n), '__pydantic_complete__', "
        "False)))\n"
        "m.Case.model_json_schema()\n"
        "print(m.Case.__pydantic_complete__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.split("\n")[:2] == ["[]", "True"]


def test_loading_a_case_still_loads_the_case_model() -> None:
    """The deferral is real: the first use of a deferred name loads what it needs."""
    loaded = _loaded_after("import ontable.io\nontable.io.load_case")
    assert "pydantic" in loaded
    assert "pandas" not in loaded


def test_each_part_registers_exactly_the_commands_listed_for_it() -> None:
    """The table the root command lists from names every command, in its part's module."""
    for module in dict.fromkeys(COMMANDS.values()):
        listed = [name for name, where in COMMANDS.items() if where == module]
        assert sorted(part_commands(module)) == sorted(listed), module


def test_every_listed_command_runs_its_help() -> None:
    from click.testing import CliRunner

    from ontable.cli import command

    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(command(), [name, "--help"], prog_name="ontable")
        assert result.exit_code == 0, (name, result.output)
        assert f"Usage: ontable {name}" in result.output, name
