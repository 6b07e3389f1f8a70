"""The compiled pass over every pair of a row of many actors (:mod:`.kernels`), visiting
pairs in order of the number of voters below their midpoint. Scholz, Calbert & Smith (2011);
see :mod:`.kernels` for the method."""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

from typing import Any

from ontable.forecast.bdm._pair import clip01, combine, log0, njit, offer, power, voter_row_for


def sweep_for(neutral: bool, stamp: str) -> Any:
    """The pass for risk-neutral utilities (``neutral``) or with risk exponents, compiled
    apart: with ``neutral`` a compile-time constant, the neutral pass holds no call to
    ``exp`` or ``log``, which would keep the compiler from optimising its loops."""
    voter_row = voter_row_for(neutral)

    @njit
    def totals(xs: Any, w: Any, r: Any, on_s: Any, span: float, order: Any, ws: Any) -> float:
        """Column totals ``Σ_k M[k, a]`` (voters in sorted order) and the shared denominator
        ``Σ_k Σ_{a,b} |M_ka − M_kb|`` (``2 Σ_p (2p − n_on + 1) M_k(p)`` over ``M_k`` sorted)."""
        if len(stamp) == 0:  # never: the stamp enters the cache key
            return 0.0
        n = xs.shape[0]
        total, mrow, ranked = ws[1], ws[3], ws[4]
        n_on = 0
        for a in range(n):
            total[a] = 0.0
            if on_s[a]:
                n_on += 1
        spread = 0.0
        for tk in range(n):
            k = order[tk]
            voter_row(xs[tk], w[k], r[k], xs, on_s, span, mrow)
            for a in range(n):
                total[a] += mrow[a]
            # M_k in increasing order: outward from the voter along the sorted positions.
            m = 0
            lo, hi = tk - 1, tk + 1
            if on_s[tk]:
                ranked[m] = mrow[tk]
                m += 1
            while True:
                while lo >= 0 and not on_s[lo]:
                    lo -= 1
                while hi < n and not on_s[hi]:
                    hi += 1
                if lo < 0 and hi >= n:
                    break
                if hi >= n or (lo >= 0 and mrow[lo] <= mrow[hi]):
                    ranked[m] = mrow[lo]
                    lo -= 1
                else:
                    ranked[m] = mrow[hi]
                    hi += 1
                m += 1
            part = 0.0
            for p in range(m):
                part += ranked[p] * (2.0 * p - n_on + 1.0)
            spread += part
        return 2.0 * spread

    @njit
    def one_pass(
        x: Any,
        w: Any,
        s: Any,
        on: Any,
        span: float,
        dmu: Any,
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
        """Visit every pair once; with ``neutral`` add each actor's exposure (others' EU of
        challenging it), else record each target's best offer in ``choice``."""
        if len(stamp) == 0:  # never: the stamp enters the cache key (see _compiled._stamp)
            return
        n = x.shape[0]
        xs, total, acc, mrow = ws[0][:n], ws[1], ws[2], ws[3]
        gself, cw, cwx, usq = ws[5], ws[6], ws[7], ws[8]
        best1, best2, bestv = ws[9], ws[10], ws[11]
        head, link, nq, nb, gstart = iws[0], iws[1], iws[2], iws[3], iws[4]
        bestj, kind, on_s = iws[5], iws[6], iws[7][:n]
        for p in range(n):
            xs[p] = x[order[p]]
            on_s[p] = on[order[p]]
        for a in range(n):
            usq[a] = 2.0 - 4.0 * (0.5 if neutral else 0.5 ** r[a])
        denominator = 0.0
        if published:
            denominator = totals(xs, w, r, on_s, span, order, ws)
        else:
            cw[0] = 0.0
            cwx[0] = 0.0
            for p in range(n):
                wp = w[order[p]]
                cw[p + 1] = cw[p] + wp
                cwx[p + 1] = cwx[p] + wp * xs[p]
        for p in range(n):
            if p > 0 and xs[p] == xs[p - 1]:
                gstart[p] = gstart[p - 1]
            else:
                gstart[p] = p
            gself[p] = xs[p] * cw[gstart[p]] - cwx[gstart[p]]
            acc[p] = 0.0
            kind[p] = 0
            bestj[p] = -1
        for b in range(n + 1):
            head[b] = -1
        # Pairs (p, q) of sorted positions with xs[p] < xs[q], both active, filed under the
        # number of positions below their midpoint.
        for p in range(n):
            nq[p] = n
            if not on_s[p]:
                continue
            qq = p + 1
            while qq < n and (xs[qq] == xs[p] or not on_s[qq]):
                qq += 1
            nq[p] = qq
            nb[p] = gstart[p]
            if qq < n:
                mid = (xs[p] + xs[qq]) / 2.0
                while nb[p] < n and xs[nb[p]] < mid:
                    nb[p] += 1
                link[p] = head[nb[p]]
                head[nb[p]] = p
        ub_ii = uw_ii = ub_ij = uw_ij = ub_ji = uw_ji = ub_jj = uw_jj = 0.0
        for b in range(n + 1):
            p = head[b]
            head[b] = -1
            while p != -1:
                after = link[p]
                while True:
                    qq = nq[p]
                    i, j = order[p], order[qq]
                    xi, xj = xs[p], xs[qq]
                    mid = (xi + xj) / 2.0
                    d = abs(xi - xj) / span
                    if published:
                        lower = acc[qq] - acc[p]
                        upper = (total[p] - acc[p]) - (total[qq] - acc[qq])
                        if denominator > 0:
                            pij = max(lower, 0.0) / denominator
                            pji = max(upper, 0.0) / denominator
                        else:
                            pij = 0.0
                            pji = 0.0
                    else:
                        g_mid = mid * cw[b] - cwx[b]
                        sij = max(2.0 * (g_mid - gself[p]), 0.0)
                        sji = max(2.0 * (g_mid - gself[qq]) - 2.0 * (mid - xj) * cw[n], 0.0)
                        both = sij + sji
                        if both > 0:
                            pij = sij / both
                            pji = sji / both
                        else:
                            pij = 0.5
                            pji = 0.5
                    ri, rj = r[i], r[j]
                    # Bases 0.5 ∓ 0.5 d are shared by both views: one logarithm each.
                    c_s = clip01(0.5 - 0.5 * d)
                    c_f = clip01(0.5 + 0.5 * d)
                    if neutral:
                        us_i = us_j = 2.0 - 4.0 * c_s
                        uf_i = uf_j = 2.0 - 4.0 * c_f
                    else:
                        l_s, l_f = log0(c_s), log0(c_f)
                        us_i = 2.0 - 4.0 * power(c_s, l_s, ri, d)
                        uf_i = 2.0 - 4.0 * power(c_f, l_f, ri, d)
                        us_j = 2.0 - 4.0 * power(c_s, l_s, rj, d)
                        uf_j = 2.0 - 4.0 * power(c_f, l_f, rj, d)
                    if q < 1.0:
                        # Bases 0.5 ∓ 0.25 (dmu + d), with either actor's dmu, seen by both.
                        e_i, e_j = 0.25 * (dmu[i] + d), 0.25 * (dmu[j] + d)
                        cb_i, cw_i = clip01(0.5 - e_i), clip01(0.5 + e_i)
                        cb_j, cw_j = clip01(0.5 - e_j), clip01(0.5 + e_j)
                        if neutral:
                            ub_ii = ub_ij = 2.0 - 4.0 * cb_i
                            uw_ii = uw_ij = 2.0 - 4.0 * cw_i
                            ub_jj = ub_ji = 2.0 - 4.0 * cb_j
                            uw_jj = uw_ji = 2.0 - 4.0 * cw_j
                        else:
                            lb_i, lw_i = log0(cb_i), log0(cw_i)
                            lb_j, lw_j = log0(cb_j), log0(cw_j)
                            # ub_ab: base with a's dmu, exponent of b.
                            ub_ii = 2.0 - 4.0 * power(cb_i, lb_i, ri, d)
                            uw_ii = 2.0 - 4.0 * power(cw_i, lw_i, ri, d)
                            ub_jj = 2.0 - 4.0 * power(cb_j, lb_j, rj, d)
                            uw_jj = 2.0 - 4.0 * power(cw_j, lw_j, rj, d)
                            ub_ji = 2.0 - 4.0 * power(cb_j, lb_j, ri, d)
                            uw_ji = 2.0 - 4.0 * power(cw_j, lw_j, ri, d)
                            ub_ij = 2.0 - 4.0 * power(cb_i, lb_i, rj, d)
                            uw_ij = 2.0 - 4.0 * power(cw_i, lw_i, rj, d)
                    # own[i, j], seen[i, j] (i's view), own[j, i], seen[j, i] (j's view).
                    own_ij = combine(us_i, uf_i, usq[i], ub_ii, uw_ii, s[j], pij, q, t)
                    own_ji = combine(us_j, uf_j, usq[j], ub_jj, uw_jj, s[i], pji, q, t)
                    if neutral:
                        exposure[j] += own_ij
                        exposure[i] += own_ji
                    else:
                        seen_ij = combine(us_i, uf_i, usq[i], ub_ji, uw_ji, s[i], pji, q, t)
                        seen_ji = combine(us_j, uf_j, usq[j], ub_ij, uw_ij, s[j], pij, q, t)
                        offer(
                            p,
                            j,
                            xi,
                            xj,
                            own_ij,
                            seen_ij,
                            published,
                            kind,
                            best1,
                            best2,
                            bestv,
                            bestj,
                        )
                        offer(
                            qq,
                            i,
                            xj,
                            xi,
                            own_ji,
                            seen_ji,
                            published,
                            kind,
                            best1,
                            best2,
                            bestv,
                            bestj,
                        )
                    qq += 1
                    while qq < n and not on_s[qq]:
                        qq += 1
                    nq[p] = qq
                    if qq >= n:
                        break
                    mid = (xs[p] + xs[qq]) / 2.0
                    while nb[p] < n and xs[nb[p]] < mid:
                        nb[p] += 1
                    if nb[p] != b:
                        link[p] = head[nb[p]]
                        head[nb[p]] = p
                        break
                p = after
            if b < n and published:
                k = order[b]
                voter_row(xs[b], w[k], r[k], xs, on_s, span, mrow)
                for p in range(n):
                    acc[p] += mrow[p]
        if not neutral:
            for p in range(n):
                i = order[p]
                if kind[p] == 0 or not on_s[p]:
                    choice[i] = x[i]
                else:
                    choice[i] = bestv[p]

    return one_pass
