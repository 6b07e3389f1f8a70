"""The backtest engine: cases, baselines, scores, ensemble and reproducibility."""

from __future__ import annotations

import pickle
from datetime import date

import numpy as np
import pytest

from ontable.backtest import BASELINES, BacktestResult, CapabilityRule, proposal_cases, run_backtest
from ontable.backtest.predict import baseline_predictions, predict_case
from ontable.backtest.scoring import (
    cross_validate,
    fit_convex_weights,
    mean_with_interval,
    resample_counts,
)
from ontable.datasets import ACTORS, DecisionDataset, load_dataset
from ontable.sweep import open_executor

NAN = float("nan")


def _dataset(rows: list[dict[str, object]]) -> DecisionDataset:
    """A small dataset: each row gives proposal, positions/saliences by actor, rp, out."""
    n = len(rows)
    pos = np.full((n, len(ACTORS)), np.nan)
    sal = np.full((n, len(ACTORS)), np.nan)
    for i, r in enumerate(rows):
        for actor, (p, s) in r["stances"].items():  # type: ignore[attr-defined]
            pos[i, ACTORS.index(actor)] = p
            sal[i, ACTORS.index(actor)] = s
    return DecisionDataset(
        name="toy",
        source="toy.tsv",
        proposal_ids=tuple(str(r["proposal"]) for r in rows),
        issue_ids=tuple(f"{r['proposal']}i{i}" for i, r in enumerate(rows)),
        proposal_names=tuple("toy" for _ in rows),
        act_types=tuple("Reg" for _ in rows),
        councils=tuple("General" for _ in rows),
        procedures=tuple(str(r.get("proc", "COD")) for r in rows),
        voting_rules=tuple(str(r.get("vote", "QMV")) for r in rows),
        introduced=tuple(date(1999, 1, 1) for _ in rows),
        positions=pos,
        saliences=sal,
        reference_points=np.array([r.get("rp", NAN) for r in rows], dtype=float),
        outcomes=np.array([r["out"] for r in rows], dtype=float),
        lines=tuple(range(2, n + 2)),
    )


TOY = _dataset(
    [
        {"proposal": "a", "stances": {"com": (80, 50), "ep": (100, 80), "de": (0, 100), "lu": (40, None)}, "rp": 0, "out": 60},
        {"proposal": "a", "stances": {"com": (20, 50), "de": (100, 20)}, "out": 30},
        {"proposal": "b", "stances": {"com": (50, 50), "fr": (0, 50), "it": (100, 50)}, "out": NAN},
        {"proposal": "c", "stances": {"ep": (0, 50), "fr": (100, 90), "it": (60, 10)}, "proc": "CNS", "vote": "Unan", "rp": 100, "out": 70},
    ]
)  # fmt: skip


def test_cases_are_proposals_without_unscored_issues() -> None:
    cases = proposal_cases(TOY)
    assert [c.proposal for c in cases] == ["a", "c"]  # b has no outcome
    a = cases[0]
    assert a.arrays.party_ids == ("com", "ep", "de", "lu")
    # lu recorded no position on the second issue: no stake there.
    assert a.arrays.saliences[3, 1] == 0 and not a.arrays.stated_mask()[3, 1]
    assert a.arrays.positions[3, 1] == (20 + 100) / 2  # the stated positions' mean
    # lu's position without a salience gets the middle of the scale.
    assert a.arrays.saliences[3, 0] == 50
    np.testing.assert_array_equal(a.arrays.status_quo, [0, NAN])


def test_baselines_by_hand() -> None:
    rule = CapabilityRule(council="equal")
    a, c = proposal_cases(TOY, rule)
    base = baseline_predictions(a)
    np.testing.assert_allclose(base["mean"], [(80 + 100 + 0 + 40) / 4, (20 + 100) / 2])
    np.testing.assert_allclose(base["plain_median"], [60, 60])
    np.testing.assert_allclose(base["commission"], [80, 20])
    wm0 = (80 * 50 + 100 * 80 + 0 * 100 + 40 * 50) / (50 + 80 + 100 + 50)
    wm1 = (20 * 50 + 100 * 20) / 70
    np.testing.assert_allclose(base["weighted_mean"], [wm0, wm1])
    np.testing.assert_array_equal(baseline_predictions(c)["commission"], [NAN])
    np.testing.assert_array_equal(baseline_predictions(c)["reference_point"], [100])


