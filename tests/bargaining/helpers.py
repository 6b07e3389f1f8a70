"""Small hand-built bargaining problems shared by the bargaining tests."""

from __future__ import annotations

import numpy as np

from ontable.bargaining import BargainingProblem, PackageSpace
from ontable.utility import LossForm


def grid_space(n_issues: int, levels: int) -> PackageSpace:
    """``n_issues`` issues, each a grid of ``levels`` points over 0–100."""
    lv = tuple(float(x) for x in np.linspace(0, 100, levels))
    labels = tuple(f"{x:g}" for x in lv)
    return PackageSpace(
        tuple(f"i{k}" for k in range(n_issues)), (lv,) * n_issues, (labels,) * n_issues
    )


def problem(
    ideals: np.ndarray,
    saliences: np.ndarray,
    *,
    levels: int = 5,
    batna: np.ndarray | None = None,
    patience: np.ndarray | None = None,
    capabilities: np.ndarray | None = None,
    form: LossForm = "linear",
) -> BargainingProblem:
    """A problem over a grid space from explicit ideals and saliences ``(parties, issues)``."""
    n, m = ideals.shape
    return BargainingProblem(
        space=grid_space(m, levels),
        party_ids=tuple("abcdefgh"[:n]),
        ideals=np.asarray(ideals, dtype=float),
        saliences=np.asarray(saliences, dtype=float),
        capabilities=np.full(n, 50.0) if capabilities is None else capabilities,
        batna=np.zeros(n) if batna is None else batna,
        patience=np.full(n, np.nan) if patience is None else patience,
        status_quo=np.full(m, np.nan),
        form=form,
    )


def pie(levels: int = 2001, batna: tuple[float, float] = (0.0, 0.0)) -> BargainingProblem:
    """Two parties splitting a unit surplus: one issue, a's ideal 0, b's 100, ``u_a + u_b = 1``."""
    return problem(
        np.array([[0.0], [100.0]]),
        np.ones((2, 1)),
        levels=levels,
        batna=np.array(batna),
    )


def brute_force_frontier(utilities: np.ndarray) -> set[tuple[float, ...]]:
    """Distinct non-dominated rows by pairwise comparison (an independent O(n²) check)."""
    u = np.unique(np.round(utilities, 12), axis=0)
    ge = (u[None, :, :] >= u[:, None, :]).all(-1)  # ge[i, j]: row j ≥ row i
    np.fill_diagonal(ge, False)
    return {tuple(r) for r in u[~ge.any(1)]}
