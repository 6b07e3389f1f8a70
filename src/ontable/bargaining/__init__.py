"""Bargaining over packages: package spaces, bargaining solutions, the Pareto frontier,
trade-offs, alternating offers, time-based concession and export to NegMAS.

One face over small modules: build a :class:`BargainingProblem` from a case with
:func:`bargaining_problem`, then ask for its :func:`pareto_frontier`, a solution
(:func:`solve`), its :func:`tradeoffs`, :func:`alternating_offers` or a
:func:`concession_simulation`; :func:`bargaining_summary` gathers what a report needs.
"""

from ontable.bargaining.alternating import (
    AlternatingResult,
    BatnaChange,
    alternating_offers,
    mediator_move,
    rubinstein_shares,
)
from ontable.bargaining.concession import (
    TACTICS,
    ConcessionResult,
    aspiration,
    concession_simulation,
)
from ontable.bargaining.interop import to_negmas
from ontable.bargaining.package import Agreement, Package
from ontable.bargaining.pareto import Frontier, nondominated, pareto_frontier
from ontable.bargaining.programme import optimise
from ontable.bargaining.solutions import METHODS, SOLUTIONS, nash_weights, solve
from ontable.bargaining.space import (
    DEFAULT_LEVELS,
    BargainingProblem,
    PackageSpace,
    bargaining_problem,
    negotiating_parties,
    package_space,
    parties_with_a_say,
)
from ontable.bargaining.summary import BargainingSummary, bargaining_summary
from ontable.bargaining.tradeoffs import Tradeoff, Tradeoffs, tradeoffs

__all__ = [
    "DEFAULT_LEVELS",
    "METHODS",
    "SOLUTIONS",
    "TACTICS",
    "Agreement",
    "AlternatingResult",
    "BargainingProblem",
    "BargainingSummary",
    "BatnaChange",
    "ConcessionResult",
    "Frontier",
    "Package",
    "PackageSpace",
    "Tradeoff",
    "Tradeoffs",
    "alternating_offers",
    "aspiration",
    "bargaining_problem",
    "bargaining_summary",
    "concession_simulation",
    "mediator_move",
    "nash_weights",
    "negotiating_parties",
    "nondominated",
    "optimise",
    "package_space",
    "pareto_frontier",
    "parties_with_a_say",
    "rubinstein_shares",
    "solve",
    "to_negmas",
    "tradeoffs",
]
