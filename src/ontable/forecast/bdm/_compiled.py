"""The numba-compiled functions behind :mod:`ontable.forecast.bdm.kernels` (imported only
when numba is installed). Scholz, Calbert & Smith (2011); see :mod:`.kernels` for the method."""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

from typing import Any

import numba
import numpy as np

njit = numba.njit(cache=True, nogil=True)


@njit
def utility(base: float, r: float, neutral: bool) -> float:
    c = min(max(base, 0.0), 1.0)
    if neutral:
        return 2.0 - 4.0 * c
    return 2.0 - 4.0 * c**r


@njit
def combine(
    us: float,
    uf: float,
    usq: float,
    d: float,
    dmu: float,
    s_t: float,
    p: float,
    r: float,
    q: float,
    t: float,
    neutral: bool,
) -> float:
    eu = s_t * (uf + p * (us - uf)) + (1.0 - s_t) * us
    eu = eu - q * usq
    if q < 1.0:
        ub = utility(0.5 - 0.25 * (dmu + d), r, neutral)
        uw = utility(0.5 + 0.25 * (dmu + d), r, neutral)
        eu = eu - (1.0 - q) * (t * ub + (1.0 - t) * uw)
    return eu


@njit
def better(k1: float, k2: float, j: int, b1: float, b2: float, bj: int) -> bool:
    if bj < 0:
        return True
    if k1 != b1:
        return k1 < b1
    if k2 != b2:
        return k2 < b2
    return j < bj


@njit
def offer(
    p: int,
    qq: int,
    j: int,
    xi: float,
    xj: float,
    a: float,
    b: float,
    published: bool,
    kind: Any,
    best1: Any,
    best2: Any,
    bestv: Any,
    bestj: Any,
) -> None:
    """Target at sorted place ``p`` weighs the offer of actor ``j``: ``a`` its EU of
    challenging ``j``, ``b`` ``j``'s EU of challenging it, as it sees them."""
    if published:
        if b > a and a > 0:  # a conflict it expects to lose: the nearest, first actor
            dist = abs(xj - xi)
            if kind[p] != 2 or better(dist, 0.0, j, best1[p], 0.0, bestj[p]):
                kind[p] = 2
                best1[p] = dist
                bestj[p] = j
                bestv[p] = xj
        elif kind[p] != 2 and b > 0 and a < 0 and b > -a:
            key = (-a * xi + b * xj) / (b - a)
            if kind[p] != 1 or better(key, 0.0, j, best1[p], 0.0, bestj[p]):
                kind[p] = 1
                best1[p] = key
                bestj[p] = j
                bestv[p] = xi + (xj - xi) * (-a / b)
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
    if kind[p] == 0 or better(move, value, 0, best1[p], best2[p], 0):
        kind[p] = 1
        best1[p] = move
        best2[p] = value
        bestj[p] = j
        bestv[p] = value


SMALL = 6
"""Up to this many actors a row is worked with ``actors × actors`` scratch arrays, votes
summed voter by voter (as :func:`ontable.forecast.bdm.votes._direct_win_probabilities`)."""


