"""Per-pair formulas of the compiled BDM round (:mod:`.kernels`): powers, utilities and the
expected utility of a challenge (a target's best offer so far is in :mod:`._offers`). Scholz,
Calbert & Smith (2011), eqs. 15–25; the numpy versions are in :mod:`.utilities`."""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

import math
from typing import Any

import numba

njit = numba.njit(cache=True, nogil=True, error_model="numpy")
inline = numba.njit(cache=True, nogil=True, error_model="numpy", inline="always")
"""For a function taking arrays that is called once per pair: inlined by numba itself, so the
call neither passes every array's fields nor counts references to them. Division follows
numpy's rules (no test for a zero divisor, which would keep loops from being vectorised):
every division of the round has a divisor known to be positive."""


@inline
def clip01(base: float) -> float:
    return min(max(base, 0.0), 1.0)


@inline
def log0(c: float) -> float:
    """``log c`` for ``c`` in [0, 1] (``−inf`` at 0, so that ``power`` gives 0 there)."""
    return math.log(c) if c > 0.0 else -math.inf


NEAR = 1e-6
"""Below this distance (over the range) a pair takes ``pow`` as the numpy path does: actors
that converge leave positions a few units in the last place apart, and the sign of their
expected utilities, almost zero, then rests on the last bits of each power."""


@inline
def power(c: float, log_c: float, r: float, d: float) -> float:
    """``c^r`` for ``c`` in [0, 1] from ``log c``: ``exp(r·log c)``, one ``exp`` where
    ``pow`` would take a logarithm too (the logarithm is shared by every exponent a base
    meets); ``c`` itself when ``r`` is 1, and ``pow`` for pairs nearer than :data:`NEAR`."""
    if r == 1.0:
        return c
    if d < NEAR:
        return c**r
    return math.exp(r * log_c)


@inline
def combine(
    us: float,
    uf: float,
    usq: float,
    ub: float,
    uw: float,
    s_t: float,
    p: float,
    q: float,
    t: float,
) -> float:
    """Eq. 25 from the utilities of success, failure, status quo and (when ``q < 1``) of
    an unchallenged change for the better and for the worse, in :func:`.utilities._combine`'s
    order of operations."""
    eu = s_t * (uf + p * (us - uf)) + (1.0 - s_t) * us
    eu = eu - q * usq
    if q < 1.0:
        eu = eu - (1.0 - q) * (t * ub + (1.0 - t) * uw)
    return eu


@inline
def better(k1: float, k2: float, j: int, b1: float, b2: float, bj: int) -> bool:
    if bj < 0:
        return True
    if k1 != b1:
        return k1 < b1
    if k2 != b2:
        return k2 < b2
    return j < bj


def voter_row_for(neutral: bool) -> Any:
    """The compiled ``voter_row`` for risk-neutral voters (``neutral``) or with exponents."""

    @njit
    def voter_row(
        xk: float, wk: float, rk: float, xs: Any, on_s: Any, span: float, out: Any
    ) -> None:
        """``M[k, a] = w_k (|x_k − x_a|/R)^{r_k}`` for the voter at ``xk``, over actors in
        sorted order (``xs``, ``on_s``); 0 for inactive actors."""
        n = xs.shape[0]
        if neutral or rk == 1.0:
            for p in range(n):
                d = abs(xk - xs[p]) / span
                out[p] = wk * d if on_s[p] else 0.0
        else:
            for p in range(n):
                d = abs(xk - xs[p]) / span
                v = wk * math.exp(rk * math.log(d)) if d > 0.0 else 0.0
                out[p] = v if on_s[p] else 0.0

    return voter_row
