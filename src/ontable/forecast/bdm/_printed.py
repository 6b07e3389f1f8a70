"""The pass with risk exponents of the printed equations in plain order, for the compiled
round of many actors (:mod:`._sweep`) when ``Q`` is 1. Scholz, Calbert & Smith (2011),
eqs. 15–25, 30 and step 5; see :mod:`.kernels` for the method.

The printed equations' probabilities come from prefix sums (:mod:`._plain`), so the pairs
need no particular order: each actor ``i`` meets every actor above its position in loops over
slices of the workspace rows that compile to vector instructions: the utilities of success
and failure from both views (powers as ``exp(r·log c)`` with :mod:`._elementary`, ``pow``
for pairs nearer than :data:`._pair.NEAR`, as in :mod:`._batch`), eq. 25 for both views,
and each side's credible offer. The offers ``i`` receives are then weighed in one scan, and
each actor above keeps the better of its best offer so far and ``i``'s, without a branch.
A target takes the credible offer that moves it least, the lower position on ties, so the
order in which offers are weighed changes no choice.
"""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

import math
from typing import Any

from ontable.forecast.bdm._elementary import exp_neg, log01
from ontable.forecast.bdm._groups import (
    ACTOR,
    BEST1,
    BEST2,
    BESTV,
    CW,
    CWX,
    GSELF,
    KIND,
    RISK,
    SAL,
    START,
    USQ,
    U,
)
from ontable.forecast.bdm._pair import NEAR, njit
from ontable.forecast.bdm._plain import GS, PGH_J, PHG_J, WB, WXB, XS, midpoint_counts, pair_votes

D, LS, LF, A_LO, B_LO, A_HI, B_HI, MOVE_LO, VALUE_LO = range(33, 42)
"""Float rows of the workspace beyond those of :mod:`._plain`: per slot above the lower
actor, the distance and the logarithms of the bases of success and failure, each side's EU
of challenging and of being challenged, and the offer the lower actor receives."""


@njit
def bases(ug: float, span: float, xs: Any, dist: Any, ls: Any, lf: Any) -> None:
    """Distances over the range from ``ug`` and the logarithms of ``½ ∓ ½d``."""
    for j in range(xs.shape[0]):
        d = abs(ug - xs[j]) / span
        dist[j] = d
        ls[j] = log01(min(max(0.5 - 0.5 * d, 0.0), 1.0))
        lf[j] = log01(min(max(0.5 + 0.5 * d, 0.0), 1.0))


@njit
def utility(c: float, log_c: float, r: float, d: float) -> float:
    """``2 − 4 c^r`` as :mod:`._batch` takes it (``pow`` for near pairs)."""
    if r == 1.0:
        return 2.0 - 4.0 * c
    if d < NEAR:
        return 2.0 - 4.0 * c**r
    return 2.0 - 4.0 * exp_neg(r * log_c)


@njit
def expected_both(
    r_i: float,
    s_i: float,
    usq_i: float,
    q: float,
    dist: Any,
    ls: Any,
    lf: Any,
    risk: Any,
    sal: Any,
    usq: Any,
    pgh: Any,
    phg: Any,
    a_lo: Any,
    b_lo: Any,
    a_hi: Any,
    b_hi: Any,
) -> None:
    """Eq. 25 from both views of the pairs of one lower actor (exponent ``r_i``, salience
    ``s_i``) with each actor above: ``a`` the viewer's EU of challenging, ``b`` the other's
    EU of challenging the viewer, as the viewer sees it (``Q`` is 1)."""
    for j in range(dist.shape[0]):  # no branch, no call: vector instructions
        d, r_j = dist[j], risk[j]
        c_s = min(max(0.5 - 0.5 * d, 0.0), 1.0)
        c_f = min(max(0.5 + 0.5 * d, 0.0), 1.0)
        e_si, e_fi = exp_neg(r_i * ls[j]), exp_neg(r_i * lf[j])
        e_sj, e_fj = exp_neg(r_j * ls[j]), exp_neg(r_j * lf[j])
        us_i = 2.0 - 4.0 * (c_s if r_i == 1.0 else e_si)
        uf_i = 2.0 - 4.0 * (c_f if r_i == 1.0 else e_fi)
        us_j = 2.0 - 4.0 * (c_s if r_j == 1.0 else e_sj)
        uf_j = 2.0 - 4.0 * (c_f if r_j == 1.0 else e_fj)
        s_j = sal[j]
        a_lo[j] = s_j * (uf_i + pgh[j] * (us_i - uf_i)) + (1.0 - s_j) * us_i - q * usq_i
        b_lo[j] = s_i * (uf_i + phg[j] * (us_i - uf_i)) + (1.0 - s_i) * us_i - q * usq_i
        a_hi[j] = s_i * (uf_j + phg[j] * (us_j - uf_j)) + (1.0 - s_i) * us_j - q * usq[j]
        b_hi[j] = s_j * (uf_j + pgh[j] * (us_j - uf_j)) + (1.0 - s_j) * us_j - q * usq[j]
    for j in range(dist.shape[0]):  # near pairs: the last bits matter (see _pair.NEAR)
        d = dist[j]
        if d < NEAR:
            c_s = min(max(0.5 - 0.5 * d, 0.0), 1.0)
            c_f = min(max(0.5 + 0.5 * d, 0.0), 1.0)
            r_j, s_j = risk[j], sal[j]
            us_i, uf_i = utility(c_s, 0.0, r_i, d), utility(c_f, 0.0, r_i, d)
            us_j, uf_j = utility(c_s, 0.0, r_j, d), utility(c_f, 0.0, r_j, d)
            a_lo[j] = s_j * (uf_i + pgh[j] * (us_i - uf_i)) + (1.0 - s_j) * us_i - q * usq_i
            b_lo[j] = s_i * (uf_i + phg[j] * (us_i - uf_i)) + (1.0 - s_i) * us_i - q * usq_i
            a_hi[j] = s_i * (uf_j + phg[j] * (us_j - uf_j)) + (1.0 - s_i) * us_j - q * usq[j]
            b_hi[j] = s_j * (uf_j + pgh[j] * (us_j - uf_j)) + (1.0 - s_j) * us_j - q * usq[j]


