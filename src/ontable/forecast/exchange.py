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
   about ``p`` (``s_aq s_bp > s_ap s_bq``): ``a`` moves towards ``b`` on ``p`` (its supply
   issue) and ``b`` towards ``a`` on ``q``.
3. The exchange rate gives both the same gain: outcome shifts ``δ_p`` and ``δ_q`` with
   ``δ_q (s_aq + s_bq) = δ_p (s_ap + s_bp)``; the exchange is as large as possible without an
   actor passing the other's position (one of them moves all the way). Both gain
   ``δ_p (s_aq s_bp − s_ap s_bq) / (s_aq + s_bq)``.
4. Exchanges are carried out in order of gain; an actor takes part in at most one exchange on
   an issue per round. The next round starts from the new positions; the model stops when no
   exchange gains more than ``min_gain`` or after ``rounds`` rounds.

Choices (also in docs/models/exchange.md): each round only the ``actors × issues`` most
gainful candidate exchanges are considered (the rest wait for the next round, when gains are
recomputed anyway); utilities are linear in distance; actors without weight on an issue
cannot trade it. Ties in gain keep the order of actors and issues in the arrays. The model is
deterministic: ``rng`` is accepted for the common call shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ontable.forecast.base import Forecast
from ontable.forecast.compromise import weighted_mean
from ontable.forecast.driver import as_batch, chunks, finish, join_paths, unbatch
from ontable.model.arrays import CaseArrays, FloatArray

VERSION = "1"

IndexArray = NDArray[np.intp]

_CHUNK_ELEMENTS = 8_000_000
"""Samples × candidate exchanges per array call: bounds memory for large batches."""


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


def _candidates(n: int, m: int) -> tuple[IndexArray, IndexArray, IndexArray, IndexArray]:
    """Index arrays of every exchange: actor ``a`` < ``b``, ``a`` supplies ``p``, ``b`` ``q``."""
    a, b = np.triu_indices(n, k=1)
    p, q = np.nonzero(~np.eye(m, dtype=bool))
    aa = np.repeat(a, p.size)
    bb = np.repeat(b, p.size)
    pp = np.tile(p, a.size)
    qq = np.tile(q, a.size)
    return aa.astype(np.intp), bb.astype(np.intp), pp.astype(np.intp), qq.astype(np.intp)


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
        The candidates from :func:`_candidates`.

    Returns
    -------
    tuple
        ``gain (B, K)`` (0 where no exchange is possible), the supplier ``a``'s new position
        on ``p`` and ``b``'s new position on ``q``, each ``(B, K)``.
    """
    a, b, p, q = index
    total = w.sum(axis=1)  # (B, issues)
    outcome = _outcome(x, w)
    xap, xbp, xaq, xbq = x[:, a, p], x[:, b, p], x[:, a, q], x[:, b, q]
    sap, sbp, saq, sbq = s[:, a, p], s[:, b, p], s[:, a, q], s[:, b, q]
    wap, wbq = w[:, a, p], w[:, b, q]
    op, oq = outcome[:, p], outcome[:, q]
    opposite = ((xap - op) * (xbp - op) < 0) & ((xaq - oq) * (xbq - oq) < 0)
    edge = saq * sbp - sap * sbq
    with np.errstate(invalid="ignore", divide="ignore"):
        full_p = np.abs(xbp - xap) * wap / np.where(total[:, p] > 0, total[:, p], 1.0)
        full_q = np.abs(xaq - xbq) * wbq / np.where(total[:, q] > 0, total[:, q], 1.0)
        rate = (sap + sbp) / np.where(saq + sbq > 0, saq + sbq, 1.0)  # δ_q = rate · δ_p
        delta_p = np.minimum(full_p, np.where(rate > 0, full_q / np.where(rate > 0, rate, 1.0), 0))
        delta_q = delta_p * rate
        gain = np.where(
            opposite & (edge > 0) & (wap > 0) & (wbq > 0),
            delta_p * edge / np.where(saq + sbq > 0, saq + sbq, 1.0),
            0.0,
        )
        new_ap = xap + np.sign(xbp - xap) * delta_p * total[:, p] / np.where(wap > 0, wap, 1.0)
        new_bq = xbq + np.sign(xaq - xbq) * delta_q * total[:, q] / np.where(wbq > 0, wbq, 1.0)
    # Guard the "move all the way" end against rounding past the partner's position.
    new_ap = np.where(np.sign(xbp - xap) > 0, np.minimum(new_ap, xbp), np.maximum(new_ap, xbp))
    new_bq = np.where(np.sign(xaq - xbq) > 0, np.minimum(new_bq, xaq), np.maximum(new_bq, xaq))
    return np.asarray(gain), np.asarray(new_ap), np.asarray(new_bq)


def _outcome(x: FloatArray, w: FloatArray) -> FloatArray:
    """Weighted mean over actors ``(B, A, I)`` → ``(B, I)`` (plain mean where nobody weighs)."""
    return weighted_mean(x, w, np.ones(x.shape[:-1]))


def run_batch(
    x0: FloatArray, c: FloatArray, s: FloatArray, params: ExchangeParams
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Run the exchange model on a batch ``(B, actors, issues)``.

    Returns
    -------
    tuple
        The path ``(rounds_run + 1, B, actors, issues)``, exchanges made per sample ``(B,)``,
        and total gain realised per sample ``(B,)``.
    """
    batch, n, m = x0.shape
    w = c[:, :, None] * s
    index = _candidates(n, m)
    a, b, p, q = index
    k_all = a.size
    keep = min(k_all, n * m)
    x = x0.copy()
    path = [x.copy()]
    made = np.zeros(batch, dtype=int)
    gained = np.zeros(batch)
    rows = np.arange(batch)
    for _ in range(params.rounds):
        if k_all == 0:
            break
        gain, new_ap, new_bq = exchange_gains(x, w, s, index)
        gain = np.where(gain > params.min_gain, gain, 0.0)
        if not (gain > 0).any():
            break
        if keep < k_all:
            top = np.argpartition(-gain, keep - 1, axis=1)[:, :keep]
        else:
            top = np.broadcast_to(np.arange(k_all), (batch, k_all))
        # Stable order: by gain, then by candidate index (label order) on ties.
        order = np.lexsort((top, -np.take_along_axis(gain, top, axis=1)), axis=1)
        ranked = np.take_along_axis(top, order, axis=1)
        used = np.zeros((batch, n, m), dtype=bool)
        moved = x.copy()
        for rank in range(ranked.shape[1]):
            k = ranked[:, rank]
            g = gain[rows, k]
            ka, kb, kp, kq = a[k], b[k], p[k], q[k]
            free = ~(
                used[rows, ka, kp] | used[rows, ka, kq] | used[rows, kb, kp] | used[rows, kb, kq]
            )
            go = free & (g > 0)
            if not go.any():
                if not (g > 0).any():
                    break
                continue
            r = rows[go]
            moved[r, ka[go], kp[go]] = new_ap[r, k[go]]
            moved[r, kb[go], kq[go]] = new_bq[r, k[go]]
            for actor, issue in ((ka, kp), (ka, kq), (kb, kp), (kb, kq)):
                used[r, actor[go], issue[go]] = True
            made[go] += 1
            gained[go] += g[go]
        x = moved
        path.append(x.copy())
    return np.stack(path), made, gained


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
        },
    )
