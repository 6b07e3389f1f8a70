"""The models compared on one case: track records, forecasts, bands, splits and flags."""

from __future__ import annotations

import numpy as np
import pytest

from ontable import case_arrays, get_model, load_case
from ontable.backtest.compare import AGREE, CASE_BASELINES, _flags, compare_models
from ontable.backtest.predict import arrays_baselines, round_cap
from ontable.datasets import shipped_backtest
from ontable.forecast.registry import available_models


@pytest.fixture(scope="module")
def mini():
    from tests.conftest import MINI

    return load_case(MINI)


@pytest.fixture(scope="module")
def compared(mini):
    return compare_models(mini, samples=30, seed=4)


def test_every_model_then_the_kept_ensemble_then_the_baselines(mini, compared) -> None:
    shipped = shipped_backtest()
    names = [r.name for r in compared.rows]
    ensemble = ["ensemble"] if shipped.ensemble.kept else []
    assert names == [*available_models(), *ensemble, *CASE_BASELINES]
    for r in compared.rows:
        assert r.assumes.endswith(".")
        assert r.track is not None
        assert r.track.mae == shipped.score(r.name).mae
        assert r.track.mae_low <= r.track.mae <= r.track.mae_high
        assert r.track.weighted_mean_mae == shipped.score("weighted_mean").mae
        assert [f.issue for f in r.forecasts] == [i.id for i in mini.issues]


def test_forecasts_are_the_models_and_baselines_on_the_case(mini, compared) -> None:
    arrays = case_arrays(mini)
    for name in available_models():
        fc = get_model(name)(arrays, rng=np.random.default_rng(4))
        got = [f.value for f in compared.row(name).forecasts]
        np.testing.assert_allclose(got, np.asarray(fc.outcome), atol=0.005)
    base = arrays_baselines(arrays)
    for name in CASE_BASELINES:
        got = [f.value for f in compared.row(name).forecasts]
        np.testing.assert_allclose(got, base[name], atol=0.005)
        assert all(f.low is None for f in compared.row(name).forecasts)


def test_the_kept_ensemble_is_its_weights_times_its_components(compared) -> None:
    e = shipped_backtest().ensemble
    if not e.kept:
        pytest.skip("the shipped backtest did not keep the ensemble")  # pragma: no cover
    mix = sum(
        w * np.array([f.value for f in compared.row(c).forecasts])
        for c, w in zip(e.components, e.weights, strict=True)
    )
    got = [f.value for f in compared.row("ensemble").forecasts]
    np.testing.assert_allclose(got, mix, atol=0.05)


def test_bands_and_the_outside_flag(compared) -> None:
    for r in (r for r in compared.rows if r.kind == "model"):
        assert r.samples == min(30, 40 if r.name == "exchange" else 30)
        n_out = 0
        for f in r.forecasts:
            assert f.low is not None and f.high is not None and f.low <= f.high
            assert f.outside == (f.value < f.low - 1e-9 or f.value > f.high + 1e-9)
            n_out += f.outside
        assert any("outside its own 5–95% band" in x for x in r.flags) == (n_out > 0)
    data = compared.to_dict()
    for row in data["models"]:  # type: ignore[union-attr]
        flags = [f.outside for f in compared.row(row["name"]).forecasts]
        assert [f["outside_band"] for f in row["forecasts"]] == flags
        assert row["flags"] == list(compared.row(row["name"]).flags)


def test_splits_are_the_models_spread_per_issue(compared) -> None:
    models = [r for r in compared.rows if r.kind == "model"]
    spreads = [s.spread for s in compared.splits]
    assert spreads == sorted(spreads, reverse=True)
    for s in compared.splits:
        values = {r.name: next(f.value for f in r.forecasts if f.issue == s.issue) for r in models}
        assert s.low == pytest.approx(min(values.values()), abs=0.01)
        assert s.high == pytest.approx(max(values.values()), abs=0.01)
        assert values[s.low_model] == pytest.approx(s.low, abs=0.01)
        assert values[s.high_model] == pytest.approx(s.high, abs=0.01)
        assert s.agree == (s.spread <= AGREE)


def test_round_cap_is_flagged(mini) -> None:
    arrays = case_arrays(mini)
    one = get_model("bdm")(arrays, params={"rounds": 1}, rng=np.random.default_rng(0))
    assert round_cap(one)
    many = get_model("compromise")(arrays, rng=np.random.default_rng(0))
    assert not round_cap(many)
    assert _flags((), 1) == ("stopped at its round cap (1) instead of settling",)
    assert _flags((), None) == ()


def test_no_bands_without_samples_and_bad_requests(mini) -> None:
    quick = compare_models(mini, models=["compromise", "median"], samples=0)
    assert [r.name for r in quick.rows if r.kind == "model"] == ["compromise", "median"]
    assert all(f.low is None for r in quick.rows for f in r.forecasts)
    with pytest.raises(ValueError, match="unknown model"):
        compare_models(mini, models=["oracle"], samples=0)
    with pytest.raises(ValueError, match="no stances"):
        compare_models(mini.model_copy(update={"stances": []}), samples=0)