def _specialise(neutral: bool) -> tuple[Any, Any]:
    """The passes over pairs for risk-neutral utilities (``neutral``) or with risk exponents,
    compiled apart: with ``neutral`` a compile-time constant, the neutral passes hold no call
    to ``pow``, which would keep the compiler from optimising their loops."""

    @njit
    def voter_row(
        k: int,
        x: Any,
        w: Any,
        r: Any,
        on: Any,
        span: float,
        out: Any,
    ) -> None:
        """``M[k, a]`` for every actor ``a`` (0 for inactive actors)."""
        n = x.shape[0]
        wk, xk, rk = w[k], x[k], r[k]
        for a in range(n):
            if on[a]:
                d = abs(xk - x[a]) / span
                out[a] = wk * d if neutral else wk * d**rk
            else:
                out[a] = 0.0

    @njit
    def totals(
        x: Any,
        w: Any,
        r: Any,
        on: Any,
        span: float,
        order: Any,
        total: Any,
        mrow: Any,
        ranked: Any,
    ) -> float:
        """Column totals ``Σ_k M[k, a]`` (voters in sorted order) and the shared denominator
        ``Σ_k Σ_{a,b} |M_ka − M_kb|`` (``2 Σ_p (2p − n_on + 1) M_k(p)`` over ``M_k`` sorted)."""
        n = x.shape[0]
        n_on = 0
        for a in range(n):
            total[a] = 0.0
            if on[a]:
                n_on += 1
        spread = 0.0
        for tk in range(n):
            k = order[tk]
            voter_row(k, x, w, r, on, span, mrow)
            for a in range(n):
                total[a] += mrow[order[a]]
            # M_k in increasing order: outward from the voter along the sorted positions.
            m = 0
            lo, hi = tk - 1, tk + 1
            if on[k]:
                ranked[m] = mrow[k]
                m += 1
            while True:
                while lo >= 0 and not on[order[lo]]:
                    lo -= 1
                while hi < n and not on[order[hi]]:
                    hi += 1
                if lo < 0 and hi >= n:
                    break
                if hi >= n or (lo >= 0 and mrow[order[lo]] <= mrow[order[hi]]):
                    ranked[m] = mrow[order[lo]]
                    lo -= 1
                else:
                    ranked[m] = mrow[order[hi]]
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
        n = x.shape[0]
        xs, total, acc, mrow, ranked = ws[0], ws[1], ws[2], ws[3], ws[4]
        gself, cw, cwx, usq = ws[5], ws[6], ws[7], ws[8]
        best1, best2, bestv = ws[9], ws[10], ws[11]
        head, link, nq, nb, gstart = iws[0], iws[1], iws[2], iws[3], iws[4]
        bestj, kind = iws[5], iws[6]
        for p in range(n):
            xs[p] = x[order[p]]
        for a in range(n):
            usq[a] = utility(0.5, r[a], neutral)
        denominator = 0.0
        if published:
            denominator = totals(x, w, r, on, span, order, total, mrow, ranked)
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
            if not on[order[p]]:
                continue
            qq = p + 1
            while qq < n and (xs[qq] == xs[p] or not on[order[qq]]):
                qq += 1
            nq[p] = qq
            nb[p] = gstart[p]
            if qq < n:
                mid = (xs[p] + xs[qq]) / 2.0
                while nb[p] < n and xs[nb[p]] < mid:
                    nb[p] += 1
                link[p] = head[nb[p]]
                head[nb[p]] = p
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
                    us_i = utility(0.5 - 0.5 * d, ri, neutral)
                    uf_i = utility(0.5 + 0.5 * d, ri, neutral)
                    us_j = utility(0.5 - 0.5 * d, rj, neutral)
                    uf_j = utility(0.5 + 0.5 * d, rj, neutral)
                    # own[i, j], seen[i, j] (i's view), own[j, i], seen[j, i] (j's view).
                    own_ij = combine(us_i, uf_i, usq[i], d, dmu[i], s[j], pij, ri, q, t, neutral)
                    own_ji = combine(us_j, uf_j, usq[j], d, dmu[j], s[i], pji, rj, q, t, neutral)
                    if neutral:
                        exposure[j] += own_ij
                        exposure[i] += own_ji
                    else:
                        seen_ij = combine(
                            us_i, uf_i, usq[i], d, dmu[j], s[i], pji, ri, q, t, neutral
                        )
                        seen_ji = combine(
                            us_j, uf_j, usq[j], d, dmu[i], s[j], pij, rj, q, t, neutral
                        )
                        offer(
                            p,
                            qq,
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
                            p,
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
                    while qq < n and not on[order[qq]]:
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
                voter_row(order[b], x, w, r, on, span, mrow)
                for p in range(n):
                    acc[p] += mrow[order[p]]
        if not neutral:
            for p in range(n):
                i = order[p]
                if kind[p] == 0 or not on[i]:
                    choice[i] = x[i]
                else:
                    choice[i] = bestv[p]

    @njit
    def one_pass_small(
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
        mat: Any,
        ws: Any,
        iws: Any,
        exposure: Any,
        choice: Any,
    ) -> None:
        """:func:`one_pass` for a handful of actors: every vote summed directly."""
        n = x.shape[0]
        m, prob = mat[0], mat[1]
        usq, cw, cwx = ws[8], ws[6], ws[7]
        best1, best2, bestv = ws[9], ws[10], ws[11]
        bestj, kind = iws[5], iws[6]
        for a in range(n):
            usq[a] = utility(0.5, r[a], neutral)
            kind[a] = 0
            bestj[a] = -1
        if published:
            for k in range(n):
                voter_row(k, x, w, r, on, span, m[k])
            denominator = 0.0
            for i in range(n):
                for j in range(n):
                    support = 0.0
                    for k in range(n):
                        support += max(m[k, j] - m[k, i], 0.0)
                    prob[i, j] = support
                    if on[i] and on[j]:
                        denominator += support
            denominator = 2.0 * denominator
            for i in range(n):
                for j in range(n):
                    if on[i] and on[j] and x[i] != x[j] and denominator > 0:
                        prob[i, j] = prob[i, j] / denominator
                    else:
                        prob[i, j] = 0.0
        else:
            cw[0] = 0.0
            cwx[0] = 0.0
            for p in range(n):
                wp = w[order[p]]
                cw[p + 1] = cw[p] + wp
                cwx[p + 1] = cwx[p] + wp * x[order[p]]
            for i in range(n):
                for j in range(n):
                    prob[i, j] = 0.0
            for i in range(n):
                for j in range(n):
                    if x[i] >= x[j]:
                        continue
                    mid = (x[i] + x[j]) / 2.0
                    b = 0
                    bi = 0
                    bj = 0
                    for k in range(n):
                        xk = x[order[k]]
                        b += xk < mid
                        bi += xk < x[i]
                        bj += xk < x[j]
                    g_mid = mid * cw[b] - cwx[b]
                    sij = max(2.0 * (g_mid - (x[i] * cw[bi] - cwx[bi])), 0.0)
                    left_j = 2.0 * (g_mid - (x[j] * cw[bj] - cwx[bj]))
                    sji = max(left_j - 2.0 * (mid - x[j]) * cw[n], 0.0)
                    both = sij + sji
                    prob[i, j] = sij / both if both > 0 else 0.5
                    prob[j, i] = sji / both if both > 0 else 0.5
        for i in range(n):
            if not on[i]:
                continue
            ri = r[i]
            for j in range(n):
                if not on[j] or x[i] == x[j]:
                    continue
                d = abs(x[i] - x[j]) / span
                us = utility(0.5 - 0.5 * d, ri, neutral)
                uf = utility(0.5 + 0.5 * d, ri, neutral)
                own = combine(us, uf, usq[i], d, dmu[i], s[j], prob[i, j], ri, q, t, neutral)
                if neutral:
                    exposure[j] += own
                    continue
                seen = combine(us, uf, usq[i], d, dmu[j], s[i], prob[j, i], ri, q, t, neutral)
                offer(i, j, j, x[i], x[j], own, seen, published, kind, best1, best2, bestv, bestj)
            if not neutral:
                choice[i] = bestv[i] if kind[i] != 0 else x[i]
        if not neutral:
            for i in range(n):
                if not on[i]:
                    choice[i] = x[i]

    return one_pass, one_pass_small


NEUTRAL_PASS, NEUTRAL_PASS_SMALL = _specialise(True)
RISK_PASS, RISK_PASS_SMALL = _specialise(False)


@njit
def row_round(
    x: Any,
    w: Any,
    s: Any,
    on: Any,
    span: float,
    mu: float,
    order: Any,
    q: float,
    t: float,
    published: bool,
    ws: Any,
    iws: Any,
    mat: Any,
    out: Any,
) -> None:
    n = x.shape[0]
    dmu, r, exposure = ws[12], ws[13], ws[14]
    for a in range(n):
        dmu[a] = abs(x[a] - mu) / span
        r[a] = 1.0
        exposure[a] = 0.0
    if n <= SMALL:
        NEUTRAL_PASS_SMALL(
            x, w, s, on, span, dmu, order, r, published, q, t, mat, ws, iws, exposure, out
        )
    else:
        NEUTRAL_PASS(x, w, s, on, span, dmu, order, r, published, q, t, ws, iws, exposure, out)
    # Risk exponents (eqs. 32–33) from the risk-neutral exposures.
    hi = -np.inf
    lo = np.inf
    for a in range(n):
        if on[a]:
            hi = max(hi, exposure[a])
            lo = min(lo, exposure[a])
    spread = hi - lo
    ok_spread = np.isfinite(spread) and spread > 0
    for a in range(n):
        big_r = 0.0
        if on[a] and ok_spread:
            big_r = (2.0 * exposure[a] - hi - lo) / spread
        r[a] = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0) if on[a] else 1.0
    if n <= SMALL:
        RISK_PASS_SMALL(
            x, w, s, on, span, dmu, order, r, published, q, t, mat, ws, iws, exposure, out
        )
    else:
        RISK_PASS(x, w, s, on, span, dmu, order, r, published, q, t, ws, iws, exposure, out)


