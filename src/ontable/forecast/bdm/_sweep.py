"""The compiled pass over every pair of a row of many actors (:mod:`.kernels`): pairs of
groups of actors at one position (:mod:`._groups`), visited block by block of the voters
below their midpoint for the published program's running vote sums (a table per block), in
plain order for the printed equations; pairs of two lone actors are queued for
:mod:`._batch`. Scholz, Calbert &
Smith (2011), eqs. 15–30 and step 5; see :mod:`.kernels` for the method."""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

from typing import Any

from ontable.forecast.bdm._batch import flush, flush_views
from ontable.forecast.bdm._groups import (
    ACTOR,
    B_HI,
    B_LO,
    B_PHI,
    B_PLO,
    BESTJ,
    BESTV,
    BLOCK,
    CW,
    CWX,
    DMU,
    GSELF,
    KIND,
    NBG,
    NEXT,
    RISK,
    SAL,
    START,
    TABLE,
    TOTAL,
    UB_OWN,
    UB_SEEN,
    UF,
    US,
    USQ,
    UW_OWN,
    UW_SEEN,
    V_D,
    V_O0,
    V_O1,
    V_PO,
    V_PT,
    V_SLOT,
    U,
    block_sums_for,
    group_actors,
    totals_for,
)
from ontable.forecast.bdm._offers import GROUP_ROWS, offer
from ontable.forecast.bdm._pair import clip01, combine, inline, log0, njit, power
from ontable.forecast.bdm._plain import neutral_plain
from ontable.forecast.bdm._printed import printed_plain


@inline
def weigh_offers(
    targets: tuple[int, int, float, float],
    offerers: tuple[int, int, float, float],
    q: float,
    t: float,
    published: bool,
    ws: Any,
    iws: Any,
) -> None:
    """Each target weighs the offers of the actors of the other group. ``targets`` and
    ``offerers`` are ``(lo, hi, x, p)``: a group's slots, position and its entry of the pair's
    probabilities (``phg`` for the group at ``g``, ``pgh`` for the one at ``h``), the targets'
    used in ``b``, the offerers' in ``a``. ``b``, an offerer's EU of challenging the target as
    the target sees it, is the same for every offerer of the group; no offer is credible unless
    ``b > 0``."""
    t0, t1, xt, pt = targets
    o0, o1, xo, po = offerers
    for i in range(t0, t1):
        us, uf, usq = ws[US, i], ws[UF, i], ws[USQ, i]
        b = combine(us, uf, usq, ws[UB_SEEN, i], ws[UW_SEEN, i], ws[SAL, i], pt, q, t)
        if b > 0:
            ub, uw = ws[UB_OWN, i], ws[UW_OWN, i]
            for j in range(o0, o1):
                a = combine(us, uf, usq, ub, uw, ws[SAL, j], po, q, t)
                offer(i, iws[ACTOR, j], xt, xo, a, b, published, ws, iws, GROUP_ROWS)


