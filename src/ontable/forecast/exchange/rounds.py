"""Rounds of exchanges in the exchange model (:mod:`ontable.forecast.exchange`).

The parameters, the loop of rounds (:func:`run_batch`: exchanges made one at a time, the most
gainful first, as in Stokman and Van Oosten 1994), the choice of the best candidate with ties
told apart by values, and the record of the exchanges made (:class:`Trades`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ontable.forecast.exchange import fast
from ontable.forecast.exchange.gains import _TIE, IndexArray, _Fixed, _outcome
from ontable.forecast.exchange.shortlist import _shortlist
from ontable.model.arrays import FloatArray

_SHORTLIST = 4096
"""Candidates carried through a round's exchanges (at least ``2 × actors × issues``)."""


_MAX_STEPS_PER_CANDIDATE = 4
"""Exchanges per round are at most this many times the shortlist (a bound on time)."""


@dataclass(frozen=True)
class ExchangeParams:
    """Parameters of the exchange model.

    Attributes
    ----------
    rounds
        Most rounds of exchanges.
    min_gain
        Exchanges gaining less (salience × scale points) are not made.
    """

    rounds: int = 20
    min_gain: float = 0.01

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any] | None) -> ExchangeParams:
        """Validated parameters from a mapping (unknown names are an error)."""
        given = dict(params or {})
        unknown = sorted(set(given) - {"rounds", "min_gain"})
        if unknown:
            raise ValueError(f"unknown exchange parameters: {unknown} (expected rounds, min_gain)")
        out = cls(
            rounds=int(given.get("rounds", cls.rounds)),
            min_gain=float(given.get("min_gain", cls.min_gain)),
        )
        if out.rounds < 0 or out.min_gain < 0:
            raise ValueError("exchange parameters rounds and min_gain must be non-negative")
        return out


@dataclass(frozen=True)
class Trades:
    """Every exchange made, in order: sample row, round (from 1), actors ``a`` (supplies
    ``p``) and ``b`` (supplies ``q``), the issues, the gain each of the two receives, and the
    two new positions."""

    row: IndexArray
    round: IndexArray
    a: IndexArray
    b: IndexArray
    p: IndexArray
    q: IndexArray
    gain: FloatArray
    new_ap: FloatArray
    new_bq: FloatArray


