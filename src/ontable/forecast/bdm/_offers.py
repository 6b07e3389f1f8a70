"""A target's best offer so far, for the compiled rounds (:mod:`._sweep`, :mod:`._batch`,
:mod:`._small`). Scholz, Calbert & Smith (2011), step 5; the numpy versions are
:func:`.utilities._new_positions` and :func:`.utilities._new_positions_published`."""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

from typing import Any

from ontable.forecast.bdm import _groups
from ontable.forecast.bdm._pair import better, inline

GROUP_ROWS = (_groups.BEST1, _groups.BEST2, _groups.BESTV, _groups.BESTJ, _groups.KIND)
"""Where the pass over groups keeps each target's best offer (rows of ``ws`` and ``iws``)."""


@inline
def offer(
    p: int,
    j: int,
    xi: float,
    xj: float,
    a: float,
    b: float,
    published: bool,
    ws: Any,
    iws: Any,
    rows: tuple[int, int, int, int, int],
) -> None:
    """The target in slot ``p`` weighs the offer of actor ``j``: ``a`` its EU of challenging
    ``j``, ``b`` ``j``'s EU of challenging it, as it sees them. Its best offer so far is kept
    in the workspaces' rows ``rows``: ``ws[BEST1]``, ``ws[BEST2]``, ``ws[BESTV]``,
    ``iws[BESTJ]``, ``iws[KIND]`` (:data:`GROUP_ROWS` for the pass over groups)."""
    BEST1, BEST2, BESTV, BESTJ, KIND = rows
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


@inline
def weigh_published(
    state: tuple[int, float, int, float], j: int, xi: float, xj: float, a: float, b: float
) -> tuple[int, float, int, float]:
    """:func:`offer` for the published program without a branch: ``state`` is the target's
    best offer so far, ``(kind, key, partner, value)`` as kept in ``KIND``, ``BEST1``,
    ``BESTJ`` and ``BESTV`` (partner −1 and key unset for none); returns it after weighing
    the offer of actor ``j``. The same numbers and the same choice as :func:`offer`; the
    outcome of a comparison picks the values (selects rather than jumps), so a run of
    offers costs the same whether they are credible or not, with no mispredicted branch."""
    kind, key, partner, value = state
    conflict = (b > a) & (a > 0.0)
    yielding = (not conflict) & (b > 0.0) & (a < 0.0) & (b > -a)
    dist = abs(xj - xi)
    split = (-a * xi + b * xj) / (b - a)  # meaningless unless yielding (then b − a > 0)
    take2 = conflict & ((kind != 2) | (dist < key) | ((dist == key) & (j < partner)))
    take1 = yielding & (
        (kind == 0) | ((kind == 1) & ((split < key) | ((split == key) & (j < partner))))
    )
    moved = xi + (xj - xi) * (-a / b)
    kind = 2 if take2 else (1 if take1 else kind)
    key = dist if take2 else (split if take1 else key)
    value = xj if take2 else (moved if take1 else value)
    partner = j if (take2 | take1) else partner
    return kind, key, partner, value
