"""Bargaining solutions at full size: each solution as a mathematical programme.

Every party's utility is affine in a few linear variables (set out in
:mod:`ontable.bargaining.formulation`), so each solution is a linear or mixed-integer
programme (solved with HiGHS through :func:`scipy.optimize.milp`):

- utilitarian: maximise ``Σ_a u_a`` subject to ``u_a ≥ d_a`` (every party beats its BATNA);
- egalitarian (Kalai 1977): maximise ``t`` subject to ``u_a − d_a ≥ t``;
- Kalai–Smorodinsky (1975): maximise ``t`` subject to ``u_a − d_a ≥ t (ū_a − d_a)``, where
  ``ū_a`` is the most party ``a`` can get while every other party beats its BATNA (one
  programme per party);
- Nash (1950): maximise ``Σ_a β_a log(u_a − d_a)``, a concave objective over a convex set,
  solved by Kelley's (1960) cutting-plane method: ``log`` is replaced by the minimum of its
  tangent lines, which lies above it, so each programme's optimum is an upper bound on the
  true optimum, and the true objective at the programme's package is a lower bound. Tangents
  are added at each new package until the two bounds meet within a tolerance.

Ties in egalitarian and Kalai–Smorodinsky are broken, as on the frontier, toward the larger
total utility (a second programme with the first optimum held).

Every answer carries a *certified gap*: for Nash, ``1 − exp(lower − upper)``, the largest
share of the optimal Nash product the returned package can miss; for the other solutions,
the most the optimal objective (in utility, 0–1) can exceed the returned package's. With the
linear loss and no quadratic cuts the utilitarian, egalitarian and Kalai–Smorodinsky answers
are exact (gap 0 up to the solver's tolerance).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import replace

import numpy as np

from ontable.bargaining.formulation import (
    GAP_TOLERANCE,
    MAX_ITERATIONS,
    Programme,
    ProgrammeResult,
    _Rows,
    best_for,
)
from ontable.bargaining.space import BargainingProblem
from ontable.model.arrays import FloatArray

STALL = 3
"""Rounds without a better bound after which a loop stops (the solver's own tolerance has
been reached) and reports the gap it has."""
_LOG_CUTS = (1e-4, 1e-3, 1e-2, 0.03, 0.1, 0.3, 1.0)


def _objective_value(
    solution: str, u: FloatArray, d: FloatArray, beta: FloatArray, room: FloatArray | None
) -> float:
    gain = u - d
    if solution == "utilitarian":
        return float(u.sum())
    if solution == "egalitarian":
        return float(gain.min())
    if solution == "ks":
        assert room is not None
        live = room > 1e-12
        return float((gain[live] / room[live]).min()) if live.any() else 1.0
    live = beta > 0
    if (gain[live] <= 0).any():
        return -math.inf
    return float(beta[live] @ np.log(gain[live]))


_MEMO_SIZE = 32
_memo: OrderedDict[tuple[object, ...], ProgrammeResult | None] = OrderedDict()
_memo_lock = threading.Lock()


def forget_answers() -> None:
    """Drop the kept answers, so the next request is solved again (for timing the solver)."""
    with _memo_lock:
        _memo.clear()


def _memo_key(
    problem: BargainingProblem,
    solution: str,
    beta: FloatArray,
    tol: float,
    max_iterations: int,
    near: FloatArray | None,
) -> tuple[object, ...]:
    """Everything :func:`optimise`'s answer depends on, as a hashable value."""

    def raw(a: FloatArray | None) -> object:
        return None if a is None else (np.shape(a), np.asarray(a, dtype=float).tobytes())

    arrays = (
        problem.ideals,
        problem.saliences,
        problem.capabilities,
        problem.batna,
        problem.patience,
        problem.status_quo,
    )
    return (
        problem.space,
        problem.party_ids,
        problem.form,
        *(raw(a) for a in arrays),
        solution,
        raw(beta),
        tol,
        max_iterations,
        raw(near),
    )


