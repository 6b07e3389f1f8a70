"""Optional engines: found by a typed look-up, and a section for each that is or is not there."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from ontable.io import load_case
from ontable.model.arrays import case_arrays
from ontable.report import ReportOptions, Table, build_report, engines
from ontable.report.blocks import iter_blocks
from tests.conftest import MINI


def test_installed_engines_are_found() -> None:
    found = engines.find_engines()
    assert found.sweep is not None
    assert found.bargaining_summary is not None and found.agreement_zone is not None


def test_backtest_scores_appear_beside_each_model_when_the_engine_is_there(monkeypatch) -> None:
    case = load_case(MINI)
    arrays = case_arrays(case)
    mean = np.nanmean(np.asarray(arrays.positions, dtype=float), axis=0)

    def synthesis(models: Sequence[str]) -> pd.DataFrame:
        # A real score: each model's distance from the unweighted mean of the positions.
        from ontable.forecast.registry import get_model

        rows = []
        for name in models:
            if name == "nash bargaining":
                continue
            fc = get_model(name)(arrays, rng=np.random.default_rng(0))
            rows.append({"model": name, "mae": float(np.mean(np.abs(fc.outcome - mean)))})
        return pd.DataFrame(rows)

    real = engines.find_engines()
    monkeypatch.setattr(
        engines, "find_engines", lambda: replace(real, backtest_synthesis=synthesis)
    )
    report = build_report(case, ReportOptions(models=("compromise", "median"), samples=20))
    section = next(s for s in report.sections if s.id == "synthesis")
    table = next(t for t in iter_blocks(section.blocks, Table) if t.id == "models-compared")
    assert table.columns == ("model", "assumes", "backtest: mae", "read with care")
    scores = dict(synthesis(["compromise", "median"]).itertuples(index=False, name=None))
    for row in table.rows:
        if row[0] in scores:
            assert row[2] == round(scores[row[0]], 2)
    assert not any("backtest engine" in n for n in section.missing)
