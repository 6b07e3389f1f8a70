"""Actors grouped by position, and the published program's vote sums over the groups, for the
compiled pass over a row of many actors (:mod:`._sweep`). Scholz, Calbert & Smith (2011),
eq. 30 as their program computes it; see :mod:`.kernels` for the method.

Every quantity of a pair of actors but the target's salience and the viewer's risk exponent
depends on the two positions only, so the pass works on *groups*, the distinct positions of
the active actors in increasing order (on a 0–100 scale coded in whole points, at most 101,
however many actors): a voter's vote for either side of a pair is a power of its distance to
each side, the same for every actor at that position. The logarithm of a distance is taken
once per pair of groups and its power once per voter and group, instead of once per voter
and actor; both in loops over the groups that compile to vector instructions
(:mod:`._elementary`).
"""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

from typing import Any

import numpy as np

from ontable.forecast.bdm._elementary import exp_neg, log01
from ontable.forecast.bdm._pair import njit

BLOCK = 64
"""Voters per block of the published program's running vote sums (see :data:`TABLE`)."""
FLOATS = 57 + BLOCK
"""Rows of the float workspace of the grouped pass (each of length actors + 1)."""
INTS = 17
"""Rows of its integer workspace."""

# Float rows: per group (distinct active position, in increasing order) ...
U, DMU, GSELF, TOTAL, DROW, LROW, MROW = 0, 1, 2, 10, 11, 12, 13
# ... and per active actor in order of position (its *slot*).
SAL, RISK, WEIGHT, USQ, CW, CWX = 3, 4, 5, 6, 7, 8
BEST1, BEST2, BESTV, US, UF, UB_OWN, UW_OWN, UB_SEEN, UW_SEEN = 14, 15, 16, 17, 18, 19, 20, 21, 22
# Integer rows: per slot, the actor, its group, and its best offer's kind and partner; per
# group, its first slot (and the end), and the bookkeeping of the pairs' visiting order.
ACTOR, GROUP, START, NEXT, NBG, KIND, BESTJ = 0, 1, 2, 5, 6, 7, 8
# A batch of pairs of lone actors (:mod:`._batch`): their slots, the two probabilities, the
# distance and the utilities of success and failure from either view.
B_LO, B_HI, B_MARK = 9, 10, 11
B_PLO, B_PHI, B_D, B_US_LO, B_UF_LO, B_US_HI, B_UF_HI = 23, 24, 25, 26, 27, 28, 29
B_R_LO, B_R_HI, B_S_LO, B_S_HI, B_USQ_LO, B_USQ_HI = 30, 31, 32, 33, 34, 35
TABLE = 46
"""The first of ``BLOCK + 1`` rows: the running vote sums over the groups after each voter
of a block, so a pair reads the sums below its midpoint directly."""
# A batch of views (:func:`._batch.flush_views`): an actor of a pair of groups not both lone
# as a target, the first and end slots of the other group (the offerers), the pair's
# distance, the target's and the offerers' probabilities of winning, and the target's
# exponent, salience, utility of the status quo, of success and failure, and the EU of the
# challenges either way (``a`` for an offerer alone); the views of one offerer whose offer
# may count (``V_ONE``) and of more offerers with ``b > 0`` (``V_MORE``).
V_SLOT, V_O0, V_O1, V_ONE, V_MORE = 12, 13, 14, 15, 16
V_D, V_PT, V_PO, V_R, V_S, V_USQ, V_US, V_UF, V_A, V_B = range(
    TABLE + BLOCK + 1, TABLE + BLOCK + 11
)


