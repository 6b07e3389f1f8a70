"""Would they sign? Each party's utility of a document against its BATNA.

**Utility** is the one shared form of :mod:`ontable.utility`: the salience-weighted loss of
the document's package from the party's ideal point, linear or quadratic, on a 0–1 scale.
The package is what the document sets, with each issue it leaves open at the issue's status
quo where the case gives one (:func:`ontable.utility.document_package`); issues with neither
are dropped and the weights renormalised over the rest.

**Verdict.** ``margin = u − BATNA``. A party *accepts* when ``margin ≥ 0``. A party that
would not accept *vetoes* when the deal needs its consent (``Party.required``), else
*rejects*. A party without a BATNA gets no margin and no verdict: the case does not say
what no deal is worth to it, and none is assumed. Only parties with at least one stance
are listed (a party without ideal points has no utility).

The zone of possible agreement across all documents is :func:`ontable.analysis.zopa.zopa`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ontable.analysis._common import json_number, resolve_documents
from ontable.model import Case, Document
from ontable.model.arrays import FloatArray, case_arrays
from ontable.utility import LOSS_FORMS, LossForm, document_package, utilities

Verdict = Literal["accepts", "vetoes", "rejects", "no BATNA"]


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

    @property
    def margins(self) -> FloatArray:
        """``utility − BATNA`` per document and party (NaN without a BATNA)."""
        return np.asarray(self.utilities - self.batna[None, :])

    def verdict(self, document_id: str, party_id: str) -> Verdict:
        """``accepts``, ``vetoes`` (a required party), ``rejects`` or ``no BATNA``."""
        j = self.party_ids.index(party_id)
        margin = self.margins[self.document_ids.index(document_id), j]
        if np.isnan(self.batna[j]) or np.isnan(margin):
            return "no BATNA"
        if margin >= 0:
            return "accepts"
        return "vetoes" if self.required[j] else "rejects"

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
        """JSON-ready: per document, each party's utility, BATNA, margin and verdict."""
        return {
            "form": self.form,
            "without_batna": list(self.without_batna),
            "documents": [
                {
                    "document": d,
                    "accepting": list(self.accepting(d)),
                    "vetoing": list(self.vetoing(d)),
                    "parties": [
                        {
                            "party": p,
                            "required": self.required[j],
                            "utility": json_number(self.utilities[i, j]),
                            "batna": json_number(self.batna[j]),
                            "margin": json_number(self.margins[i, j]),
                            "verdict": self.verdict(d, p),
                        }
                        for j, p in enumerate(self.party_ids)
                    ],
                }
                for i, d in enumerate(self.document_ids)
            ],
        }


def acceptability(
    case: Case,
    documents: Iterable[Document | str] | None = None,
    *,
    form: LossForm = "linear",
) -> Acceptability:
    """Each party's utility of each document, its BATNA and whether it would accept.

    Parameters
    ----------
    case
        The case: stances give ideal points and saliences, parties their BATNAs.
    documents
        Documents or ids (default: every document of the case, by date).
    form
        ``"linear"`` or ``"quadratic"`` loss (:func:`ontable.utility.utilities`).

    Returns
    -------
    Acceptability
        Utilities (NaN for a document that settles no issue with a known position), BATNAs
        and verdicts, as described in :mod:`ontable.analysis.acceptability`.
    """
    check_form(form)
    docs = resolve_documents(case, documents)
    arrays = case_arrays(case)
    out = np.full((len(docs), len(arrays.party_ids)), np.nan)
    for k, doc in enumerate(docs):
        package = document_package(doc.positions, arrays.issue_ids, arrays.status_quo)
        if not np.isnan(package).all():
            out[k] = utilities(package, arrays.positions, arrays.saliences, form)
    required = tuple(case.party(p).required for p in arrays.party_ids)
    return Acceptability(
        form, tuple(d.id for d in docs), arrays.party_ids, required, out, arrays.batna.copy()
    )


def check_form(form: str) -> None:
    """Raise ``ValueError`` for a loss form :mod:`ontable.utility` does not know."""
    if form not in LOSS_FORMS:
        raise ValueError(f"unknown loss form {form!r} (expected one of {LOSS_FORMS})")
