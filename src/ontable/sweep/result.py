"""A sweep's results: outcome distributions, document acceptance and sensitivities."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ontable.model.arrays import FloatArray
from ontable.sweep.plan import SweepPlan
from ontable.sweep.sensitivity import first_order_from_bins, spearman_from_sums
from ontable.sweep.summary import HISTOGRAM_EDGES, ChunkSummary, histogram_counts

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HISTOGRAM_EDGES", "QUANTILE_LEVELS", "SweepResult", "histogram_counts", "summarise"]

QUANTILE_LEVELS: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)

CONSTANT = 1e-9
"""An outcome whose standard deviation is at most this share of its size (at least 1) does
not vary beyond rounding: it has no sensitivities (NaN)."""


@dataclass(frozen=True)
class SweepResult:
    """What a sweep found, per issue, per document and party, per input.

    Attributes
    ----------
    outcomes
        Every sample's outcome ``(samples, issues)``, in sample order.
    quantiles
        ``(issues, len(quantile_levels))`` outcome quantiles (numpy's default, linear).
    mean, std
        ``(issues,)`` outcome mean and standard deviation.
    histogram
        ``(issues, 20)`` counts of outcomes in the bins of ``histogram_edges``.
    acceptance
        ``(documents, parties)``: the share of samples in which the party's utility of the
        document's package is at least its sampled BATNA (NaN for a party with no BATNA).
    spearman, first_order
        ``(inputs, issues)`` sensitivities of each outcome to each varying input (see
        :mod:`ontable.sweep.sensitivity`).
    """

    case_id: str
    model: str
    params: dict[str, Any]
    seed: int
    samples: int
    chunk_size: int
    distribution: str
    scenario: str | None
    overrides: tuple[str, ...]
    party_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    document_ids: tuple[str, ...]
    input_names: tuple[str, ...]
    outcomes: FloatArray
    quantile_levels: tuple[float, ...]
    quantiles: FloatArray
    mean: FloatArray
    std: FloatArray
    histogram_edges: tuple[float, ...]
    histogram: np.ndarray
    acceptance: FloatArray
    spearman: FloatArray
    first_order: FloatArray

    def to_frame(self) -> pd.DataFrame:
        """One row per issue: mean, standard deviation and the quantiles (``q05`` … ``q95``)."""
        import pandas as pd  # loaded only when a frame is asked for

        frame = pd.DataFrame({"issue": self.issue_ids, "mean": self.mean, "std": self.std})
        for j, level in enumerate(self.quantile_levels):
            frame[_quantile_column(level)] = self.quantiles[:, j]
        return frame

    def histogram_frame(self) -> pd.DataFrame:
        """Long table: issue, bin's low and high edge, count."""
        import pandas as pd

        edges = np.asarray(self.histogram_edges)
        rows = [
            (issue, edges[b], edges[b + 1], int(self.histogram[i, b]))
            for i, issue in enumerate(self.issue_ids)
            for b in range(len(edges) - 1)
        ]
        return pd.DataFrame(rows, columns=["issue", "low", "high", "count"])

    def acceptance_frame(self) -> pd.DataFrame:
        """One row per document and party: the probability the party accepts the document."""
        import pandas as pd

        rows = [
            (doc, party, self.acceptance[d, a])
            for d, doc in enumerate(self.document_ids)
            for a, party in enumerate(self.party_ids)
        ]
        return pd.DataFrame(rows, columns=["document", "party", "probability"])

    def sensitivity_frame(self) -> pd.DataFrame:
        """One row per issue and varying input: Spearman's rho and the first-order index."""
        import pandas as pd

        rows = [
            (issue, name, self.spearman[k, i], self.first_order[k, i])
            for i, issue in enumerate(self.issue_ids)
            for k, name in enumerate(self.input_names)
        ]
        return pd.DataFrame(rows, columns=["issue", "input", "spearman", "first_order"])

    def top_drivers(self, issue: str, n: int = 3) -> pd.DataFrame:
        """The ``n`` inputs with the largest first-order index on ``issue`` (ties by |rho|)."""
        frame = self.sensitivity_frame()
        frame = frame[(frame["issue"] == issue) & frame["first_order"].notna()].copy()
        frame["abs_rho"] = frame["spearman"].abs()
        frame = frame.sort_values(["first_order", "abs_rho"], ascending=False, kind="stable")
        return frame.drop(columns="abs_rho").head(n).reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (NaN as None); the per-sample outcomes are left out."""
        issues = []
        for i, issue in enumerate(self.issue_ids):
            issues.append(
                {
                    "issue": issue,
                    "mean": _num(self.mean[i]),
                    "std": _num(self.std[i]),
                    "quantiles": {
                        _quantile_column(q): _num(self.quantiles[i, j])
                        for j, q in enumerate(self.quantile_levels)
                    },
                    "histogram": [int(c) for c in self.histogram[i]],
                }
            )
        return {
            "case_id": self.case_id,
            "model": self.model,
            "params": self.params,
            "seed": self.seed,
            "samples": self.samples,
            "chunk_size": self.chunk_size,
            "distribution": self.distribution,
            "scenario": self.scenario,
            "overrides": list(self.overrides),
            "party_ids": list(self.party_ids),
            "issue_ids": list(self.issue_ids),
            "document_ids": list(self.document_ids),
            "input_names": list(self.input_names),
            "quantile_levels": list(self.quantile_levels),
            "histogram_edges": list(self.histogram_edges),
            "issues": issues,
            "acceptance": [
                {**row, "probability": _num(row["probability"])}
                for row in self.acceptance_frame().to_dict("records")
            ],
            "sensitivity": [
                {
                    "issue": row["issue"],
                    "input": row["input"],
                    "spearman": _num(row["spearman"]),
                    "first_order": _num(row["first_order"]),
                }
                for row in self.sensitivity_frame().to_dict("records")
            ],
        }


def _quantile_column(level: float) -> str:
    return f"q{round(level * 100):02d}"


def _num(value: Any) -> float | None:
    x = float(value)
    return None if math.isnan(x) else x


def summarise(
    plan: SweepPlan,
    outcomes: FloatArray,
    ordered: FloatArray,
    accepted: np.ndarray,
    parts: ChunkSummary,
    cross: FloatArray,
    rank_squares: FloatArray,
) -> SweepResult:
    """The plan's result from all its samples' outcomes ``(samples, issues)`` in sample order
    and sorted per issue ``(issues, samples)``, the summed acceptance counts, the chunks'
    parts added up (:class:`~ontable.sweep.summary.ChunkSummary`) and the rank products
    (:func:`~ontable.sweep.summary.rank_products`) added up."""
    acceptance = accepted / plan.samples
    acceptance[:, np.isnan(plan.space.point.batna)] = np.nan
    mean = outcomes.mean(axis=0)
    variance = outcomes.var(axis=0)
    std = np.sqrt(variance)
    constant = std <= CONSTANT * np.maximum(1.0, np.abs(mean))
    rho = spearman_from_sums(
        cross, parts.level_sums, parts.level_squares, rank_squares, plan.samples
    )
    index = first_order_from_bins(parts.bin_counts, parts.bin_sums, mean, variance)
    rho[:, constant] = np.nan
    index[:, constant] = np.nan
    return SweepResult(
        case_id=plan.case_id,
        model=plan.model,
        params=dict(plan.params),
        seed=plan.seed,
        samples=plan.samples,
        chunk_size=plan.chunk_size,
        distribution=plan.distribution,
        scenario=plan.scenario,
        overrides=plan.overrides,
        party_ids=plan.space.party_ids,
        issue_ids=plan.space.issue_ids,
        document_ids=plan.document_ids,
        input_names=plan.space.names,
        outcomes=outcomes,
        quantile_levels=QUANTILE_LEVELS,
        quantiles=np.quantile(ordered, QUANTILE_LEVELS, axis=1).T,
        mean=mean,
        std=std,
        histogram_edges=HISTOGRAM_EDGES,
        histogram=parts.histogram,
        acceptance=acceptance,
        spearman=rho,
        first_order=index,
    )