@njit
def group_actors(
    x: Any,
    w: Any,
    s: Any,
    on: Any,
    span: float,
    mu: float,
    order: Any,
    r: Any,
    neutral: bool,
    ws: Any,
    iws: Any,
) -> tuple[int, int]:
    """Fill the slots (active actors by position) and groups; return their numbers.

    Inactive actors have no weight (capability × salience is 0), so leaving them out of the
    prefix sums of weights (the printed equations' vote count) changes no sum."""
    n = x.shape[0]
    u, dmu, gself = ws[U], ws[DMU], ws[GSELF]
    sal, risk, weight, usq, cw, cwx = ws[SAL], ws[RISK], ws[WEIGHT], ws[USQ], ws[CW], ws[CWX]
    actor, group, start = iws[ACTOR], iws[GROUP], iws[START]
    slots = 0
    groups = 0
    cw[0] = 0.0
    cwx[0] = 0.0
    for p in range(n):
        a = order[p]
        if not on[a]:
            continue
        xa = x[a]
        if groups == 0 or xa != u[groups - 1]:
            u[groups] = xa
            dmu[groups] = abs(xa - mu) / span
            start[groups] = slots
            groups += 1
        actor[slots] = a
        group[slots] = groups - 1
        sal[slots] = s[a]
        risk[slots] = r[a]
        weight[slots] = w[a]
        usq[slots] = 2.0 - 4.0 * (0.5 if neutral else 0.5 ** r[a])
        cw[slots + 1] = cw[slots] + w[a]
        cwx[slots + 1] = cwx[slots] + w[a] * xa
        slots += 1
    start[groups] = slots
    for g in range(groups):
        # The printed equations' weighted hinge at the group's position: G(u) = Σ w (u − x).
        gself[g] = u[g] * cw[start[g]] - cwx[start[g]]
    return slots, groups


@njit
def voter_logs(f: int, groups: int, span: float, ws: Any, logs: bool) -> None:
    """Distances from group ``f`` to every group over the range, and (``logs``) their
    logarithms."""
    u, drow, lrow = ws[U], ws[DROW], ws[LROW]
    uf = u[f]
    for g in range(groups):
        d = abs(uf - u[g]) / span
        drow[g] = d
        if logs:
            lrow[g] = log01(d)


def add_voter_for(neutral: bool) -> Any:
    """The compiled ``add_voter`` for risk-neutral voters (``neutral``) or with exponents."""

    @njit
    def add_voter(wk: float, rk: float, groups: int, ws: Any, acc: Any, into: int) -> None:
        """``M[k, g] = w_k (|x_k − u_g|/R)^{r_k}`` into ``ws[into]``, added to ``acc``
        (the distances and their logarithms from :func:`voter_logs`)."""
        drow, lrow, mrow = ws[DROW], ws[LROW], ws[into]
        if neutral or rk == 1.0:
            for g in range(groups):
                mrow[g] = wk * drow[g]
                acc[g] += mrow[g]
        else:
            for g in range(groups):
                mrow[g] = wk * exp_neg(rk * lrow[g])  # 0 at the voter's own group
                acc[g] += mrow[g]

    return add_voter


LANES = 4
"""Voters whose sorted votes are merged side by side in :func:`totals` (see :func:`spreads`)."""


@njit
def spreads(
    f: tuple[int, int, int, int],
    rows: tuple[int, int, int, int],
    groups: int,
    slots: int,
    ws: Any,
    iws: Any,
) -> tuple[float, float, float, float]:
    """``Σ_p (2p − n + 1) M_k(p)`` over ``M_k`` sorted for four voters at once: voter ``i``
    at group ``f[i]`` with its values ``M[k, g]`` in row ``rows[i]`` (``+inf`` at index
    ``groups`` and at the row's last index, so that a side run out is never taken). Each
    voter's values are taken in increasing order, outward from its group (its own value
    is 0), the lower side first on a tie, and a group of ``m`` equal values from rank
    ``P`` on weighs ``m (2P + m − n)``: the same sums, added in the same order, as one
    voter at a time. The outcome of each comparison picks the next index (a select, not
    a jump), so the four merges proceed side by side without mispredicted branches."""
    start = iws[START]
    none = ws.shape[1] - 1
    v0, v1, v2, v3 = ws[rows[0]], ws[rows[1]], ws[rows[2]], ws[rows[3]]
    lo0, hi0, r0, p0 = f[0] - 1, f[0] + 1, start[f[0] + 1] - start[f[0]], 0.0
    lo1, hi1, r1, p1 = f[1] - 1, f[1] + 1, start[f[1] + 1] - start[f[1]], 0.0
    lo2, hi2, r2, p2 = f[2] - 1, f[2] + 1, start[f[2] + 1] - start[f[2]], 0.0
    lo3, hi3, r3, p3 = f[3] - 1, f[3] + 1, start[f[3] + 1] - start[f[3]], 0.0
    for _ in range(groups - 1):
        a, c = v0[lo0 if lo0 >= 0 else none], v0[hi0]
        down = a <= c
        g = lo0 if down else hi0
        m = start[g + 1] - start[g]
        p0 += (a if down else c) * float(m * (2 * r0 + m - slots))
        r0 += m
        lo0 = lo0 - 1 if down else lo0
        hi0 = hi0 if down else hi0 + 1
        a, c = v1[lo1 if lo1 >= 0 else none], v1[hi1]
        down = a <= c
        g = lo1 if down else hi1
        m = start[g + 1] - start[g]
        p1 += (a if down else c) * float(m * (2 * r1 + m - slots))
        r1 += m
        lo1 = lo1 - 1 if down else lo1
        hi1 = hi1 if down else hi1 + 1
        a, c = v2[lo2 if lo2 >= 0 else none], v2[hi2]
        down = a <= c
        g = lo2 if down else hi2
        m = start[g + 1] - start[g]
        p2 += (a if down else c) * float(m * (2 * r2 + m - slots))
        r2 += m
        lo2 = lo2 - 1 if down else lo2
        hi2 = hi2 if down else hi2 + 1
        a, c = v3[lo3 if lo3 >= 0 else none], v3[hi3]
        down = a <= c
        g = lo3 if down else hi3
        m = start[g + 1] - start[g]
        p3 += (a if down else c) * float(m * (2 * r3 + m - slots))
        r3 += m
        lo3 = lo3 - 1 if down else lo3
        hi3 = hi3 if down else hi3 + 1
    return p0, p1, p2, p3


