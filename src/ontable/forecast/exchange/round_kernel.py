"""The compiled round of the exchange model (:mod:`ontable.forecast.exchange`), with numba.

:func:`run_round` makes a round's exchanges one at a time as :func:`.rounds.run_batch` does
(Stokman and Van Oosten 1994, equal-gain rate of Dijkstra, Van Assen and Stokman 2008): the
most gainful candidate given the exchanges already made, ties told apart as in
:func:`.rounds._best`, gains computed as in :meth:`.gains._Fixed.exchange` (the same
operations, so the same numbers bit for bit), without returning to Python between exchanges.

Rather than recomputing every candidate touching the two issues of an exchange, it keeps for
each candidate a *cap*: the gain it would have if neither outcome limited it,
``min(δ_p^full, δ_q^full / rate) · e / (s_aq + s_bq)`` when the exchange is possible, else 0.
The cap depends only on the two suppliers' votes and on which side of the outcomes the four
wanted positions lie, so it changes only when one of those votes moves or a wanted position
changes side, and it is never below the gain (the gain takes the smaller of each full shift
and the distance to the demander, and every operation is monotone). A candidate's gain is
recomputed only when its cap reaches the best gain found and its last gain is out of date
(an outcome or vote it reads has moved since): a pass over blocks of candidates and a few gains.
What stays fixed through the round is worked out in :mod:`.round_setup`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ontable.forecast.exchange.gains import _TIE
from ontable.forecast.exchange.kernels import _jit, _side
from ontable.forecast.exchange.round_setup import (
    _AP,
    _AQ,
    _BP,
    _BQ,
    _OP,
    _OQ,
    _arrange,
    _listing,
    _prepare,
)
from ontable.model.arrays import FloatArray


@_jit
def _possible(c: int, fixed: FloatArray, at: Any, sides: FloatArray, votes: FloatArray) -> bool:
    """Whether candidate ``c`` can be made now (the conditions of :func:`.gains._make_exchange`):
    the two on opposite sides of both outcomes, each supplier's vote still short of its
    partner's position on the side it started from, and weights that allow it."""
    ap, bq, bp, aq = at[c, _AP], at[c, _BQ], at[c, _BP], at[c, _AQ]
    return bool(
        sides[ap] * sides[bp] < 0
        and sides[aq] * sides[bq] < 0
        and fixed[c, 17] > 0
        and _side(votes[ap], fixed[c, 1]) == fixed[c, 4]
        and _side(votes[bq], fixed[c, 2]) == fixed[c, 5]
    )


@_jit
def _cap(c: int, fixed: FloatArray, at: Any, sides: FloatArray, votes: FloatArray) -> float:
    """The cap of candidate ``c`` (see the module's docstring): never below its gain."""
    if not _possible(c, fixed, at, sides, votes):
        return 0.0
    full_p = abs(fixed[c, 1] - votes[at[c, _AP]]) * fixed[c, 9] / fixed[c, 11]
    full_q = abs(fixed[c, 2] - votes[at[c, _BQ]]) * fixed[c, 10] / fixed[c, 12]
    rate = fixed[c, 8]
    delta_p = min(full_p, full_q / (rate if rate > 0 else 1.0))
    return float(delta_p * fixed[c, 6] / fixed[c, 7])


@_jit
def _recompute(
    c: int,
    fixed: FloatArray,
    at: Any,
    sides: FloatArray,
    votes: FloatArray,
    outcomes: FloatArray,
    state: FloatArray,
) -> None:
    """:meth:`.gains._Fixed.exchange` of candidate ``c``: its gain, the two new votes and the
    two signed outcome shifts, written to ``state[c]``. ``fixed[c]`` holds the 17 values of
    :class:`.gains._Fixed` and ``able`` (1 or 0). An exchange that is not possible gets gain
    0 and nothing else: its other values are never read (they matter only for candidates
    tied with the best gain, which is then above 0, or no exchange is made)."""
    if not _possible(c, fixed, at, sides, votes):
        state[c, 0] = 0.0
        return
    ibp, iaq, dir_p, dir_q = fixed[c, 1], fixed[c, 2], fixed[c, 4], fixed[c, 5]
    edge, den, rate = fixed[c, 6], fixed[c, 7], fixed[c, 8]
    wap, wbq, tp_safe, tq_safe = fixed[c, 9], fixed[c, 10], fixed[c, 11], fixed[c, 12]
    wap_safe, wbq_safe, tp, tq = fixed[c, 13], fixed[c, 14], fixed[c, 15], fixed[c, 16]
    xap, xbq = votes[at[c, _AP]], votes[at[c, _BQ]]
    op, oq = outcomes[at[c, _OP]], outcomes[at[c, _OQ]]
    full_p = abs(ibp - xap) * wap / tp_safe
    full_q = abs(iaq - xbq) * wbq / tq_safe
    limit_p = min(full_p, abs(ibp - op))
    limit_q = min(full_q, abs(iaq - oq))
    delta_p = min(limit_p, limit_q / (rate if rate > 0 else 1.0))
    delta_q = delta_p * rate
    new_ap = xap + dir_p * delta_p * tp / wap_safe
    new_bq = xbq + dir_q * delta_q * tq / wbq_safe
    state[c, 0] = delta_p * edge / den
    state[c, 1] = min(new_ap, ibp) if dir_p > 0 else max(new_ap, ibp)
    state[c, 2] = min(new_bq, iaq) if dir_q > 0 else max(new_bq, iaq)
    state[c, 3], state[c, 4] = dir_p * delta_p, dir_q * delta_q


