"""The compiled pass over every pair of a row of a handful of actors (:mod:`.kernels`):
``actors × actors`` scratch arrays, votes summed voter by voter (as
:func:`ontable.forecast.bdm.votes._direct_win_probabilities`). Scholz, Calbert & Smith (2011)."""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

from typing import Any

from ontable.forecast.bdm._offers import offer
from ontable.forecast.bdm._pair import clip01, combine, log0, njit, power, voter_row_for

SMALL_ROWS = (9, 10, 11, 5, 6)
"""Where the small round keeps each target's best offer: rows of ``ws`` (the two keys, the
new position) and of ``iws`` (the offering actor, the kind of offer); see :func:`._offers.offer`."""

SMALL = 6
"""Up to this many actors a row takes this pass."""


def small_pass_for(neutral: bool, stamp: str) -> Any:
    """The small pass for risk-neutral utilities (``neutral``) or with risk exponents."""
    voter_row = voter_row_for(neutral)

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
        """Visit every pair; with ``neutral`` add each actor's exposure (others' EU of
        challenging it), else record each target's best offer in ``choice``."""
        if len(stamp) == 0:  # never: the stamp enters the cache key (see _compiled._stamp)
            return
        n = x.shape[0]
        m, prob = mat[0], mat[1]
        usq, cw, cwx = ws[8], ws[6], ws[7]
        bestv, bestj, kind = ws[SMALL_ROWS[2]], iws[SMALL_ROWS[3]], iws[SMALL_ROWS[4]]
        for a in range(n):
            usq[a] = 2.0 - 4.0 * (0.5 if neutral else 0.5 ** r[a])
            kind[a] = 0
            bestj[a] = -1
        if published:
            for k in range(n):
                voter_row(x[k], w[k], r[k], x, on, span, m[k])
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
        log_s, log_f = mat[2], mat[3]
        if not neutral:  # the logarithms of a pair's bases, shared by both views
            for i in range(n):
                for j in range(i + 1, n):
                    d = abs(x[i] - x[j]) / span
                    log_s[i, j] = log_s[j, i] = log0(clip01(0.5 - 0.5 * d))
                    log_f[i, j] = log_f[j, i] = log0(clip01(0.5 + 0.5 * d))
        ub_o = uw_o = ub_s = uw_s = 0.0
        for i in range(n):
            if not on[i]:
                continue
            ri = r[i]
            for j in range(n):
                if not on[j] or x[i] == x[j]:
                    continue
                d = abs(x[i] - x[j]) / span
                c_s = clip01(0.5 - 0.5 * d)
                c_f = clip01(0.5 + 0.5 * d)
                if neutral:
                    us = 2.0 - 4.0 * c_s
                    uf = 2.0 - 4.0 * c_f
                else:
                    us = 2.0 - 4.0 * power(c_s, log_s[i, j], ri, d)
                    uf = 2.0 - 4.0 * power(c_f, log_f[i, j], ri, d)
                if q < 1.0:
                    e_o, e_s = 0.25 * (dmu[i] + d), 0.25 * (dmu[j] + d)
                    cb_o, cw_o = clip01(0.5 - e_o), clip01(0.5 + e_o)
                    cb_s, cw_s = clip01(0.5 - e_s), clip01(0.5 + e_s)
                    if neutral:
                        ub_o, uw_o = 2.0 - 4.0 * cb_o, 2.0 - 4.0 * cw_o
                    else:
                        ub_o = 2.0 - 4.0 * power(cb_o, log0(cb_o), ri, d)
                        uw_o = 2.0 - 4.0 * power(cw_o, log0(cw_o), ri, d)
                        ub_s = 2.0 - 4.0 * power(cb_s, log0(cb_s), ri, d)
                        uw_s = 2.0 - 4.0 * power(cw_s, log0(cw_s), ri, d)
                own = combine(us, uf, usq[i], ub_o, uw_o, s[j], prob[i, j], q, t)
                if neutral:
                    exposure[j] += own
                    continue
                seen = combine(us, uf, usq[i], ub_s, uw_s, s[i], prob[j, i], q, t)
                offer(i, j, x[i], x[j], own, seen, published, ws, iws, SMALL_ROWS)
            if not neutral:
                choice[i] = bestv[i] if kind[i] != 0 else x[i]
        if not neutral:
            for i in range(n):
                if not on[i]:
                    choice[i] = x[i]

    return one_pass_small
