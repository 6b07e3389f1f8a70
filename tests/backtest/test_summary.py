"""The track record for the report and web app, and the docs page's generated block."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontable.backtest.summary import (
    ASSUMPTIONS,
    doc_block,
    doc_markers,
    replace_doc_block,
    track_record,
)
from ontable.datasets import shipped_backtest
from ontable.forecast.registry import available_models

DOC = Path(__file__).parents[2] / "docs" / "backtest.md"


@pytest.fixture(scope="module")
def shipped():
    return shipped_backtest("deu3")


def test_every_model_has_an_assumption_and_a_track_record(shipped) -> None:
    records = track_record()
    names = [r.name for r in records]
    for model in available_models():
        assert model in names
    assert set(names) <= set(ASSUMPTIONS)
    for r in records:
        assert r.assumes and r.assumes.endswith(".")
        assert r.mae_low <= r.mae <= r.mae_high
        assert f"{r.mae:.1f}" in r.text and "DEU III" in r.text
        assert r.mae == shipped.score(r.name).mae
    # The ensemble is listed only if the backtest kept it.
    assert ("ensemble" in names) == shipped.ensemble.kept


@pytest.mark.parametrize("rule", ["votes", "equal"])
def test_docs_page_shows_the_shipped_results(rule: str) -> None:
    shipped = shipped_backtest("deu3", rule)
    page = DOC.read_text()
    begin, end = doc_markers(rule)
    start, stop = page.index(begin), page.index(end) + len(end)
    assert page[start:stop] == doc_block(shipped)
    assert replace_doc_block(page, shipped) == page
    assert f"--seed 20260101 --bootstrap 2000 --folds 10 --capabilities {rule}" in page[start:stop]


def test_docs_plain_statements_hold_for_the_shipped_results(shipped) -> None:
    # docs/backtest.md "Reading the results" describes these facts in words.
    equal = shipped_backtest("deu3", "equal")
    for result in (shipped, equal):
        for model in ("median", "bdm", "smp", "exchange"):
            assert result.score(model).vs_weighted_mean_low > 0, model
        assert result.score("bdm").round_capped > result.n_scored_proposals / 2
        assert len(result.excluded_issues) == 11
    for name in ("compromise", "median", "bdm", "smp", "exchange", "weighted_mean"):
        assert equal.score(name).mae < shipped.score(name).mae, name
    assert shipped.score("mean").mae <= shipped.score("weighted_mean").mae
    e = shipped.ensemble
    assert not e.kept and e.mae > e.best_single_oof_mae
    assert max(zip(e.weights, e.components, strict=True))[1] == "mean"
    assert shipped.score("mean").vs_weighted_mean_high > 0  # its lead's interval includes 0
    assert not equal.ensemble.kept


def test_replace_doc_block_needs_the_markers(shipped) -> None:
    with pytest.raises(ValueError, match="no results block"):
        replace_doc_block("# a page without markers\n", shipped)
