"""The optimised paths of the BDM and exchange models equal straightforward computations.

Each reference below is the plain form of the model's round, written for clarity rather than
speed (recompute everything, sum votes voter by voter); the models must give the same numbers
on random small cases: the exchange model bit for bit, BDM within a relative 1e-12 (its
prefix sums round differently from voter-by-voter sums).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from ontable.forecast import bdm, exchange
from ontable.forecast.bdm import BdmParams
from ontable.forecast.exchange import ExchangeParams
from ontable.forecast.median import weighted_median


def _case(seed: int, batch: int, n: int, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.choice([0.0, 10.0, 25.0, 50.0, 75.0, 100.0], size=(batch, n, m))
    x = np.where(rng.random((batch, n, m)) < 0.5, rng.uniform(0, 100, (batch, n, m)), x)
    s = rng.uniform(0, 1, (batch, n, m))
    s = np.where(rng.random((batch, n, m)) < 0.1, 0.0, s)
    c = rng.uniform(0, 100, (batch, n))
    return x, c, s


def _best_reference(gain: Any, shift: Any, to_a: Any, to_b: Any) -> Any:
    top = gain.max(axis=1, keepdims=True)
    tied = gain >= top - exchange._TIE * np.abs(top)
    for key in (-shift, to_a, to_b):
        key = np.where(tied, key, np.inf)
        low = key.min(axis=1, keepdims=True)
        tied &= key <= low + exchange._TIE * np.maximum(np.abs(low), 1.0)
    return np.argmax(tied, axis=1)


def _exchange_reference(x0: Any, c: Any, s: Any, params: ExchangeParams) -> tuple[Any, ...]:
    """Every candidate of the shortlist recomputed after every exchange."""
    batch, n, m = x0.shape
    w = c[:, :, None] * s
    total = w.sum(axis=1)
    pair_a, pair_b = np.triu_indices(n, k=1)
    issue_p, issue_q = np.nonzero(~np.eye(m, dtype=bool))
    k_all = pair_a.size * issue_p.size
    keep = min(k_all, max(exchange._SHORTLIST, 2 * n * m))
    x = x0.copy()
    path = [x.copy()]
    made = np.zeros(batch, dtype=int)
    gained = np.zeros(batch)
    log: list[tuple[Any, ...]] = []
    floor = params.min_gain * (1.0 + exchange._TIE) + exchange._TIE * 1e-3
    for round_no in range(1, params.rounds + 1):
        if k_all == 0:
            break
        parts = (pair_a, pair_b, issue_p, issue_q)
        top, top_gain = exchange._shortlist(x, w, s, parts, keep, floor)
        if not (top_gain > 0).any():
            break
        live = top_gain > 0
        per_pair = issue_p.size
        ka, kb = pair_a[top // per_pair], pair_b[top // per_pair]
        kp, kq = issue_p[top % per_pair], issue_q[top % per_pair]
        ideal, moved, out = x, x.copy(), exchange._outcome(x, w)
        grid = np.broadcast_to(np.arange(batch)[:, None], top.shape)
        going = live.any(axis=1)
        for _ in range(exchange._MAX_STEPS_PER_CANDIDATE * top.shape[1]):
            r = np.flatnonzero(going)
            if r.size == 0:
                break
            g, new_ap, new_bq, shift_p, shift_q = exchange._make_exchange(
                ideal, moved, out, w, s, total, grid[r], (ka[r], kb[r], kp[r], kq[r])
            )
            g = np.where(live[r], g, 0.0)
            first = kp[r] < kq[r]
            best = _best_reference(
                g,
                np.abs(shift_p) + np.abs(shift_q),
                np.where(first, new_ap, new_bq),
                np.where(first, new_bq, new_ap),
            )
            pick = np.arange(r.size)
            g_best = g[pick, best]
            go = g_best > floor
            going[r[~go]] = False
            if not go.any():
                continue
            r, best, pick = r[go], best[go], pick[go]
            ga, gb, gp, gq = ka[r, best], kb[r, best], kp[r, best], kq[r, best]
            moved[r, ga, gp] = new_ap[pick, best]
            moved[r, gb, gq] = new_bq[pick, best]
            out[r, gp] += shift_p[pick, best]
            out[r, gq] += shift_q[pick, best]
            made[r] += 1
            gained[r] += g_best[go]
            log.append((r, round_no, ga, gb, gp, gq, g_best[go]))
        x = moved
        path.append(x.copy())
    return np.stack(path), made, gained, log


@pytest.mark.parametrize("seed", range(12))
def test_exchange_equals_full_recomputation(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    batch, n, m = int(rng.integers(1, 4)), int(rng.integers(2, 9)), int(rng.integers(2, 6))
    x0, c, s = _case(seed, batch, n, m)
    params = ExchangeParams(rounds=int(rng.integers(1, 6)), min_gain=float(rng.choice([0.0, 0.01])))
    path, made, gained, trades = exchange.run_batch(x0, c, s, params)
    ref_path, ref_made, ref_gained, log = _exchange_reference(x0, c, s, params)
    np.testing.assert_array_equal(path, ref_path)
    np.testing.assert_array_equal(made, ref_made)
    np.testing.assert_array_equal(gained, ref_gained)
    assert trades.gain.size == sum(len(entry[0]) for entry in log)
    if log:
        np.testing.assert_array_equal(trades.a, np.concatenate([e[2] for e in log]))
        np.testing.assert_array_equal(trades.q, np.concatenate([e[5] for e in log]))


def test_exchange_equals_full_recomputation_with_a_short_shortlist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A shortlist shorter than the candidates (as in large cases) changes nothing either."""
    monkeypatch.setattr(exchange.rounds, "_SHORTLIST", 16)
    x0, c, s = _case(7, 2, 9, 4)
    params = ExchangeParams(rounds=4, min_gain=0.0)
    path, made, _, _ = exchange.run_batch(x0, c, s, params)
    ref_path, ref_made, _, _ = _exchange_reference(x0, c, s, params)
    assert made.sum() > 0
    np.testing.assert_array_equal(path, ref_path)
    np.testing.assert_array_equal(made, ref_made)


