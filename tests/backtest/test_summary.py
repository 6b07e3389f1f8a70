"""The track record for the report and web app, and the docs page's generated block."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ontable.backtest.engine import KEEP_RULE
from ontable.backtest.summary import (
    ASSUMPTIONS,
    LABELS,
    baselines_ahead,
    doc_block,
    doc_markers,
    ensemble_text,
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
    # The ensemble (docs: "earns its place under the voting-power rule ... not under equal").
    e = shipped.ensemble
    assert e.kept and e.best_model == "compromise"
    assert e.mae < min(e.best_model_oof_mae, e.best_model_mae)
    assert max(zip(e.weights, e.components, strict=True))[1] == "mean"
    ens = shipped.score("ensemble")
    assert ens.vs_weighted_mean < 0 < ens.vs_weighted_mean_high  # lower, interval includes 0
    # ... and the plain mean of positions, a baseline, is still a little better than it.
    assert e.best_forecast == "mean" and shipped.score("mean").mae < e.mae
    assert shipped.score("mean").vs_weighted_mean_high > 0  # its lead's interval includes 0
    assert not equal.ensemble.kept and equal.ensemble.best_model == "compromise"
    # "the plain median of positions a lower MAE than four of the five models"
    median = shipped.score("plain_median").mae
    assert sum(shipped.score(m).mae > median for m in shipped.models) == 4


def test_baselines_ahead_names_every_baseline_that_beats_a_model(shipped) -> None:
    text = baselines_ahead(shipped)
    models = [shipped.score(m) for m in (*shipped.models, "ensemble")]  # the ensemble is kept
    for b in (s for s in shipped.scores if s.kind == "baseline"):
        behind = [m for m in models if m.mae > b.mae]
        assert (f"{LABELS[b.name]} ({b.mae:.1f}" in text) == bool(behind), b.name
    assert "Mean of positions (23.7) has a lower MAE than every model and the ensemble" in text
    # With every model ahead of every baseline, it says so.
    best = [replace(s, mae=0.0) if s.kind != "baseline" else s for s in shipped.scores]
    assert "none" in baselines_ahead(replace(shipped, scores=tuple(best)))


def test_ensemble_text_states_the_rule_and_the_comparisons(shipped) -> None:
    text = ensemble_text(shipped)
    assert KEEP_RULE in text and "kept" in text
    assert "best single forecast on all issues is a baseline, Mean of positions" in text
    assert "Capability × salience weighted mean left out" in text


def test_replace_doc_block_needs_the_markers(shipped) -> None:
    with pytest.raises(ValueError, match="no results block"):
        replace_doc_block("# a page without markers\n", shipped)


def test_synthesis_gives_the_report_one_row_per_scored_model() -> None:
    from ontable.backtest import synthesis, track_record

    frame = synthesis(["bdm", "not-a-model", "smp"])
    assert frame["model"].tolist() == ["bdm", "smp"]
    records = {r.name: r for r in track_record()}
    assert frame.loc[0, "MAE"] == round(records["bdm"].mae, 1)
    assert frame.loc[0, "assumes"] == records["bdm"].assumes != ""
