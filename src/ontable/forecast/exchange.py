"""The exchange model: pairs of actors trade voting positions across two issues.

Source: F. N. Stokman and R. Van Oosten (1994), "The exchange of voting positions: an
object-oriented model of policy networks", in Bueno de Mesquita & Stokman (eds.), *European
Community Decision Making*, Yale University Press, ch. 5 (the model behind "Decide"); the
equal-gain exchange rate as in Dijkstra, Van Assen & Stokman (2008), "Outcomes of collective
decisions with externalities predicted", *Journal of Theoretical Politics* 20(4).

Each round, with weights ``w_ai = c_a s_ai`` (salience in 0–1) and ``W_i = Σ_a w_ai``:

1. The expected outcome of issue ``i`` is the weighted mean ``O_i = Σ_a w_ai x_ai / W_i``; an
   actor's utility loss is ``s_ai |O_i − x_ai|``, so shifting its own position by ``Δ`` moves
   the outcome by ``Δ w_ai / W_i``.
2. Actors ``a`` and ``b`` can exchange on issues ``p`` and ``q`` when they sit on opposite
   sides of the expected outcome on both and ``a`` cares relatively more about ``q`` and ``b``
   about ``p`` (``s_aq s_bp > s_ap s_bq``): ``a`` moves its vote on ``p`` towards ``b``'s
   position and ``b`` its vote on ``q`` towards ``a``'s.
3. The exchange rate gives both the same gain: outcome shifts ``δ_p`` and ``δ_q`` with
   ``δ_q (s_aq + s_bq) = δ_p (s_ap + s_bp)``; the exchange is as large as possible without a
   supplier voting past its partner's position or an outcome passing the position of the
   actor who asked for the shift (beyond it that actor would lose). Both gain
   ``δ_p (s_aq s_bp − s_ap s_bq) / (s_aq + s_bq)``, exactly the change in each one's
   salience-weighted distance to the outcomes.
4. Within a round, the positions at its start are what the actors want; exchanges are made
   one at a time, always the most gainful given those already made (gains, outcomes and
   sides recomputed after each: only for the candidates involving one of the two issues
   that moved, the others being unchanged). A supplier may trade the same issue again, further the same
   way. The round ends when no exchange gains more than ``min_gain``; the next starts from
   the votes reached; the run stops after a round without exchanges or ``rounds`` rounds.

Choices (also in docs/models/exchange.md, with the comparison against Decide,
``decide-exchange-model``): in large cases only the most gainful ``max(4096, 2 × actors ×
issues)`` candidates of a round are carried through it (equal gains at the cut: the lower
label; found by exact gains on the candidates whose upper bounds clear a threshold, see
:func:`_top_of_row`); utilities are linear in distance;
actors without weight on an issue cannot trade it; gains within a relative 1e-9 are tied and
told apart by values, not by the order of the actors. The model is deterministic: ``rng`` is
accepted for the common call shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ontable.forecast.base import Forecast
from ontable.forecast.compromise import weighted_mean
from ontable.forecast.driver import as_batch, chunks, finish, join_paths, unbatch
from ontable.model.arrays import CaseArrays, FloatArray

VERSION = "2"

IndexArray = NDArray[np.intp]

_CHUNK_ELEMENTS = 8_000_000
"""Samples × candidate exchanges per array call: bounds memory for large batches."""

_BLOCK_ELEMENTS = 1_000_000
"""Rows × candidates whose start-of-round gains are computed in one array call."""

_SHORTLIST = 4096
"""Candidates carried through a round's exchanges (at least ``2 × actors × issues``)."""

_BUDGET = 64
"""Candidates whose exact gain is computed first, per candidate kept (see :func:`_top_of_row`)."""

_TIE = 1e-9
"""Relative difference below which two gains (or tie-break values) count as equal."""

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