def _bdm_votes_reference(x: Any, w: Any, r: Any, span: Any, on: Any, published: bool) -> Any:
    """``P[i, j]`` summed voter by voter over every pair: the direct ``O(n³)`` form."""
    d = np.abs(x[:, None] - x[None, :]) / span  # [k, a]
    if published:
        m = w[:, None] * d ** r[:, None]
        votes = m[:, None, :] - m[:, :, None]  # [k, i, j] = M[k, j] − M[k, i]
        pair = on[:, None] & on[None, :]
        votes = np.where(pair[None], votes, 0.0)
        spread = np.abs(m[:, :, None] - m[:, None, :])  # [k, a, b]
        total = np.where(pair[None], spread, 0.0).sum()
        support = np.clip(votes, 0.0, None).sum(axis=0)
        support = np.where(pair & (x[:, None] != x[None, :]), support, 0.0)
        return support / total if total > 0 else np.zeros_like(support)
    votes = w[:, None, None] * (d[:, None, :] - d[:, :, None])
    support = np.clip(votes, 0.0, None).sum(axis=0)
    both = support + support.T
    return np.where(both > 0, support / np.where(both > 0, both, 1.0), 0.5)


def _bdm_reference(x0: Any, c: Any, s: Any, params: Any) -> tuple[Any, Any]:
    """One issue at a time, votes summed voter by voter, every pair at once."""
    published = params.variant == bdm.PUBLISHED_CODE
    paths, outcomes = [], []
    for row in range(x0.shape[0]):
        w, sal = c[row] * s[row], s[row]
        on = w > 0
        span = np.ptp(x0[row][on]) if on.any() else 1.0
        span = span if span > 0 else 1.0
        x = x0[row].copy()
        path = [x.copy()]
        one = lambda v: v[None]  # noqa: E731
        for _ in range(params.rounds):
            mu = np.atleast_1d(weighted_median(x[:, None], w[:, None])[0])
            neutral = np.ones_like(x)
            p = _bdm_votes_reference(x, w, neutral, span, on, published)
            own, _ = bdm._challenge_matrices(
                one(x), one(sal), one(on * 1.0), np.array([span]), mu, one(p), one(neutral), params
            )
            r = np.where(on, bdm._risk_exponents(own, one(on * 1.0))[0], 1.0)
            if published:
                p = _bdm_votes_reference(x, w, r, span, on, published)
            own, seen = bdm._challenge_matrices(
                one(x), one(sal), one(on * 1.0), np.array([span]), mu, one(p), one(r), params
            )
            choose = bdm._new_positions_published if published else bdm._new_positions
            moved = np.where(on, choose(one(x), own, seen)[0], x)
            step = np.abs(moved - x).max()
            x = moved
            path.append(x.copy())
            if step <= params.tolerance:
                break
        paths.append(np.stack(path))
        outcomes.append(weighted_median(x[:, None], w[:, None])[0])
    return paths, np.array(outcomes)


