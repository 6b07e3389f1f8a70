"""A sweep's results: outcome distributions, document acceptance and sensitivities."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ontable.model.arrays import FloatArray
from ontable.sweep.plan import ChunkResult, SweepPlan
from ontable.sweep.sensitivity import first_order, rank_columns, spearman

if TYPE_CHECKING:
    import pandas as pd

QUANTILE_LEVELS: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
HISTOGRAM_EDGES: tuple[float, ...] = tuple(float(x) for x in np.linspace(0.0, 100.0, 21))
"""Twenty 5-point bins over the 0–100 issue scale (the last bin includes 100)."""


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


def histogram_counts(outcomes: FloatArray) -> np.ndarray:
    """``(issues, 20)`` counts of ``outcomes`` ``(samples, issues)`` in the histogram's bins."""
    edges = np.asarray(HISTOGRAM_EDGES)
    return np.stack(
        [np.histogram(outcomes[:, i], bins=edges)[0] for i in range(outcomes.shape[1])]
    ).astype(np.int64)


def summarise(
    plan: SweepPlan,
    chunks: Sequence[ChunkResult],
    inputs: Sequence[FloatArray],
) -> SweepResult:
    """Combine a plan's chunks and their varying inputs (both in chunk order) into its result."""
    outcomes = np.concatenate([c.outcomes for c in chunks], axis=0)
    drawn = np.concatenate(inputs, axis=0)
    input_ranks = rank_columns(drawn)
    accepted = np.sum([c.accepted for c in chunks], axis=0).reshape(
        len(plan.document_ids), len(plan.space.party_ids)
    )
    acceptance = accepted / plan.samples
    acceptance[:, np.isnan(plan.space.point.batna)] = np.nan
    # counts add up exactly, so chunks binned where they ran give the same histogram
    parts = [c.histogram for c in chunks if c.histogram is not None]
    if parts and len(parts) == len(chunks):
        histogram: np.ndarray = np.asarray(np.sum(parts, axis=0, dtype=np.int64))
    else:
        histogram = histogram_counts(outcomes)
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
        quantiles=np.quantile(outcomes, QUANTILE_LEVELS, axis=0).T,
        mean=outcomes.mean(axis=0),
        std=outcomes.std(axis=0),
        histogram_edges=HISTOGRAM_EDGES,
        histogram=histogram,
        acceptance=acceptance,
        spearman=spearman(drawn, outcomes, input_ranks=input_ranks),
        first_order=first_order(drawn, outcomes, input_ranks=input_ranks),
    )
