"""The exchange model's compiled kernels (numba) give the numpy path's results, bit for bit.

Both paths run on the same random cases (seeded; positions on a coarse grid, saliences and
capabilities from a few values, so that many gains tie exactly and the tie rule decides):
the same exchanges in the same order, the same votes, outcomes and gains. The kernels are
forced on small cases by lowering the size from which they are used; ``ONTABLE_NO_NUMBA=1``
forces the numpy path.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontable.forecast import exchange
from ontable.forecast.exchange import ExchangeParams, fast, shortlist
from ontable.forecast.registry import get_model
from ontable.model.arrays import CaseArrays
from tests.extras import require_extra

require_extra("fast")


def _case(seed: int, batch: int, n: int, m: int, ties: bool) -> tuple[Any, Any, Any]:
    rng = np.random.default_rng(seed)
    if ties:
        x = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], size=(batch, n, m))
        s = rng.choice([0.0, 0.25, 0.5, 1.0], size=(batch, n, m))
        c = rng.choice([1.0, 2.0], size=(batch, n))
    else:
        x = rng.uniform(0, 100, (batch, n, m))
        s = np.where(rng.random((batch, n, m)) < 0.1, 0.0, rng.uniform(0, 1, (batch, n, m)))
        c = rng.uniform(0, 100, (batch, n))
    return x, c, s


def _run(
    monkeypatch: pytest.MonkeyPatch, compiled: bool, *args: Any
) -> tuple[Any, Any, Any, exchange.Trades]:
    with monkeypatch.context() as patch:
        if compiled:
            patch.delenv("ONTABLE_NO_NUMBA", raising=False)
            patch.setattr(fast, "_MIN_CANDIDATES", 0)
            assert fast.use_kernels(1)
        else:
            patch.setenv("ONTABLE_NO_NUMBA", "1")
            assert not fast.use_kernels(10**12)
        return exchange.run_batch(*args)


def _assert_same_runs(monkeypatch: pytest.MonkeyPatch, *args: Any) -> int:
    path, made, gained, trades = _run(monkeypatch, False, *args)
    k_path, k_made, k_gained, k_trades = _run(monkeypatch, True, *args)
    np.testing.assert_array_equal(k_path, path)
    np.testing.assert_array_equal(k_made, made)
    np.testing.assert_array_equal(k_gained, gained)
    for field in ("row", "round", "a", "b", "p", "q", "gain", "new_ap", "new_bq"):
        np.testing.assert_array_equal(getattr(k_trades, field), getattr(trades, field))
    return int(made.sum())


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("ties", [True, False])
def test_kernels_make_the_same_exchanges(
    monkeypatch: pytest.MonkeyPatch, seed: int, ties: bool
) -> None:
    rng = np.random.default_rng(500 + seed)
    batch, n, m = int(rng.integers(1, 4)), int(rng.integers(2, 10)), int(rng.integers(2, 6))
    x0, c, s = _case(seed, batch, n, m, ties)
    params = ExchangeParams(rounds=int(rng.integers(1, 6)), min_gain=float(rng.choice([0.0, 0.01])))
    _assert_same_runs(monkeypatch, x0, c, s, params)


@pytest.mark.parametrize("ties", [True, False])
def test_kernels_with_a_short_shortlist(monkeypatch: pytest.MonkeyPatch, ties: bool) -> None:
    """When the shortlist is shorter than the candidates (as in large cases), the kernel's
    shortlist (a heap pruned by upper bounds) keeps the same candidates."""
    monkeypatch.setattr(exchange.rounds, "_SHORTLIST", 16)
    x0, c, s = _case(11, 3, 12, 5, ties)
    made = _assert_same_runs(monkeypatch, x0, c, s, ExchangeParams(rounds=6, min_gain=0.0))
    assert made > 0


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 14),
    m=st.integers(2, 6),
    keep=st.integers(1, 60),
    ties=st.booleans(),
    guess=st.sampled_from([-np.inf, 0.0, 1e-3, 0.05, 0.5, 1e9]),
)
def test_kernel_shortlist_equals_numpy_shortlist(
    seed: int, n: int, m: int, keep: int, ties: bool, guess: float
) -> None:
    """The same candidates and gains, whatever the guess of the least gain kept (too low,
    too high: then the search runs again without it)."""
    x, c, s = _case(seed, 1, n, m, ties)
    w = c[:, :, None] * s
    pair_a, pair_b = np.triu_indices(n, k=1)
    issue_p, issue_q = np.nonzero(~np.eye(m, dtype=bool))
    parts = (pair_a, pair_b, issue_p, issue_q)
    floor = 1e-12
    ids, gain = shortlist._top_of_row(x, w, s, parts, keep, floor)
    total, outcome = w.sum(axis=1), exchange._outcome(x, w)
    start = np.array([guess])
    k_ids, k_gain = fast.top_of_row(x[0], w[0], s[0], total[0], outcome[0], keep, floor, start)
    np.testing.assert_array_equal(k_ids, ids)
    np.testing.assert_array_equal(k_gain, gain)
    assert start[0] == (fast._GUESS * gain.min() if gain.size == keep else -np.inf)


def test_forecasts_agree_through_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The public model, one case and a batch: the same outcomes, positions and trades."""
    rng = np.random.default_rng(3)
    n, m = 9, 4
    nan = np.full(n, np.nan)
    one = CaseArrays(
        tuple(f"a{i}" for i in range(n)),
        tuple(f"i{j}" for j in range(m)),
        rng.choice([0.0, 50.0, 100.0], (n, m)),
        rng.choice([20.0, 60.0, 100.0], (n, m)),
        rng.uniform(1, 10, n),
        nan,
        nan,
        np.full(m, np.nan),
    )
    batch = CaseArrays(
        one.party_ids,
        one.issue_ids,
        np.clip(one.positions[None] + rng.uniform(-5, 5, (3, n, m)), 0, 100),
        np.repeat(one.saliences[None], 3, axis=0),
        np.repeat(one.capabilities[None], 3, axis=0),
        np.full((3, n), np.nan),
        np.full((3, n), np.nan),
        one.status_quo,
    )
    model = get_model("exchange")
    for arrays in (one, batch):
        monkeypatch.setenv("ONTABLE_NO_NUMBA", "1")
        plain = model(arrays, rng=np.random.default_rng(0))
        monkeypatch.delenv("ONTABLE_NO_NUMBA")
        monkeypatch.setattr(fast, "_MIN_CANDIDATES", 0)
        compiled = model(arrays, rng=np.random.default_rng(0))
        monkeypatch.undo()
        np.testing.assert_array_equal(compiled.outcome, plain.outcome)
        np.testing.assert_array_equal(compiled.path, plain.path)
        assert compiled.extras.get("trades") == plain.extras.get("trades")
        np.testing.assert_array_equal(compiled.extras["exchanges"], plain.extras["exchanges"])
        assert np.sum(plain.extras["exchanges"]) > 0