def exchange_gains(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    index: tuple[IndexArray, IndexArray, IndexArray, IndexArray],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Gain and positions after every candidate exchange.

    Parameters
    ----------
    x, w, s
        Positions, weights (capability × salience) and saliences in 0–1, ``(B, actors, issues)``.
    index
        The candidates: actor ``a`` supplies issue ``p`` and actor ``b`` issue ``q``.

    Returns
    -------
    tuple
        ``gain (B, K)`` (0 where no exchange is possible), the supplier ``a``'s new position
        on ``p`` and ``b``'s new position on ``q``, each ``(B, K)``.
    """
    a, b, p, q = index
    total = w.sum(axis=1)  # (B, issues)
    gain, delta_p, delta_q = _trade(x, w, s, index, total, _outcome(x, w))
    xap, xbp, xaq, xbq = x[:, a, p], x[:, b, p], x[:, a, q], x[:, b, q]
    wap, wbq = w[:, a, p], w[:, b, q]
    with np.errstate(invalid="ignore", divide="ignore"):
        new_ap = xap + np.sign(xbp - xap) * delta_p * total[:, p] / np.where(wap > 0, wap, 1.0)
        new_bq = xbq + np.sign(xaq - xbq) * delta_q * total[:, q] / np.where(wbq > 0, wbq, 1.0)
    # Guard the "move all the way" end against rounding past the partner's position.
    new_ap = np.where(np.sign(xbp - xap) > 0, np.minimum(new_ap, xbp), np.maximum(new_ap, xbp))
    new_bq = np.where(np.sign(xaq - xbq) > 0, np.minimum(new_bq, xaq), np.maximum(new_bq, xaq))
    return np.asarray(gain), np.asarray(new_ap), np.asarray(new_bq)


def _gains_only(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    index: tuple[IndexArray, IndexArray, IndexArray, IndexArray],
    total: FloatArray,
    outcome: FloatArray,
) -> FloatArray:
    """The gains of :func:`exchange_gains` alone (the same operations, without the new
    positions), for scanning many candidates with the round's totals and outcomes given."""
    return _trade(x, w, s, index, total, outcome)[0]


def _trade(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    index: tuple[IndexArray, IndexArray, IndexArray, IndexArray],
    total: FloatArray,
    outcome: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Each candidate's gain and the shifts ``δ_p``, ``δ_q`` it makes on the two issues."""
    a, b, p, q = index
    if x.shape[0] == 1:  # one row: the same values by flat gathers, which are faster
        m = x.shape[2]
        ap, bp, aq, bq = a * m + p, b * m + p, a * m + q, b * m + q
        fx, fs, fw = x.reshape(-1), s.reshape(-1), w.reshape(-1)
        xap, xbp, xaq, xbq = (fx[i][None] for i in (ap, bp, aq, bq))
        sap, sbp, saq, sbq = (fs[i][None] for i in (ap, bp, aq, bq))
        wap, wbq = fw[ap][None], fw[bq][None]
    else:
        xap, xbp, xaq, xbq = x[:, a, p], x[:, b, p], x[:, a, q], x[:, b, q]
        sap, sbp, saq, sbq = s[:, a, p], s[:, b, p], s[:, a, q], s[:, b, q]
        wap, wbq = w[:, a, p], w[:, b, q]
    op, oq = outcome[:, p], outcome[:, q]
    opposite = _opposite(xap, xbp, op) & _opposite(xaq, xbq, oq)
    edge = saq * sbp - sap * sbq
    with np.errstate(invalid="ignore", divide="ignore"):
        full_p = np.abs(xbp - xap) * wap / np.where(total[:, p] > 0, total[:, p], 1.0)
        full_q = np.abs(xaq - xbq) * wbq / np.where(total[:, q] > 0, total[:, q], 1.0)
        rate = (sap + sbp) / np.where(saq + sbq > 0, saq + sbq, 1.0)  # δ_q = rate · δ_p
        delta_p = np.minimum(full_p, np.where(rate > 0, full_q / np.where(rate > 0, rate, 1.0), 0))
        gain = np.where(
            opposite & (edge > 0) & (wap > 0) & (wbq > 0),
            delta_p * edge / np.where(saq + sbq > 0, saq + sbq, 1.0),
            0.0,
        )
    return np.asarray(gain), np.asarray(delta_p), np.asarray(delta_p * rate)


def _side(v: FloatArray, ref: FloatArray) -> FloatArray:
    """``sign(ref − v)``, with values within a relative ``1e-9`` of ``ref`` counted as on it
    (so rounding in sums, which depends on the order of actors, cannot pick a side)."""
    gap = ref - v
    return np.asarray(
        np.where(np.abs(gap) <= _TIE * np.maximum(np.abs(ref), 1.0), 0.0, np.sign(gap))
    )


def _opposite(va: FloatArray, vb: FloatArray, ref: FloatArray) -> NDArray[np.bool_]:
    """Whether ``va`` and ``vb`` lie strictly on opposite sides of ``ref``."""
    return np.asarray(_side(va, ref) * _side(vb, ref) < 0)


def _outcome(x: FloatArray, w: FloatArray) -> FloatArray:
    """Weighted mean over actors ``(B, A, I)`` → ``(B, I)`` (plain mean where nobody weighs)."""
    return weighted_mean(x, w, np.ones(x.shape[:-1]))


def _make_exchange(
    ideal: FloatArray,
    x: FloatArray,
    out: FloatArray,
    w: FloatArray,
    s: FloatArray,
    total: FloatArray,
    rows: IndexArray,
    k: tuple[IndexArray, IndexArray, IndexArray, IndexArray],
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Candidate exchanges computed against the state of the round as it stands now.

    ``ideal`` holds the positions at the start of the round (what each actor wants), ``x``
    the voting positions now and ``out`` the outcomes now; ``rows`` and the candidate indices
    ``k = (a, b, p, q)`` share one shape. ``a`` moves its vote on ``p`` from where it is now
    towards ``b``'s wanted position, ``b`` its vote on ``q`` towards ``a``'s. The two must
    still want opposite sides of the current outcome on both issues, each supplier must
    still be moving the same way as in any earlier exchange of the round, and the outcome
    shift on ``p`` stops where it would reach ``b``'s wanted position (on ``q``, ``a``'s):
    past that point the demander would lose, and the gain formula would overstate what it
    receives.

    Returns
    -------
    tuple
        Gain (0 where no exchange is possible), ``a``'s new vote on ``p``, ``b``'s on ``q``,
        and the signed outcome shifts on ``p`` and ``q``, each shaped like ``rows``.
    """
    ka, kb, kp, kq = k
    iap, ibp, iaq, ibq = (
        ideal[rows, ka, kp],
        ideal[rows, kb, kp],
        ideal[rows, ka, kq],
        ideal[rows, kb, kq],
    )
    xap, xbq = x[rows, ka, kp], x[rows, kb, kq]
    sap, sbp, saq, sbq = s[rows, ka, kp], s[rows, kb, kp], s[rows, ka, kq], s[rows, kb, kq]
    wap, wbq = w[rows, ka, kp], w[rows, kb, kq]
    tp, tq = total[rows, kp], total[rows, kq]
    op, oq = out[rows, kp], out[rows, kq]
    edge = saq * sbp - sap * sbq
    dir_p, dir_q = np.sign(ibp - iap), np.sign(iaq - ibq)
    possible = (
        _opposite(iap, ibp, op)
        & _opposite(iaq, ibq, oq)
        & (_side(xap, ibp) == dir_p)
        & (_side(xbq, iaq) == dir_q)
        & (edge > 0)
        & (wap > 0)
        & (wbq > 0)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(possible, (sap + sbp) / np.where(possible, saq + sbq, 1.0), 0.0)
        full_p = np.abs(ibp - xap) * wap / np.where(tp > 0, tp, 1.0)
        full_q = np.abs(iaq - xbq) * wbq / np.where(tq > 0, tq, 1.0)
        limit_p = np.minimum(full_p, np.abs(ibp - op))  # p's outcome stops at b's position
        limit_q = np.minimum(full_q, np.abs(iaq - oq))  # q's outcome stops at a's position
        delta_p = np.minimum(limit_p, limit_q / np.where(rate > 0, rate, 1.0))
        delta_p = np.where(possible, delta_p, 0.0)
        delta_q = delta_p * rate
        gain = np.where(possible, delta_p * edge / np.where(possible, saq + sbq, 1.0), 0.0)
        new_ap = xap + dir_p * delta_p * tp / np.where(wap > 0, wap, 1.0)
        new_bq = xbq + dir_q * delta_q * tq / np.where(wbq > 0, wbq, 1.0)
    # A full move lands exactly on the partner's position, never past it by rounding.
    new_ap = np.where(dir_p > 0, np.minimum(new_ap, ibp), np.maximum(new_ap, ibp))
    new_bq = np.where(dir_q > 0, np.minimum(new_bq, iaq), np.maximum(new_bq, iaq))
    return (
        np.asarray(gain),
        np.asarray(new_ap),
        np.asarray(new_bq),
        np.asarray(dir_p * delta_p),
        np.asarray(dir_q * delta_q),
    )


class _Fixed:
    """The parts of :func:`_make_exchange` that stay fixed through a round, per candidate.

    Within a round the wanted positions, saliences, weights and totals do not change, so
    everything computed from them alone is worked out once for the candidates ``at`` (flat
    indices into ``k = (rows, a, b, p, q)``, each ``(rows, candidates)``), numbered from 0 in
    that order; :meth:`exchange` then finishes the computation from the votes and outcomes
    as they stand, for any subset of candidates, with the same operations in the same order
    as :func:`_make_exchange` (so the same numbers, bit for bit).
    """

    def __init__(
        self,
        ideal: FloatArray,
        w: FloatArray,
        s: FloatArray,
        total: FloatArray,
        k: tuple[IndexArray, IndexArray, IndexArray, IndexArray, IndexArray],
        at: IndexArray,
    ) -> None:
        rows, ka, kb, kp, kq = (np.ravel(v)[at] for v in k)
        _, n, m = ideal.shape
        iap, ibp, iaq, ibq = (
            ideal[rows, ka, kp],
            ideal[rows, kb, kp],
            ideal[rows, ka, kq],
            ideal[rows, kb, kq],
        )
        sap, sbp, saq, sbq = s[rows, ka, kp], s[rows, kb, kp], s[rows, ka, kq], s[rows, kb, kq]
        wap, wbq = w[rows, ka, kp], w[rows, kb, kq]
        tp, tq = total[rows, kp], total[rows, kq]
        edge = saq * sbp - sap * sbq
        with np.errstate(invalid="ignore", divide="ignore"):
            # Where an exchange is possible, edge > 0 makes saq > 0, so saq + sbq > 0.
            den = np.where(saq + sbq > 0, saq + sbq, 1.0)
            rate = (sap + sbp) / den
        self.values = np.stack(
            [
                iap,
                ibp,
                iaq,
                ibq,
                np.sign(ibp - iap),
                np.sign(iaq - ibq),
                edge,
                den,
                rate,
                wap,
                wbq,
                np.where(tp > 0, tp, 1.0),
                np.where(tq > 0, tq, 1.0),
                np.where(wap > 0, wap, 1.0),
                np.where(wbq > 0, wbq, 1.0),
                tp,
                tq,
            ]
        )
        self.able = (edge > 0) & (wap > 0) & (wbq > 0)
        self.vote_ap = (rows * n + ka) * m + kp
        self.vote_bq = (rows * n + kb) * m + kq
        self.out_p = rows * m + kp
        self.out_q = rows * m + kq

    def exchange(
        self, x: FloatArray, out: FloatArray, at: IndexArray
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
        """:func:`_make_exchange` for the candidates numbered ``at``, votes ``x`` and outcomes
        ``out`` now: gain, the two new votes and the two signed outcome shifts."""
        (iap, ibp, iaq, ibq, dir_p, dir_q, edge, den, rate_able, wap, wbq, tp_safe, tq_safe,
         wap_safe, wbq_safe, tp, tq) = self.values[:, at]  # fmt: skip
        flat_x, flat_out = x.reshape(-1), out.reshape(-1)
        xap, xbq = flat_x[self.vote_ap[at]], flat_x[self.vote_bq[at]]
        op, oq = flat_out[self.out_p[at]], flat_out[self.out_q[at]]
        possible = (
            _opposite(iap, ibp, op)
            & _opposite(iaq, ibq, oq)
            & (_side(xap, ibp) == dir_p)
            & (_side(xbq, iaq) == dir_q)
            & self.able[at]
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(possible, rate_able, 0.0)
            full_p = np.abs(ibp - xap) * wap / tp_safe
            full_q = np.abs(iaq - xbq) * wbq / tq_safe
            limit_p = np.minimum(full_p, np.abs(ibp - op))
            limit_q = np.minimum(full_q, np.abs(iaq - oq))
            delta_p = np.minimum(limit_p, limit_q / np.where(rate > 0, rate, 1.0))
            delta_p = np.where(possible, delta_p, 0.0)
            delta_q = delta_p * rate
            gain = np.where(possible, delta_p * edge / den, 0.0)
            new_ap = xap + dir_p * delta_p * tp / wap_safe
            new_bq = xbq + dir_q * delta_q * tq / wbq_safe
        new_ap = np.where(dir_p > 0, np.minimum(new_ap, ibp), np.maximum(new_ap, ibp))
        new_bq = np.where(dir_q > 0, np.minimum(new_bq, iaq), np.maximum(new_bq, iaq))
        return gain, new_ap, new_bq, dir_p * delta_p, dir_q * delta_q


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
    pair_a, pair_b = np.triu_indices(n, k=1)
    issue_p, issue_q = np.nonzero(~np.eye(m, dtype=bool))
    k_all = pair_a.size * issue_p.size
    keep = min(k_all, max(_SHORTLIST, 2 * n * m))
    x = x0.copy()
    path = [x.copy()]
    made = np.zeros(batch, dtype=int)
    gained = np.zeros(batch)
    log: list[tuple[Any, ...]] = []
    floor = params.min_gain * (1.0 + _TIE) + _TIE * 1e-3  # clear of rounding at the bar
    for round_no in range(1, params.rounds + 1):
        if k_all == 0:
            break
        top, top_gain = _shortlist(x, w, s, (pair_a, pair_b, issue_p, issue_q), keep, floor)
        if not (top_gain > 0).any():
            break
        # Only candidates live at the start of the round can be made in it (the others keep
        # gain 0 through it): each row's live ones come first, in label order, and the
        # columns past the most any row has are dropped.
        live = top_gain > 0
        width = int(live.sum(axis=1).max())
        first = np.argsort(~live, axis=1, kind="stable")[:, :width]
        top = np.take_along_axis(top, first, axis=1)
        live = np.take_along_axis(live, first, axis=1)
        per_pair = issue_p.size
        a, b = pair_a[top // per_pair], pair_b[top // per_pair]
        p, q = issue_p[top % per_pair], issue_q[top % per_pair]
        ka, kb, kp, kq = a, b, p, q
        ideal = x
        moved = x.copy()
        out = _outcome(x, w)
        grid = np.broadcast_to(np.arange(batch)[:, None], top.shape)
        # What stays fixed through the round (wanted positions, saliences, weights), worked
        # out once per candidate; each exchange then recomputes only the candidates that
        # involve one of its two issues, from the votes and outcomes as they stand.
        # Candidates not live at the start of the round stay at gain 0 through it, so only
        # the live ones are followed (``slot`` maps a flat candidate to its live position).
        live_at = np.flatnonzero(live)
        slot = np.zeros(top.size, dtype=np.intp)
        slot[live_at] = np.arange(live_at.size)
        fixed = _Fixed(ideal, w, s, total, (grid, ka, kb, kp, kq), live_at)
        gain, new_a, new_b, shift_a, shift_b = (np.zeros(top.shape) for _ in range(5))
        for full, part in zip(
            (gain, new_a, new_b, shift_a, shift_b),
            fixed.exchange(moved, out, np.arange(live_at.size)),
            strict=True,
        ):
            full.ravel()[live_at] = part
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
            log.append((r, round_no, ga, gb, gp, gq, g_best[go], to_a, to_b))
            hit_p, hit_q = gp[:, None], gq[:, None]
            kpr, kqr = kp[r], kq[r]
            touched = (kpr == hit_p) | (kpr == hit_q) | (kqr == hit_p) | (kqr == hit_q)
            rr, cc = np.nonzero(touched & live[r])
            at = r[rr] * width + cc
            fresh = fixed.exchange(moved, out, slot[at])
            gain.ravel()[at] = fresh[0]
            new_a.ravel()[at], new_b.ravel()[at] = fresh[1], fresh[2]
            shift_a.ravel()[at], shift_b.ravel()[at] = fresh[3], fresh[4]
        x = moved
        path.append(x.copy())
    return np.stack(path), made, gained, _trades(log)


def _shortlist(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    parts: tuple[IndexArray, IndexArray, IndexArray, IndexArray],
    keep: int,
    floor: float,
) -> tuple[IndexArray, FloatArray]:
    """The ``keep`` most gainful candidates at the start of a round, per row, in label order.

    Candidate ``k`` is actor pair ``k // L`` (of ``triu_indices``) on ordered issue pair
    ``k % L`` (of ``nonzero(~eye)``). Gains not above ``floor`` count as 0. When there are at
    most ``keep`` candidates, every one is returned; otherwise the ``keep`` with the highest
    gains (equal gains: the lower label first), padded with label 0 and gain 0 where a row
    has fewer candidates with a gain. Memory stays bounded however many candidates there are.
    """
    pair_a, pair_b, issue_p, _ = parts
    batch = x.shape[0]
    total, outcome = w.sum(axis=1), _outcome(x, w)
    if pair_a.size * issue_p.size <= keep:
        gain = _all_gains(x, w, s, pair_a, pair_b, total, outcome)
        gain = np.where(gain > floor, gain, 0.0)
        ids = np.broadcast_to(np.arange(gain.shape[1], dtype=np.intp), gain.shape)
        return np.array(ids), np.asarray(gain)
    rows = [
        _top_of_row(x[r : r + 1], w[r : r + 1], s[r : r + 1], parts, keep, floor)
        for r in range(batch)
    ]
    width = max(1, max(ids.size for ids, _ in rows))
    top_ids = np.zeros((batch, width), dtype=np.intp)
    top_gain = np.zeros((batch, width))
    for r, (ids, gain) in enumerate(rows):
        top_ids[r, : ids.size], top_gain[r, : ids.size] = ids, gain
    return top_ids, top_gain


def _all_gains(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    pair_a: IndexArray,
    pair_b: IndexArray,
    total: FloatArray,
    outcome: FloatArray,
) -> FloatArray:
    """Every candidate's gain ``(B, pairs × L)``, in label order: the operations of
    :func:`_trade` element by element, on arrays laid out as (row, pair, p, q) so that the
    per-issue parts are computed once per pair and issue rather than gathered per candidate.
    """
    batch, _, m = x.shape
    p_of, q_of = np.nonzero(~np.eye(m, dtype=bool))
    gains = np.zeros((batch, pair_a.size * p_of.size))
    per_block = max(1, _BLOCK_ELEMENTS // max(1, pair_a.size * m * m))
    for lo in range(0, batch, per_block):
        sl = slice(lo, min(batch, lo + per_block))
        xa, xb = x[sl][:, pair_a], x[sl][:, pair_b]  # (rows, pairs, issues)
        sa, sb = s[sl][:, pair_a], s[sl][:, pair_b]
        wa, wb = w[sl][:, pair_a], w[sl][:, pair_b]
        out = outcome[sl][:, None, :]
        tot = total[sl][:, None, :]
        opposite = _side(xa, out) * _side(xb, out) < 0
        safe = np.where(tot > 0, tot, 1.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            full_p = (np.abs(xb - xa) * wa / safe)[..., :, None]
            full_q = (np.abs(xa - xb) * wb / safe)[..., None, :]
            sum_q = (sa + sb)[..., None, :]
            den_q = np.where(sum_q > 0, sum_q, 1.0)
            rate = (sa + sb)[..., :, None] / den_q
            edge = sa[..., None, :] * sb[..., :, None] - sa[..., :, None] * sb[..., None, :]
            delta_p = np.minimum(
                full_p, np.where(rate > 0, full_q / np.where(rate > 0, rate, 1.0), 0)
            )
            able = (
                opposite[..., :, None]
                & opposite[..., None, :]
                & (edge > 0)
                & (wa > 0)[..., :, None]
                & (wb > 0)[..., None, :]
            )
            gain = np.where(able, delta_p * edge / den_q, 0.0)
        gains[sl] = gain[..., p_of, q_of].reshape(gain.shape[0], -1)
    return gains


def _top_of_row(
    x: FloatArray,
    w: FloatArray,
    s: FloatArray,
    parts: tuple[IndexArray, IndexArray, IndexArray, IndexArray],
    keep: int,
    floor: float,
) -> tuple[IndexArray, FloatArray]:
    """The ``keep`` most gainful candidates of one row ``(1, actors, issues)`` (equal gains:
    the lower label first), in label order, without computing every candidate's gain.

    A candidate's gain is at most ``min(U[pair, p], V[pair, q])`` with ``U = δ_p^full s_bp``
    (the whole shift ``a`` can make on ``p``, valued by ``b``) and ``V = δ_q^full s_aq``: the
    gain is ``δ_p e/(s_aq + s_bq)`` with ``δ_p ≤ δ_p^full`` and ``e = s_aq s_bp − s_ap s_bq ≤
    s_aq s_bp``, and also ``δ_q e/(s_ap + s_bp)`` with ``δ_q ≤ δ_q^full``. So for a threshold
    ``t``, every candidate gaining at least ``t`` has ``U ≥ t`` on ``p`` and ``V ≥ t`` on
    ``q``: exact gains are computed for those only. If at least ``keep`` of them gain ``t``
    or more, they include the ``keep`` best; otherwise ``t`` is lowered and the search
    repeated (down to ``floor``, below which no gain counts).
    """
    pair_a, pair_b, issue_p, _ = parts
    m = x.shape[2]
    per_pair = issue_p.size
    total, outcome = w.sum(axis=1), _outcome(x, w)
    xa, xb, sa, sb, wa, wb = (
        x[0, pair_a],
        x[0, pair_b],
        s[0, pair_a],
        s[0, pair_b],
        w[0, pair_a],
        w[0, pair_b],
    )
    side = _side(x[0], outcome[0][None, :])
    opposite = side[pair_a] * side[pair_b] < 0
    safe = np.where(total[0] > 0, total[0], 1.0)
    with np.errstate(invalid="ignore"):
        upper_p = np.where(opposite & (wa > 0), np.abs(xb - xa) * wa / safe * sb, 0.0)
        upper_q = np.where(opposite & (wb > 0), np.abs(xa - xb) * wb / safe * sa, 0.0)
    # The bounds are rounded like the gains; a relative margin keeps them bounds.
    upper_p *= 1.0 + 1e-9
    upper_q *= 1.0 + 1e-9
    budget = _BUDGET * keep
    found: list[tuple[IndexArray, IndexArray, IndexArray, FloatArray]] = []
    t_before = np.inf
    while True:
        t = _threshold(upper_p, upper_q, budget, floor)
        pair, p, q = _pairs_above(upper_p, upper_q, t)
        new = (upper_p[pair, p] < t_before) | (upper_q[pair, q] < t_before)  # not yet computed
        pair, p, q = pair[new], p[new], q[new]
        index = (pair_a[pair], pair_b[pair], p, q)
        found.append((pair, p, q, _gains_only(x, w, s, index, total, outcome)[0]))
        enough = sum(int(np.count_nonzero(g >= t)) for *_, g in found) >= keep
        if enough or t <= floor:
            break
        budget = max(budget + 1, budget * 3 // 2)
        t_before = t
    pair, p, q, gain = (np.concatenate(v) for v in zip(*found, strict=True))
    ids = pair * per_pair + p * (m - 1) + np.where(q < p, q, q - 1)
    good = gain > floor
    ids, gain = ids[good], gain[good]
    if ids.size > keep:
        best = np.lexsort((ids, -gain))[:keep]
        ids, gain = ids[best], gain[best]
    order = np.argsort(ids)
    return np.asarray(ids[order], dtype=np.intp), np.asarray(gain[order])


def _threshold(upper_p: FloatArray, upper_q: FloatArray, budget: int, floor: float) -> float:
    """The lowest bound value ``t`` (not below ``floor``) at which about ``budget`` or fewer
    candidates have both bounds at least ``t`` (see :func:`_top_of_row`)."""
    values = np.unique(np.concatenate([upper_p[upper_p > floor], upper_q[upper_q > floor]]))
    if values.size == 0:
        return floor

    def count(t: float) -> int:
        above_p, above_q = upper_p >= t, upper_q >= t
        both = np.count_nonzero(above_p & above_q)
        return int((above_p.sum(axis=1) * above_q.sum(axis=1)).sum()) - int(both)

    lo, hi = 0, values.size - 1  # count(values[hi]) is smallest
    if count(float(values[0])) <= budget:
        return floor
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count(float(values[mid])) > budget:
            lo = mid
        else:
            hi = mid
    return float(values[hi])


def _pairs_above(
    upper_p: FloatArray, upper_q: FloatArray, t: float
) -> tuple[IndexArray, IndexArray, IndexArray]:
    """Every (pair, p, q), ``p ≠ q``, with ``upper_p[pair, p] ≥ t`` and ``upper_q[pair, q] ≥
    t`` (above ``t`` strictly when ``t`` is 0, where nothing can gain)."""
    above_p = upper_p >= t if t > 0 else upper_p > 0
    above_q = upper_q >= t if t > 0 else upper_q > 0
    pair_p, p = np.nonzero(above_p)
    pair_q, q = np.nonzero(above_q)
    count_q = np.bincount(pair_q, minlength=upper_p.shape[0])
    start_q = np.concatenate([[0], np.cumsum(count_q)[:-1]])
    reps = count_q[pair_p]
    pair = np.repeat(pair_p, reps)
    p_all = np.repeat(p, reps)
    first = np.concatenate([[0], np.cumsum(reps)[:-1]])
    within = np.arange(pair.size) - np.repeat(first, reps)
    q_all = q[start_q[pair] + within]
    keep = p_all != q_all
    return (
        np.asarray(pair[keep], dtype=np.intp),
        np.asarray(p_all[keep], dtype=np.intp),
        np.asarray(q_all[keep], dtype=np.intp),
    )


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


def _trade_records(trades: Trades) -> list[dict[str, Any]]:
    """The exchanges of one run as plain records, in the order they were made."""
    return [
        {
            "round": int(trades.round[i]),
            "a": int(trades.a[i]),
            "b": int(trades.b[i]),
            "p": int(trades.p[i]),
            "q": int(trades.q[i]),
            "gain": float(trades.gain[i]),
            "a_to": float(trades.new_ap[i]),
            "b_to": float(trades.new_bq[i]),
        }
        for i in range(trades.gain.size)
    ]


def forecast(
    arrays: CaseArrays,
    *,
    params: Mapping[str, Any] | None = None,
    rng: np.random.Generator,
) -> Forecast:
    """Predict each issue's outcome after the actors trade voting positions.

    Parameters
    ----------
    arrays
        The case's positions, saliences and capabilities (a leading sample axis is allowed).
    params
        ``rounds``, ``min_gain`` (see :class:`ExchangeParams`).
    rng
        Unused (the model is deterministic); part of the common call shape.

    Returns
    -------
    Forecast
        Outcome per issue (the weighted mean of the final positions), final positions, the
        path round by round, and ``extras`` with the number of exchanges made and the total
        gain realised.
    """
    prm = ExchangeParams.from_mapping(params)
    batched = arrays.batched
    x0, s, c = as_batch(arrays)
    s = np.clip(s / 100.0, 0.0, 1.0)
    batch, n, m = x0.shape
    per_sample = max(1, (n * (n - 1) // 2) * m * max(m - 1, 1))
    runs = [
        run_batch(x0[sl], c[sl], s[sl], prm) for sl in chunks(batch, _CHUNK_ELEMENTS // per_sample)
    ]
    one_run: Trades | None = None if batched else runs[0][3]
    path = join_paths([r[0] for r in runs], time_axis=0, join_axis=1)
    path = np.moveaxis(path, 0, 1)  # (B, rounds, actors, issues)
    final = path[:, -1]
    outcome = _outcome(final, c[:, :, None] * s)
    made = np.concatenate([r[1] for r in runs])
    gained = np.concatenate([r[2] for r in runs])
    return finish(
        arrays,
        model="exchange",
        version=VERSION,
        params=asdict(prm),
        outcome=unbatch(outcome, batched),
        positions=unbatch(final, batched),
        path=unbatch(path, batched),
        fallback="mean",
        extras={
            "exchanges": made if batched else int(made[0]),
            "gain": gained if batched else float(gained[0]),
            **({} if one_run is None else {"trades": _trade_records(one_run)}),
        },
    )
