"""A target's best offer so far, for the compiled pass over pairs of groups (:mod:`._sweep`,
:mod:`._batch`). Scholz, Calbert & Smith (2011), step 5; the numpy versions are
:func:`.utilities._new_positions` and :func:`.utilities._new_positions_published`."""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

from typing import Any

from ontable.forecast.bdm._groups import BEST1, BEST2, BESTJ, BESTV, KIND
from ontable.forecast.bdm._pair import better, inline


@inline
def offer(
    p: int, j: int, xi: float, xj: float, a: float, b: float, published: bool, ws: Any, iws: Any
) -> None:
    """:func:`._pair.offer` for the target in slot ``p``, its best offer so far kept in
    the workspaces (``BEST1``, ``BEST2``, ``BESTV``, ``KIND``, ``BESTJ``)."""
    if published:
        if b > a and a > 0:  # a conflict it expects to lose: the nearest, first actor
            dist = abs(xj - xi)
            if iws[KIND, p] != 2 or better(dist, 0.0, j, ws[BEST1, p], 0.0, iws[BESTJ, p]):
                iws[KIND, p] = 2
                ws[BEST1, p] = dist
                iws[BESTJ, p] = j
                ws[BESTV, p] = xj
        elif iws[KIND, p] != 2 and b > 0 and a < 0 and b > -a:
            key = (-a * xi + b * xj) / (b - a)
            if iws[KIND, p] != 1 or better(key, 0.0, j, ws[BEST1, p], 0.0, iws[BESTJ, p]):
                iws[KIND, p] = 1
                ws[BEST1, p] = key
                iws[BESTJ, p] = j
                ws[BESTV, p] = xi + (xj - xi) * (-a / b)
        return
    conflict = b > a and a > 0
    yielding = b > 0 and a < 0
    compromise = yielding and b > -a
    if not (conflict or yielding):
        return
    value = xj
    if compromise:
        value = xi + (xj - xi) * (-a / b)
    move = abs(value - xi)
    if iws[KIND, p] == 0 or better(move, value, 0, ws[BEST1, p], ws[BEST2, p], 0):
        iws[KIND, p] = 1
        ws[BEST1, p] = move
        ws[BEST2, p] = value
        iws[BESTJ, p] = j
        ws[BESTV, p] = value