def test_the_environment_variable_turns_the_kernels_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONTABLE_NO_NUMBA", "1")
    assert not fast.use_kernels(10**12)
    monkeypatch.setenv("ONTABLE_NO_NUMBA", "0")
    assert fast.use_kernels(10**12)
    assert not fast.use_kernels(fast._MIN_CANDIDATES - 1)


def test_no_candidate_with_a_short_shortlist(monkeypatch: pytest.MonkeyPatch) -> None:
    """Everybody at the same position: no exchange is possible, on either path (the numpy
    search over upper bounds once failed when no candidate cleared them)."""
    monkeypatch.setattr(exchange.rounds, "_SHORTLIST", 16)
    x0 = np.full((2, 9, 4), 50.0)
    x0[1, 0, 0] = 60.0  # one actor apart: still no pair on opposite sides of both issues
    _, c, s = _case(1, 2, 9, 4, False)
    assert _assert_same_runs(monkeypatch, x0, c, s, ExchangeParams(rounds=3)) == 0


@pytest.mark.parametrize("ties", [True, False])
def test_kernel_all_gains_equal_numpy_all_gains(ties: bool) -> None:
    x, c, s = _case(21, 3, 7, 5, ties)
    w = c[:, :, None] * s
    pair_a, pair_b = np.triu_indices(7, k=1)
    total, outcome = w.sum(axis=1), exchange._outcome(x, w)
    gain = exchange._all_gains(x, w, s, pair_a, pair_b, total, outcome)
    floor = 0.01
    expected = np.where(gain > floor, gain, 0.0)
    assert (expected > 0).sum() > 10
    np.testing.assert_array_equal(fast.all_gains(x, w, s, total, outcome, floor), expected)


@pytest.mark.parametrize("n", [2, 3, 7, 200, 4001])
def test_pairs_are_numbered_as_triu_indices(n: int) -> None:
    pair_a, pair_b = np.triu_indices(n, k=1)
    a, b = fast._pair_actors(np.arange(pair_a.size), n)
    np.testing.assert_array_equal(a, pair_a)
    np.testing.assert_array_equal(b, pair_b)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 40),
    m=st.integers(2, 6),
    keep=st.integers(1, 80),
    ties=st.booleans(),
    guess=st.sampled_from([-np.inf, 0.0, 1e-3, 0.05, 1e9]),
)
def test_threaded_search_equals_serial_search(
    seed: int, n: int, m: int, keep: int, ties: bool, guess: float
) -> None:
    """The search over blocks of actor pairs gives the serial search's shortlist, bit for
    bit, on one thread and on two."""
    import numba

    from ontable.forecast.exchange import search_kernel, shortlist_kernel

    x, c, s = _case(seed, 1, n, m, ties)
    w = c[:, :, None] * s
    total, outcome = w.sum(axis=1), exchange._outcome(x, w)
    args = (x[0], s[0], w[0], outcome[0], total[0], keep, 1e-12, guess)
    ids, gain = shortlist_kernel.top_of_row(*args)
    before = numba.get_num_threads()
    try:
        for threads in sorted({1, min(2, numba.config.NUMBA_NUM_THREADS)}):
            numba.set_num_threads(threads)
            t_ids, t_gain = search_kernel.top_of_row(*args)
            np.testing.assert_array_equal(t_ids, ids)
            np.testing.assert_array_equal(t_gain, gain)
    finally:
        numba.set_num_threads(before)


