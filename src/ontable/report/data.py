"""Chart and table data of the report: pure functions from a case and results to tables.

Nothing here draws or writes: each function returns a :class:`pandas.DataFrame` in long form
(one row per mark) that ``charts.py`` draws and the report shows as the chart's data table.
Numbers are rounded here, once, so that the chart, its table and the golden files agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ontable.analysis import Acceptability, Lean, Ledger, Proximity
from ontable.forecast.base import Forecast
from ontable.model import Case, Document
from ontable.sweep import SweepResult

DECIMALS = 1
"""Positions and distances (0–100 scales) are shown to one decimal."""

UTILITY_DECIMALS = 3
"""Utilities and BATNAs (0–1 scales) are shown to three decimals."""


def party_name(case: Case, party_id: str) -> str:
    """The party's display name (its id when the case does not know it)."""
    try:
        return case.party(party_id).name
    except KeyError:
        return party_id


def issue_name(case: Case, issue_id: str) -> str:
    """The issue's display name (its id when the case does not know it)."""
    try:
        return case.issue(issue_id).name
    except KeyError:
        return issue_id


def names(case: Case, party_ids: Sequence[str]) -> str:
    """Party names joined for reading: ``"Russia, Ukraine"`` or ``"—"`` for none."""
    return ", ".join(party_name(case, p) for p in party_ids) or "—"


def documents_in_order(case: Case) -> tuple[Document, ...]:
    """The case's documents by date, then id (the reading order of every section)."""
    return tuple(sorted(case.documents, key=lambda d: (d.date, d.id)))


def obligation_counts(case: Case, ledger: Ledger) -> pd.DataFrame:
    """A document's obligations per obliged party and modality, from its ledger.

    An obligation on several parties counts once for each of them (as in the ledger).
    Parties that carry no obligation are left out; every modality appears for each party
    listed (with 0), so the chart's stacks and the table line up.

    Returns
    -------
    pandas.DataFrame
        Columns ``party``, ``party_name``, ``modality``, ``obligations``.
    """
    rows = [
        {
            "party": row.party,
            "party_name": party_name(case, row.party),
            "modality": m,
            "obligations": n,
        }
        for row in ledger.parties
        if row.obligations
        for m, n in row.by_modality.items()
    ]
    return pd.DataFrame(rows, columns=["party", "party_name", "modality", "obligations"])


def obligations_by_party(counts: pd.DataFrame) -> dict[str, dict[str, int]]:
    """``obligation_counts`` → party name → modality → count (non-zero modalities only)."""
    out: dict[str, dict[str, int]] = {}
    for party, modality, n in zip(
        counts["party_name"], counts["modality"], counts["obligations"], strict=True
    ):
        if int(n) > 0:
            out.setdefault(str(party), {})[str(modality)] = int(n)
    return out


def draft_positions(case: Case) -> pd.DataFrame:
    """The position each document sets on each issue, by date.

    Returns
    -------
    pandas.DataFrame
        Columns ``issue``, ``issue_name``, ``document``, ``title``, ``date`` (ISO text),
        ``drafters`` (names) and ``position``; one row per document and issue it sets, in
        issue order then date order.
    """
    rows = []
    docs = documents_in_order(case)
    for issue in case.issues:
        for d in docs:
            pos = d.positions.get(issue.id)
            if pos is None:
                continue
            rows.append(
                {
                    "issue": issue.id,
                    "issue_name": issue.name,
                    "document": d.id,
                    "title": d.title,
                    "date": d.date.isoformat(),
                    "drafters": names(case, d.drafters),
                    "position": round(float(pos), DECIMALS),
                }
            )
    cols = ["issue", "issue_name", "document", "title", "date", "drafters", "position"]
    return pd.DataFrame(rows, columns=cols)


