"""A report-ready summary of a case's bargaining: the zone of agreement, the Nash package, and
how that package moves when one party's BATNA or patience changes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ontable.bargaining.package import Agreement
from ontable.bargaining.pareto import Frontier, pareto_frontier
from ontable.bargaining.programme import Programme, best_for
from ontable.bargaining.solutions import SOLUTIONS, WeightRule, nash_weights, solve
from ontable.bargaining.space import (
    DEFAULT_LEVELS,
    BargainingProblem,
    bargaining_problem,
    parties_with_a_say,
)
from ontable.model import Case, Scenario
from ontable.utility import LossForm

MAX_DELTA = 0.999
SENSITIVITY_GAP = 1e-4
"""Certified gap of the Nash package re-solved for each row of the sensitivity table."""
MOVED = 0.5
"""An issue counts as moved when its position changes by more than this (0–100 scale)."""


@dataclass(frozen=True)
class Reach:
    """Whether a party's BATNA is within reach.

    ``best`` is the most the party can get while every other party gets at least its BATNA
    (None when the others cannot all be satisfied at once); ``best_alone`` the most it can get
    at all; ``shortfall`` how far ``best`` falls below its BATNA (≤ 0: within reach).
    """

    party: str
    batna: float
    best: float | None
    best_alone: float

    @property
    def shortfall(self) -> float | None:
        return None if self.best is None else self.batna - self.best

    @property
    def within_reach(self) -> bool:
        return self.best is not None and self.best >= self.batna - 1e-12

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "party": self.party,
            "batna": self.batna,
            "best": self.best,
            "best_alone": self.best_alone,
            "shortfall": self.shortfall,
            "within_reach": self.within_reach,
        }


@dataclass(frozen=True)
class Sensitivity:
    """The Nash package after one change (``parameter`` of ``party`` from ``before`` to
    ``after``); ``moved`` lists the issues whose position differs from the base package."""

    party: str | None
    parameter: Literal["base", "batna", "patience"]
    before: float | None
    after: float | None
    agreement: bool
    package: dict[str, str]
    positions: tuple[float, ...]
    utilities: tuple[float, ...]
    moved: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "party": self.party,
            "parameter": self.parameter,
            "before": self.before,
            "after": self.after,
            "agreement": self.agreement,
            "package": dict(self.package),
            "positions": list(self.positions),
            "utilities": list(self.utilities),
            "moved": list(self.moved),
        }


@dataclass(frozen=True)
class BargainingSummary:
    """Zone of agreement, Nash package and its sensitivity for one case (see
    :func:`bargaining_summary`)."""

    case_id: str
    party_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    packages: int
    frontier_size: int | None
    batna: tuple[float, ...]
    weights: WeightRule
    zopa_size: int | None
    zopa: tuple[dict[str, Any], ...]
    reach: tuple[Reach, ...]
    nash: Agreement | None
    sensitivity: tuple[Sensitivity, ...]
    solutions: tuple[Agreement, ...] = ()

    @property
    def agreement_possible(self) -> bool:
        """Whether some package beats every party's BATNA."""
        return self.nash is not None

    @property
    def out_of_reach(self) -> tuple[str, ...]:
        """Parties whose BATNA no package reaches while the others get theirs."""
        return tuple(r.party for r in self.reach if r.best is not None and not r.within_reach)

    @property
    def explanation(self) -> str:
        """One sentence on the zone of agreement, for a report."""
        if self.agreement_possible:
            if self.zopa_size is None:
                return (
                    f"Packages exist that beat every party's BATNA ({len(self.party_ids)} "
                    f"parties over {len(self.issue_ids)} issues); the table lists the ones "
                    "each bargaining solution picks."
                )
            return (
                f"{self.zopa_size} Pareto-optimal package(s) beat every party's BATNA "
                f"(of {self.packages:,} packages on the grid)."
            )
        if self.out_of_reach:
            parts = [
                f"{r.party} (BATNA {r.batna:.2f}, best {r.best:.2f})"
                for r in self.reach
                if r.party in self.out_of_reach
            ]
            return (
                "No package beats every BATNA: with the others at their BATNAs, the best left "
                "for " + "; ".join(parts) + " is below its BATNA."
            )
        return "No package beats every BATNA: no package satisfies all but any one party."

    def to_frame(self) -> pd.DataFrame:
        """The sensitivity table: one row per change, one column per issue, then utilities."""
        rows = []
        for s in self.sensitivity:
            row: dict[str, Any] = {
                "party": s.party or "",
                "parameter": s.parameter,
                "before": s.before,
                "after": s.after,
                "agreement": s.agreement,
            }
            row.update({issue: s.package.get(issue, "") for issue in self.issue_ids})
            row.update({f"u_{p}": u for p, u in zip(self.party_ids, s.utilities, strict=False)})
            row["moved"] = ", ".join(s.moved)
            rows.append(row)
        return pd.DataFrame(rows)

    def zopa_frame(self) -> pd.DataFrame:
        """The listed packages that beat every BATNA: labels, then each party's utility."""
        return pd.DataFrame(list(self.zopa))

    def reach_frame(self) -> pd.DataFrame:
        """One row per party: BATNA, best attainable with the others satisfied, shortfall."""
        return pd.DataFrame([r.to_dict() for r in self.reach])

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "case_id": self.case_id,
            "party_ids": list(self.party_ids),
            "issue_ids": list(self.issue_ids),
            "packages": self.packages,
            "frontier_size": self.frontier_size,
            "batna": list(self.batna),
            "weights": self.weights,
            "agreement_possible": self.agreement_possible,
            "zopa_size": self.zopa_size,
            "zopa": [dict(z) for z in self.zopa],
            "reach": [r.to_dict() for r in self.reach],
            "out_of_reach": list(self.out_of_reach),
            "explanation": self.explanation,
            "nash": None if self.nash is None else self.nash.to_dict(),
            "solutions": [s.to_dict() for s in self.solutions],
            "sensitivity": [s.to_dict() for s in self.sensitivity],
        }


