"""The optimised paths of the BDM and exchange models equal straightforward computations.

Each reference below is the plain form of the model's round, written for clarity rather than
speed (recompute everything, every pair at once); the models must give the same numbers on
random small cases, bit for bit or within 1e-12.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from ontable.forecast import exchange
from ontable.forecast.exchange import ExchangeParams


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
    monkeypatch.setattr(exchange, "_SHORTLIST", 16)
    x0, c, s = _case(7, 2, 9, 4)
    params = ExchangeParams(rounds=4, min_gain=0.0)
    path, made, _, _ = exchange.run_batch(x0, c, s, params)
    ref_path, ref_made, _, _ = _exchange_reference(x0, c, s, params)
    assert made.sum() > 0
    np.testing.assert_array_equal(path, ref_path)
    np.testing.assert_array_equal(made, ref_made)
