"""The risk-neutral pass over every pair of groups in plain order, for the compiled round of
many actors (:mod:`._sweep`) when ``Q`` is 1. Scholz, Calbert & Smith (2011), eqs. 25, 30
and 32; see :mod:`.kernels` for the method.

With every exponent 1 the published program's votes are the printed equations' votes over the
range ``R``: voter ``k`` gives ``w_k (|x_k − x_j| − |x_k − x_i|)/R`` to the lower ``i`` of a
pair, and those left of the midpoint ``m`` give it ``2(G(m) − G(x_i))/R`` in all, with the
weighted hinge ``G(t) = Σ_k w_k max(t − x_k, 0)`` read from prefix sums. Neither variant then
needs running vote sums: the pairs are visited in plain order, each lower group ``g`` meeting
the higher groups in one loop over them that compiles to vector instructions; the published
program's shared denominator is summed over the same pairs (see :func:`neutral_plain`), so
the voters' sorted votes are not needed either. With ``Q = 1``
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

XS, GS, WB, WXB, US_J, UF_J, PGH_J, PHG_J, BACK, EXPOSED, BACK_P, EXPOSED_P = range(23, 35)
"""Float rows of the workspace (those of :mod:`._batch`, unused by this pass): per slot, its
position, the hinge at it, and per pair of the lower group and a slot above it, the prefix
sums below the midpoint, the utilities, the two probabilities (or votes) and EU, and each
slot's exposure so far; for the published program, the EU and exposures in two parts (see
:func:`neutral_plain`)."""


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
def published_votes(
    ug: float,
    g_g: float,
    whole: float,
    span: float,
    xs: Any,
    gs: Any,
    wb: Any,
    wxb: Any,
    vgh: Any,
    vhg: Any,
) -> None:
    """The published program's votes with every exponent 1 (eq. 30 before the shared
    denominator) for the actor at ``ug`` (hinge ``g_g``) and each above it."""
    for j in range(xs.shape[0]):
        xj = xs[j]
        mid = (ug + xj) / 2.0
        g_mid = mid * wb[j] - wxb[j]
        sgh = 2.0 * (g_mid - g_g)
        shg = 2.0 * (g_mid - gs[j]) - 2.0 * (mid - xj) * whole
        vgh[j] = max(sgh / span, 0.0)
        vhg[j] = max(shg / span, 0.0)


@njit
def forward_parts(
    ug: float,
    span: float,
    m_g: float,
    usq_g: float,
    q: float,
    xs: Any,
    sal: Any,
    vgh: Any,
    us_j: Any,
    uf_j: Any,
    exposed: Any,
    exposed_p: Any,
) -> None:
    """:func:`forward` with the EU in two parts, ``eu1`` at ``p = 0`` and the factor of
    ``p``, the latter times the votes ``vgh`` (``p`` before the shared denominator)."""
    for j in range(xs.shape[0]):
        d = abs(ug - xs[j]) / span
        us = 2.0 - 4.0 * clip01(0.5 - 0.5 * d)
        uf = 2.0 - 4.0 * clip01(0.5 + 0.5 * d)
        s_t = sal[j]
        exposed[j] += m_g * (s_t * uf + (1.0 - s_t) * us - q * usq_g)
        exposed_p[j] += m_g * (s_t * (us - uf) * vgh[j])
        us_j[j] = us
        uf_j[j] = uf


@njit
def backward_parts(
    s_i: float, q: float, us_j: Any, uf_j: Any, usq: Any, vhg: Any, back: Any, back_p: Any
) -> None:
    """:func:`backward` in the two parts of :func:`forward_parts`."""
    for j in range(back.shape[0]):
        us, uf = us_j[j], uf_j[j]
        back[j] = s_i * uf + (1.0 - s_i) * us - q * usq[j]
        back_p[j] = s_i * (us - uf) * vhg[j]


@njit
def neutral_plain(
    slots: int,
    groups: int,
    span: float,
    published: bool,
    q: float,
    t: float,
    ws: Any,
    iws: Any,
    exposure: Any,
) -> None:
    """Add each active actor's exposure (the others' risk-neutral EU of challenging it) to
    ``exposure``.

    For the published program, ``p`` is a pair's votes over the shared denominator, which
    is known only once every pair has been seen; as the EU is linear in ``p``,
    ``eu1(p) = eu1(0) + p·s(U^s − U^f)``, each exposure is kept in two parts, the sum of
    ``eu1(0)`` and that of the votes times their factors, divided by the denominator at the
    end. With every exponent 1 the denominator ``Σ_k Σ_{a,b} |M_ka − M_kb|`` is twice the
    sum over the pairs of actors of the votes for either side (voters below a pair's
    midpoint are nearer the lower actor), so this pass sums it too."""
    u, gself, cw, cwx, sal, usq = ws[U], ws[GSELF], ws[CW], ws[CWX], ws[SAL], ws[USQ]
    xs, gs, wb, wxb = ws[XS], ws[GS], ws[WB], ws[WXB]
    us_j, uf_j, pgh_j, phg_j = ws[US_J], ws[UF_J], ws[PGH_J], ws[PHG_J]
    back, exposed, back_p, exposed_p = ws[BACK], ws[EXPOSED], ws[BACK_P], ws[EXPOSED_P]
    start, group, actor = iws[START], iws[GROUP], iws[ACTOR]
    whole = cw[slots]
    votes = 0.0
    for k in range(slots):
        xs[k] = u[group[k]]
        gs[k] = gself[group[k]]
        exposed[k] = 0.0
        exposed_p[k] = 0.0
    xs[slots] = math.inf
    for g in range(groups - 1):
        g0, g1 = start[g], start[g + 1]
        ug, g_g, usq_g, m_g = u[g], gself[g], usq[g0], float(g1 - g0)
        midpoint_counts(ug, g1, slots, xs, cw, cwx, wb, wxb)
        top = slice(g1, slots)  # loops from 0 over slices of the rows vectorise
        if published:
            published_votes(
                ug, g_g, whole, span, xs[top], gs[top], wb[top], wxb[top], pgh_j[top], phg_j[top]
            )
            # The pairs' share of the denominator: Σ_k |M_ka − M_kb|, either way.
            votes += m_g * (lanes(pgh_j, g1, slots) + lanes(phg_j, g1, slots))
            forward_parts(
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
                exposed_p[top],
            )
            for i in range(g0, g1):  # the EU of each actor above g of challenging i
                backward_parts(
                    sal[i], q, us_j[top], uf_j[top], usq[top], phg_j[top], back[top], back_p[top]
                )
                exposed[i] += lanes(back, g1, slots)
                exposed_p[i] += lanes(back_p, g1, slots)
            continue
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
    # With no votes at all (a zero denominator) the published probabilities are 0.
    denominator = 2.0 * votes
    for k in range(slots):
        if published:
            share = exposed_p[k] / denominator if denominator > 0 else 0.0
            exposure[actor[k]] += exposed[k] + share
        else:
            exposure[actor[k]] += exposed[k]
