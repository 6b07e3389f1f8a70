"""Parameters and variants of the BDM model (:mod:`ontable.forecast.bdm`).

The variants follow Scholz, Calbert and Smith (2011): their published program
(``"published-code"``) or their equations as printed (``"printed-equations"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PUBLISHED_CODE = "published-code"
PRINTED_EQUATIONS = "printed-equations"
VARIANTS = (PUBLISHED_CODE, PRINTED_EQUATIONS)
"""The named variants; the first is the default."""


@dataclass(frozen=True)
class BdmParams:
    """Parameters of the BDM model (Scholz et al. 2011 leave these open).

    Attributes
    ----------
    Q
        Probability that the status quo holds when ``i`` does not challenge ``j`` (eq. 25).
    T
        Probability that a change without challenge improves things for ``i`` (eq. 25).
    rounds
        Most rounds of offers to run.
    tolerance
        Stop when no actor moves more than this many scale points in a round.
    variant
        ``"published-code"`` (default: the choices of Scholz et al.'s own program, which
        reproduce their published run) or ``"printed-equations"`` (the paper's equations as
        printed); see :mod:`ontable.forecast.bdm.model`.
    """

    Q: float = 1.0
    T: float = 1.0
    rounds: int = 10
    tolerance: float = 0.01
    variant: str = PUBLISHED_CODE

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any] | None) -> BdmParams:
        """Validated parameters from a mapping (unknown names are an error)."""
        given = dict(params or {})
        unknown = sorted(set(given) - {"Q", "T", "rounds", "tolerance", "variant"})
        if unknown:
            raise ValueError(
                f"unknown bdm parameters: {unknown} (expected Q, T, rounds, tolerance, variant)"
            )
        out = cls(
            Q=float(given.get("Q", cls.Q)),
            T=float(given.get("T", cls.T)),
            rounds=int(given.get("rounds", cls.rounds)),
            tolerance=float(given.get("tolerance", cls.tolerance)),
            variant=str(given.get("variant", cls.variant)),
        )
        if out.variant not in VARIANTS:
            raise ValueError(
                f"unknown bdm variant {out.variant!r} (expected one of: {', '.join(VARIANTS)})"
            )
        if not (0.0 <= out.Q <= 1.0 and 0.0 <= out.T <= 1.0):
            raise ValueError("bdm parameters Q and T must lie in [0, 1]")
        if out.rounds < 0 or out.tolerance < 0:
            raise ValueError("bdm parameters rounds and tolerance must be non-negative")
        return out
