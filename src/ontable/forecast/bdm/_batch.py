"""Pairs of actors settled in batches, for the compiled pass with risk exponents over a row
of many actors when ``Q`` is 1 (:mod:`._sweep`). Scholz, Calbert & Smith (2011), eqs. 15–25
and step 5.

Where positions are all distinct, each pair of groups is a pair of two actors, and the four
powers of its utilities of success and failure (each actor's exponent on the bases
``½ ∓ ½d``) are most of the work. The pass queues such pairs with the votes for either side
and works the probabilities and powers out for a whole batch in loops without branches or
calls (:mod:`._elementary`), which compile to vector instructions; pairs nearer than
:data:`._pair.NEAR` then take ``pow`` as before. The pairs in which an offer may count are
listed without a branch, and each side weighs the other's offer with selects rather than
jumps (:func:`._offers.weigh_published`), so that offers taken or not cost the same.

The actors of a pair of groups not both lone (after a round, compromises put several actors
at one position) are queued as *views*, one per actor of either group: the actor as a
target, with its own exponent, and the other group's actors as its offerers. Their powers
go through the same vector loop, one pair of powers per actor, and each target then weighs
its offerers' offers, an offerer alone without a branch, a group of them with the target's
best offer kept in registers.
"""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

from typing import Any

from ontable.forecast.bdm._elementary import exp_neg, log01
from ontable.forecast.bdm._groups import (
    ACTOR,
    B_D,
    B_HI,
    B_LO,
    B_MARK,
    B_PHI,
    B_PLO,
    B_R_HI,
    B_R_LO,
    B_S_HI,
    B_S_LO,
    B_UF_HI,
    B_UF_LO,
    B_US_HI,
    B_US_LO,
    B_USQ_HI,
    B_USQ_LO,
    BEST1,
    BESTJ,
    BESTV,
    GROUP,
    KIND,
    RISK,
    SAL,
    USQ,
    V_A,
    V_B,
    V_D,
    V_MORE,
    V_O0,
    V_O1,
    V_ONE,
    V_PO,
    V_PT,
    V_R,
    V_S,
    V_SLOT,
    V_UF,
    V_US,
    V_USQ,
    U,
)
from ontable.forecast.bdm._offers import GROUP_ROWS, offer, weigh_published
from ontable.forecast.bdm._pair import NEAR, combine, njit


@njit
def powers(count: int, span: float, ws: Any, iws: Any) -> None:
    """Utilities of success and failure from both views of the first ``count`` queued pairs."""
    lo_slot, hi_slot, u, risk, group = iws[B_LO], iws[B_HI], ws[U], ws[RISK], iws[GROUP]
    dist, r_lo, r_hi = ws[B_D], ws[B_R_LO], ws[B_R_HI]
    us_lo, uf_lo, us_hi, uf_hi = ws[B_US_LO], ws[B_UF_LO], ws[B_US_HI], ws[B_UF_HI]
    for p in range(count):  # the pairs' distances and exponents, side by side
        i, j = lo_slot[p], hi_slot[p]
        dist[p] = abs(u[group[i]] - u[group[j]]) / span
        r_lo[p] = risk[i]
        r_hi[p] = risk[j]
        ws[B_S_LO, p], ws[B_S_HI, p] = ws[SAL, i], ws[SAL, j]
        ws[B_USQ_LO, p], ws[B_USQ_HI, p] = ws[USQ, i], ws[USQ, j]
    for p in range(count):  # no branch, no call: vector instructions
        d, ri, rj = dist[p], r_lo[p], r_hi[p]
        c_s = min(max(0.5 - 0.5 * d, 0.0), 1.0)
        c_f = min(max(0.5 + 0.5 * d, 0.0), 1.0)
        l_s, l_f = log01(c_s), log01(c_f)
        e_si, e_fi = exp_neg(ri * l_s), exp_neg(ri * l_f)
        e_sj, e_fj = exp_neg(rj * l_s), exp_neg(rj * l_f)
        us_lo[p] = 2.0 - 4.0 * (c_s if ri == 1.0 else e_si)
        uf_lo[p] = 2.0 - 4.0 * (c_f if ri == 1.0 else e_fi)
        us_hi[p] = 2.0 - 4.0 * (c_s if rj == 1.0 else e_sj)
        uf_hi[p] = 2.0 - 4.0 * (c_f if rj == 1.0 else e_fj)
    for p in range(count):  # near pairs: the last bits matter (see _pair.NEAR)
        d = dist[p]
        if d < NEAR:
            c_s = min(max(0.5 - 0.5 * d, 0.0), 1.0)
            c_f = min(max(0.5 + 0.5 * d, 0.0), 1.0)
            ri, rj = r_lo[p], r_hi[p]
            us_lo[p] = 2.0 - 4.0 * (c_s if ri == 1.0 else c_s**ri)
            uf_lo[p] = 2.0 - 4.0 * (c_f if ri == 1.0 else c_f**ri)
            us_hi[p] = 2.0 - 4.0 * (c_s if rj == 1.0 else c_s**rj)
            uf_hi[p] = 2.0 - 4.0 * (c_f if rj == 1.0 else c_f**rj)