@numba.njit(cache=True, nogil=True, parallel=True)
def rounds_kernel(
    x: Any,
    w: Any,
    s: Any,
    on: Any,
    span: Any,
    mu: Any,
    order: Any,
    q: float,
    t: float,
    published: bool,
    chunks: int,
    out: Any,
) -> None:
    """One round on every row; rows are split into ``chunks`` run in parallel (each row
    independent, so the result does not depend on the split)."""
    rows, n = x.shape
    for c in numba.prange(chunks):
        ws = np.empty((15, n + 1))
        iws = np.empty((7, n + 1), dtype=np.int64)
        small = min(n, SMALL)
        mat = np.empty((2, small, small))
        for row in range(c * rows // chunks, (c + 1) * rows // chunks):
            row_round(
                x[row],
                w[row],
                s[row],
                on[row],
                span[row],
                mu[row],
                order[row],
                q,
                t,
                published,
                ws,
                iws,
                mat,
                out[row],
            )


@njit
def rounds_serial(
    x: Any,
    w: Any,
    s: Any,
    on: Any,
    span: Any,
    mu: Any,
    order: Any,
    q: float,
    t: float,
    published: bool,
    chunks: int,
    out: Any,
) -> None:
    """:func:`rounds_kernel` on one thread (for many small rows, or inside a process pool)."""
    rows, n = x.shape
    for c in range(chunks):
        ws = np.empty((15, n + 1))
        iws = np.empty((7, n + 1), dtype=np.int64)
        small = min(n, SMALL)
        mat = np.empty((2, small, small))
        for row in range(c * rows // chunks, (c + 1) * rows // chunks):
            row_round(
                x[row],
                w[row],
                s[row],
                on[row],
                span[row],
                mu[row],
                order[row],
                q,
                t,
                published,
                ws,
                iws,
                mat,
                out[row],
            )
