"""Would they sign? Each party's utility of a document against its BATNA, and its red lines.

**Utility** is the one shared form of :mod:`ontable.utility`: the salience-weighted loss of
the document's package from the party's ideal point, linear or quadratic, on a 0–1 scale.

**The package** is what the document sets, together with the terms of the documents it
``attaches`` or ``endorses`` (for issues it does not set itself; they are named in
``carried``). What to do with the issues that are still unaddressed is a stated rule,
``unaddressed`` (default :data:`DEFAULT_UNADDRESSED`):

- ``carry-over`` (default): take the position of the document it ``revises`` (and, in turn,
  of the documents that one revises, attaches or endorses); issues still open are not counted;
- ``not-counted``: leave them out: each party's weights are renormalised over the issues the
  package sets;
- ``status-quo``: score them at the issue's status quo where the case gives one (the format v1
  behaviour; issues with no status quo are not counted).

**Verdict.** ``margin = u − BATNA``. A party *accepts* when ``margin ≥ 0`` and the package
crosses none of its **red lines** (issue ranges it has declared it rejects whatever the
package: :class:`ontable.model.RedLine`). With ``red_lines="reject"`` (default) a crossed red
line makes the party refuse whatever its margin (and even without a BATNA); with
``"ignore"`` red lines are only reported. A party that would not accept *vetoes* when the
deal needs its consent (``Party.required``), else *rejects*. A party with neither a BATNA
nor a crossed red line gets no verdict (``no BATNA``). Only parties with at least one stance
are listed.

**Drivers** of a verdict (:meth:`Acceptability.drivers`) are the issues in order of the
share of the party's loss they carry, ``w_ai ℓ(|x_i − p_ai|/100) / Σ``, with any red line
crossed. **Acceptance over the input ranges** (:func:`acceptance_odds`) draws the case's
positions, saliences and BATNAs within their ranges (:func:`ontable.sweep.sampling.input_space`)
with a ``numpy.random.Generator`` and reports, per document and party, the share of draws in
which the party accepts, the share in which every counted required party accepts, and the
inputs whose draws are most correlated with acceptance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ontable.analysis._common import json_number, resolve_document, resolve_documents
from ontable.model import Case, Document
from ontable.model.arrays import FloatArray, case_arrays
from ontable.utility import LOSS_FORMS, LossForm, issue_loss, salience_weights, utilities

Verdict = Literal["accepts", "vetoes", "rejects", "no BATNA"]
UnaddressedRule = Literal["carry-over", "not-counted", "status-quo"]
UNADDRESSED_RULES: tuple[UnaddressedRule, ...] = ("carry-over", "not-counted", "status-quo")
DEFAULT_UNADDRESSED: UnaddressedRule = "carry-over"
"""The default rule for issues a document leaves unaddressed (see the module docstring)."""
RedLineRule = Literal["reject", "ignore"]


def document_terms(
    case: Case, document: Document | str, unaddressed: UnaddressedRule = DEFAULT_UNADDRESSED
) -> tuple[dict[str, float], dict[str, str]]:
    """The positions a document's package takes and where each came from.

    Returns ``(positions, carried)``: issue id → position, and for every issue the document
    does not set itself, the id of the document it was taken from (``status quo`` for the
    ``status-quo`` rule).
    """
    check_unaddressed(unaddressed)
    doc = resolve_document(case, document)
    known = {d.id for d in case.documents}
    positions = dict(doc.positions)
    carried: dict[str, str] = {}

    def take(other: Document) -> None:
        for issue, x in other.positions.items():
            if issue not in positions:
                positions[issue] = x
                carried[issue] = other.id

    def backing(start: Document, seen: set[str]) -> None:
        queue = [start]
        while queue:
            d = queue.pop(0)
            for o in (*d.attaches, *d.endorses):
                if o in known and o not in seen:
                    seen.add(o)
                    take(case.document(o))
                    queue.append(case.document(o))

    seen = {doc.id}
    backing(doc, seen)
    if unaddressed == "carry-over":
        node = doc
        while node.revises is not None and node.revises in known and node.revises not in seen:
            seen.add(node.revises)
            node = case.document(node.revises)
            take(node)
            backing(node, seen)
    elif unaddressed == "status-quo":
        for issue in case.issues:
            if issue.id not in positions and issue.status_quo is not None:
                positions[issue.id] = issue.status_quo
                carried[issue.id] = "status quo"
    return positions, carried


def document_vector(
    case: Case,
    document: Document | str,
    issue_ids: tuple[str, ...],
    unaddressed: UnaddressedRule = DEFAULT_UNADDRESSED,
) -> FloatArray:
    """The package over ``issue_ids`` (NaN where not counted) under the ``unaddressed`` rule."""
    positions, _ = document_terms(case, document, unaddressed)
    return np.array([positions.get(i, np.nan) for i in issue_ids], dtype=float)


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


def check_form(form: str) -> None:
    """Raise ``ValueError`` for a loss form :mod:`ontable.utility` does not know."""
    if form not in LOSS_FORMS:
        raise ValueError(f"unknown loss form {form!r} (expected one of {LOSS_FORMS})")


def check_unaddressed(rule: str) -> None:
    """Raise ``ValueError`` for an unknown rule for unaddressed issues."""
    if rule not in UNADDRESSED_RULES:
        raise ValueError(
            f"unknown rule for unaddressed issues {rule!r} (expected one of {UNADDRESSED_RULES})"
        )