def views_for(neutral: bool) -> Any:
    """The compiled ``views`` for risk-neutral utilities (``neutral``) or with exponents."""

    @inline
    def utilities(
        lo: int,
        hi: int,
        d: float,
        c1: float,
        l1: float,
        c2: float,
        l2: float,
        row1: int,
        row2: int,
        ws: Any,
    ) -> None:
        """``2 − 4 c^r`` for two bases ``c1``, ``c2`` (logarithms ``l1``, ``l2``) into rows
        ``row1``, ``row2`` for the actors in slots ``lo``–``hi``, each with its exponent."""
        for k in range(lo, hi):
            if neutral:
                ws[row1, k] = 2.0 - 4.0 * c1
                ws[row2, k] = 2.0 - 4.0 * c2
            else:
                rk = ws[RISK, k]
                ws[row1, k] = 2.0 - 4.0 * power(c1, l1, rk, d)
                ws[row2, k] = 2.0 - 4.0 * power(c2, l2, rk, d)

    @inline
    def views(
        g0: int, g1: int, h0: int, h1: int, d: float, e_g: float, e_h: float, q: float, ws: Any
    ) -> None:
        """Utilities of success and failure (eqs. 15–24) from the view of every actor of
        two groups (slots ``g0``–``g1`` and ``h0``–``h1``, each actor with its own exponent)
        at distance ``d``; for ``q < 1`` also of an unchallenged change for the better and
        the worse, with the base of the actor's own group (``e_g``, ``e_h``: ¼ of the
        group's distance to the median plus ``d``) and of the other's. Each base's
        logarithm is taken once for both groups."""
        c_s = clip01(0.5 - 0.5 * d)
        c_f = clip01(0.5 + 0.5 * d)
        l_s = l_f = 0.0
        if not neutral:
            l_s, l_f = log0(c_s), log0(c_f)
        utilities(g0, g1, d, c_s, l_s, c_f, l_f, US, UF, ws)
        utilities(h0, h1, d, c_s, l_s, c_f, l_f, US, UF, ws)
        if q >= 1.0:
            return
        cb_g, cw_g = clip01(0.5 - e_g), clip01(0.5 + e_g)
        cb_h, cw_h = clip01(0.5 - e_h), clip01(0.5 + e_h)
        lb_g = lw_g = lb_h = lw_h = 0.0
        if not neutral:
            lb_g, lw_g, lb_h, lw_h = log0(cb_g), log0(cw_g), log0(cb_h), log0(cw_h)
        utilities(g0, g1, d, cb_g, lb_g, cw_g, lw_g, UB_OWN, UW_OWN, ws)
        utilities(g0, g1, d, cb_h, lb_h, cw_h, lw_h, UB_SEEN, UW_SEEN, ws)
        utilities(h0, h1, d, cb_h, lb_h, cw_h, lw_h, UB_OWN, UW_OWN, ws)
        utilities(h0, h1, d, cb_g, lb_g, cw_g, lw_g, UB_SEEN, UW_SEEN, ws)

    return views


