"""What the compiled round of the exchange model fixes at its start, with numba.

:func:`.round_kernel.run_round` makes a round's exchanges as :func:`.rounds.run_batch` does
(Stokman and Van Oosten 1994, equal-gain rate of Dijkstra, Van Assen and Stokman 2008); the
functions here work out, once per round, what stays fixed through it: the order of the
candidates and their blocks, what each candidate reads, and who reads each position.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ontable.forecast.exchange.kernels import _jit
from ontable.model.arrays import FloatArray

_BLOCK = 32  # candidates per block (each block's highest cap is kept)

_AP, _BQ, _BP, _AQ, _OP, _OQ = 0, 1, 2, 3, 4, 5
"""Columns of ``at``: flat indices of the wanted positions (and votes) ``a`` on ``p``, ``b``
on ``q``, ``b`` on ``p``, ``a`` on ``q``, and of the outcomes of ``p`` and ``q``."""


@_jit
def _arrange(row: Any, gain: FloatArray, per_row: Any) -> tuple[Any, Any, Any, Any]:
    """The candidates (listed row by row) reordered within each row by falling ``gain``
    (the most gainful first, so that blocks hold similar caps), and cut into blocks of
    ``_BLOCK``: the order, where each row's blocks start, where each block's candidates
    start, and each candidate's block."""
    rows = per_row.size
    order = np.empty(row.size, dtype=np.intp)
    row_blocks = np.zeros(rows + 1, dtype=np.intp)
    lo = 0
    for r in range(rows):
        hi = lo + per_row[r]
        order[lo:hi] = lo + np.argsort(-gain[lo:hi], kind="mergesort")
        row_blocks[r + 1] = row_blocks[r] + (per_row[r] + _BLOCK - 1) // _BLOCK
        lo = hi
    block_start = np.empty(row_blocks[rows] + 1, dtype=np.intp)
    block_of = np.empty(row.size, dtype=np.intp)
    lo = 0
    for r in range(rows):
        for j in range(row_blocks[r], row_blocks[r + 1]):
            block_start[j] = lo + (j - row_blocks[r]) * _BLOCK
        for c in range(lo, lo + per_row[r]):
            block_of[c] = row_blocks[r] + (c - lo) // _BLOCK
        lo += per_row[r]
    block_start[row_blocks[rows]] = row.size
    return order, row_blocks, block_start, block_of


@_jit
def _prepare(
    who: Any, row: Any, ideal: FloatArray, s: FloatArray, w: FloatArray, total: FloatArray
) -> tuple[FloatArray, Any]:
    """What stays fixed through the round per candidate, as :class:`.gains._Fixed` works it
    out (the same operations): its 17 values and ``able`` (1 or 0), and the flat indices it
    reads (``at``, see ``_AP`` …). ``ideal``, ``s`` and ``w`` are ``(rows, actors, issues)``,
    ``total`` is ``(rows, issues)``."""
    size = who.shape[0]
    _, n, m = ideal.shape
    fixed = np.empty((size, 18))
    at = np.empty((size, 6), dtype=np.intp)
    for c in range(size):
        r, a, b, p, q = row[c], who[c, 0], who[c, 1], who[c, 2], who[c, 3]
        iap, ibp, iaq, ibq = ideal[r, a, p], ideal[r, b, p], ideal[r, a, q], ideal[r, b, q]
        sap, sbp, saq, sbq = s[r, a, p], s[r, b, p], s[r, a, q], s[r, b, q]
        wap, wbq, tp, tq = w[r, a, p], w[r, b, q], total[r, p], total[r, q]
        edge = saq * sbp - sap * sbq
        den = saq + sbq if saq + sbq > 0 else 1.0
        values = (
            iap,
            ibp,
            iaq,
            ibq,
            float(np.sign(ibp - iap)),
            float(np.sign(iaq - ibq)),
            edge,
            den,
            (sap + sbp) / den,
            wap,
            wbq,
            tp if tp > 0 else 1.0,
            tq if tq > 0 else 1.0,
            wap if wap > 0 else 1.0,
            wbq if wbq > 0 else 1.0,
            tp,
            tq,
            1.0 if edge > 0 and wap > 0 and wbq > 0 else 0.0,
        )
        for j in range(18):
            fixed[c, j] = values[j]
        at[c, _AP], at[c, _BQ] = (r * n + a) * m + p, (r * n + b) * m + q
        at[c, _BP], at[c, _AQ] = (r * n + b) * m + p, (r * n + a) * m + q
        at[c, _OP], at[c, _OQ] = r * m + p, r * m + q
    return fixed, at


@_jit
def _listing(at: Any, places: int) -> tuple[Any, Any]:
    """For each flat index of a wanted position (and vote), the candidates reading it in
    any of the four roles ``ap, bq, bp, aq``: where each one's list starts, and the lists."""
    start = np.zeros(places + 1, dtype=np.intp)
    for c in range(at.shape[0]):
        for role in range(4):
            start[at[c, role] + 1] += 1
    for k in range(places):
        start[k + 1] += start[k]
    filled = start[:-1].copy()
    member = np.empty(4 * at.shape[0], dtype=np.intp)
    for c in range(at.shape[0]):
        for role in range(4):
            member[filled[at[c, role]]] = c
            filled[at[c, role]] += 1
    return start, member