def totals_for(neutral: bool) -> Any:
    """The compiled ``totals`` for risk-neutral voters (``neutral``) or with exponents."""
    add_voter = add_voter_for(neutral)

    @njit
    def totals(slots: int, groups: int, span: float, ws: Any, iws: Any) -> float:
        """Column totals ``Σ_k M[k, g]`` into ``ws[TOTAL]`` and the shared denominator
        ``Σ_k Σ_{a,b} |M_ka − M_kb|`` over active actors ``a, b``: ``2 Σ_p (2p − n + 1)
        M_k(p)`` over ``M_k`` sorted (:func:`spreads`, :data:`LANES` voters at a time, in
        the first rows of the table of :func:`block_sums`, unused until then)."""
        total = ws[TOTAL]
        weight, risk = ws[WEIGHT], ws[RISK]
        group = iws[GROUP]
        for g in range(groups):
            total[g] = 0.0
        for lane in range(LANES):
            ws[TABLE + lane, groups] = np.inf
            ws[TABLE + lane, ws.shape[1] - 1] = np.inf
        spread = 0.0
        logs_of = -1
        for k0 in range(0, slots, LANES):
            voters = min(LANES, slots - k0)
            for k in range(k0, k0 + voters):
                f = group[k]
                if f != logs_of:
                    voter_logs(f, groups, span, ws, not neutral)
                    logs_of = f
                add_voter(weight[k], risk[k], groups, ws, total, TABLE + k - k0)
            # Lanes past the last voter repeat it (their sums are not used).
            last = voters - 1
            parts = spreads(
                (group[k0], group[k0 + min(1, last)], group[k0 + min(2, last)], group[k0 + last]),
                (TABLE, TABLE + min(1, last), TABLE + min(2, last), TABLE + last),
                groups,
                slots,
                ws,
                iws,
            )
            spread += parts[0]
            if voters > 1:
                spread += parts[1]
            if voters > 2:
                spread += parts[2]
            if voters > 3:
                spread += parts[3]
        return 2.0 * spread

    return totals


def block_sums_for(neutral: bool) -> Any:
    """The compiled ``block_sums`` for risk-neutral voters (``neutral``) or with exponents."""
    add_voter = add_voter_for(neutral)

    @njit
    def block_sums(b0: int, voters: int, groups: int, span: float, ws: Any, iws: Any) -> None:
        """Rows ``TABLE + j`` (``j`` = 0…``voters``): the running vote sums over the groups
        after voter ``b0 + j − 1``; row ``TABLE`` holds those before voter ``b0``. Each sum
        is added voter by voter as a single running sum would be."""
        group, weight, risk = iws[GROUP], ws[WEIGHT], ws[RISK]
        logs_of = -1
        for j in range(voters):
            k = b0 + j
            if group[k] != logs_of:
                logs_of = group[k]
                voter_logs(logs_of, groups, span, ws, not neutral)
            row = ws[TABLE + j + 1]
            row[:groups] = ws[TABLE + j, :groups]
            add_voter(weight[k], risk[k], groups, ws, row, MROW)

    return block_sums
