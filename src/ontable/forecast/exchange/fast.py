"""When the exchange model uses its compiled kernels, and how a round is handed to them.

The kernels (:mod:`.kernels`, numba, the optional extra ``fast``) give the same results as
the numpy path, bit for bit; they are used when numba can be imported, the case is large
enough for compiling (or loading the compiled code) to pay, and the environment variable
``ONTABLE_NO_NUMBA`` is not set to ``1``. numba is imported only then, so small cases never
pay for it.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import numpy as np

from ontable.forecast.compiled import kernels_switched_off
from ontable.forecast.exchange.gains import IndexArray
from ontable.model.arrays import FloatArray

_MIN_CANDIDATES = 20_000
"""Samples × candidate exchanges from which the kernels are used."""

_GUESS = 0.9
"""The guess of the least gain in next round's shortlist, relative to this round's."""


def use_kernels(candidates: int) -> bool:
    """Whether a run over ``candidates`` (samples × candidate exchanges) uses the kernels."""
    if kernels_switched_off():
        return False
    return candidates >= _MIN_CANDIDATES and _importable()


@functools.cache
def _importable() -> bool:
    """Whether the kernels (and so numba) can be imported."""
    try:
        from ontable.forecast.exchange import kernels  # noqa: F401
    except ImportError:
        return False
    return True


def top_of_row(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    total: FloatArray,
    outcome: FloatArray,
    keep: int,
    floor: float,
    guess: FloatArray,
) -> tuple[IndexArray, FloatArray]:
    """:func:`.shortlist._top_of_row` of one row ``(actors, issues)`` by the kernel.

    ``guess`` (one value, updated in place) is a guess of the least gain kept, carried from
    round to round: ``_GUESS`` times the least gain kept last time (gains change little
    from one round to the next). It spares most of the candidates the search would
    otherwise compute before it has ``keep`` of them; when it was too high (fewer than
    ``keep`` found), the search runs again without it.
    """
    search = _search()
    xc, sc, wc, oc, tc = (np.ascontiguousarray(v) for v in (x, s, w, outcome, total))
    ids, gain = search(xc, sc, wc, oc, tc, keep, floor, float(guess[0]))
    if ids.size < keep and guess[0] > -np.inf:
        ids, gain = search(xc, sc, wc, oc, tc, keep, floor, -np.inf)
    guess[0] = _GUESS * gain.min() if ids.size == keep else -np.inf
    return ids, gain


def _search() -> Any:
    """The shortlist search: on several threads (:func:`.search_kernel.top_of_row`) when
    ``ONTABLE_PARALLEL_SEARCH=1`` and numba has more than one thread, else on one
    (:func:`.shortlist_kernel.top_of_row`); both give the same shortlist. The threaded search costs
    more CPU time in all (its blocks' bars rise later), so it is asked for, not the default."""
    import numba

    from ontable.forecast.exchange import shortlist_kernel

    if os.environ.get("ONTABLE_PARALLEL_SEARCH", "") == "1" and numba.get_num_threads() > 1:
        from ontable.forecast.exchange import search_kernel

        return search_kernel.top_of_row
    return shortlist_kernel.top_of_row


def all_gains(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    total: FloatArray,
    outcome: FloatArray,
    floor: float,
) -> FloatArray:
    """:func:`.shortlist._all_gains` by the kernel, gains not above ``floor`` set to 0."""
    from ontable.forecast.exchange import kernels

    xc, sc, wc, oc, tc = (np.ascontiguousarray(v) for v in (x, s, w, outcome, total))
    return kernels.all_gains(xc, sc, wc, oc, tc, floor)


def run_round(
    ideal: FloatArray,
    weights: tuple[FloatArray, FloatArray, FloatArray],
    shortlist: tuple[IndexArray, FloatArray],
    parts: tuple[IndexArray, IndexArray, IndexArray, IndexArray],
    moved: FloatArray,
    out: FloatArray,
    totals: tuple[IndexArray, FloatArray],
    floor: float,
    steps: int,
) -> tuple[IndexArray, IndexArray, IndexArray, IndexArray, IndexArray, FloatArray, FloatArray,
           FloatArray]:  # fmt: skip
    """The exchanges of one round by the kernel (:func:`.round_kernel.run_round`), as the
    numpy loop of :func:`.rounds.run_batch` makes them from the positions ``ideal`` at the
    start of the round (``weights``: saliences, weights and their totals per issue):
    ``moved`` and ``out`` (C-ordered) and ``totals`` (exchanges made and gain realised per
    row) are updated in place.

    ``shortlist`` holds the round's candidates (labels, as :func:`.shortlist._shortlist`
    numbers them with ``parts``, whose actor pairs are not read) and their gains at its start, per row; those with a gain
    are live, numbered in each row in label order (their column in the numpy loop). Returns
    the exchanges step by step, rows in order within a step (as the numpy loop makes them):
    rows, ``a``, ``b``, ``p``, ``q``, gains and the two new votes.
    """
    from ontable.forecast.exchange import round_kernel

    top, top_gain = shortlist
    _, _, issue_p, issue_q = parts
    row, at = np.nonzero(top_gain > 0)
    per_row = np.bincount(row, minlength=top.shape[0])
    column = np.arange(row.size) - (np.cumsum(per_row) - per_row)[row]
    pair, issues = np.divmod(top[row, at], issue_p.size)
    a, b = _pair_actors(pair, ideal.shape[1])
    who = np.stack([a, b, issue_p[issues], issue_q[issues], column], axis=1)
    made, gained = totals
    s, w, total = (np.ascontiguousarray(v) for v in weights)
    ilog, flog = round_kernel.run_round(
        who,
        (row, top_gain[row, at], per_row),
        (s, w, total),
        np.ascontiguousarray(ideal),
        moved.reshape(-1),
        out.reshape(-1),
        (made, gained),
        floor,
        steps,
    )
    step_order = np.lexsort((ilog[:, 0], ilog[:, 1]))  # step by step, rows in order
    ilog, flog = ilog[step_order], flog[step_order]
    return (ilog[:, 0], ilog[:, 2], ilog[:, 3], ilog[:, 4], ilog[:, 5], flog[:, 0],
            flog[:, 1], flog[:, 2])  # fmt: skip


def _pair_actors(pair: IndexArray, n: int) -> tuple[IndexArray, IndexArray]:
    """The actors ``a < b`` of each actor pair numbered as ``triu_indices(n, k=1)`` does
    (pairs of actor ``a`` start at ``a (2n − a − 1) / 2``), without building that list."""
    first = 2 * n - 1
    a = ((first - np.sqrt(float(first) ** 2 - 8.0 * pair)) // 2).astype(np.intp)
    for _ in range(2):  # the square root's rounding moves ``a`` by one at most
        a = np.where(a * (first - a) // 2 > pair, a - 1, a)
        a = np.where((a + 1) * (first - a - 1) // 2 <= pair, a + 1, a)
    return a, pair - a * (first - a) // 2 + a + 1
