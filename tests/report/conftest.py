"""The built-in case's report, built once per test session (golden files, browser test)."""

from __future__ import annotations

import pytest

from ontable.io import load_case
from ontable.report import Report, ReportOptions, build_report

GOLDEN_MODELS = ("compromise", "median", "bdm", "smp", "exchange")
GOLDEN_OPTIONS = ReportOptions(models=GOLDEN_MODELS, samples=200, seed=2025)
"""Fixed models, sweep size and seed: the golden files change only when the code or the case
does. 200 samples keeps the test quick; the size only changes the numbers, not the shape."""


@pytest.fixture(scope="session")
def builtin_report() -> Report:
    return build_report(load_case("ukraine-2025"), GOLDEN_OPTIONS)