def test_registered_models_run_through_the_registry() -> None:
    case = proposal_cases(TOY)[0]
    out = predict_case(case, ["compromise", "median"], seed=1)
    assert not out.failures
    # The compromise model is the weighted mean by definition.
    np.testing.assert_allclose(out.predictions["compromise"], out.predictions["weighted_mean"])
    broken = predict_case(case, ["no-such-model"], seed=1)
    assert "no-such-model" in broken.failures
    assert np.isnan(broken.predictions["no-such-model"]).all()


def test_convex_weights_recover_a_known_mix() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 100, size=(60, 3))
    y = 0.3 * x[:, 0] + 0.7 * x[:, 2]
    w = fit_convex_weights(x, y)
    np.testing.assert_allclose(w, [0.3, 0.0, 0.7], atol=1e-6)
    assert w.min() >= 0 and w.sum() == pytest.approx(1)


def test_out_of_fold_predictions_never_use_their_own_fold() -> None:
    # One forecast is perfect except on group 0, where only the other is right: a model
    # fitted without group 0 must miss there.
    groups = np.repeat(np.arange(10), 5)
    y = np.linspace(0, 100, 50)
    good = y.copy()
    good[groups == 0] += 40
    other = np.where(groups == 0, y, 50.0)
    cv = cross_validate(
        np.column_stack([good, other]), y, groups, folds=10, rng=np.random.default_rng(0)
    )
    assert np.abs(cv.ensemble[groups == 0] - y[groups == 0]).mean() > 30
    assert np.abs(cv.ensemble[groups != 0] - y[groups != 0]).max() < 1e-6


def test_best_single_forecast_is_chosen_on_the_training_folds() -> None:
    # "sharp" is exact except on group 0, where it misses by 200; "blunt" misses by 10
    # everywhere. On all issues blunt is better (MAE 10 against 20), and so it is on any nine
    # folds that include group 0; only the fold holding group 0 trains without it, picks
    # sharp, and misses there.
    groups = np.repeat(np.arange(10), 4)
    y = np.linspace(0, 100, 40)
    sharp = np.where(groups == 0, y + 200, y)
    blunt = y + 10
    x = np.column_stack([sharp, blunt])
    cv = cross_validate(
        x, y, groups, folds=10, rng=np.random.default_rng(1),
        candidates={"sharp only": [0], "both": [0, 1], "none": []},
    )  # fmt: skip
    np.testing.assert_array_equal(cv.best_single["sharp only"], sharp)
    both = cv.best_single["both"]
    np.testing.assert_array_equal(both[groups == 0], sharp[groups == 0])
    np.testing.assert_array_equal(both[groups != 0], blunt[groups != 0])
    assert np.isnan(cv.best_single["none"]).all()


def test_interval_and_resamples() -> None:
    rng = np.random.default_rng(5)
    groups = np.repeat(np.arange(20), 3)
    counts = resample_counts(groups, 500, rng)
    assert counts.shape == (500, 20) and (counts.sum(axis=1) == 20).all()
    values = rng.uniform(0, 10, size=60)
    values[4] = np.nan
    mae, low, high, n = mean_with_interval(values, groups, counts)
    assert n == 59 and low < mae < high
    assert mae == pytest.approx(np.nanmean(values))


@pytest.fixture(scope="module")
def small():
    deu3 = load_dataset("deu3")
    return deu3.proposals(list(dict.fromkeys(deu3.proposal_ids))[:10])


@pytest.fixture(scope="module")
def small_result(small) -> BacktestResult:
    return run_backtest(small, rng=np.random.default_rng(11), bootstrap=300, folds=5)


def test_small_backtest_scores_every_forecast(small, small_result) -> None:
    r = small_result
    names = [s.name for s in r.scores]
    assert names[: len(r.models)] == list(r.models)
    assert set(BASELINES) < set(names) and names[-1] == "ensemble"
    assert r.n_scored == int((~np.isnan(small.outcomes)).sum())
    assert r.n_scored + len(r.excluded_issues) == small.n_issues
    for s in r.scores:
        assert s.mae_low <= s.mae <= s.mae_high
        errors = np.abs(np.array(r.predictions[s.name]) - np.array(r.outcomes))
        assert s.mae == pytest.approx(np.nanmean(errors))
        assert 0 <= s.beats_weighted_mean + s.ties_weighted_mean <= 1
    assert r.score("weighted_mean").vs_weighted_mean == 0
    e = r.ensemble
    assert sum(e.weights) == pytest.approx(1) and min(e.weights) >= 0
    # The compromise model is the weighted mean's formula: only one of the two is mixed.
    assert e.duplicates == {"weighted_mean": "compromise"}
    assert "weighted_mean" not in e.components and "compromise" in e.components
    # Forecasts missing on some issue (no reference point, no Commission position) stay out.
    assert "reference_point" not in e.components
    # The issue's rule: kept if it beats the best single model out of fold and on all issues.
    assert e.best_model in r.models
    assert e.best_model_mae == min(r.score(m).mae for m in r.models)
    assert e.kept == (e.mae < min(e.best_model_oof_mae, e.best_model_mae))
    assert e.best_forecast_mae == min(r.score(c).mae for c in e.components)
    assert e.best_forecast_mae <= e.best_model_mae
    assert e.vs_best_forecast == pytest.approx(e.mae - e.best_forecast_mae)
    assert e.vs_best_forecast_low <= e.vs_best_forecast <= e.vs_best_forecast_high
    groupings = {g.grouping for g in r.groups}
    assert groupings == {"procedure", "voting rule", "council weights"}