@njit
def expected(count: int, q: float, t: float, ws: Any) -> None:
    """Eq. 25 for both views of the first ``count`` queued pairs, in place of their
    utilities: ``a`` (the viewer's EU of challenging) over the utility of success and ``b``
    (the other's EU of challenging the viewer, as the viewer sees it) over that of failure."""
    pij, pji, s_lo, s_hi = ws[B_PLO], ws[B_PHI], ws[B_S_LO], ws[B_S_HI]
    usq_lo, usq_hi = ws[B_USQ_LO], ws[B_USQ_HI]
    us_lo, uf_lo, us_hi, uf_hi = ws[B_US_LO], ws[B_UF_LO], ws[B_US_HI], ws[B_UF_HI]
    for p in range(count):  # no branch: vector instructions
        us, uf, usq = us_lo[p], uf_lo[p], usq_lo[p]
        a_lo = combine(us, uf, usq, 0.0, 0.0, s_hi[p], pij[p], q, t)
        b_lo = combine(us, uf, usq, 0.0, 0.0, s_lo[p], pji[p], q, t)
        us, uf, usq = us_hi[p], uf_hi[p], usq_hi[p]
        a_hi = combine(us, uf, usq, 0.0, 0.0, s_lo[p], pji[p], q, t)
        b_hi = combine(us, uf, usq, 0.0, 0.0, s_hi[p], pij[p], q, t)
        us_lo[p], uf_lo[p], us_hi[p], uf_hi[p] = a_lo, b_lo, a_hi, b_hi


@njit
def credible(count: int, published: bool, ws: Any, iws: Any) -> int:
    """Mark, without a branch, the queued pairs in which either side may receive an offer
    (:func:`._offers.offer` does nothing for the others): their indices, in order, into
    ``iws[B_MARK]``; return how many."""
    a_lo, b_lo, a_hi, b_hi = ws[B_US_LO], ws[B_UF_LO], ws[B_US_HI], ws[B_UF_HI]
    marks = iws[B_MARK]
    found = 0
    for p in range(count):
        a, b = a_lo[p], b_lo[p]
        if published:
            lo = ((b > a) & (a > 0)) | ((b > 0) & (a < 0) & (b > -a))
        else:
            lo = (b > 0) & ((b > a) & (a > 0) | (a < 0))
        a, b = a_hi[p], b_hi[p]
        if published:
            hi = ((b > a) & (a > 0)) | ((b > 0) & (a < 0) & (b > -a))
        else:
            hi = (b > 0) & ((b > a) & (a > 0) | (a < 0))
        marks[found] = p
        found += lo | hi
    return found


@njit
def flush(
    count: int,
    span: float,
    denominator: float,
    q: float,
    t: float,
    published: bool,
    ws: Any,
    iws: Any,
) -> None:
    """Settle the first ``count`` queued pairs (``q`` is 1: no unchallenged change), each
    queued with the votes for either side, which the published program's shared
    ``denominator`` turns into probabilities here."""
    pij, pji = ws[B_PLO], ws[B_PHI]
    for p in range(count):  # vector instructions
        pij[p] = max(pij[p], 0.0) / denominator if denominator > 0 else 0.0
        pji[p] = max(pji[p], 0.0) / denominator if denominator > 0 else 0.0
    powers(count, span, ws, iws)
    expected(count, q, t, ws)
    found = credible(count, published, ws, iws)
    if published:  # each side weighs the other's offer without a branch
        lo_slot, hi_slot, marks, group, actor, u = (
            iws[B_LO],
            iws[B_HI],
            iws[B_MARK],
            iws[GROUP],
            iws[ACTOR],
            ws[U],
        )
        a_lo, b_lo, a_hi, b_hi = ws[B_US_LO], ws[B_UF_LO], ws[B_US_HI], ws[B_UF_HI]
        kind, best, partner, value = iws[KIND], ws[BEST1], iws[BESTJ], ws[BESTV]
        for m in range(found):
            p = marks[m]
            i, j = lo_slot[p], hi_slot[p]
            xi, xj = u[group[i]], u[group[j]]
            state = (kind[i], best[i], partner[i], value[i])
            state = weigh_published(state, actor[j], xi, xj, a_lo[p], b_lo[p])
            kind[i], best[i], partner[i], value[i] = state
            state = (kind[j], best[j], partner[j], value[j])
            state = weigh_published(state, actor[i], xj, xi, a_hi[p], b_hi[p])
            kind[j], best[j], partner[j], value[j] = state
        return
    for m in range(found):
        p = iws[B_MARK, m]
        i, j = iws[B_LO, p], iws[B_HI, p]
        b = ws[B_UF_LO, p]
        if b > 0:
            xi, xj = ws[U, iws[GROUP, i]], ws[U, iws[GROUP, j]]
            offer(i, iws[ACTOR, j], xi, xj, ws[B_US_LO, p], b, published, ws, iws, GROUP_ROWS)
        b = ws[B_UF_HI, p]
        if b > 0:
            xi, xj = ws[U, iws[GROUP, i]], ws[U, iws[GROUP, j]]
            offer(j, iws[ACTOR, i], xj, xi, ws[B_US_HI, p], b, published, ws, iws, GROUP_ROWS)


