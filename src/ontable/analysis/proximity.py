"""Whose agenda does a document carry? Distances to ideal points and a lean index.

**Distance.** For document ``d`` and party ``a``, over the issues ``I_d`` the document sets,

.. math::

    D_{da} = \\frac{\\sum_{i \\in I_d} s_{ai}\\, |x_{di} - p_{ai}|}{\\sum_{i \\in I_d} s_{ai}}

on the 0–100 scale: 0 when the document sets every issue at the party's ideal point ``p``,
(the document's terms include those of the documents it attaches or endorses; issues still
open follow the ``unaddressed`` rule, by default not counted),
100 when it sets each at the far end. ``s`` is the party's salience. This is ``100 × (1 − u)``
for the linear utility of :mod:`ontable.utility` with the issues the document leaves open
dropped; it is NaN when the party gives no salience to any issue the document sets.

**Lean index** between parties ``A`` and ``B``. On issue ``i`` let ``a_i``, ``b_i`` be their
ideal points and ``g_i = |b_i − a_i|`` the gap between them. The document's progress from
``A`` towards ``B`` is ``c_i = clip((x_i − a_i) · sign(b_i − a_i), 0, g_i)``: how much of the
gap it concedes to ``B`` (a position beyond ``A``'s counts as 0, beyond ``B``'s as the whole
gap). With ``w_i = (s_{Ai} + s_{Bi}) / 2``

.. math::

    L = \\frac{\\sum_i w_i\\, c_i}{\\sum_i w_i\\, g_i} \\in [0, 1]

0 = all the way to ``A``, 1 = all the way to ``B``: the salience-weighted share of the
disputed distance that the document gives to ``B``. Issues on which the two agree (``g = 0``)
carry no weight; ``L`` is NaN when no issue the document sets divides them. This is the
spatial reading of a text's position used in the policy-position literature (e.g. Laver,
Benoit & Garry 2003, whose scores also place a text between reference texts).

**Interval.** ``[L_min, L_max]`` over every combination of the two parties' positions and
saliences within their stances' ranges (``position_range``, ``salience_range``; the point
where none is given). ``L`` is a ratio of sums of per-issue terms, so its extremes are found
exactly by Dinkelbach's method (Dinkelbach 1967, *On nonlinear fractional programming*):
for a trial value ``λ`` each issue independently maximises (minimises) ``w (c − λ g)``,
whose extremes over the box of an issue's inputs lie at the box's corners or where
``a = x``, ``b = x`` or ``a = b`` cross it, since the term is piecewise linear in
``(a, b)`` and linear in ``w``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ontable.analysis._common import json_number, resolve_document, resolve_documents
from ontable.analysis.acceptability import UnaddressedRule, document_terms
from ontable.model import Case, Document, Stance
from ontable.model.arrays import FloatArray, case_arrays
from ontable.utility import document_package, utilities

DEFAULT_PROXIMITY_UNADDRESSED: UnaddressedRule = "not-counted"
"""Distances and leans place a text by what it says: issues it leaves open are not counted
(``carry-over`` or ``status-quo`` may be chosen instead)."""


@dataclass(frozen=True)
class Proximity:
    """Distances ``(documents, parties)`` on the 0–100 scale (NaN where undefined)."""

    document_ids: tuple[str, ...]
    party_ids: tuple[str, ...]
    distances: FloatArray

    def distance(self, document_id: str, party_id: str) -> float:
        """The distance of one document to one party's ideal point."""
        i = self.document_ids.index(document_id)
        j = self.party_ids.index(party_id)
        return float(self.distances[i, j])

    def closest(self, document_id: str) -> str | None:
        """The party whose ideal point the document is closest to (None when all are NaN)."""
        row = self.distances[self.document_ids.index(document_id)]
        if np.isnan(row).all():
            return None
        return self.party_ids[int(np.nanargmin(row))]

    def to_frame(self) -> pd.DataFrame:
        """One row per document, one column per party."""
        frame = pd.DataFrame(self.distances, columns=list(self.party_ids))
        frame.insert(0, "document", list(self.document_ids))
        return frame

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{document: {party: distance or None}}`` plus the id orders."""
        return {
            "document_ids": list(self.document_ids),
            "party_ids": list(self.party_ids),
            "distances": {
                d: {p: json_number(self.distances[i, j]) for j, p in enumerate(self.party_ids)}
                for i, d in enumerate(self.document_ids)
            },
        }


@dataclass(frozen=True)
class LeanTerm:
    """One issue's part in a lean index: ideal points, the document's position, the weights."""

    issue: str
    position: float
    a_position: float
    b_position: float
    weight: float
    gap: float
    progress: float


@dataclass(frozen=True)
class Lean:
    """Where a document sits between parties ``a`` (0) and ``b`` (1), with its interval."""

    document_id: str
    a: str
    b: str
    index: float
    low: float
    high: float
    terms: tuple[LeanTerm, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per issue that counts: positions, weight ``w``, gap ``g``, progress ``c``."""
        columns = ["issue", "position", "a_position", "b_position", "weight", "gap", "progress"]
        return pd.DataFrame([t.__dict__ for t in self.terms], columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the index, its interval and the per-issue terms."""
        return {
            "document_id": self.document_id,
            "a": self.a,
            "b": self.b,
            "index": json_number(self.index),
            "low": json_number(self.low),
            "high": json_number(self.high),
            "terms": [dict(t.__dict__) for t in self.terms],
        }


def proximity(
    case: Case,
    documents: Iterable[Document | str] | None = None,
    *,
    unaddressed: UnaddressedRule = DEFAULT_PROXIMITY_UNADDRESSED,
) -> Proximity:
    """The salience-weighted distance of each document's positions to each party's ideal.

    Parameters
    ----------
    case
        The case: its stances give ideal points and saliences.
    documents
        Documents or ids (default: every document of the case, by date).
    unaddressed
        The rule for issues a document leaves open (see
        :mod:`ontable.analysis.acceptability`); default ``not-counted``: a text is placed by
        what it (and what it attaches or endorses) says.

    Returns
    -------
    Proximity
        Rows in document order; columns for every party with at least one stance. The
        formula is in :mod:`ontable.analysis.proximity`.
    """
    docs = resolve_documents(case, documents)
    arrays = case_arrays(case)
    out = np.full((len(docs), len(arrays.party_ids)), np.nan)
    for k, doc in enumerate(docs):
        positions, _ = document_terms(case, doc, unaddressed)
        package = document_package(positions, arrays.issue_ids)  # open issues are NaN
        weight = np.where(np.isnan(package), 0.0, arrays.saliences).sum(axis=1)
        u = utilities(package, arrays.positions, arrays.saliences, "linear")
        out[k] = np.where(weight > 0, 100.0 * (1.0 - u), np.nan)
    return Proximity(tuple(d.id for d in docs), arrays.party_ids, out)


def lean(
    case: Case,
    document: Document | str,
    a: str,
    b: str,
    *,
    unaddressed: UnaddressedRule = DEFAULT_PROXIMITY_UNADDRESSED,
) -> Lean:
    """The lean index of ``document`` between parties ``a`` (0) and ``b`` (1).

    Issues the document leaves open follow the ``unaddressed`` rule (default
    ``not-counted``; the terms of documents it attaches or endorses always count).

    Parameters
    ----------
    case
        The case: the two parties' stances give ideal points, saliences and their ranges.
    document
        A document of the case, or its id.
    a, b
        Party ids (``KeyError`` for an unknown one).

    Returns
    -------
    Lean
        The index (NaN when no issue the document sets divides the two), its interval over
        the stances' ranges and each issue's terms; formulas in
        :mod:`ontable.analysis.proximity`.
    """
    case.party(a), case.party(b)
    doc = resolve_document(case, document)
    terms: list[LeanTerm] = []
    boxes: list[list[tuple[float, float]]] = []
    for issue, x in document_terms(case, doc, unaddressed)[0].items():
        sa, sb = case.stance(a, issue), case.stance(b, issue)
        if sa is None or sb is None:
            continue
        w = (sa.salience + sb.salience) / 2
        gap, progress = _gap_progress(x, sa.position, sb.position)
        terms.append(LeanTerm(issue, x, sa.position, sb.position, w, gap, progress))
        boxes.append(_candidates(x, sa, sb))
    num = sum(t.weight * t.progress for t in terms)
    den = sum(t.weight * t.gap for t in terms)
    index = num / den if den > 0 else float("nan")
    low = _extreme(boxes, index, maximise=False)
    high = _extreme(boxes, index, maximise=True)
    return Lean(doc.id, a, b, index, low, high, tuple(terms))


def _gap_progress(x: float, a: float, b: float) -> tuple[float, float]:
    gap = abs(b - a)
    toward_b = (x - a) if b >= a else (a - x)
    return gap, min(max(toward_b, 0.0), gap)


def _candidates(x: float, sa: Stance, sb: Stance) -> list[tuple[float, float]]:
    """Every ``(w·c, w·g)`` an issue can reach at the vertices of its input box."""
    (a_lo, a_hi), (b_lo, b_hi) = sa.position_bounds, sb.position_bounds
    w_lo = (sa.salience_bounds[0] + sb.salience_bounds[0]) / 2
    w_hi = (sa.salience_bounds[1] + sb.salience_bounds[1]) / 2
    a_vals = {a_lo, a_hi} | ({x} if a_lo <= x <= a_hi else set())
    b_vals = {b_lo, b_hi} | ({x} if b_lo <= x <= b_hi else set())
    points = {(av, bv) for av in a_vals for bv in b_vals}
    for v in (a_lo, a_hi, b_lo, b_hi):  # where a = b meets the box's edges
        if a_lo <= v <= a_hi and b_lo <= v <= b_hi:
            points.add((v, v))
    out = []
    for av, bv in points:
        gap, progress = _gap_progress(x, av, bv)
        out.extend([(w_lo * progress, w_lo * gap), (w_hi * progress, w_hi * gap)])
    return out


def _extreme(boxes: list[list[tuple[float, float]]], start: float, *, maximise: bool) -> float:
    """Max (or min) of ``Σ n / Σ g`` with one ``(n, g)`` chosen per box (Dinkelbach)."""
    if not boxes:
        return float("nan")
    sign = 1.0 if maximise else -1.0
    lam = start if not np.isnan(start) else (0.0 if maximise else 1.0)
    for _ in range(100):
        chosen = [max(box, key=lambda ng: sign * (ng[0] - lam * ng[1])) for box in boxes]
        num = sum(n for n, _ in chosen)
        den = sum(g for _, g in chosen)
        if den <= 0:
            return lam if not np.isnan(start) else float("nan")
        new = num / den
        if sign * (new - lam) <= 1e-12:
            return max(lam, new) if maximise else min(lam, new)
        lam = new
    return lam