def test_result_round_trips_through_plain_data(small_result) -> None:
    again = BacktestResult.from_dict(small_result.to_dict())
    assert again.to_dict() == small_result.to_dict()
    assert pickle.loads(pickle.dumps(small_result)).to_dict() == small_result.to_dict()


def test_same_seed_same_numbers_serially_and_in_a_process_pool(small, small_result) -> None:
    seen: list[tuple[int, int]] = []
    with open_executor("process", workers=2) as pool:
        pooled = run_backtest(
            small,
            rng=np.random.default_rng(11),
            bootstrap=300,
            folds=5,
            executor=pool,
            chunk_size=3,
            progress=lambda done, total: seen.append((done, total)),
        )
    assert pooled.to_dict() == small_result.to_dict()
    assert seen[-1][0] == seen[-1][1] and len(seen) > 1
    other = run_backtest(small, rng=np.random.default_rng(12), bootstrap=300, folds=5)
    assert other.score("mean").mae == small_result.score("mean").mae  # no randomness in MAE
    assert other.score("mean").mae_low != small_result.score("mean").mae_low


def test_models_take_parameters_other_than_their_defaults(small, small_result) -> None:
    one = run_backtest(
        small, rng=np.random.default_rng(11), models=["bdm"], bootstrap=300, folds=5,
        params={"bdm": {"rounds": 1}},
    )  # fmt: skip
    assert one.params == {"bdm": {"rounds": 1}} and small_result.params == {}
    # One round: every proposal where anyone moves stops at the cap.
    assert one.score("bdm").round_capped >= small_result.score("bdm").round_capped
    assert one.predictions["bdm"] != small_result.predictions["bdm"]
    assert one.predictions["mean"] == small_result.predictions["mean"]
    with pytest.raises(ValueError, match="models not run: smp"):
        run_backtest(small, rng=np.random.default_rng(0), models=["bdm"], params={"smp": {}})
    with pytest.raises(ValueError, match="bdm parameters"):
        run_backtest(
            small, rng=np.random.default_rng(0), models=["bdm"], params={"bdm": {"speed": 2}}
        )


def test_model_names_may_not_shadow_baselines(small) -> None:
    with pytest.raises(ValueError, match="clash"):
        run_backtest(small, rng=np.random.default_rng(0), models=["mean"])


def test_a_proposal_with_two_voting_rules_becomes_two_cases() -> None:
    mixed = _dataset(
        [
            {"proposal": "m", "stances": {"de": (0, 50), "lu": (100, 50)}, "out": 20},
            {"proposal": "m", "stances": {"de": (0, 50), "lu": (100, 50)}, "vote": "Unan", "out": 50},
            {"proposal": "n", "stances": {"de": (0, 50), "lu": (100, 50)}, "out": 90},
        ]
    )  # fmt: skip
    qmv, unan, _ = proposal_cases(mixed)
    assert qmv.proposal == unan.proposal == "m"
    assert (qmv.voting_rule, unan.voting_rule) == ("QMV", "Unan")
    assert qmv.arrays.capabilities[0] > qmv.arrays.capabilities[1]  # Germany 10, Luxembourg 2
    assert unan.arrays.capabilities[0] == unan.arrays.capabilities[1]  # a veto each
    result = run_backtest(mixed, rng=np.random.default_rng(0), models=[], bootstrap=100, folds=2)
    assert result.n_scored_proposals == 2 and result.n_scored == 3
    with pytest.raises(ValueError, match="at least two proposals"):
        run_backtest(mixed.proposals(["m"]), rng=np.random.default_rng(0), models=[])