def run_batch(
    x0: FloatArray, c: FloatArray, s: FloatArray, params: ExchangeParams
) -> tuple[FloatArray, FloatArray, FloatArray, Trades]:
    """Run the exchange model on a batch ``(B, actors, issues)``.

    Each round, the candidates are those possible at the start of the round; the most
    gainful ``shortlist`` of them (all of them in small cases) are then made one at a time,
    always the one that gains most given the exchanges already made in the round (gains are
    recomputed after every exchange), until none gains more than ``min_gain``.

    Returns
    -------
    tuple
        The path ``(rounds_run + 1, B, actors, issues)``, exchanges made per sample ``(B,)``,
        total gain realised per sample ``(B,)`` (counting each exchange once), and the
        :class:`Trades` made.
    """
    batch, n, m = x0.shape
    w = c[:, :, None] * s
    total = w.sum(axis=1)
    issue_p, issue_q = np.nonzero(~np.eye(m, dtype=bool))
    k_all = n * (n - 1) // 2 * issue_p.size
    keep = min(k_all, max(_SHORTLIST, 2 * n * m))
    x = x0.copy()
    path = [x.copy()]
    made = np.zeros(batch, dtype=int)
    gained = np.zeros(batch)
    log: list[tuple[Any, ...]] = []
    floor = params.min_gain * (1.0 + _TIE) + _TIE * 1e-3  # clear of rounding at the bar
    finite = all(bool(np.isfinite(v).all()) for v in (x0, c, s))
    compiled = finite and fast.use_kernels(batch * k_all)
    guess = np.full(batch, -np.inf) if compiled else None  # see fast.top_of_row
    # The actor pairs in label order (the kernels number them without these arrays, which
    # would hold two integers per pair).
    empty = np.zeros(0, dtype=np.intp)
    pair_a, pair_b = (empty, empty) if compiled else np.triu_indices(n, k=1)
    parts = (pair_a, pair_b, issue_p, issue_q)
    for round_no in range(1, params.rounds + 1):
        if k_all == 0:
            break
        top, top_gain = _shortlist(x, w, s, parts, keep, floor, guess=guess)
        if not (top_gain > 0).any():
            break
        # Only candidates live at the start of the round can be made in it (the others keep
        # gain 0 through it).
        live = top_gain > 0
        width = int(live.sum(axis=1).max())
        steps = _MAX_STEPS_PER_CANDIDATE * width
        moved = x.copy()
        out = np.array(_outcome(x, w), order="C")
        if guess is not None:
            done = fast.run_round(
                x, (s, w, total), (top, top_gain), parts, moved, out, (made, gained), floor, steps
            )
            steps_made = [done]
        else:
            # Each row's live candidates come first, in label order, and the columns past the
            # most any row has are dropped.
            first = np.argsort(~live, axis=1, kind="stable")[:, :width]
            top = np.take_along_axis(top, first, axis=1)
            live = np.take_along_axis(live, first, axis=1)
            pair, issues = np.divmod(top, issue_p.size)
            k = (pair_a[pair], pair_b[pair], issue_p[issues], issue_q[issues])  # a, b, p, q
            # What stays fixed through the round (wanted positions, saliences, weights),
            # worked out once per candidate; each exchange then recomputes only the
            # candidates that involve one of its two issues, from the votes and outcomes as
            # they stand. Candidates not live at the start of the round stay at gain 0
            # through it, so only the live ones are followed.
            grid = np.broadcast_to(np.arange(batch)[:, None], top.shape)
            fixed = _Fixed(x, w, s, total, (grid, *k), np.flatnonzero(live))
            steps_made = _round(fixed, live, k, moved, out, (made, gained), floor)
        log.extend((rows, round_no, *rest) for rows, *rest in steps_made)
        x = moved
        path.append(x.copy())
    return np.stack(path), made, gained, _trades(log)


def _round(
    fixed: _Fixed,
    live: NDArray[np.bool_],
    k: tuple[IndexArray, IndexArray, IndexArray, IndexArray],
    moved: FloatArray,
    out: FloatArray,
    totals: tuple[IndexArray, FloatArray],
    floor: float,
) -> list[tuple[Any, ...]]:
    """The exchanges of one round, one step at a time for all rows: each row's most gainful
    candidate (see :func:`_best`) is made if it gains more than ``floor``, then the
    candidates touching its two issues are recomputed. ``moved``, ``out`` and ``totals``
    (exchanges made, gain realised per row) are updated in place; returns per step the rows
    that made an exchange, ``a``, ``b``, ``p``, ``q``, the gains and the two new votes."""
    ka, kb, kp, kq = k
    made, gained = totals
    batch, width = live.shape
    live_at = np.flatnonzero(live)
    slot = np.zeros(live.size, dtype=np.intp)  # a flat candidate's number in ``fixed``
    slot[live_at] = np.arange(live_at.size)
    gain, new_a, new_b, shift_a, shift_b = (np.zeros(live.shape) for _ in range(5))
    for full, part in zip(
        (gain, new_a, new_b, shift_a, shift_b),
        fixed.exchange(moved, out, np.arange(live_at.size)),
        strict=True,
    ):
        full.ravel()[live_at] = part
    steps: list[tuple[Any, ...]] = []
    going: NDArray[np.bool_] = np.asarray(live.any(axis=1))
    for _ in range(_MAX_STEPS_PER_CANDIDATE * width):
        r = np.flatnonzero(going)
        if r.size == 0:
            break
        whole = r.size == batch
        g = gain if whole else gain[r]

        best = _best(g, partial(_tie_keys, r, kp, kq, new_a, new_b, shift_a, shift_b))
        pick = np.arange(r.size)
        g_best = g[pick, best]
        go = g_best > floor
        going[r[~go]] = False
        if not go.any():
            continue
        r, best = r[go], best[go]
        ga, gb, gp, gq = ka[r, best], kb[r, best], kp[r, best], kq[r, best]
        to_a, to_b = new_a[r, best], new_b[r, best]
        moved[r, ga, gp] = to_a
        moved[r, gb, gq] = to_b
        out[r, gp] += shift_a[r, best]
        out[r, gq] += shift_b[r, best]
        made[r] += 1
        gained[r] += g_best[go]
        steps.append((r, ga, gb, gp, gq, g_best[go], to_a, to_b))
        hit_p, hit_q = gp[:, None], gq[:, None]
        kpr, kqr = kp[r], kq[r]
        touched = (kpr == hit_p) | (kpr == hit_q) | (kqr == hit_p) | (kqr == hit_q)
        rr, cc = np.nonzero(touched & live[r])
        at = r[rr] * width + cc
        fresh = fixed.exchange(moved, out, slot[at])
        gain.ravel()[at] = fresh[0]
        new_a.ravel()[at], new_b.ravel()[at] = fresh[1], fresh[2]
        shift_a.ravel()[at], shift_b.ravel()[at] = fresh[3], fresh[4]
    return steps


