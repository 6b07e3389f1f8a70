"""Compiled kernels of the exchange model (:mod:`ontable.forecast.exchange`), with numba.

The same arithmetic as the numpy path, operation for operation, so the same numbers bit for
bit (Stokman and Van Oosten 1994, equal-gain rate of Dijkstra, Van Assen and Stokman 2008).
This module holds what the kernels share (how they are compiled, the side of an outcome)
and :func:`all_gains` (every candidate's gain, for cases small enough to list them all);
the round's shortlist is searched in :mod:`.shortlist_kernel` (on several threads in
:mod:`.search_kernel`), its exchanges made in :mod:`.round_kernel`.

This module imports numba; :mod:`.rounds` imports it only when numba is wanted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np

from ontable.forecast.exchange.gains import _TIE
from ontable.model.arrays import FloatArray

_F = TypeVar("_F", bound=Callable[..., Any])


def _jit(fn: _F) -> _F:
    """Compile ``fn`` in nopython mode, cached on disk, without fastmath (same rounding)."""
    return cast(_F, numba.njit(cache=True, error_model="numpy")(fn))


@_jit
def _side(v: float, ref: float) -> float:
    """:func:`.gains._side` of one value."""
    gap = ref - v
    if abs(gap) <= _TIE * max(abs(ref), 1.0):
        return 0.0
    return float(np.sign(gap))


@_jit
def all_gains(
    x: FloatArray,
    s: FloatArray,
    w: FloatArray,
    outcome: FloatArray,
    total: FloatArray,
    floor: float,
) -> FloatArray:
    """:func:`.shortlist._all_gains` (every candidate's gain, ``(rows, pairs × L)`` in label
    order, by the operations of :func:`.gains._trade`), with gains not above ``floor`` set
    to 0. ``x``, ``s``, ``w`` are ``(rows, actors, issues)``, ``outcome`` and ``total``
    ``(rows, issues)``."""
    rows, n, m = x.shape
    per_pair = m * (m - 1)
    gains = np.zeros((rows, n * (n - 1) // 2 * per_pair))
    side = np.empty((n, m))
    safe = np.empty(m)
    for r in range(rows):
        for i in range(m):
            safe[i] = total[r, i] if total[r, i] > 0 else 1.0
            for a in range(n):
                side[a, i] = _side(x[r, a, i], outcome[r, i])
        k = 0
        for a in range(n):
            for b in range(a + 1, n):
                for p in range(m):
                    if not (side[a, p] * side[b, p] < 0 and w[r, a, p] > 0):
                        continue
                    sap, sbp = s[r, a, p], s[r, b, p]
                    full_p = abs(x[r, b, p] - x[r, a, p]) * w[r, a, p] / safe[p]
                    for q in range(m):
                        if q == p or not (side[a, q] * side[b, q] < 0 and w[r, b, q] > 0):
                            continue
                        saq, sbq = s[r, a, q], s[r, b, q]
                        edge = saq * sbp - sap * sbq
                        if not edge > 0:
                            continue
                        full_q = abs(x[r, a, q] - x[r, b, q]) * w[r, b, q] / safe[q]
                        den = saq + sbq if saq + sbq > 0 else 1.0
                        rate = (sap + sbp) / den
                        delta_p = min(full_p, full_q / rate if rate > 0 else 0.0)
                        gain = delta_p * edge / den
                        if gain > floor:
                            gains[r, k * per_pair + p * (m - 1) + (q if q < p else q - 1)] = gain
                k += 1
    return gains