def optimise(
    problem: BargainingProblem,
    solution: str,
    beta: FloatArray,
    *,
    tol: float = GAP_TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
    near: FloatArray | None = None,
) -> ProgrammeResult | None:
    """The package a bargaining solution picks over the problem's space (continuous issues as
    continuous), with its certified gap; None when no package beats every BATNA.

    Parameters
    ----------
    problem
        The bargaining problem.
    solution
        ``"nash"``, ``"ks"``, ``"utilitarian"`` or ``"egalitarian"``.
    beta
        Nash exponents, one per party (summing to 1).
    tol
        Target certified gap for the cutting-plane loops.
    max_iterations
        Cutting-plane rounds at most; the gap reached is reported either way.
    near
        Utilities ``(parties,)`` of a package expected near the answer (e.g. the answer to a
        slightly different problem): Nash tangents start there, which saves rounds. It
        changes only the path to the answer, never its certificate.

    The answers to the last few questions are kept: asking the same one again (a report
    asks for the Nash package of the same problem in two places) returns the kept answer.
    """
    key = _memo_key(problem, solution, beta, tol, max_iterations, near)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _copied(_memo[key])
    found = _optimise(problem, solution, beta, tol=tol, max_iterations=max_iterations, near=near)
    with _memo_lock:
        _memo[key] = _copied(found)
        while len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
    return found


def _copied(found: ProgrammeResult | None) -> ProgrammeResult | None:
    """A kept answer with arrays of its own (so no caller can change the kept one)."""
    if found is None:
        return None
    return replace(found, positions=found.positions.copy(), utilities=found.utilities.copy())


def _optimise(
    problem: BargainingProblem,
    solution: str,
    beta: FloatArray,
    *,
    tol: float,
    max_iterations: int,
    near: FloatArray | None,
) -> ProgrammeResult | None:
    """:func:`optimise` without the kept answers."""
    prog = Programme(problem)
    n = prog.n
    d = prog.d
    room: FloatArray | None = None
    if solution == "ks":
        best = [best_for(prog, a) for a in range(n)]
        if any(b is None for b in best):
            return None
        room = np.asarray(best, dtype=float) - d
    if solution == "nash":
        gaining = _gaining(prog, beta)
        if gaining is None:
            return None
        beta = gaining
        if beta.sum() <= 0:
            solution = "utilitarian"
    n_extra, extra_lo, extra_hi, rows, cost = _master(prog, solution, beta, room)
    cuts = _Rows()
    if solution == "nash" and near is not None:
        for a in range(n):
            if beta[a] > 0:
                g0 = max(float(near[a] - d[a]), 1e-6)
                for g in (0.8 * g0, g0, 1.25 * g0):
                    _log_cut(prog, cuts, a, n_extra, g)
    best_lower = -math.inf
    best_pos: FloatArray | None = None
    best_choice: tuple[int, ...] = ()
    upper = math.inf
    iterations = 0
    stalled = 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007 (reported below)
        out = prog.solve(cost, rows.extend(cuts), extra_lo, extra_hi)
        if out is None:
            return None
        v, fun = out
        bound = -fun + (n if solution == "utilitarian" else 0.0)
        lower_before, upper_before = best_lower, upper
        upper = min(upper, bound)
        pos, choice = prog.decode(v)
        u = prog.true_utilities(pos)
        if prog.rational(u):
            value = _objective_value(solution, u, d, beta, room)
            if value > best_lower:
                best_lower, best_pos, best_choice = value, pos, choice
        if best_pos is not None and _gap(solution, best_lower, upper) <= tol:
            break
        progress = best_lower > lower_before + 1e-12 or upper < upper_before - 1e-12
        stalled = 0 if progress else stalled + 1
        if stalled >= STALL:
            break
        prog.add_quadratic_cuts(pos, v)
        if solution == "nash":
            u_relaxed = 1.0 - np.array(
                [sum(prog.c_rows[a].get(c, 0.0) * v[c] for c in prog.c_rows[a]) for a in range(n)]
            )
            for a in range(n):
                if beta[a] > 0:
                    for g in {max(u_relaxed[a] - d[a], 1e-9), max(u[a] - d[a], 1e-9)}:
                        _log_cut(prog, cuts, a, n_extra, g)
        elif not prog.quadratic:
            break
    if best_pos is None:
        return None
    if solution in ("egalitarian", "ks") and not prog.quadratic:
        best_pos, best_choice = _tie_break(prog, rows, cost, extra_lo, extra_hi, best_lower)
    u = prog.true_utilities(best_pos)
    gap = max(0.0, _gap(solution, best_lower, upper))
    return ProgrammeResult(
        positions=best_pos,
        choices=best_choice,
        utilities=u,
        lower=best_lower,
        upper=upper,
        gap=gap,
        iterations=iterations,
        method="cutting-plane" if solution == "nash" or prog.quadratic else "programme",
    )