def _tie_keys(
    r: IndexArray,
    kp: IndexArray,
    kq: IndexArray,
    new_a: FloatArray,
    new_b: FloatArray,
    shift_a: FloatArray,
    shift_b: FloatArray,
    row: IndexArray,
    col: IndexArray,
) -> list[FloatArray]:
    """Tie-break values of the candidates at ``(r[row], col)`` (see :func:`_best`): total
    outcome shift, then the two new votes keyed by issue, not by actor label."""
    at = r[row]
    first = kp[at, col] < kq[at, col]
    to_a, to_b = new_a[at, col], new_b[at, col]
    return [
        np.abs(shift_a[at, col]) + np.abs(shift_b[at, col]),
        np.where(first, to_a, to_b),
        np.where(first, to_b, to_a),
    ]


def _best(
    gain: FloatArray, keys: Callable[[IndexArray, IndexArray], list[FloatArray]]
) -> IndexArray:
    """Per row, the candidate with the highest gain. Gains within a relative ``1e-9`` of
    the best count as tied and are told apart by values, not labels (so the result does not
    depend on the order of the actors): the larger total outcome shift, then the lower new
    vote on the first of the two issues, then on the second; only then the first candidate.

    ``keys(row, col)`` gives the three tie-break values (shift, vote on the first issue, on
    the second) of the candidates at ``(row, col)``; they are worked out only for the tied
    candidates (few, usually one), so a call costs a pass over the gains and little more."""
    rows = gain.shape[0]
    top = gain.max(axis=1, keepdims=True)
    row, col = np.nonzero(gain >= top - _TIE * np.abs(top))
    for pos in range(3):
        value = keys(row, col)[pos]
        value = -value if pos == 0 else value
        low = np.full(rows, np.inf)
        np.minimum.at(low, row, value)
        keep = value <= low[row] + _TIE * np.maximum(np.abs(low[row]), 1.0)
        row, col = row[keep], col[keep]
    first = np.full(rows, gain.shape[1], dtype=np.intp)
    np.minimum.at(first, row, col)
    return np.asarray(np.where(first < gain.shape[1], first, 0), dtype=np.intp)


def _trades(log: list[tuple[Any, ...]]) -> Trades:
    """The per-step records of :func:`run_batch` as one :class:`Trades`, in order."""
    if not log:
        empty = np.zeros(0, dtype=np.intp)
        return Trades(
            empty, empty, empty, empty, empty, empty, np.zeros(0), np.zeros(0), np.zeros(0)
        )
    cols = list(zip(*log, strict=True))
    rows = np.concatenate(cols[0]).astype(np.intp)
    rounds = np.concatenate(
        [np.full(len(rr), rn, dtype=np.intp) for rr, rn in zip(cols[0], cols[1], strict=True)]
    )
    a, b, p, q = (np.concatenate(col).astype(np.intp) for col in cols[2:6])
    gain, new_ap, new_bq = (np.concatenate(col).astype(float) for col in cols[6:])
    return Trades(rows, rounds, a, b, p, q, gain, new_ap, new_bq)
