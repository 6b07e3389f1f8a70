"""The numba-compiled rounds behind :mod:`ontable.forecast.bdm.kernels` (imported only when
numba is installed): per row, the risk-neutral pass, the risk exponents and the pass with
them (:mod:`._sweep` for many actors, :mod:`._small` for a few; per-pair formulas in
:mod:`._pair`). Scholz, Calbert & Smith (2011); see :mod:`.kernels` for the method."""

# mypy: disable-error-code="misc,untyped-decorator"

from __future__ import annotations

from typing import Any

import numba
import numpy as np

from ontable.forecast.bdm import (
    _batch,
    _elementary,
    _groups,
    _offers,
    _pair,
    _plain,
    _printed,
    _small,
    _sweep,
)
from ontable.forecast.bdm._groups import FLOATS, INTS
from ontable.forecast.bdm._pair import njit
from ontable.forecast.bdm._small import SMALL, small_pass_for
from ontable.forecast.bdm._sweep import sweep_for
from ontable.forecast.compiled import stamp as _stamp

STAMP = _stamp(_batch, _elementary, _groups, _offers, _pair, _plain, _printed, _small, _sweep)

NEUTRAL_PASS = sweep_for(True, STAMP)
RISK_PASS = sweep_for(False, STAMP)
NEUTRAL_PASS_SMALL = small_pass_for(True, STAMP)
RISK_PASS_SMALL = small_pass_for(False, STAMP)


def _row_round_for(stamp: str) -> Any:
    """One round on one row (``stamp``: see :func:`_stamp`)."""

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
        sws: Any,
        siws: Any,
        out: Any,
    ) -> None:
        if len(stamp) == 0:
            return
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
            NEUTRAL_PASS(x, w, s, on, span, mu, order, r, published, q, t, sws, siws, exposure, out)
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
            RISK_PASS(x, w, s, on, span, mu, order, r, published, q, t, sws, siws, exposure, out)

    return row_round


ROW_ROUND = _row_round_for(STAMP)


def _chunk_for(stamp: str) -> Any:
    """One chunk of rows, with its own scratch arrays (``stamp``: see :func:`_stamp`)."""

    @njit
    def chunk_of_rows(
        c: int,
        chunks: int,
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
        out: Any,
    ) -> None:
        if len(stamp) == 0:
            return
        rows, n = x.shape
        ws = np.empty((15, n + 1))
        iws = np.empty((8, n + 1), dtype=np.int64)
        small = min(n, SMALL)
        mat = np.empty((4, small, small))
        big = n if n > SMALL else 0
        sws = np.empty((FLOATS, big + 1))
        siws = np.empty((INTS, big + 1), dtype=np.int64)
        for row in range(c * rows // chunks, (c + 1) * rows // chunks):
            ROW_ROUND(
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
                sws,
                siws,
                out[row],
            )

    return chunk_of_rows


CHUNK = _chunk_for(STAMP)


def _rounds_for(stamp: str) -> tuple[Any, Any]:
    """The parallel and the one-thread rounds over rows (``stamp``: see :func:`_stamp`).
    They call :data:`CHUNK` (and it :data:`ROW_ROUND`) as a global: a compiled function held
    in a closure would change numba's cache key from one process to the next."""

    @numba.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
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
        if len(stamp) == 0:
            return
        for c in numba.prange(chunks):
            CHUNK(c, chunks, x, w, s, on, span, mu, order, q, t, published, out)

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
        if len(stamp) == 0:
            return
        for c in range(chunks):
            CHUNK(c, chunks, x, w, s, on, span, mu, order, q, t, published, out)

    return rounds_kernel, rounds_serial


rounds_kernel, rounds_serial = _rounds_for(STAMP)
