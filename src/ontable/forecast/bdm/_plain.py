"""The risk-neutral pass over every pair of groups in plain order, for the compiled round of
many actors (:mod:`._sweep`) when ``Q`` is 1. Scholz, Calbert & Smith (2011), eqs. 25, 30
and 32; see :mod:`.kernels` for the method.

With every exponent 1 the published program's votes are the printed equations' votes over the
range ``R``: voter ``k`` gives ``w_k (|x_k − x_j| − |x_k − x_i|)/R`` to the lower ``i`` of a
pair, and those left of the midpoint ``m`` give it ``2(G(m) − G(x_i))/R`` in all, with the
weighted hinge ``G(t) = Σ_k w_k max(t − x_k, 0)`` read from prefix sums. Neither variant then
needs running vote sums: the pairs are visited in plain order, each lower group ``g`` meeting
the higher groups in one loop over them that compiles to vector instructions. With ``Q = 1``
every actor's view of the status quo and of an unchallenged change drops out (``U^sq`` is 0
for ``r = 1``), so the utilities of success and failure are the same from either side.
"""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

import math
from typing import Any

from ontable.forecast.bdm._groups import (
    ACTOR,
    CW,
    CWX,
    GROUP,
    GSELF,
    SAL,
    START,
    USQ,
    U,
)
from ontable.forecast.bdm._pair import clip01, inline, njit

XS, GS, WB, WXB, US_J, UF_J, PGH_J, PHG_J, BACK, EXPOSED = range(23, 33)
"""Float rows of the workspace (those of :mod:`._batch`, unused by this pass): per slot, its
position, the hinge at it, and per pair of the lower group and a slot above it, the prefix
sums below the midpoint, the utilities, the two probabilities and EU, and each slot's
exposure so far."""


@inline
def eu1(us: float, uf: float, usq: float, s_t: float, p: float, q: float) -> float:
    """Eq. 25 with ``Q`` = 1 (:func:`._pair.combine` without its last term)."""
    eu = s_t * (uf + p * (us - uf)) + (1.0 - s_t) * us
    return eu - q * usq


@njit
def lanes(v: Any, lo: int, hi: int) -> float:
    """``Σ v[lo:hi]`` in four interleaved partial sums (a fixed order, four times the
    throughput of one running sum)."""
    t0 = t1 = t2 = t3 = 0.0
    k = lo
    while k + 4 <= hi:
        t0 += v[k]
        t1 += v[k + 1]
        t2 += v[k + 2]
        t3 += v[k + 3]
        k += 4
    while k < hi:
        t0 += v[k]
        k += 1
    return (t0 + t1) + (t2 + t3)


@njit
def midpoint_counts(
    ug: float, lo: int, hi: int, xs: Any, cw: Any, cwx: Any, wb: Any, wxb: Any
) -> None:
    """For the pairs of the position ``ug`` with the slots ``lo``–``hi`` above it: the prefix
    sums of weight and weighted position over the slots below each pair's midpoint (a
    pointer that only moves up; ``xs[slots]`` is ``inf``)."""
    above = lo
    for j in range(lo, hi):
        mid = (ug + xs[j]) / 2.0
        while xs[above] < mid:
            above += 1
        wb[j] = cw[above]
        wxb[j] = cwx[above]


@njit
def shared_votes(
    ug: float,
    g_g: float,
    whole: float,
    span: float,
    scale: float,
    xs: Any,
    gs: Any,
    wb: Any,
    wxb: Any,
    pgh: Any,
    phg: Any,
) -> None:
    """The published program's probabilities with every exponent 1 (eq. 30 over the
    shared denominator ``scale``) of the actor at ``ug`` (hinge ``g_g``) and each above it."""
    for j in range(xs.shape[0]):
        xj = xs[j]
        mid = (ug + xj) / 2.0
        g_mid = mid * wb[j] - wxb[j]
        # The votes for the lower and for the higher actor.
        sgh = 2.0 * (g_mid - g_g)
        shg = 2.0 * (g_mid - gs[j]) - 2.0 * (mid - xj) * whole
        pgh[j] = max(sgh / span, 0.0) / scale
        phg[j] = max(shg / span, 0.0) / scale