def sweep_for(neutral: bool, stamp: str) -> Any:
    """The pass for risk-neutral utilities (``neutral``) or with risk exponents, compiled
    apart: with ``neutral`` a compile-time constant, the neutral pass holds no call to
    ``exp`` or ``log``, which would keep the compiler from optimising its loops."""
    block_sums = block_sums_for(neutral)
    totals = totals_for(neutral)
    views = views_for(neutral)

    @inline
    def settle(
        g: int,
        h: int,
        pgh: float,
        phg: float,
        span: float,
        q: float,
        t: float,
        published: bool,
        ws: Any,
        iws: Any,
        exposure: Any,
        viewed: int,
    ) -> int:
        """Both views of every pair of an actor at group ``g`` and one at ``h`` (``g``
        lower), ``pgh`` the probability that the lower wins, ``phg`` the higher. With
        exponents and ``q`` 1 the actors join the ``viewed`` views of :mod:`._batch` instead
        (one per actor, with the other group's actors as its offerers); returns how many are
        viewed now. (Pairs of two lone actors are queued before, by the caller.)"""
        # Rows are indexed in place: a view of a row in this per-pair code would count
        # references on every call.
        g0, g1, h0, h1 = iws[START, g], iws[START, g + 1], iws[START, h], iws[START, h + 1]
        xg, xh = ws[U, g], ws[U, h]
        d = abs(xg - xh) / span
        e_g, e_h = 0.25 * (ws[DMU, g] + d), 0.25 * (ws[DMU, h] + d)
        if neutral and q >= 1.0:  # the same view for all, no unchallenged change
            us, uf = 2.0 - 4.0 * clip01(0.5 - 0.5 * d), 2.0 - 4.0 * clip01(0.5 + 0.5 * d)
            m_g, m_h, usq_g, usq_h = float(g1 - g0), float(h1 - h0), ws[USQ, g0], ws[USQ, h0]
            for j in range(h0, h1):  # others' EU of challenging j, from g
                own = combine(us, uf, usq_g, 0.0, 0.0, ws[SAL, j], pgh, q, t)
                exposure[iws[ACTOR, j]] += m_g * own
            for i in range(g0, g1):
                own = combine(us, uf, usq_h, 0.0, 0.0, ws[SAL, i], phg, q, t)
                exposure[iws[ACTOR, i]] += m_h * own
            return viewed
        if neutral:  # every actor of a group sees the same: one view per group
            views(g0, g0 + 1, h0, h0 + 1, d, e_g, e_h, q, ws)
            m_g, m_h = float(g1 - g0), float(h1 - h0)
            us, uf, usq, ub, uw = (
                ws[US, g0],
                ws[UF, g0],
                ws[USQ, g0],
                ws[UB_OWN, g0],
                ws[UW_OWN, g0],
            )
            for j in range(h0, h1):  # others' EU of challenging j, from g
                own = combine(us, uf, usq, ub, uw, ws[SAL, j], pgh, q, t)
                exposure[iws[ACTOR, j]] += m_g * own
            us, uf, usq, ub, uw = (
                ws[US, h0],
                ws[UF, h0],
                ws[USQ, h0],
                ws[UB_OWN, h0],
                ws[UW_OWN, h0],
            )
            for i in range(g0, g1):
                own = combine(us, uf, usq, ub, uw, ws[SAL, i], phg, q, t)
                exposure[iws[ACTOR, i]] += m_h * own
            return viewed
        if q >= 1.0:  # a view per actor of either group: viewed
            if viewed + (g1 - g0) + (h1 - h0) > ws.shape[1] - 1:
                flush_views(viewed, q, t, published, ws, iws)
                viewed = 0
            for i in range(g0, g1):
                iws[V_SLOT, viewed], iws[V_O0, viewed], iws[V_O1, viewed] = i, h0, h1
                ws[V_D, viewed], ws[V_PT, viewed], ws[V_PO, viewed] = d, phg, pgh
                viewed += 1
            for j in range(h0, h1):
                iws[V_SLOT, viewed], iws[V_O0, viewed], iws[V_O1, viewed] = j, g0, g1
                ws[V_D, viewed], ws[V_PT, viewed], ws[V_PO, viewed] = d, pgh, phg
                viewed += 1
            return viewed
        views(g0, g1, h0, h1, d, e_g, e_h, q, ws)
        weigh_offers((g0, g1, xg, phg), (h0, h1, xh, pgh), q, t, published, ws, iws)
        weigh_offers((h0, h1, xh, pgh), (g0, g1, xg, phg), q, t, published, ws, iws)
        return viewed

    @njit
    def one_pass(
        x: Any,
        w: Any,
        s: Any,
        on: Any,
        span: float,
        mu: float,
        order: Any,
        r: Any,
        published: bool,
        q: float,
        t: float,
        ws: Any,
        iws: Any,
        exposure: Any,
        choice: Any,
    ) -> None:
        """Visit every pair of groups once; with ``neutral`` add each actor's exposure
        (others' EU of challenging it), else record each target's best offer in ``choice``."""
        if len(stamp) == 0:  # never: the stamp enters the cache key (see _compiled._stamp)
            return
        slots, groups = group_actors(x, w, s, on, span, mu, order, r, neutral, ws, iws)
        if neutral and q >= 1.0:  # no running sums, no sorted votes: pairs in plain order
            neutral_plain(slots, groups, span, published, q, t, ws, iws, exposure)
            return
        if not (neutral or published) and q >= 1.0:  # the printed equations: plain order too
            printed_plain(slots, groups, span, q, ws, iws, x, choice)
            return
        u, total, cw, cwx, gself = ws[U], ws[TOTAL], ws[CW], ws[CWX], ws[GSELF]
        start, nxt, nbg, kind, bestj = iws[START], iws[NEXT], iws[NBG], iws[KIND], iws[BESTJ]
        for k in range(slots):
            kind[k] = 0
            bestj[k] = -1
        queued = viewed = 0
        denominator = 0.0
        # With exponents and Q = 1, pairs of two lone actors are queued for _batch.flush.
        batched = not neutral and q >= 1.0
        if not published:
            # The printed equations' votes need no running sums: every pair in plain order,
            # the probability from the weighted hinge G at its midpoint (eq. 30; see
            # votes.win_probabilities), G(m) = m·W_b − (W x)_b over the b slots below m.
            for g in range(groups - 1):
                above = g
                for h in range(g + 1, groups):
                    mid = (u[g] + u[h]) / 2.0
                    while above < groups and u[above] < mid:
                        above += 1
                    b = start[above]
                    g_mid = mid * cw[b] - cwx[b]
                    sgh = max(2.0 * (g_mid - gself[g]), 0.0)
                    shg = max(2.0 * (g_mid - gself[h]) - 2.0 * (mid - u[h]) * cw[slots], 0.0)
                    both = sgh + shg
                    pgh = sgh / both if both > 0 else 0.5
                    phg = shg / both if both > 0 else 0.5
                    viewed = settle(
                        g, h, pgh, phg, span, q, t, published, ws, iws, exposure, viewed
                    )
        else:
            denominator = totals(slots, groups, span, ws, iws)
            # Each group g meets the higher groups in turn (nxt[g]); a pair reads the running
            # vote sums over the slots below its midpoint (those of the groups below nbg[g]),
            # kept voter by voter for one block of voters at a time.
            for g in range(groups - 1):
                nxt[g] = g + 1
                nbg[g] = g
                mid = (u[g] + u[g + 1]) / 2.0
                while nbg[g] < groups and u[nbg[g]] < mid:
                    nbg[g] += 1
            for g in range(groups):
                ws[TABLE, g] = 0.0
            for b0 in range(0, slots + 1, BLOCK):
                voters = min(BLOCK, slots - b0)
                if b0 > 0:
                    ws[TABLE, :groups] = ws[TABLE + BLOCK, :groups]
                block_sums(b0, voters, groups, span, ws, iws)
                limit = min(b0 + BLOCK, slots + 1)
                for g in range(groups - 1):
                    h, nb, g0, tg, ug = nxt[g], nbg[g], start[g], total[g], u[g]
                    lone = batched and start[g + 1] == g0 + 1
                    while h < groups:
                        b = start[nb]
                        if b >= limit:
                            break
                        row = TABLE + b - b0
                        acc_g, acc_h = ws[row, g], ws[row, h]
                        lower = acc_h - acc_g
                        upper = (tg - acc_g) - (total[h] - acc_h)
                        if lone and start[h + 1] == start[h] + 1:  # two lone actors: queued
                            iws[B_LO, queued] = g0
                            iws[B_HI, queued] = start[h]
                            ws[B_PLO, queued] = lower
                            ws[B_PHI, queued] = upper
                            queued += 1
                            if queued == ws.shape[1] - 1:
                                flush(queued, span, denominator, q, t, published, ws, iws)
                                queued = 0
                        else:
                            pgh = max(lower, 0.0) / denominator if denominator > 0 else 0.0
                            phg = max(upper, 0.0) / denominator if denominator > 0 else 0.0
                            viewed = settle(
                                g, h, pgh, phg, span, q, t, published, ws, iws, exposure, viewed
                            )
                        h += 1
                        if h < groups:
                            mid = (ug + u[h]) / 2.0
                            while nb < groups and u[nb] < mid:
                                nb += 1
                    nxt[g] = h
                    nbg[g] = nb
        if not neutral:
            flush(queued, span, denominator, q, t, published, ws, iws)
            flush_views(viewed, q, t, published, ws, iws)
            for a in range(x.shape[0]):
                choice[a] = x[a]
            for k in range(slots):
                if kind[k] != 0:
                    choice[iws[ACTOR, k]] = ws[BESTV, k]

    return one_pass