@njit
def flush_views(count: int, q: float, t: float, published: bool, ws: Any, iws: Any) -> None:
    """Settle the first ``count`` queued views (``q`` is 1): each target's utilities of
    success and failure at its pair's distance, with its own exponent, worked out for the
    whole batch in one vector loop as :func:`powers` does; then the EU of each offerer of
    challenging it as it sees them (``b``, no offer is credible unless ``b > 0``) and each
    offer it weighs. The same numbers as :func:`._sweep` gets from its views of a pair."""
    slot, risk, sal, usq = iws[V_SLOT], ws[RISK], ws[SAL], ws[USQ]
    dist, pt, po, r_t, s_t, usq_t = ws[V_D], ws[V_PT], ws[V_PO], ws[V_R], ws[V_S], ws[V_USQ]
    us_t, uf_t = ws[V_US], ws[V_UF]
    for p in range(count):  # the targets' exponents, saliences and views of the status quo
        i = slot[p]
        r_t[p] = risk[i]
        s_t[p] = sal[i]
        usq_t[p] = usq[i]
    for p in range(count):  # no branch, no call: vector instructions
        d, r = dist[p], r_t[p]
        c_s = min(max(0.5 - 0.5 * d, 0.0), 1.0)
        c_f = min(max(0.5 + 0.5 * d, 0.0), 1.0)
        e_s, e_f = exp_neg(r * log01(c_s)), exp_neg(r * log01(c_f))
        us_t[p] = 2.0 - 4.0 * (c_s if r == 1.0 else e_s)
        uf_t[p] = 2.0 - 4.0 * (c_f if r == 1.0 else e_f)
    for p in range(count):  # near pairs: the last bits matter (see _pair.NEAR)
        d = dist[p]
        if d < NEAR:
            c_s = min(max(0.5 - 0.5 * d, 0.0), 1.0)
            c_f = min(max(0.5 + 0.5 * d, 0.0), 1.0)
            r = r_t[p]
            us_t[p] = 2.0 - 4.0 * (c_s if r == 1.0 else c_s**r)
            uf_t[p] = 2.0 - 4.0 * (c_f if r == 1.0 else c_f**r)
    a_t, b_t, o0s, o1s = ws[V_A], ws[V_B], iws[V_O0], iws[V_O1]
    for p in range(count):  # vector instructions
        us, uf = us_t[p], uf_t[p]
        b_t[p] = combine(us, uf, usq_t[p], 0.0, 0.0, s_t[p], pt[p], q, t)
        a_t[p] = combine(us, uf, usq_t[p], 0.0, 0.0, sal[o0s[p]], po[p], q, t)  # one offerer
    group, actor, u = iws[GROUP], iws[ACTOR], ws[U]
    kind, best, partner, value = iws[KIND], ws[BEST1], iws[BESTJ], ws[BESTV]
    if not published:
        for p in range(count):
            b = b_t[p]
            if b > 0:
                i, o0, o1 = slot[p], o0s[p], o1s[p]
                us, uf, usq_i, po_p = us_t[p], uf_t[p], usq[i], po[p]
                xi, xj = u[group[i]], u[group[o0]]
                for j in range(o0, o1):
                    a = combine(us, uf, usq_i, 0.0, 0.0, sal[j], po_p, q, t)
                    offer(i, actor[j], xi, xj, a, b, published, ws, iws, GROUP_ROWS)
        return
    # Views of one offerer whose offer may count, and views of more offerers with b > 0,
    # listed without a branch; then each list weighed in a loop of its own.
    one, more = iws[V_ONE], iws[V_MORE]
    ones = mores = 0
    for p in range(count):
        a, b = a_t[p], b_t[p]
        alone = o1s[p] - o0s[p] == 1
        one[ones] = p
        ones += alone & (((b > a) & (a > 0)) | ((b > 0) & (a < 0) & (b > -a)))
        more[mores] = p
        mores += (not alone) & (b > 0)
    for m in range(ones):
        p = one[m]
        i, o0 = slot[p], o0s[p]
        state = (kind[i], best[i], partner[i], value[i])
        state = weigh_published(state, actor[o0], u[group[i]], u[group[o0]], a_t[p], b_t[p])
        kind[i], best[i], partner[i], value[i] = state
    for m in range(mores):  # the target's best offer kept in registers over the group
        p = more[m]
        i, o0, o1 = slot[p], o0s[p], o1s[p]
        us, uf, usq_i, po_p, b = us_t[p], uf_t[p], usq[i], po[p], b_t[p]
        xi, xj = u[group[i]], u[group[o0]]
        state = (kind[i], best[i], partner[i], value[i])
        for j in range(o0, o1):
            a = combine(us, uf, usq_i, 0.0, 0.0, sal[j], po_p, q, t)
            state = weigh_published(state, actor[j], xi, xj, a, b)
        kind[i], best[i], partner[i], value[i] = state
