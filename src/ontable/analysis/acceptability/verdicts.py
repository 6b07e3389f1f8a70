"""Each party's verdict on each document: utility against BATNA, red lines crossed, consent
required, and the issues that drive its loss. The rules are in the docstring of
:mod:`ontable.analysis.acceptability`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ontable.analysis._common import json_number, resolve_documents
from ontable.analysis.acceptability.terms import (
    DEFAULT_UNADDRESSED,
    RedLineRule,
    UnaddressedRule,
    check_form,
    check_unaddressed,
    document_terms,
    document_vector,
)
from ontable.model import Case, Document
from ontable.model.arrays import FloatArray, case_arrays
from ontable.utility import LossForm, issue_loss, salience_weights, utilities

Verdict = Literal["accepts", "vetoes", "rejects", "no BATNA"]


@dataclass(frozen=True)
class Driver:
    """One issue's part in a party's verdict on a document."""

    issue: str
    position: float
    ideal: float
    loss_share: float
    red_line: bool


@dataclass(frozen=True)
class Acceptability:
    """Utilities ``(documents, parties)``, BATNAs ``(parties,)`` and the verdicts.

    ``batna`` and ``margins`` are NaN for parties without a BATNA.
    """

    form: LossForm
    document_ids: tuple[str, ...]
    party_ids: tuple[str, ...]
    required: tuple[bool, ...]
    utilities: FloatArray
    batna: FloatArray
    issue_ids: tuple[str, ...] = ()
    packages: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    losses: FloatArray = field(default_factory=lambda: np.zeros((0, 0, 0)))
    ideals: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    crossed: tuple[tuple[tuple[str, ...], ...], ...] = ()
    carried: tuple[dict[str, str], ...] = ()
    unaddressed: UnaddressedRule = DEFAULT_UNADDRESSED
    red_line_rule: RedLineRule = "reject"

    @property
    def margins(self) -> FloatArray:
        """``utility − BATNA`` per document and party (NaN without a BATNA)."""
        return np.asarray(self.utilities - self.batna[None, :])

    def red_lines_crossed(self, document_id: str, party_id: str) -> tuple[str, ...]:
        """Issues on which the document crosses one of the party's red lines."""
        if not self.crossed:
            return ()
        return self.crossed[self.document_ids.index(document_id)][self.party_ids.index(party_id)]

    def verdict(self, document_id: str, party_id: str) -> Verdict:
        """``accepts``, ``vetoes`` (a required party), ``rejects`` or ``no BATNA``."""
        j = self.party_ids.index(party_id)
        margin = self.margins[self.document_ids.index(document_id), j]
        refuse = self.red_line_rule == "reject" and bool(
            self.red_lines_crossed(document_id, party_id)
        )
        if not refuse:
            if np.isnan(self.batna[j]) or np.isnan(margin):
                return "no BATNA"
            if margin >= 0:
                return "accepts"
        return "vetoes" if self.required[j] else "rejects"

    def drivers(self, document_id: str, party_id: str) -> tuple[Driver, ...]:
        """The issues the document sets, by the share of the party's loss they carry."""
        i, j = self.document_ids.index(document_id), self.party_ids.index(party_id)
        if self.losses.size == 0:
            return ()
        loss = self.losses[i, j]
        total = float(np.nansum(loss))
        crossed = set(self.red_lines_crossed(document_id, party_id))
        out = [
            Driver(
                issue,
                float(self.packages[i, k]),
                float(self.ideals[j, k]),
                float(loss[k] / total) if total > 0 else 0.0,
                issue in crossed,
            )
            for k, issue in enumerate(self.issue_ids)
            if not np.isnan(self.packages[i, k])
        ]
        return tuple(sorted(out, key=lambda d: (not d.red_line, -d.loss_share)))

    def accepting(self, document_id: str) -> tuple[str, ...]:
        """Parties that would accept the document."""
        return self._with(document_id, "accepts")

    def vetoing(self, document_id: str) -> tuple[str, ...]:
        """Required parties that would rather have no deal."""
        return self._with(document_id, "vetoes")

    @property
    def without_batna(self) -> tuple[str, ...]:
        """Parties the case gives no BATNA: no verdict is given for them."""
        return tuple(p for p, b in zip(self.party_ids, self.batna, strict=True) if np.isnan(b))

    def _with(self, document_id: str, verdict: Verdict) -> tuple[str, ...]:
        return tuple(p for p in self.party_ids if self.verdict(document_id, p) == verdict)

    def to_frame(self) -> pd.DataFrame:
        """One row per document and party: utility, BATNA, margin, verdict."""
        rows = []
        for i, d in enumerate(self.document_ids):
            for j, p in enumerate(self.party_ids):
                rows.append(
                    {
                        "document": d,
                        "party": p,
                        "utility": self.utilities[i, j],
                        "batna": self.batna[j],
                        "margin": self.margins[i, j],
                        "verdict": self.verdict(d, p),
                    }
                )
        return pd.DataFrame(
            rows, columns=["document", "party", "utility", "batna", "margin", "verdict"]
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: per document, each party's utility, BATNA, margin, verdict, drivers."""
        return {
            "form": self.form,
            "unaddressed": self.unaddressed,
            "red_line_rule": self.red_line_rule,
            "without_batna": list(self.without_batna),
            "documents": [
                {
                    "document": d,
                    "accepting": list(self.accepting(d)),
                    "vetoing": list(self.vetoing(d)),
                    "carried": dict(self.carried[i]) if self.carried else {},
                    "parties": [
                        {
                            "party": p,
                            "required": self.required[j],
                            "utility": json_number(self.utilities[i, j]),
                            "batna": json_number(self.batna[j]),
                            "margin": json_number(self.margins[i, j]),
                            "verdict": self.verdict(d, p),
                            "red_lines_crossed": list(self.red_lines_crossed(d, p)),
                            "drivers": [x.__dict__ for x in self.drivers(d, p)[:3]],
                        }
                        for j, p in enumerate(self.party_ids)
                    ],
                }
                for i, d in enumerate(self.document_ids)
            ],
        }


def _crossed(
    case: Case, party_ids: tuple[str, ...], issue_ids: tuple[str, ...], package: FloatArray
) -> tuple[tuple[str, ...], ...]:
    out = []
    for p in party_ids:
        hits = []
        for r in case.red_lines_of(p):
            if r.issue in issue_ids:
                x = package[issue_ids.index(r.issue)]
                if not np.isnan(x) and r.crossed_by(float(x)) and r.issue not in hits:
                    hits.append(r.issue)
        out.append(tuple(hits))
    return tuple(out)


def acceptability(
    case: Case,
    documents: Iterable[Document | str] | None = None,
    *,
    form: LossForm = "linear",
    unaddressed: UnaddressedRule = DEFAULT_UNADDRESSED,
    red_lines: RedLineRule = "reject",
) -> Acceptability:
    """Each party's utility of each document, its BATNA, red lines and whether it would accept.

    Parameters
    ----------
    case
        The case: stances give ideal points and saliences, parties their BATNAs, red lines
        the ranges each party rejects.
    documents
        Documents or ids (default: every document of the case, by date).
    form
        ``"linear"`` or ``"quadratic"`` loss (:func:`ontable.utility.utilities`).
    unaddressed
        The rule for issues a document leaves unaddressed: ``carry-over`` (default),
        ``not-counted`` or ``status-quo`` (see :mod:`ontable.analysis.acceptability`).
    red_lines
        ``"reject"`` (default): a crossed red line means refusal; ``"ignore"``: only listed.

    Returns
    -------
    Acceptability
        Utilities (NaN for a document that settles no issue with a known position), BATNAs,
        verdicts and their drivers, as described in :mod:`ontable.analysis.acceptability`.
    """
    check_form(form)
    check_unaddressed(unaddressed)
    if red_lines not in ("reject", "ignore"):
        raise ValueError(f"unknown red-line rule {red_lines!r} (expected 'reject' or 'ignore')")
    docs = resolve_documents(case, documents)
    arrays = case_arrays(case)
    n_docs, n_parties, n_issues = len(docs), len(arrays.party_ids), len(arrays.issue_ids)
    out = np.full((n_docs, n_parties), np.nan)
    packages = np.full((n_docs, n_issues), np.nan)
    losses = np.full((n_docs, n_parties, n_issues), np.nan)
    crossed = []
    carried = []
    weights = salience_weights(arrays.saliences)
    for k, doc in enumerate(docs):
        package = document_vector(case, doc, arrays.issue_ids, unaddressed)
        packages[k] = package
        carried.append(document_terms(case, doc, unaddressed)[1])
        crossed.append(_crossed(case, arrays.party_ids, arrays.issue_ids, package))
        if not np.isnan(package).all():
            out[k] = utilities(package, arrays.positions, arrays.saliences, form)
            is_set = ~np.isnan(package)
            w = np.where(is_set, weights, 0.0)
            totals = w.sum(axis=1, keepdims=True)
            w = np.divide(w, totals, out=np.zeros_like(w), where=totals > 0)
            gap = np.where(is_set, package, arrays.positions) - arrays.positions
            losses[k] = np.where(is_set, issue_loss(gap, form) * w, np.nan)
    required = tuple(case.party(p).required for p in arrays.party_ids)
    return Acceptability(
        form,
        tuple(d.id for d in docs),
        arrays.party_ids,
        required,
        out,
        arrays.batna.copy(),
        arrays.issue_ids,
        packages,
        losses,
        arrays.positions.copy(),
        tuple(crossed),
        tuple(carried),
        unaddressed,
        red_lines,
    )