@njit
def pair_votes(
    ug: float, g_g: float, whole: float, xs: Any, gs: Any, wb: Any, wxb: Any, pgh: Any, phg: Any
) -> None:
    """The printed equations' probabilities (eq. 30, each pair its own denominator)."""
    for j in range(xs.shape[0]):
        xj = xs[j]
        mid = (ug + xj) / 2.0
        g_mid = mid * wb[j] - wxb[j]
        sgh = max(2.0 * (g_mid - g_g), 0.0)
        shg = max(2.0 * (g_mid - gs[j]) - 2.0 * (mid - xj) * whole, 0.0)
        both = sgh + shg
        pgh[j] = sgh / both if both > 0 else 0.5
        phg[j] = shg / both if both > 0 else 0.5


@njit
def forward(
    ug: float,
    span: float,
    m_g: float,
    usq_g: float,
    q: float,
    xs: Any,
    sal: Any,
    pgh: Any,
    us_j: Any,
    uf_j: Any,
    exposed: Any,
) -> None:
    """Risk-neutral utilities of success and failure of each pair (eqs. 15–24), and the EU
    of the ``m_g`` actors at ``ug`` of challenging each actor above, added to its exposure."""
    for j in range(xs.shape[0]):
        d = abs(ug - xs[j]) / span
        us = 2.0 - 4.0 * clip01(0.5 - 0.5 * d)
        uf = 2.0 - 4.0 * clip01(0.5 + 0.5 * d)
        exposed[j] += m_g * eu1(us, uf, usq_g, sal[j], pgh[j], q)
        us_j[j] = us
        uf_j[j] = uf


@njit
def backward(s_i: float, q: float, us_j: Any, uf_j: Any, usq: Any, phg: Any, back: Any) -> None:
    """The EU of each actor above of challenging one at the lower position (salience ``s_i``)."""
    for j in range(back.shape[0]):
        back[j] = eu1(us_j[j], uf_j[j], usq[j], s_i, phg[j], q)


@njit
def neutral_plain(
    slots: int,
    groups: int,
    span: float,
    published: bool,
    denominator: float,
    q: float,
    t: float,
    ws: Any,
    iws: Any,
    exposure: Any,
) -> None:
    """Add each active actor's exposure (the others' risk-neutral EU of challenging it) to
    ``exposure``; ``denominator`` is the published program's shared one (unused for the
    printed equations)."""
    u, gself, cw, cwx, sal, usq = ws[U], ws[GSELF], ws[CW], ws[CWX], ws[SAL], ws[USQ]
    xs, gs, wb, wxb = ws[XS], ws[GS], ws[WB], ws[WXB]
    us_j, uf_j, pgh_j, phg_j = ws[US_J], ws[UF_J], ws[PGH_J], ws[PHG_J]
    back, exposed = ws[BACK], ws[EXPOSED]
    start, group, actor = iws[START], iws[GROUP], iws[ACTOR]
    whole = cw[slots]
    # With no votes at all (a zero denominator) the published probabilities are 0.
    scale = denominator if denominator > 0 else math.inf
    for k in range(slots):
        xs[k] = u[group[k]]
        gs[k] = gself[group[k]]
        exposed[k] = 0.0
    xs[slots] = math.inf
    for g in range(groups - 1):
        g0, g1 = start[g], start[g + 1]
        ug, g_g, usq_g, m_g = u[g], gself[g], usq[g0], float(g1 - g0)
        midpoint_counts(ug, g1, slots, xs, cw, cwx, wb, wxb)
        top = slice(g1, slots)  # loops from 0 over slices of the rows vectorise
        if published:
            shared_votes(
                ug,
                g_g,
                whole,
                span,
                scale,
                xs[top],
                gs[top],
                wb[top],
                wxb[top],
                pgh_j[top],
                phg_j[top],
            )
        else:
            pair_votes(ug, g_g, whole, xs[top], gs[top], wb[top], wxb[top], pgh_j[top], phg_j[top])
        forward(
            ug,
            span,
            m_g,
            usq_g,
            q,
            xs[top],
            sal[top],
            pgh_j[top],
            us_j[top],
            uf_j[top],
            exposed[top],
        )
        for i in range(g0, g1):  # the EU of each actor above g of challenging i
            backward(sal[i], q, us_j[top], uf_j[top], usq[top], phg_j[top], back[top])
            exposed[i] += lanes(back, g1, slots)
    for k in range(slots):
        exposure[actor[k]] += exposed[k]
