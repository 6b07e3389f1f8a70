"""Bargaining solutions over a package space: Nash, Kalai–Smorodinsky, utilitarian, egalitarian.

Each solution picks one package among those that beat every party's BATNA (the disagreement
point ``d``):

- ``nash``: maximises the Nash product ``Π (u_a − d_a)^β_a`` (Nash 1950, "The bargaining
  problem", *Econometrica* 18; with unequal exponents the asymmetric solution of Kalai 1977,
  "Nonsymmetric Nash solutions and replications of 2-person bargaining", *Int. J. Game
  Theory* 6). Exponents are equal, proportional to capability, or follow patience as the
  limit of alternating offers (Binmore, Rubinstein & Wolinsky 1986, *RAND J. Econ.* 17:
  ``β_a ∝ 1 / −ln δ_a``).
- ``ks``: Kalai & Smorodinsky (1975, *Econometrica* 43): the largest equal share of each
  party's possible gain ``(u_a − d_a) / (ū_a − d_a)``, ``ū_a`` its best rational package.
- ``utilitarian``: the largest sum of utilities.
- ``egalitarian``: the largest equal gain over the BATNA (Kalai 1977, *Econometrica* 45).

Every one of these is Pareto optimal. On a package grid small enough to list its frontier it
is searched on the exact frontier (:mod:`ontable.bargaining.pareto`), ties going to the
package with the larger total; at any size, and with issues without named options treated as
continuous, it is solved as a mathematical programme with a certified gap
(:mod:`ontable.bargaining.programme`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from ontable.bargaining.package import Agreement
from ontable.bargaining.pareto import Frontier, pareto_frontier
from ontable.bargaining.programme import GAP_TOLERANCE, optimise
from ontable.bargaining.space import BargainingProblem
from ontable.model.arrays import FloatArray

VERSION = "1"

Solution = Literal["nash", "ks", "utilitarian", "egalitarian"]
SOLUTIONS: tuple[Solution, ...] = ("nash", "ks", "utilitarian", "egalitarian")

WeightRule = Literal["equal", "capability", "patience"]
WEIGHT_RULES: tuple[WeightRule, ...] = ("equal", "capability", "patience")

MAX_PATIENCE = 0.9999
"""Patience is capped here when turned into Nash weights (δ = 1 has an infinite weight)."""


def nash_weights(problem: BargainingProblem, rule: WeightRule | ArrayLike = "equal") -> FloatArray:
    """Exponents of the Nash product, summing to 1.

    Parameters
    ----------
    problem
        The bargaining problem.
    rule
        ``"equal"``; ``"capability"`` (proportional to clout); ``"patience"`` (``∝ 1/−ln δ``,
        Binmore, Rubinstein & Wolinsky 1986; needs every party's patience); or explicit
        non-negative weights, one per party.
    """
    n = len(problem.party_ids)
    if isinstance(rule, str):
        if rule == "equal":
            raw = np.ones(n)
        elif rule == "capability":
            raw = problem.capabilities.astype(float)
        elif rule == "patience":
            if np.isnan(problem.patience).any():
                missing = [
                    p
                    for p, d in zip(problem.party_ids, problem.patience, strict=True)
                    if np.isnan(d)
                ]
                raise ValueError(f"patience is unknown for: {', '.join(missing)}")
            delta = np.clip(problem.patience, 1e-9, MAX_PATIENCE)
            raw = 1.0 / -np.log(delta)
        else:
            raise ValueError(f"unknown weight rule {rule!r} (expected one of {WEIGHT_RULES})")
    else:
        raw = np.asarray(rule, dtype=float)
        if raw.shape != (n,) or (raw < 0).any():
            raise ValueError(f"weights must be {n} non-negative numbers")
    total = raw.sum()
    return raw / total if total > 0 else np.full(n, 1.0 / n)


def solution_index(
    utilities: FloatArray,
    disagreement: FloatArray,
    solution: Solution = "nash",
    weights: ArrayLike | None = None,
) -> int | None:
    """Row of ``utilities`` ``(packages, parties)`` chosen by ``solution``; None if no row
    beats every party's disagreement value.

    Rows are taken to be ordered by decreasing total (as a :class:`Frontier` is), so the first
    of tied rows has the larger total.
    """
    u = np.asarray(utilities, dtype=float)
    d = np.asarray(disagreement, dtype=float)
    gain = u - d
    rational = (gain >= -1e-12).all(axis=1)
    if not rational.any():
        return None
    gain = np.clip(gain, 0.0, None)
    if solution == "nash":
        beta = np.full(u.shape[1], 1.0 / u.shape[1]) if weights is None else np.asarray(weights)
        with np.errstate(divide="ignore"):
            score = np.where(beta > 0, np.log(gain), 0.0) @ beta
        if not np.isfinite(score[rational]).any():  # nobody gains strictly: fall back to sum
            score = u.sum(axis=1)
    elif solution == "ks":
        best = np.where(rational[:, None], u, -np.inf).max(axis=0)
        room = best - d
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(room > 1e-12, gain / np.where(room > 1e-12, room, 1.0), 1.0)
        score = share.min(axis=1)
    elif solution == "utilitarian":
        score = u.sum(axis=1)
    elif solution == "egalitarian":
        score = gain.min(axis=1)
    else:
        raise ValueError(f"unknown solution {solution!r} (expected one of {SOLUTIONS})")
    score = np.where(rational, score, -np.inf)
    top = score.max()
    # ties within rounding go to the first (largest total) row
    return int(np.flatnonzero(score >= top - 1e-12 * max(1.0, abs(top)))[0])


Method = Literal["auto", "frontier", "programme"]
METHODS: tuple[Method, ...] = ("auto", "frontier", "programme")


def solve(
    problem: BargainingProblem,
    solution: Solution = "nash",
    *,
    weights: WeightRule | Sequence[float] = "equal",
    frontier: Frontier | None = None,
    method: Method = "auto",
    tol: float = GAP_TOLERANCE,
    near: Agreement | None = None,
) -> Agreement | None:
    """The package a bargaining solution predicts, or None if no package beats every BATNA.

    Parameters
    ----------
    problem
        The bargaining problem (parties, package space, BATNAs).
    solution
        ``"nash"``, ``"ks"``, ``"utilitarian"`` or ``"egalitarian"`` (see the module notes).
    weights
        Nash exponents (:func:`nash_weights`); ignored by the other solutions.
    frontier
        The problem's frontier when already computed (implies ``method="frontier"``).
    method
        ``"frontier"``: search the exact Pareto frontier of the package grid (every issue
        discrete; refused when the frontier is too large); ``"programme"``: solve the
        solution as a linear / mixed-integer programme with continuous issues continuous
        (:mod:`ontable.bargaining.programme`), at any size, with a certified gap; ``"auto"``:
        the frontier when every issue is discrete and the frontier fits, else the programme.
    tol
        Target certified gap of the programme's cutting-plane loops.
    near
        The answer to a nearby problem (same parties), to start the programme's search from
        (:func:`~ontable.bargaining.programme.optimise`).

    Returns
    -------
    Agreement or None
        The package, each party's utility, BATNA, gain and Nash weight, and how it was found
        (``method``, ``gap``).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r} (expected one of {METHODS})")
    beta = nash_weights(problem, weights if isinstance(weights, str) else np.asarray(weights))
    d = problem.disagreement
    params: dict[str, Any] = {
        "solution": solution,
        "weights": weights if isinstance(weights, str) else [float(w) for w in weights],
        "form": problem.form,
    }
    use_frontier = frontier is not None or method == "frontier"
    if method == "auto" and frontier is None and not any(problem.space.continuous):
        try:
            frontier = pareto_frontier(problem)
            use_frontier = True
        except ValueError:  # too large to list: solve it as a programme
            use_frontier = False
    if use_frontier:
        front = frontier if frontier is not None else pareto_frontier(problem)
        k = solution_index(front.utilities, d, solution, beta)
        if k is None:
            return None
        return Agreement(
            solution=solution,
            party_ids=problem.party_ids,
            issue_ids=problem.space.issue_ids,
            positions=front.positions[k].copy(),
            labels=front.labels(k),
            utilities=front.utilities[k].copy(),
            batna=d.copy(),
            weights=beta,
            method="frontier",
            gap=0.0,
            params={**params, "levels": [len(lv) for lv in problem.space.levels]},
        )
    if solution not in SOLUTIONS:
        raise ValueError(f"unknown solution {solution!r} (expected one of {SOLUTIONS})")
    found = optimise(
        problem, solution, beta, tol=tol, near=None if near is None else near.utilities
    )
    if found is None:
        return None
    space = problem.space
    return Agreement(
        solution=solution,
        party_ids=problem.party_ids,
        issue_ids=space.issue_ids,
        positions=found.positions,
        labels={
            issue: space.label(i, float(found.positions[i]))
            for i, issue in enumerate(space.issue_ids)
        },
        utilities=found.utilities,
        batna=d.copy(),
        weights=beta,
        method=found.method,
        gap=found.gap,
        params={**params, "continuous": list(space.continuous), "iterations": found.iterations},
    )
