"""The numba-compiled steps behind :mod:`ontable.forecast.smp.kernels` (imported only when
numba is installed): the contest step of :func:`.turn._all_contests` and the coalitions of
:func:`.elements._coalitions`, number for number as the numpy functions compute them (KTAB's
SMP, Wise et al.; see :mod:`.kernels` for the method)."""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

from typing import Any

import numba
import numpy as np

from ontable.forecast.compiled import stamp
from ontable.forecast.smp import params
from ontable.forecast.smp.params import (
    _BINARY_VOTE_SCALE,
    _MIN_COALITION,
    _MIN_CONTEST,
    _UTILITY_NOISE,
    THIRD_PARTY_COMMITS,
    VOTING_RULES,
)

njit = numba.njit(cache=True, nogil=True, error_model="numpy")
"""Compiled on first use and cached on disk; no fastmath (the same rounding as numpy), and
division by numpy's rules (no test for a zero divisor)."""

BINARY = VOTING_RULES.index("binary")
PROPORTIONAL_BINARY = VOTING_RULES.index("proportional-binary")
PROPORTIONAL = VOTING_RULES.index("proportional")
ASYMMETRIC = VOTING_RULES.index("asymmetric-prospect")
SEMI = THIRD_PARTY_COMMITS.index("semi")
FULL = THIRD_PARTY_COMMITS.index("full")

PAIRWISE_BLOCK = 128
"""numpy's block of pairwise summation (``PW_BLOCKSIZE``)."""


@njit
def block_sum(a: Any, lo: int, n: int) -> float:
    """numpy's pairwise summation of ``a[lo:lo + n]`` for ``n`` up to a block
    (:data:`PAIRWISE_BLOCK`): one by one below 8 numbers, else in 8 running sums added up in
    pairs, then the rest one by one."""
    if n < 8:
        res = 0.0
        for k in range(lo, lo + n):
            res += a[k]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    k = 8
    whole = n - n % 8
    while k < whole:
        r0 += a[lo + k]
        r1 += a[lo + k + 1]
        r2 += a[lo + k + 2]
        r3 += a[lo + k + 3]
        r4 += a[lo + k + 4]
        r5 += a[lo + k + 5]
        r6 += a[lo + k + 6]
        r7 += a[lo + k + 7]
        k += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while k < n:
        res += a[lo + k]
        k += 1
    return res


@njit
def pairwise_sum(a: Any, n: int) -> float:
    """The sum of ``a[:n]`` in the order of numpy's pairwise summation, which ``ndarray.sum``
    uses along a contiguous last axis: above a block, the two halves (the first a multiple
    of 8) are summed apart and added, down to blocks summed by :func:`block_sum`. (numpy's
    recursion is unrolled here with a stack: numba's disk cache does not keep recursive
    functions safely.)"""
    if n <= PAIRWISE_BLOCK:
        return block_sum(a, 0, n)
    # Parts still to sum (start, length, whether split already), and sums of finished parts;
    # halving from n < 2**63 needs fewer than 64 levels of two parts each.
    starts = np.empty(128, dtype=np.int64)
    lengths = np.empty(128, dtype=np.int64)
    split = np.zeros(128, dtype=np.bool_)
    sums = np.empty(128)
    top = 0
    done = 0
    starts[0], lengths[0], split[0] = 0, n, False
    while top >= 0:
        lo, size = starts[top], lengths[top]
        if size <= PAIRWISE_BLOCK:
            sums[done] = block_sum(a, lo, size)
            done += 1
            top -= 1
        elif split[top]:  # both halves summed: the first below the second
            sums[done - 2] = sums[done - 2] + sums[done - 1]
            done -= 1
            top -= 1
        else:
            half = size // 2
            half -= half % 8
            split[top] = True
            starts[top + 1], lengths[top + 1], split[top + 1] = lo + half, size - half, False
            starts[top + 2], lengths[top + 2], split[top + 2] = lo, half, False
            top += 2
    return sums[0]


@njit
def utility(d: float, r: float) -> float:
    """:func:`.elements._utility` of one distance and risk attitude."""
    if d > 1.0:
        return (1.0 - d) * (1.0 + r)
    return (1.0 - d) * (1.0 + d * r)


@njit
def vote(rule: int, w: float, du: float) -> float:
    """:func:`.elements._vote` of one weight and utility difference (the rules without a
    power: ``binary``, ``proportional-binary``, ``proportional``, ``asymmetric-prospect``)."""
    if rule == PROPORTIONAL:
        return w * du
    if rule == ASYMMETRIC:
        if du < 0:
            return w * du
        return 2.0 * w * du / 3.0
    binary = min(max(du / _BINARY_VOTE_SCALE, -1.0), 1.0)
    if rule == BINARY:
        return w * binary
    return w * (0.8 * du + 0.2 * binary)