@pytest.mark.usefixtures("bdm_path")
@pytest.mark.parametrize("variant", bdm.VARIANTS)
@pytest.mark.parametrize("seed", range(8))
def test_bdm_equals_direct_vote_sums(seed: int, variant: str) -> None:
    rng = np.random.default_rng(200 + seed)
    rows, n = int(rng.integers(1, 5)), int(rng.integers(2, 12))
    x0, c, s = _case(seed, 1, n, rows)
    x0, s = x0[0].T, s[0].T  # (rows, actors)
    c = np.broadcast_to(c, (rows, n))
    params = BdmParams(
        Q=float(rng.choice([1.0, 0.7])), T=float(rng.choice([1.0, 0.4])), variant=variant
    )
    path, outcome, ran = bdm.run_rows(x0, c, s, params)
    ref_paths, ref_outcome = _bdm_reference(x0, c, s, params)
    for row, ref in enumerate(ref_paths):
        assert ran[row] == ref.shape[0] - 1
        np.testing.assert_allclose(path[: ref.shape[0], row], ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(outcome, ref_outcome, rtol=1e-12, atol=1e-12)


def test_shortlist_gains_equal_exchange_gains() -> None:
    x0, c, s = _case(3, 2, 7, 5)
    w = c[:, :, None] * s
    pair_a, pair_b = np.triu_indices(7, k=1)
    issue_p, issue_q = np.nonzero(~np.eye(5, dtype=bool))
    index = (
        np.repeat(pair_a, issue_p.size),
        np.repeat(pair_b, issue_p.size),
        np.tile(issue_p, pair_a.size),
        np.tile(issue_q, pair_a.size),
    )
    gain, _, _ = exchange.exchange_gains(x0, w, s, index)
    fast = exchange._gains_only(x0, w, s, index, w.sum(axis=1), exchange._outcome(x0, w))
    assert (gain > 0).any()
    np.testing.assert_array_equal(fast, gain)


def _all_candidates(n: int, m: int) -> tuple[Any, ...]:
    pair_a, pair_b = np.triu_indices(n, k=1)
    issue_p, issue_q = np.nonzero(~np.eye(m, dtype=bool))
    index = (
        np.repeat(pair_a, issue_p.size),
        np.repeat(pair_b, issue_p.size),
        np.tile(issue_p, pair_a.size),
        np.tile(issue_q, pair_a.size),
    )
    return (pair_a, pair_b, issue_p, issue_q), index


@pytest.mark.parametrize("budget", [1, 64])
@pytest.mark.parametrize("seed", range(10))
def test_shortlist_keeps_the_most_gainful_candidates(
    seed: int, budget: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bounded search of large cases returns exactly the ``keep`` highest gains (equal
    gains: lower label first) that computing every candidate's gain gives, on cases with
    many equal gains (positions and saliences on a coarse grid) and without."""
    rng = np.random.default_rng(300 + seed)
    batch, n, m = int(rng.integers(1, 3)), int(rng.integers(4, 12)), int(rng.integers(3, 7))
    x0, c, s = _case(seed, batch, n, m)
    if seed % 2:
        s = rng.choice([0.25, 0.5, 1.0], size=s.shape)
        c = np.ones_like(c)
    w = c[:, :, None] * s
    parts, index = _all_candidates(n, m)
    gain, _, _ = exchange.exchange_gains(x0, w, s, index)
    floor = 0.01
    monkeypatch.setattr(exchange.shortlist, "_BUDGET", budget)  # 1: the search lowers its threshold
    for keep in (1, 5, 40, 400):
        if keep >= gain.shape[1]:
            continue
        ids, top = exchange._shortlist(x0, w, s, parts, keep, floor)
        for row in range(batch):
            labels = np.arange(gain.shape[1])
            good = gain[row] > floor
            order = np.lexsort((labels[good], -gain[row][good]))[:keep]
            want = np.sort(labels[good][order])
            live = top[row] > 0
            np.testing.assert_array_equal(ids[row][live], want)
            np.testing.assert_array_equal(top[row][live], gain[row][want])


def test_all_gains_equal_exchange_gains() -> None:
    """The gains of small cases, laid out by pair and issue, equal the per-candidate ones."""
    x0, c, s = _case(4, 3, 6, 5)
    w = c[:, :, None] * s
    parts, index = _all_candidates(6, 5)
    gain, _, _ = exchange.exchange_gains(x0, w, s, index)
    total, outcome = w.sum(axis=1), exchange._outcome(x0, w)
    fast = exchange._all_gains(x0, w, s, parts[0], parts[1], total, outcome)
    assert (gain > 0).any()
    np.testing.assert_array_equal(fast, gain)
