"""Gains of candidate exchanges in the exchange model (:mod:`ontable.forecast.exchange`).

What one exchange between actors ``a`` (supplying issue ``p``) and ``b`` (supplying ``q``)
gains each of them and where it moves their votes, following Stokman and Van Oosten (1994)
with the equal-gain rate of Dijkstra, Van Assen and Stokman (2008): at the start of a round
(:func:`exchange_gains`), against the state of a round as it stands (:func:`_make_exchange`),
and with the parts fixed through a round worked out once (:class:`_Fixed`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ontable.forecast.compromise import weighted_mean
from ontable.model.arrays import FloatArray

IndexArray = NDArray[np.intp]


_TIE = 1e-9
"""Relative difference below which two gains (or tie-break values) count as equal."""


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