@_jit
def _tie_key(state: FloatArray, who: Any, pos: int, c: int) -> float:
    """:func:`.rounds._tie_keys` of candidate ``c``, negated at position 0 as in
    :func:`.rounds._best`: minus the total shift, the new vote on the lower issue, on the
    higher."""
    if pos == 0:
        return -(abs(state[c, 3]) + abs(state[c, 4]))
    if (pos == 1) == (who[c, 2] < who[c, 3]):
        return float(state[c, 1])
    return float(state[c, 2])


@_jit
def _pick(
    blocks: tuple[int, int],
    block_start: Any,
    block_cap: FloatArray,
    cap: FloatArray,
    fresh: Any,
    version: Any,
    arrays: tuple[FloatArray, Any, FloatArray, FloatArray, FloatArray, FloatArray, Any],
    tied: Any,
) -> int:
    """:func:`.rounds._best` over the candidates of ``blocks`` (one row): the highest gain,
    ties (within a relative ``1e-9``) told apart by the larger total shift, then the lower
    new votes on the lower and the higher issue, then the lower column; -1 when no cap
    clears 0 (no candidate can gain).

    Gains are recomputed only where the cap reaches the tie bar of the best gain found so
    far and the last gain is stale; every candidate within the bar of the true best has a
    cap at least as high, so it is seen (the first block searched is the highest-capped, so
    the bar rises early)."""
    fixed, at, sides, votes, outcomes, state, who = arrays
    lo, hi = blocks
    first = lo
    for b in range(lo, hi):
        if block_cap[b] > block_cap[first]:
            first = b
    if not block_cap[first] > 0:
        return -1
    top = -np.inf
    count = 0
    for k in range(lo - 1, hi):
        b = first if k < lo else k
        if k >= lo and b == first:
            continue
        bar = top - _TIE * abs(top)
        if block_cap[b] < bar:
            continue
        for c in range(block_start[b], block_start[b + 1]):
            if cap[c] < bar:
                continue
            if not (fresh[c, 0] == version[at[c, _OP]] and fresh[c, 1] == version[at[c, _OQ]]):
                _recompute(c, fixed, at, sides, votes, outcomes, state)
                fresh[c, 0], fresh[c, 1] = version[at[c, _OP]], version[at[c, _OQ]]
            if state[c, 0] >= bar:
                tied[count] = c
                count += 1
                top = max(top, state[c, 0])
                bar = top - _TIE * abs(top)
    bar = top - _TIE * abs(top)
    kept = 0
    for t in range(count):
        if state[tied[t], 0] >= bar:
            tied[kept] = tied[t]
            kept += 1
    count = kept
    for pos in range(3):
        low = np.inf
        for t in range(count):
            low = min(low, _tie_key(state, who, pos, tied[t]))
        limit = low + _TIE * max(abs(low), 1.0)
        kept = 0
        for t in range(count):
            if _tie_key(state, who, pos, tied[t]) <= limit:
                tied[kept] = tied[t]
                kept += 1
        count = kept
    pick = tied[0]
    for t in range(1, count):
        if who[tied[t], 4] < who[pick, 4]:
            pick = tied[t]
    return int(pick)


@_jit
def _recap(
    k: int,
    listed: tuple[Any, Any],
    block_of: Any,
    cap: FloatArray,
    fresh: Any,
    arrays: tuple[FloatArray, Any, FloatArray, FloatArray],
    dirty: Any,
) -> None:
    """After a vote or a wanted position's side at flat index ``k`` changed: the caps of the
    candidates reading it anew, their gains marked stale, their blocks marked ``dirty``."""
    start, member = listed
    fixed, at, sides, votes = arrays
    for j in range(start[k], start[k + 1]):
        c = member[j]
        cap[c] = _cap(c, fixed, at, sides, votes)
        fresh[c, 0] = -1
        dirty[block_of[c]] = True


