"""Export to NegMAS, and a clear error when it is missing."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from ontable.bargaining import bargaining_problem, to_negmas
from ontable.io import load_case
from tests.conftest import MINI
from tests.extras import require_extra


def test_mini_case_as_negmas_scenario(tmp_path: Path) -> None:
    require_extra("negmas")
    from ontable.io.negmas_export import write_negmas_scenario

    prob = bargaining_problem(load_case(MINI), ["north", "south", "broker"])
    scenario = to_negmas(prob, "mini")
    assert [i.name for i in scenario.outcome_space.issues] == ["border", "troops", "aid"]
    assert list(scenario.outcome_space.issues[1].all) == ["no cap", "50k", "10k"]
    assert [u.reserved_value for u in scenario.ufuns] == pytest.approx([0.4, 0.3, 0.2])
    outcome = ("75", "50k", "100")
    ours = prob.utilities(np.array([75.0, 50.0, 100.0]))
    assert [float(u(outcome)) for u in scenario.ufuns] == pytest.approx(ours.tolist())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        folder = write_negmas_scenario(scenario, tmp_path / "mini")
    assert any(folder.iterdir())


def test_missing_negmas_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "negmas", None)  # makes ``import negmas`` fail
    prob = bargaining_problem(load_case(MINI))
    with pytest.raises(ImportError, match=r"ontable\[negmas\]"):
        to_negmas(prob)
