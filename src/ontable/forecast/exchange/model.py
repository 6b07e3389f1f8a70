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
:func:`.shortlist._top_of_row`); utilities are linear in distance;
actors without weight on an issue cannot trade it; gains within a relative 1e-9 are tied and
told apart by values, not by the order of the actors. The model is deterministic: ``rng`` is
accepted for the common call shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

import numpy as np

from ontable.forecast.base import Forecast
from ontable.forecast.driver import as_batch, chunks, finish, join_paths, unbatch
from ontable.forecast.exchange.gains import _outcome
from ontable.forecast.exchange.rounds import ExchangeParams, Trades, run_batch
from ontable.model.arrays import CaseArrays

VERSION = "2"

_CHUNK_ELEMENTS = 8_000_000
"""Samples × candidate exchanges per array call: bounds memory for large batches."""


def _trade_records(trades: Trades) -> list[dict[str, Any]]:
    """The exchanges of one run as plain records, in the order they were made."""
    names = ("round", "a", "b", "p", "q", "gain", "a_to", "b_to")
    columns = (trades.round, trades.a, trades.b, trades.p, trades.q, trades.gain)
    values = [c.tolist() for c in (*columns, trades.new_ap, trades.new_bq)]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


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