@njit
def offers_both(
    x_i: float,
    xs: Any,
    a_lo: Any,
    b_lo: Any,
    a_hi: Any,
    b_hi: Any,
    move_lo: Any,
    value_lo: Any,
    kind: Any,
    best1: Any,
    best2: Any,
    bestv: Any,
) -> None:
    """The offer each actor above makes the lower one (``move_lo``: ``inf`` if none is
    credible), and each actor above's best offer so far against the lower one's offer."""
    for j in range(xs.shape[0]):  # no branch: vector instructions
        x_j = xs[j]
        a, b = a_lo[j], b_lo[j]
        credible = (b > a and a > 0) or (b > 0 and a < 0)
        value = x_i + (x_j - x_i) * (-a / b) if b > -a else x_j
        value = value if (b > 0 and a < 0) else x_j
        move_lo[j] = abs(value - x_i) if credible else math.inf
        value_lo[j] = value
        a, b = a_hi[j], b_hi[j]
        credible = (b > a and a > 0) or (b > 0 and a < 0)
        value = x_j + (x_i - x_j) * (-a / b) if b > -a else x_i
        value = value if (b > 0 and a < 0) else x_i
        move = abs(value - x_j)
        take = credible and (
            kind[j] == 0 or move < best1[j] or (move == best1[j] and value < best2[j])
        )
        kind[j] = 1 if take else kind[j]
        best1[j] = move if take else best1[j]
        best2[j] = value if take else best2[j]
        bestv[j] = value if take else bestv[j]


@njit
def printed_plain(
    slots: int, groups: int, span: float, q: float, ws: Any, iws: Any, x: Any, choice: Any
) -> None:
    """Each active actor's position after accepting its least-moving credible offer, into
    ``choice`` (the others keep ``x``). ``q`` (``Q``) is 1, so ``T`` drops out of eq. 25."""
    u, gself, cw, cwx, sal, usq, risk = (
        ws[U],
        ws[GSELF],
        ws[CW],
        ws[CWX],
        ws[SAL],
        ws[USQ],
        ws[RISK],
    )
    xs, gs, wb, wxb, pgh, phg = ws[XS], ws[GS], ws[WB], ws[WXB], ws[PGH_J], ws[PHG_J]
    dist, ls, lf = ws[D], ws[LS], ws[LF]
    a_lo, b_lo, a_hi, b_hi = ws[A_LO], ws[B_LO], ws[A_HI], ws[B_HI]
    move_lo, value_lo = ws[MOVE_LO], ws[VALUE_LO]
    best1, best2, bestv = ws[BEST1], ws[BEST2], ws[BESTV]
    start, actor, kind = iws[START], iws[ACTOR], iws[KIND]
    whole = cw[slots]
    for k in range(slots):
        kind[k] = 0
    for g in range(groups):
        for k in range(start[g], start[g + 1]):
            xs[k] = u[g]
            gs[k] = gself[g]
    xs[slots] = math.inf
    for g in range(groups - 1):
        g0, g1 = start[g], start[g + 1]
        ug = u[g]
        top = slice(g1, slots)  # loops from 0 over slices of the rows vectorise
        midpoint_counts(ug, g1, slots, xs, cw, cwx, wb, wxb)
        pair_votes(ug, gself[g], whole, xs[top], gs[top], wb[top], wxb[top], pgh[top], phg[top])
        bases(ug, span, xs[top], dist[top], ls[top], lf[top])
        for i in range(g0, g1):
            expected_both(
                risk[i],
                sal[i],
                usq[i],
                q,
                dist[top],
                ls[top],
                lf[top],
                risk[top],
                sal[top],
                usq[top],
                pgh[top],
                phg[top],
                a_lo[top],
                b_lo[top],
                a_hi[top],
                b_hi[top],
            )
            offers_both(
                ug,
                xs[top],
                a_lo[top],
                b_lo[top],
                a_hi[top],
                b_hi[top],
                move_lo[top],
                value_lo[top],
                kind[top],
                best1[top],
                best2[top],
                bestv[top],
            )
            for j in range(g1, slots):  # the offers i receives: a new best is rare
                move = move_lo[j]
                if move == math.inf:
                    continue
                value = value_lo[j]
                if kind[i] == 0 or move < best1[i] or (move == best1[i] and value < best2[i]):
                    kind[i] = 1
                    best1[i] = move
                    best2[i] = value
                    bestv[i] = value
    for a in range(x.shape[0]):
        choice[a] = x[a]
    for k in range(slots):
        if kind[k] != 0:
            choice[actor[k]] = bestv[k]
