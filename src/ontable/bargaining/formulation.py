"""The programme of one bargaining problem: its variables, utility rows and solver call.

Utilities are additive over issues (:mod:`ontable.utility`), so every party's utility is an
affine function of a few linear variables:

- a *continuous* issue ``i`` (no named options) is a variable ``x_i ∈ [0, 100]``; party
  ``a``'s loss on it is a variable ``e_ai`` held above the loss ``ℓ(|x_i − p_ai| / 100)``
  (for the linear loss two inequalities make this exact; for the quadratic loss tangent lines,
  added where the solver lands, approximate the parabola from below);
- a *discrete* issue (named options, or a grid) is a choice of one level, ``y_ik ∈ {0, 1}``
  with ``Σ_k y_ik = 1``, whose losses are known per level.

Then ``u_a = 1 − Σ_i w_ai e_ai − Σ_i Σ_k w_ai ℓ_aik y_ik``.
:class:`Programme` builds these rows once per problem and solves any linear cost over them
with HiGHS through :func:`scipy.optimize.milp`; the solutions built on it are in
:mod:`ontable.bargaining.programme`.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from ontable.bargaining.space import BargainingProblem
from ontable.model.arrays import FloatArray
from ontable.utility import issue_loss, salience_weights

GAP_TOLERANCE = 1e-6
"""Default target for the certified gap of the cutting-plane loops."""
MAX_ITERATIONS = 200
"""Cutting-plane rounds before a loop stops and reports the gap it has reached."""
_FEAS = 1e-9
_QUAD_CUTS = (-1.0, -0.5, -0.2, 0.0, 0.2, 0.5, 1.0)


_SOLVER_LOCK = threading.Lock()


@contextlib.contextmanager
def _solver_quiet() -> Iterator[None]:
    """Keep the solver library's diagnostic lines (written straight to file descriptor 1 by
    its C++ code, whatever its display option says) out of the program's standard output,
    where they would corrupt ``--json`` output."""
    with _SOLVER_LOCK:
        try:
            fd = sys.stdout.fileno()
        except (AttributeError, OSError, ValueError):  # no real descriptor: nothing to guard
            yield
            return
        sys.stdout.flush()
        saved = os.dup(fd)
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), fd)
            yield
        finally:
            os.dup2(saved, fd)
            os.close(saved)


@dataclass(frozen=True)
class ProgrammeResult:
    """A package found by a programme: positions per issue, the level chosen on each discrete
    issue (−1 on a continuous one), each party's utility, the objective's bounds and gap."""

    positions: FloatArray
    choices: tuple[int, ...]
    utilities: FloatArray
    lower: float
    upper: float
    gap: float
    iterations: int
    method: str


@dataclass
class _Rows:
    """Sparse inequality rows ``A v ≤ b`` (and equalities ``A v = b``) built up in lists."""

    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)

    def add(self, entries: dict[int, float], lo: float, hi: float) -> None:
        r = len(self.lower)
        for c, v in entries.items():
            if v != 0.0:
                self.rows.append(r)
                self.cols.append(c)
                self.vals.append(float(v))
        self.lower.append(lo)
        self.upper.append(hi)

    def extend(self, other: _Rows) -> _Rows:
        out = _Rows(
            list(self.rows), list(self.cols), list(self.vals), list(self.lower), list(self.upper)
        )
        base = len(self.lower)
        out.rows.extend(r + base for r in other.rows)
        out.cols.extend(other.cols)
        out.vals.extend(other.vals)
        out.lower.extend(other.lower)
        out.upper.extend(other.upper)
        return out

    def constraint(self, n_vars: int) -> LinearConstraint:
        a = coo_array((self.vals, (self.rows, self.cols)), shape=(len(self.lower), n_vars)).tocsr()
        return LinearConstraint(a, np.asarray(self.lower), np.asarray(self.upper))


class Programme:
    """The variables and utility rows of one bargaining problem, shared by every solution.

    Parameters
    ----------
    problem
        The bargaining problem; ``problem.space.continuous`` says which issues are continuous.
    """

    def __init__(self, problem: BargainingProblem) -> None:
        self.problem = problem
        space = problem.space
        n, m = len(problem.party_ids), len(space.issue_ids)
        self.n = n
        self.weights = salience_weights(problem.saliences)
        self.d = problem.disagreement
        self.quadratic = problem.form == "quadratic"
        col = 0
        self.x_col: dict[int, int] = {}
        self.y_cols: dict[int, list[int]] = {}
        for i in range(m):
            if space.continuous[i]:
                self.x_col[i] = col
                col += 1
            else:
                self.y_cols[i] = list(range(col, col + len(space.levels[i])))
                col += len(space.levels[i])
        self.e_col: dict[tuple[int, int], int] = {}
        for i in self.x_col:
            for a in range(n):
                if self.weights[a, i] > 0:
                    self.e_col[(a, i)] = col
                    col += 1
        self.n_base = col
        # utility rows: u_a = 1 − C[a] · v
        c_rows: list[dict[int, float]] = [{} for _ in range(n)]
        for (a, i), c in self.e_col.items():
            c_rows[a][c] = float(self.weights[a, i])
        for i, cols in self.y_cols.items():
            lv = np.asarray(space.levels[i], dtype=float)
            loss = issue_loss(lv[None, :] - problem.ideals[:, i, None], problem.form)
            for a in range(n):
                if self.weights[a, i] > 0:
                    for k, c in enumerate(cols):
                        c_rows[a][c] = float(self.weights[a, i] * loss[a, k])
        self.c_rows = c_rows
        self.base = _Rows()
        for cols in self.y_cols.values():
            self.base.add(dict.fromkeys(cols, 1.0), 1.0, 1.0)
        for (a, i), c in self.e_col.items():
            p = float(problem.ideals[a, i]) / 100.0
            if self.quadratic:
                for t in _QUAD_CUTS:
                    self._quad_cut(self.base, a, i, c, t)
            else:  # e ≥ |x/100 − p|
                self.base.add({c: -1.0, self.x_col[i]: 0.01}, -np.inf, p)
                self.base.add({c: -1.0, self.x_col[i]: -0.01}, -np.inf, -p)

    def _quad_cut(self, rows: _Rows, a: int, i: int, c: int, t: float) -> None:
        """Tangent of ``(x/100 − p)²`` at distance ``t``: ``e ≥ 2t(x/100 − p) − t²``."""
        p = float(self.problem.ideals[a, i]) / 100.0
        rows.add({c: -1.0, self.x_col[i]: 0.02 * t}, -np.inf, t * t + 2.0 * t * p)

    def add_quadratic_cuts(self, positions: FloatArray, v: FloatArray) -> None:
        """Tangents of each quadratic loss at the distances of a package, where the
        relaxation ``v`` underestimates the loss there (tightens the relaxation)."""
        if not self.quadratic:
            return
        for (a, i), c in self.e_col.items():
            t = float(positions[i] - self.problem.ideals[a, i]) / 100.0
            if t * t - v[c] > 1e-9:
                self._quad_cut(self.base, a, i, c, t)

    def utility_entries(self, a: int, scale: float = 1.0, offset: int = 0) -> dict[int, float]:
        """``scale × C[a]`` as sparse entries (so ``u_a = 1 − C[a]·v``)."""
        return {c + offset: scale * v for c, v in self.c_rows[a].items()}

    def rational_rows(self, except_party: int | None = None) -> _Rows:
        """``u_b ≥ d_b`` for every party (but ``except_party``)."""
        rows = _Rows()
        for b in range(self.n):
            if b != except_party:
                rows.add(self.utility_entries(b), -np.inf, 1.0 - float(self.d[b]))
        return rows

    def integrality(self, extra: int) -> FloatArray:
        out = np.zeros(self.n_base + extra)
        for cols in self.y_cols.values():
            out[cols] = 1
        return out

    def bounds(self, extra_lo: list[float], extra_hi: list[float]) -> Bounds:
        lo = np.zeros(self.n_base)
        hi = np.full(self.n_base, np.inf)
        for c in self.x_col.values():
            hi[c] = 100.0
        for cols in self.y_cols.values():
            hi[cols] = 1.0
        return Bounds(np.concatenate([lo, extra_lo]), np.concatenate([hi, extra_hi]))

    def decode(self, v: FloatArray) -> tuple[FloatArray, tuple[int, ...]]:
        """A solution vector → positions per issue and the level chosen per discrete issue."""
        space = self.problem.space
        m = len(space.issue_ids)
        pos = np.empty(m)
        choice: list[int] = []
        for i in range(m):
            if i in self.x_col:
                pos[i] = float(np.clip(v[self.x_col[i]], 0.0, 100.0))
                choice.append(-1)
            else:
                k = int(np.argmax(v[self.y_cols[i]]))
                pos[i] = float(space.levels[i][k])
                choice.append(k)
        return pos, tuple(choice)

    def solve(
        self,
        cost: dict[int, float],
        rows: _Rows,
        extra_lo: list[float],
        extra_hi: list[float],
        *,
        cost_extra: dict[int, float] | None = None,
    ) -> tuple[FloatArray, float] | None:
        """Minimise ``cost · v`` over the base rows plus ``rows``; None when infeasible."""
        n_vars = self.n_base + len(extra_lo)
        c = np.zeros(n_vars)
        for k, v in {**cost, **(cost_extra or {})}.items():
            c[k] += v
        all_rows = self.base.extend(rows)
        with _solver_quiet():
            res = milp(
                c,
                integrality=self.integrality(len(extra_lo)),
                bounds=self.bounds(extra_lo, extra_hi),
                constraints=all_rows.constraint(n_vars) if all_rows.lower else None,
                options={"mip_rel_gap": 1e-9, "presolve": True},
            )
        if res.x is None or res.status not in (0,):
            if res.status == 2:  # infeasible
                return None
            if res.x is None:
                raise RuntimeError(f"the bargaining programme failed: {res.message}")
        return np.asarray(res.x, dtype=float), float(res.fun)

    def true_utilities(self, positions: FloatArray) -> FloatArray:
        return np.asarray(self.problem.utilities(positions), dtype=float)

    def rational(self, u: FloatArray) -> bool:
        return bool((u >= self.d - 1e-9).all())


def best_for(programme: Programme, party: int, *, others_rational: bool = True) -> float | None:
    """The most ``party`` can get (its utility) while every other party beats its BATNA
    (``others_rational``), or at all; None when the others cannot all be satisfied."""
    rows = programme.rational_rows(except_party=party) if others_rational else _Rows()
    best = -math.inf
    for _ in range(MAX_ITERATIONS):
        out = programme.solve(programme.utility_entries(party), rows, [], [])
        if out is None:
            return None
        v, fun = out
        pos, _ = programme.decode(v)
        u = programme.true_utilities(pos)
        upper = 1.0 - fun
        if not others_rational or programme.rational(u) or not programme.quadratic:
            best = max(best, float(u[party]))
        if not programme.quadratic or upper - best <= GAP_TOLERANCE:
            break
        programme.add_quadratic_cuts(pos, v)
    return best if math.isfinite(best) else None
