"""The track record for the report and web app, and the docs page's generated block."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ontable.backtest.summary import (
    ASSUMPTIONS,
    DOC_BEGIN,
    DOC_END,
    doc_block,
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


def test_docs_page_shows_the_shipped_results(shipped) -> None:
    page = DOC.read_text()
    start, end = page.index(DOC_BEGIN), page.index(DOC_END) + len(DOC_END)
    assert page[start:end] == doc_block(shipped)
    assert replace_doc_block(page, shipped) == page
    assert "--seed 20260101" in page[start:end]


def test_docs_plain_statements_hold_for_the_shipped_results(shipped) -> None:
    # docs/backtest.md "Reading the results" describes these facts in words.
    for model in ("median", "bdm", "smp", "exchange"):
        s = shipped.score(model)
        assert s.vs_weighted_mean_low > 0, model
    bdm = shipped.score("bdm")
    assert bdm.round_capped > shipped.n_scored_proposals / 2
    assert shipped.score("mean").mae <= shipped.score("weighted_mean").mae
    e = shipped.ensemble
    assert max(zip(e.weights, e.components, strict=True))[1] == "mean"
    assert shipped.excluded_issues and len(shipped.excluded_issues) == 11
    assert not math.isnan(shipped.score("reference_point").mae)


def test_replace_doc_block_needs_the_markers(shipped) -> None:
    with pytest.raises(ValueError, match="no results block"):
        replace_doc_block("# a page without markers\n", shipped)
