"""The public API: ``ontable.__all__`` is deliberate, every name resolves, import is light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import ontable

PUBLIC = {
    "__version__",
    # errors
    "OntableError", "InputError", "UnknownIdError", "CaseError", "OverrideError", "StoreError",
    # a case
    "load_case", "dump_case", "builtin_cases", "case_digest", "Case", "Party", "Issue",
    "Stance", "Scenario", "Document", "Provision", "Obligation", "Override", "parse_override",
    "apply_overrides", "CaseArrays", "case_arrays",
    # analyses
    "ledger", "reciprocity_gaps", "diff_documents", "chain", "proximity", "lean",
    "acceptability", "zopa", "compare",
    # forecast models
    "Forecast", "run_forecast", "get_model", "available_models",
    # bargaining
    "bargaining_problem", "solve", "pareto_frontier", "alternating_offers",
    "concession_simulation", "tradeoffs", "bargaining_summary", "parties_with_a_say",
    "Agreement",
    # sweeps
    "plan_sweep", "run_sweep", "open_executor", "SweepPlan", "SweepResult",
    # the run store
    "RunStore", "Run", "default_store_path",
    # reports
    "ReportOptions", "build_report", "write_html", "write_markdown",
}  # fmt: skip


def test_all_is_the_curated_list() -> None:
    # A change here is a change of the public API: make it on purpose, and document it.
    assert set(ontable.__all__) == PUBLIC
    assert len(ontable.__all__) == len(PUBLIC)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_name_resolves(name: str) -> None:
    value = getattr(ontable, name)
    assert value is not None
    if name != "__version__":
        assert getattr(value, "__name__", name) == name


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        ontable.nothing_here  # noqa: B018


def test_type_checkers_see_the_same_names() -> None:
    tree = ast.parse(Path(ontable.__file__).read_text())
    seen: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                seen |= {a.asname or a.name for a in stmt.names}
    assert seen == PUBLIC - {"__version__"}


def test_import_is_light() -> None:
    code = "import sys, ontable; print(sorted({'numpy', 'pandas', 'pydantic'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_errors_share_one_base_and_stay_key_errors() -> None:
    case = ontable.load_case("ukraine-2025")
    with pytest.raises(ontable.UnknownIdError) as info:
        case.party("atlantis")
    assert isinstance(info.value, KeyError) and isinstance(info.value, ontable.OntableError)
    assert str(info.value).startswith("unknown party 'atlantis' in case 'ukraine-2025'")
    assert info.value.choices == case.party_ids
    with pytest.raises(ontable.OverrideError) as bad:
        ontable.parse_override("atlantis.batna=0.1", case)
    assert isinstance(bad.value, ValueError) and isinstance(bad.value, ontable.OntableError)
    with pytest.raises(ontable.UnknownIdError, match="unknown model 'oracle'"):
        ontable.run_forecast(case, "oracle")


def test_lazy_table_matches_all() -> None:
    assert set(ontable._EXPORTS) == set(ontable.__all__) - {"__version__"}