def reach(problem: BargainingProblem) -> tuple[Reach, ...]:
    """Per party, the most it can get while every other party gets its BATNA, and at all
    (solved as programmes over the problem's space, continuous issues continuous)."""
    d = problem.disagreement
    out = []
    for a, party in enumerate(problem.party_ids):
        prog = Programme(problem)
        best = best_for(prog, a)
        alone = best_for(prog, a, others_rational=False)
        out.append(Reach(party, float(d[a]), best, float(alone if alone is not None else 1.0)))
    return tuple(out)


def _nash_row(
    problem: BargainingProblem,
    rule: WeightRule,
    base: Agreement | None,
    *,
    party: str | None,
    parameter: Literal["base", "batna", "patience"],
    before: float | None,
    after: float | None,
) -> Sensitivity:
    # a sensitivity row needs the package to about a tenth of a point, not the base's precision
    found = solve(problem, "nash", weights=rule, near=base, tol=SENSITIVITY_GAP if base else 1e-6)
    if found is None:
        return Sensitivity(party, parameter, before, after, False, {}, (), (), ())
    pos = found.positions
    moved = (
        ()
        if base is None
        else tuple(
            i
            for i, p, q in zip(problem.space.issue_ids, pos, base.positions, strict=True)
            if abs(p - q) > MOVED
        )
    )
    return Sensitivity(
        party,
        parameter,
        before,
        after,
        True,
        dict(found.labels),
        tuple(float(x) for x in pos),
        tuple(float(x) for x in found.utilities),
        moved,
    )


def _listed_frontier(problem: BargainingProblem) -> Frontier | None:
    """The exact frontier when every issue is discrete and it fits, else None."""
    if any(problem.space.continuous):
        return None
    try:
        return pareto_frontier(problem)
    except ValueError:
        return None


