"""Acceptance over the input ranges: the share of drawn positions, saliences and BATNAs in
which each party (and every counted required party) accepts a document, and the inputs
most correlated with acceptance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ontable.analysis._common import json_number
from ontable.analysis.acceptability.terms import DEFAULT_UNADDRESSED, RedLineRule, UnaddressedRule
from ontable.analysis.acceptability.verdicts import Acceptability, acceptability
from ontable.model import Case, Document
from ontable.model.arrays import FloatArray
from ontable.utility import LossForm, utilities


@dataclass(frozen=True)
class InputDriver:
    """An input whose draws go with acceptance: its name and correlation with accepting."""

    input: str
    correlation: float


@dataclass(frozen=True)
class AcceptanceOdds:
    """Acceptance as a probability over the case's input ranges, beside the point verdict."""

    document_ids: tuple[str, ...]
    party_ids: tuple[str, ...]
    samples: int
    probability: FloatArray
    all_required: FloatArray
    point: Acceptability
    drivers: tuple[tuple[tuple[InputDriver, ...], ...], ...]
    counted: tuple[str, ...]

    def p(self, document_id: str, party_id: str) -> float:
        """The share of draws in which the party accepts the document."""
        return float(
            self.probability[self.document_ids.index(document_id), self.party_ids.index(party_id)]
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per document and party: probability of accepting and the point verdict."""
        rows = [
            {
                "document": d,
                "party": p,
                "p_accepts": self.probability[i, j],
                "verdict": self.point.verdict(d, p),
            }
            for i, d in enumerate(self.document_ids)
            for j, p in enumerate(self.party_ids)
        ]
        return pd.DataFrame(rows, columns=["document", "party", "p_accepts", "verdict"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "counted": list(self.counted),
            "documents": [
                {
                    "document": d,
                    "p_all_required_accept": json_number(self.all_required[i]),
                    "parties": [
                        {
                            "party": p,
                            "p_accepts": json_number(self.probability[i, j]),
                            "verdict": self.point.verdict(d, p),
                            "input_drivers": [x.__dict__ for x in self.drivers[i][j]],
                        }
                        for j, p in enumerate(self.party_ids)
                    ],
                }
                for i, d in enumerate(self.document_ids)
            ],
        }


def acceptance_odds(
    case: Case,
    rng: np.random.Generator,
    documents: Iterable[Document | str] | None = None,
    *,
    samples: int = 2000,
    distribution: Literal["uniform", "triangular", "beta"] = "uniform",
    form: LossForm = "linear",
    unaddressed: UnaddressedRule = DEFAULT_UNADDRESSED,
    red_lines: RedLineRule = "reject",
) -> AcceptanceOdds:
    """How likely each party accepts each document, over the case's input ranges.

    Draws ``samples`` sets of positions, saliences and BATNAs within their ranges (uniform
    by default) from ``rng``; a party accepts in a draw when its utility is at least its
    BATNA and no red line is crossed (red lines and packages are not drawn). A party without
    a BATNA has NaN unless a red line settles it. ``all_required`` is the share of draws in
    which every required party with a BATNA accepts. The input drivers are the three inputs
    whose draws correlate most (Pearson) with the party's acceptance.
    """
    from ontable.sweep.sampling import input_space

    if samples < 1:
        raise ValueError("samples must be at least 1")
    point = acceptability(case, documents, form=form, unaddressed=unaddressed, red_lines=red_lines)
    space = input_space(case)
    values, drawn = space.draw(samples, rng, distribution)
    names = space.names
    n_docs, n_parties = len(point.document_ids), len(point.party_ids)
    probability = np.full((n_docs, n_parties), np.nan)
    all_required = np.full(n_docs, np.nan)
    counted = tuple(
        p
        for j, p in enumerate(point.party_ids)
        if point.required[j] and not np.isnan(point.batna[j])
    )
    drivers: list[tuple[tuple[InputDriver, ...], ...]] = []
    for i, d in enumerate(point.document_ids):
        package = point.packages[i]
        row: list[tuple[InputDriver, ...]] = []
        if np.isnan(package).all():
            drivers.append(tuple(() for _ in point.party_ids))
            continue
        u = utilities(package, drawn.positions, drawn.saliences, form)  # (samples, parties)
        batna = np.asarray(drawn.batna, dtype=float)
        accepts = np.zeros((samples, n_parties), dtype=bool)
        for j, p in enumerate(point.party_ids):
            hit = red_lines == "reject" and bool(point.red_lines_crossed(d, p))
            if hit:
                accepts[:, j] = False
                probability[i, j] = 0.0
            elif not np.isnan(batna[:, j]).any():
                accepts[:, j] = u[:, j] >= batna[:, j]
                probability[i, j] = float(accepts[:, j].mean())
            row.append(_input_drivers(values, names, accepts[:, j]))
        cols = [point.party_ids.index(p) for p in counted]
        all_required[i] = float(accepts[:, cols].all(axis=1).mean()) if cols else np.nan
        drivers.append(tuple(row))
    return AcceptanceOdds(
        point.document_ids,
        point.party_ids,
        samples,
        probability,
        all_required,
        point,
        tuple(drivers),
        counted,
    )


def _input_drivers(
    values: FloatArray, names: tuple[str, ...], accepts: np.ndarray
) -> tuple[InputDriver, ...]:
    y = accepts.astype(float)
    if values.size == 0 or y.std() == 0:
        return ()
    x = values - values.mean(axis=0)
    sx = x.std(axis=0)
    corr = np.where(sx > 0, (x * (y - y.mean())[:, None]).mean(axis=0) / (sx * y.std()), 0.0)
    top = np.argsort(-np.abs(corr))[:3]
    return tuple(InputDriver(names[k], round(float(corr[k]), 6)) for k in top if corr[k] != 0)