@_jit
def run_round(
    who: Any,
    rows: tuple[Any, FloatArray, Any],
    weights: tuple[FloatArray, FloatArray, FloatArray],
    ideal: FloatArray,
    votes: FloatArray,
    outcomes: FloatArray,
    totals: tuple[Any, FloatArray],
    floor: float,
    steps: int,
) -> tuple[Any, FloatArray]:
    """One round of :func:`.rounds.run_batch` for every row, each row's exchanges made one at
    a time until none gains more than ``floor`` or ``steps`` have been made.

    The live candidates of all rows are listed row by row: ``who`` (``a``, ``b``, ``p``,
    ``q`` and its column in the row) and ``rows``: each one's row and gain at the start of
    the round, and how many each row has.
    ``weights`` are the saliences ``s`` and weights ``w`` ``(rows, actors, issues)`` and
    the totals ``(rows, issues)``; ``ideal`` holds the positions at the start of the round
    ``(rows, actors, issues)``, ``votes`` the votes (flat, the same layout) and
    ``outcomes`` the outcomes (``(rows, issues)``, flat); ``votes``, ``outcomes`` and
    ``totals`` (exchanges made and gain realised per row) are updated in place.

    Returns the exchanges, row by row: ``(row, step, a, b, p, q)`` and ``(gain, a's new vote
    on p, b's new vote on q)``.
    """
    _, n, m = ideal.shape
    made, gained = totals
    order, row_blocks, block_start, block_of = _arrange(*rows)
    who = who[order]
    fixed, at = _prepare(who, rows[0][order], ideal, *weights)
    by_issue = np.ascontiguousarray(ideal.transpose(0, 2, 1)).ravel()  # (rows, issues, actors)
    ideal = ideal.ravel()
    size = fixed.shape[0]
    state = np.zeros((size, 5))
    cap = np.zeros(size)
    fresh = np.full((size, 2), -1, dtype=np.intp)
    version = np.zeros(outcomes.size, dtype=np.intp)
    sides = np.empty(ideal.size)
    for k in range(ideal.size):
        sides[k] = _side(ideal[k], outcomes[k // (n * m) * m + k % m])
    block_cap = np.zeros(block_start.size - 1)
    dirty = np.zeros(block_start.size - 1, dtype=np.bool_)
    tied = np.empty(max(size, 1), dtype=np.intp)
    ilog = np.empty((64, 6), dtype=np.intp)
    flog = np.empty((64, 3))
    count = 0
    for c in range(size):
        cap[c] = _cap(c, fixed, at, sides, votes)
    for b in range(block_cap.size):
        block_cap[b] = -np.inf
        for c in range(block_start[b], block_start[b + 1]):
            block_cap[b] = max(block_cap[b], cap[c])
    arrays = (fixed, at, sides, votes, outcomes, state, who)
    listed = _listing(at, ideal.size)
    for r in range(row_blocks.size - 1):
        lo, hi = row_blocks[r], row_blocks[r + 1]
        if lo == hi:
            continue
        for step in range(steps):
            c = _pick((lo, hi), block_start, block_cap, cap, fresh, version, arrays, tied)
            if c < 0 or not state[c, 0] > floor:
                break
            gain = state[c, 0]
            before = (outcomes[at[c, _OP]], outcomes[at[c, _OQ]])
            votes[at[c, _AP]] = state[c, 1]
            votes[at[c, _BQ]] = state[c, 2]
            outcomes[at[c, _OP]] += state[c, 3]
            outcomes[at[c, _OQ]] += state[c, 4]
            made[r] += 1
            gained[r] += gain
            if count == ilog.shape[0]:
                ilog = np.concatenate((ilog, np.empty_like(ilog)))
                flog = np.concatenate((flog, np.empty_like(flog)))
            ilog[count, 0], ilog[count, 1] = r, step
            ilog[count, 2:] = who[c, :4]
            flog[count, 0], flog[count, 1], flog[count, 2] = gain, state[c, 1], state[c, 2]
            count += 1
            # What the exchange changed: two votes, two outcomes (so the sides of some
            # wanted positions); the caps reading them are renewed, the gains go stale.
            recap = (fixed, at, sides, votes)
            for k in (at[c, _AP], at[c, _BQ]):
                _recap(k, listed, block_of, cap, fresh, recap, dirty)
            for h in range(2):
                o, old = at[c, _OP + h], before[h]
                version[o] += 1
                # Only wanted positions between the old and the new outcome (widened by
                # twice the tie band) can change side.
                band = 2 * _TIE * max(abs(old), abs(outcomes[o]), 1.0)
                low, high = min(old, outcomes[o]) - band, max(old, outcomes[o]) + band
                column = by_issue[o * n : (o + 1) * n]
                for a in range(n):
                    if low <= column[a] <= high:
                        k = (r * n + a) * m + o % m
                        now = _side(ideal[k], outcomes[o])
                        if now != sides[k]:
                            sides[k] = now
                            _recap(k, listed, block_of, cap, fresh, recap, dirty)
            for b in range(lo, hi):
                if dirty[b]:
                    dirty[b] = False
                    block_cap[b] = -np.inf
                    for j in range(block_start[b], block_start[b + 1]):
                        block_cap[b] = max(block_cap[b], cap[j])
    return ilog[:count], flog[:count]