def bargaining_summary(
    case: Case,
    parties: Sequence[str] | None = None,
    *,
    levels: int = DEFAULT_LEVELS,
    form: LossForm = "linear",
    scenario: str | Scenario | None = None,
    weights: WeightRule | Literal["auto"] = "auto",
    batna_step: float = 0.1,
    patience_step: float = 0.05,
    limit: int = 10,
) -> BargainingSummary:
    """Which packages beat every BATNA, the Nash package, and its sensitivity.

    Parameters
    ----------
    case
        The case.
    parties
        Parties bargaining (default: every party with a say, :func:`parties_with_a_say`).
    levels, form, scenario
        As for :func:`~ontable.bargaining.space.bargaining_problem`.
    weights
        Nash exponents: ``"equal"``, ``"capability"``, ``"patience"`` (the limit of
        alternating offers, Binmore, Rubinstein & Wolinsky 1986), or ``"auto"``: patience
        when every party has one, else equal.
    batna_step, patience_step
        Each party's BATNA and (with patience weights) patience are moved down and up by
        these steps, one at a time, for the sensitivity table.
    limit
        Packages that beat every BATNA to list (highest Nash product first).
    """
    chosen = parties_with_a_say(case) if parties is None else parties
    problem = bargaining_problem(case, chosen, levels=levels, form=form, scenario=scenario)
    rule: WeightRule
    if weights == "auto":
        rule = "equal" if np.isnan(problem.patience).any() else "patience"
    else:
        rule = weights
    d = problem.disagreement
    frontier = _listed_frontier(problem)
    nash = solve(problem, "nash", weights=rule, frontier=frontier)
    solutions = tuple(
        s
        for s in (
            nash if name == "nash" else solve(problem, name, frontier=frontier)
            for name in SOLUTIONS
        )
        if s is not None
    )
    zopa: list[dict[str, Any]] = []
    if frontier is not None:
        rational = frontier.rational()
        if len(rational):
            beta = nash_weights(problem, rule)
            with np.errstate(divide="ignore"):
                score = np.log(np.clip(rational.utilities - d, 0.0, None)) @ beta
            for k in np.argsort(-score, kind="stable")[:limit]:
                row: dict[str, Any] = dict(rational.labels(int(k)))
                row.update(
                    {
                        f"u_{p}": float(u)
                        for p, u in zip(problem.party_ids, rational.utilities[k], strict=True)
                    }
                )
                zopa.append(row)
    else:
        for s in solutions:
            row = {"solution": s.solution, **s.labels}
            row.update({f"u_{p}": float(u) for p, u in zip(s.party_ids, s.utilities, strict=True)})
            zopa.append(row)
    base = _nash_row(problem, rule, None, party=None, parameter="base", before=None, after=None)
    rows = [base]
    for a, party in enumerate(problem.party_ids):
        old = float(d[a])
        for new in (old - batna_step, old + batna_step):
            new = float(np.clip(new, 0.0, 1.0))
            if math.isclose(new, old):
                continue
            rows.append(
                _nash_row(
                    problem.with_batna(party, new),
                    rule,
                    nash,
                    party=party,
                    parameter="batna",
                    before=old,
                    after=new,
                )
            )
        if rule == "patience":
            old = float(problem.patience[a])
            for new in (old - patience_step, old + patience_step):
                new = float(np.clip(new, 0.0, MAX_DELTA))
                if math.isclose(new, old):
                    continue
                rows.append(
                    _nash_row(
                        problem.with_patience(party, new),
                        rule,
                        nash,
                        party=party,
                        parameter="patience",
                        before=old,
                        after=new,
                    )
                )
    return BargainingSummary(
        case_id=case.id,
        party_ids=problem.party_ids,
        issue_ids=problem.space.issue_ids,
        packages=problem.space.size,
        frontier_size=None if frontier is None else len(frontier),
        batna=tuple(float(x) for x in d),
        weights=rule,
        zopa_size=None if frontier is None else len(frontier.rational()),
        zopa=tuple(zopa),
        reach=reach(problem),
        nash=nash,
        sensitivity=tuple(rows),
        solutions=solutions,
    )