def ideal_points(case: Case) -> pd.DataFrame:
    """Each stance as a row: party, issue, position and salience (for reference marks).

    Returns
    -------
    pandas.DataFrame
        Columns ``party``, ``party_name``, ``issue``, ``issue_name``, ``position``,
        ``salience``; in the case's party then issue order.
    """
    order = {
        (p, i): (a, b) for a, p in enumerate(case.party_ids) for b, i in enumerate(case.issue_ids)
    }
    stances = sorted(case.stances, key=lambda s: order.get((s.party, s.issue), (0, 0)))
    rows = [
        {
            "party": s.party,
            "party_name": party_name(case, s.party),
            "issue": s.issue,
            "issue_name": issue_name(case, s.issue),
            "position": round(s.position, DECIMALS),
            "salience": round(s.salience, DECIMALS),
        }
        for s in stances
    ]
    cols = ["party", "party_name", "issue", "issue_name", "position", "salience"]
    return pd.DataFrame(rows, columns=cols)


def forecast_points(
    case: Case,
    forecasts: Mapping[str, Forecast],
    bands: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Each model's predicted outcome per issue, with the sweep's band where there is one.

    Parameters
    ----------
    case
        The case (for issue names and order).
    forecasts
        Model name → its forecast on the case's base inputs (unbatched).
    bands
        Model name → a frame with columns ``issue``, ``low``, ``median``, ``high`` (the
        sweep's quantiles); models without one get empty band columns.

    Returns
    -------
    pandas.DataFrame
        Columns ``issue``, ``issue_name``, ``model``, ``outcome``, ``low``, ``median``,
        ``high``; issues in case order, models in the given order.
    """
    rows = []
    for issue in case.issues:
        for model, fc in forecasts.items():
            if issue.id not in fc.issue_ids:
                continue
            value = float(np.asarray(fc.outcome)[fc.issue_ids.index(issue.id)])
            band = _band(bands.get(model) if bands else None, issue.id)
            rows.append(
                {
                    "issue": issue.id,
                    "issue_name": issue.name,
                    "model": model,
                    "outcome": round(value, DECIMALS),
                    **band,
                }
            )
    cols = ["issue", "issue_name", "model", "outcome", "low", "median", "high"]
    return pd.DataFrame(rows, columns=cols)


def _band(frame: pd.DataFrame | None, issue: str) -> dict[str, float | None]:
    if frame is None or frame.empty:
        return {"low": None, "median": None, "high": None}
    hit = frame[frame["issue"] == issue]
    if hit.empty:
        return {"low": None, "median": None, "high": None}
    rec = hit.iloc[0]
    return {k: round(float(rec[k]), DECIMALS) for k in ("low", "median", "high")}


def sweep_band(result: SweepResult, low: float = 0.05, high: float = 0.95) -> pd.DataFrame:
    """A sweep's ``low``–``high`` quantile band and median per issue.

    Returns
    -------
    pandas.DataFrame
        Columns ``issue``, ``low``, ``median``, ``high``.
    """
    levels = list(result.quantile_levels)
    q = np.asarray(result.quantiles)
    return pd.DataFrame(
        {
            "issue": list(result.issue_ids),
            "low": q[:, levels.index(low)],
            "median": q[:, levels.index(0.5)],
            "high": q[:, levels.index(high)],
        }
    )


INPUT_WORDS = {"batna": "BATNA", "capability": "capability", "patience": "patience"}
"""Sweep input fields in words (position and salience read as they are)."""


def input_label(case: Case, name: str) -> str:
    """A sweep input's name (``party.field[.issue]``) in words: ``Russia position: Znpp``."""
    parts = name.split(".")
    if len(parts) < 2:
        return name
    who = party_name(case, parts[0])
    label = f"{who} {INPUT_WORDS.get(parts[1], parts[1])}"
    if len(parts) > 2:
        label += f" on {issue_name(case, '.'.join(parts[2:]))}"
    return label


def top_drivers(
    case: Case, sensitivities: Mapping[str, pd.DataFrame], top: int = 8
) -> pd.DataFrame:
    """Per model, the ``top`` (input, issue) pairs with the largest first-order index.

    Parameters
    ----------
    case
        The case (for readable names).
    sensitivities
        Model name → its sweep's sensitivity table (columns ``issue``, ``input``,
        ``spearman``, ``first_order``; :meth:`SweepResult.sensitivity_frame`).
    top
        Pairs kept per model.

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``driver`` (``input → issue`` in words), ``spearman`` (signed,
        −1…1), ``first_order`` (0…1) and ``direction`` (``raises`` / ``lowers``); per model,
        largest first-order index first, ties by |rho| then name.
    """
    frames = []
    for model, frame in sensitivities.items():
        f = frame.dropna(subset=["first_order", "spearman"]).copy()
        if f.empty:
            continue
        f["abs_rho"] = f["spearman"].abs()
        f = f.sort_values(
            ["first_order", "abs_rho", "input", "issue"],
            ascending=[False, False, True, True],
            kind="mergesort",
        ).head(top)
        frames.append(
            pd.DataFrame(
                {
                    "model": model,
                    "driver": [
                        f"{input_label(case, i)} → {issue_name(case, x)}"
                        for i, x in zip(f["input"], f["issue"], strict=True)
                    ],
                    "spearman": f["spearman"].astype(float).round(2).to_numpy(),
                    "first_order": f["first_order"].astype(float).round(2).to_numpy(),
                }
            )
        )
    cols = ["model", "driver", "spearman", "first_order", "direction"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    out["direction"] = np.where(out["spearman"] >= 0, "raises", "lowers")
    return out[cols]


def proximity_cells(case: Case, proximity: Proximity) -> pd.DataFrame:
    """Distance of each document to each party's ideal points, one row per pair.

    Returns
    -------
    pandas.DataFrame
        Columns ``title`` (document), ``party_name``, ``distance`` (0–100, rounded); pairs
        with no defined distance (the party gives no salience to what the document sets)
        are left out.
    """
    titles = {d.id: d.title for d in case.documents}
    rows = [
        {
            "title": titles.get(d, d),
            "party_name": party_name(case, p),
            "distance": round(float(proximity.distances[i, j]), DECIMALS),
        }
        for i, d in enumerate(proximity.document_ids)
        for j, p in enumerate(proximity.party_ids)
        if not np.isnan(proximity.distances[i, j])
    ]
    return pd.DataFrame(rows, columns=["title", "party_name", "distance"])


def lean_rows(case: Case, leans: Sequence[Lean]) -> pd.DataFrame:
    """Each document's lean index between the main parties, with its interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``title``, ``lean``, ``low``, ``high`` (0 = the first main party's ideal
        points, 1 = the second's), for the documents whose lean is defined.
    """
    titles = {d.id: d.title for d in case.documents}
    rows = [
        {
            "title": titles.get(x.document_id, x.document_id),
            "lean": round(float(x.index), 2),
            "low": round(float(x.low), 2),
            "high": round(float(x.high), 2),
        }
        for x in leans
        if not np.isnan(x.index)
    ]
    return pd.DataFrame(rows, columns=["title", "lean", "low", "high"])


def acceptance_cells(case: Case, acceptability: Acceptability) -> pd.DataFrame:
    """Each party's utility of each document against its BATNA, one row per pair.

    Returns
    -------
    pandas.DataFrame
        Columns ``party_name``, ``title``, ``utility``, ``batna``, ``margin`` (utility −
        BATNA) and ``verdict``; documents with no defined utility are left out.
    """
    titles = {d.id: d.title for d in case.documents}
    margins = acceptability.margins
    rows = []
    for j, p in enumerate(acceptability.party_ids):
        for i, d in enumerate(acceptability.document_ids):
            u = float(acceptability.utilities[i, j])
            if np.isnan(u):
                continue
            b = float(acceptability.batna[j])
            rows.append(
                {
                    "party_name": party_name(case, p),
                    "title": titles.get(d, d),
                    "utility": round(u, UTILITY_DECIMALS),
                    "batna": None if np.isnan(b) else round(b, UTILITY_DECIMALS),
                    "margin": None
                    if np.isnan(b)
                    else round(float(margins[i, j]), UTILITY_DECIMALS),
                    "verdict": acceptability.verdict(d, p),
                }
            )
    cols = ["party_name", "title", "utility", "batna", "margin", "verdict"]
    return pd.DataFrame(rows, columns=cols)