def _steps_for(stamp: str) -> tuple[Any, Any]:
    """The contest and coalition kernels (``stamp``: see
    :func:`ontable.forecast.compiled.stamp`, over the modules whose constants they take in)."""

    @njit
    def contests(
        dt: Any,
        seen: Any,
        clout: Any,
        attention: Any,
        active: Any,
        rule: int,
        commit: int,
        p_out: Any,
        gain_out: Any,
    ) -> None:
        """:func:`.turn._all_contests`: ``p_out[s, i, j]`` and ``gain_out[s, i, j]`` from
        ``dt[s, b, n] = d[s, n, b]`` (distances), ``seen`` (estimated risk attitudes),
        ``clout`` (salience × capability), ``attention`` and ``active``, ``(S, A)`` each
        but the first two ``(S, A, A)``."""
        if len(stamp) == 0:  # never: the stamp enters the cache key
            return
        samples, n = clout.shape
        u_i = np.empty(n)  # third party k's utility of i's position, as i sees k
        pro = np.empty(n)  # third parties' votes for i
        con = np.empty(n)  # and for j
        for s in range(samples):
            for i in range(n):
                own = seen[s, i, i]
                for k in range(n):
                    u_i[k] = utility(dt[s, i, k], seen[s, i, k])
                for j in range(n):
                    u_ij = utility(dt[s, j, i], own)  # i's utility of j's position
                    u_ji = utility(dt[s, i, j], seen[s, i, j])  # j's of i's, as i sees j
                    v_i = vote(rule, clout[s, i], 1.0 - u_ij)
                    v_j = vote(rule, clout[s, j], u_ji - 1.0)
                    for_i = _MIN_CONTEST + max(v_i, 0.0) + max(v_j, 0.0)
                    for_j = _MIN_CONTEST + max(-v_i, 0.0) + max(-v_j, 0.0)
                    for k in range(n):
                        u_j = utility(dt[s, j, k], seen[s, i, k])
                        lean = vote(rule, clout[s, k], u_i[k] - u_j)
                        side_i = for_i + max(lean, 0.0)
                        total = side_i + for_j + max(-lean, 0.0)
                        p_in = side_i / total
                        p_jn = 1.0 - p_in
                        # utility sums after each outcome, as in :func:`.turn._odds`
                        if commit == FULL:
                            ik_j, j_ik, i_jk, jk_i = 3 * u_i[k], 3 * u_j, 3 * u_i[k], 3 * u_j
                        elif commit == SEMI:
                            ik_j, j_ik = 2 * u_i[k] + 1, 3 * u_j
                            i_jk, jk_i = 3 * u_i[k], 2 * u_j + 1
                        else:
                            ik_j, j_ik = 2 * u_i[k] + 1, 2 * u_j + 1
                            i_jk, jk_i = 2 * u_i[k] + 1, 2 * u_j + 1
                        with_i = p_in * ik_j + p_jn * j_ik
                        with_j = p_in * i_jk + p_jn * jk_i
                        v = vote(rule, clout[s, k], with_i - with_j)
                        if not active[s, k] or k in (i, j):
                            v = 0.0
                        pro[k] = max(v, 0.0)
                        con[k] = max(-v, 0.0)
                    for_i = for_i + pairwise_sum(pro, n)
                    for_j = for_j + pairwise_sum(con, n)
                    p_ij = for_i / (for_i + for_j)
                    s_j = attention[s, j]
                    challenge = (1 - s_j) * 2.0 + s_j * (p_ij * 2.0 + (1 - p_ij) * 2.0 * u_ij)
                    p_out[s, i, j] = p_ij
                    gain_out[s, i, j] = challenge - (1.0 + u_ij)

    @njit
    def coalitions(u: Any, w: Any, rule: int, out: Any) -> None:
        """:func:`.elements._coalitions`: ``out[s, m, n]`` from utilities ``u[s, voter, m]``
        and weights ``w[s, voter]``, the votes added voter by voter."""
        if len(stamp) == 0:  # never: the stamp enters the cache key
            return
        samples, voters, m = u.shape
        for s in range(samples):
            total = out[s]
            total[:, :] = 0.0
            for k in range(voters):
                w_k = w[s, k]
                for a in range(m):
                    u_a = u[s, k, a]
                    for b in range(m):
                        du = u_a - u[s, k, b]
                        # below the noise no vote (adding 0 changes no sum)
                        if du >= _UTILITY_NOISE:
                            total[a, b] += max(vote(rule, w_k, du), 0.0)
            for a in range(m):
                for b in range(m):
                    total[a, b] = _MIN_COALITION + total[a, b]

    return contests, coalitions


STAMP = stamp(params)

contests_kernel, coalitions_kernel = _steps_for(STAMP)


@njit
def representatives_kernel(same: Any, active: Any, out: Any) -> None:
    """The loop of :func:`.state._win_chances`: ``out[s, m]`` is the first earlier actor
    that stands for itself and whose position is the same option as ``m``'s
    (``same[s, m, q]``), else ``m`` when active, else -1."""
    samples, n = active.shape
    for s in range(samples):
        for m in range(n):
            rep = m if active[s, m] else -1
            for q in range(m):
                if same[s, m, q] and out[s, q] == q:
                    rep = q
                    break
            out[s, m] = rep