def test_the_threaded_search_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ONTABLE_PARALLEL_SEARCH=1`` picks the threaded search when numba has two threads."""
    import numba

    from ontable.forecast.exchange import search_kernel, shortlist_kernel

    monkeypatch.delenv("ONTABLE_PARALLEL_SEARCH", raising=False)
    assert fast._search() is shortlist_kernel.top_of_row
    monkeypatch.setenv("ONTABLE_PARALLEL_SEARCH", "1")
    if numba.config.NUMBA_NUM_THREADS > 1:
        before = numba.get_num_threads()
        try:
            numba.set_num_threads(2)
            assert fast._search() is search_kernel.top_of_row
            numba.set_num_threads(1)
            assert fast._search() is shortlist_kernel.top_of_row
        finally:
            numba.set_num_threads(before)


def _both_shortlists(x: Any, c: Any, s: Any, keep: int, floor: float) -> tuple[Any, Any]:
    """The numpy path's shortlist of one row and the kernel's (without a guess)."""
    n, m = x.shape[1:]
    w = c[:, :, None] * s
    pair_a, pair_b = np.triu_indices(n, k=1)
    issue_p, issue_q = np.nonzero(~np.eye(m, dtype=bool))
    expected = shortlist._top_of_row(x, w, s, (pair_a, pair_b, issue_p, issue_q), keep, floor)
    total, outcome = w.sum(axis=1), exchange._outcome(x, w)
    start = np.array([-np.inf])
    found = fast.top_of_row(x[0], w[0], s[0], total[0], outcome[0], keep, floor, start)
    return expected, found


@pytest.mark.parametrize(
    ("n", "m", "keep"),
    [(300, 3, 500), (600, 2, 64), (20, 18, 300), (10, 70, 200)],
)
@pytest.mark.parametrize("ties", [True, False])
def test_kernel_shortlist_past_one_block_and_with_many_issues(
    n: int, m: int, keep: int, ties: bool
) -> None:
    """More partners than one block of the search (256) and more issues than an actor pair's
    best bound is worked out for (64): the same shortlist as the numpy path."""
    x, c, s = _case(n + m, 1, n, m, ties)
    (ids, gain), (k_ids, k_gain) = _both_shortlists(x, c, s, keep, 1e-12)
    assert ids.size == keep
    np.testing.assert_array_equal(k_ids, ids)
    np.testing.assert_array_equal(k_gain, gain)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    scale=st.sampled_from([1e-6, 1e-2, 1.0, 1e4, 1e9]),
    tiny=st.sampled_from([1e-9, 1e-5, 1e-2, 1.0]),
    keep=st.integers(1, 60),
)
def test_kernel_bounds_hold_at_any_scale(seed: int, scale: float, tiny: float, keep: int) -> None:
    """The search's bounds (the gain written as ``min(P_p, Q_q)(r_q − r_p)``, with a margin
    for rounding) stay above the gains however small the saliences and whatever the scale of
    the positions, nearly equal salience shares included: the same shortlist."""
    x, c, s = _case(seed, 1, 9, 4, True)
    rng = np.random.default_rng(seed)
    s = s * tiny * np.where(rng.random(s.shape) < 0.3, 1.0 + 1e-12, 1.0)
    (ids, gain), (k_ids, k_gain) = _both_shortlists(x * scale, c, s, keep, 1e-300)
    np.testing.assert_array_equal(k_ids, ids)
    np.testing.assert_array_equal(k_gain, gain)
    if gain.size:  # the least gain kept as the guess: candidates gaining exactly that count
        from ontable.forecast.exchange import shortlist_kernel

        w = c[0][:, None] * s[0]
        outcome = exchange._outcome(x * scale, c[:, :, None] * s)[0]
        args = (x[0] * scale, s[0], w, outcome, w.sum(axis=0), keep, 1e-300, gain.min())
        g_ids, g_gain = shortlist_kernel.top_of_row(*args)
        np.testing.assert_array_equal(g_ids, ids)
        np.testing.assert_array_equal(g_gain, gain)


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(0, 200),
    keep=st.integers(1, 120),
)
def test_cutting_the_list_keeps_the_best_with_ties_to_the_lower_label(
    seed: int, size: int, keep: int
) -> None:
    from ontable.forecast.exchange import shortlist_kernel

    rng = np.random.default_rng(seed)
    gains = rng.choice([0.5, 1.0, 2.0, 3.0], size=size) * rng.choice([1.0, 1.0 + 1e-15], size)
    labels = rng.permutation(10 * size + 1)[:size].astype(np.intp)
    best = np.lexsort((labels, -gains))[:keep]
    expected = np.sort(labels[best])
    k_labels, k_gains = shortlist_kernel.best_in_label_order(
        gains.copy(), labels.copy(), size, keep
    )
    np.testing.assert_array_equal(k_labels, expected)
    np.testing.assert_array_equal(
        k_gains, gains[np.argsort(labels)][np.isin(np.sort(labels), expected)]
    )