def _gaining(prog: Programme, beta: FloatArray) -> FloatArray | None:
    """Nash exponents with those of parties that cannot gain over their BATNA at all set to 0
    (their factor would be 0 for every package); None when no package is rational."""
    ranked = prog.solve({}, _egalitarian_rows(prog), [0.0], [1.0], cost_extra={prog.n_base: -1.0})
    if ranked is None:
        return None
    if ranked[1] < -1e-9:  # every party can gain at once
        return beta
    out = beta.copy()
    for a in range(prog.n):
        best = best_for(prog, a)
        if best is None:
            return None
        if best - prog.d[a] <= 1e-9:
            out[a] = 0.0
    return out


def _egalitarian_rows(prog: Programme) -> _Rows:
    rows = prog.rational_rows()
    for a in range(prog.n):
        entries = prog.utility_entries(a)
        entries[prog.n_base] = 1.0
        rows.add(entries, -np.inf, 1.0 - float(prog.d[a]))
    return rows


def _gap(solution: str, lower: float, upper: float) -> float:
    if not math.isfinite(lower):
        return math.inf
    if solution == "nash":
        return 1.0 - math.exp(min(0.0, lower - upper))
    return max(0.0, upper - lower)


def _master(
    prog: Programme, solution: str, beta: FloatArray, room: FloatArray | None
) -> tuple[int, list[float], list[float], _Rows, dict[int, float]]:
    """Extra variables, their bounds, rows and the cost of one solution's master programme."""
    n, base, d = prog.n, prog.n_base, prog.d
    rows = prog.rational_rows()
    if solution == "utilitarian":
        cost: dict[int, float] = {}
        for a in range(n):
            for c, v in prog.c_rows[a].items():
                cost[c] = cost.get(c, 0.0) + v
        return 0, [], [], rows, cost
    if solution in ("egalitarian", "ks"):
        t = base
        for a in range(n):
            scale = 1.0 if room is None else float(room[a])
            if room is not None and scale <= 1e-12:
                continue
            entries = prog.utility_entries(a)
            entries[t] = scale
            rows.add(entries, -np.inf, 1.0 - float(d[a]))
        return 1, [0.0], [1.0], rows, {t: -1.0}
    # nash: z_a per party, cut rows added by the loop; start with fixed tangents
    cost = {base + a: -float(beta[a]) for a in range(n) if beta[a] > 0}
    lo = [-50.0] * n  # log(gain) of any package worth keeping is far above this
    hi = [np.inf if beta[a] > 0 else 0.0 for a in range(n)]
    for a in range(n):
        if beta[a] > 0:
            for g in _LOG_CUTS:
                _log_cut(prog, rows, a, n, g)
    return n, lo, hi, rows, cost


def _log_cut(prog: Programme, rows: _Rows, a: int, n_extra: int, g: float) -> None:
    """``z_a ≤ log g + (u_a − d_a − g) / g``, with ``u_a = 1 − C[a]·v``."""
    entries = prog.utility_entries(a, scale=1.0 / g)
    entries[prog.n_base + a] = 1.0
    rows.add(entries, -np.inf, math.log(g) - 1.0 + (1.0 - float(prog.d[a])) / g)


def _tie_break(
    prog: Programme,
    rows: _Rows,
    cost: dict[int, float],
    extra_lo: list[float],
    extra_hi: list[float],
    value: float,
) -> tuple[FloatArray, tuple[int, ...]]:
    """Among packages within a hair of the optimum ``t``, the one with the largest total."""
    total: dict[int, float] = {}
    for a in range(prog.n):
        for c, v in prog.c_rows[a].items():
            total[c] = total.get(c, 0.0) + v
    held = list(extra_lo)
    held[0] = value - 1e-9 * max(1.0, abs(value))
    out = prog.solve(total, rows, held, extra_hi)
    assert out is not None  # the first stage's package is feasible here
    return prog.decode(out[0])


__all__ = ["GAP_TOLERANCE", "Programme", "ProgrammeResult", "best_for", "optimise"]
