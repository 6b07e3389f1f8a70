"""The what-if panel's content: its controls in plain words, and results before → after.

Pure functions of a Case (no request, no I/O), used by the forecast page and its fragments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ontable.analysis import acceptability
from ontable.forecast.registry import run_forecast
from ontable.io import case_digest
from ontable.model import Case, Override
from ontable.web.views import baseline_values


@dataclass(frozen=True)
class FieldMeaning:
    """What a control changes, in words, and what each end of its scale means."""

    label: str
    low: str
    high: str
    top: float
    step: float


PARTY_FIELDS: dict[str, FieldMeaning] = {
    "capability": FieldMeaning(
        "Clout at the table", "no clout", "the most clout of anyone", 100, 1
    ),
    "batna": FieldMeaning(
        "Value of no deal (BATNA)",
        "no deal is the worst outcome",
        "no deal is as good as getting everything",
        1,
        0.01,
    ),
    "patience": FieldMeaning("Patience", "needs a deal now", "can wait indefinitely", 1, 0.01),
}
"""The party-wide inputs a what-if can change."""

SALIENCE = FieldMeaning("How much it cares", "not at all", "above everything else", 100, 1)


@dataclass(frozen=True)
class Control:
    """One slider: its form name, words, scale and the case's (baseline) value."""

    key: str
    label: str
    low: str
    high: str
    top: float
    step: float
    baseline: float

    @property
    def percent(self) -> float:
        """Where the baseline sits along the slider (0–100), for its marker."""
        return round(100 * self.baseline / self.top, 2)


@dataclass(frozen=True)
class IssueControls:
    """A party's two controls on one issue."""

    issue: str
    name: str
    controls: tuple[Control, ...]


@dataclass(frozen=True)
class PartyControls:
    """Every control of one party: party-wide ones, then one group per issue."""

    party: str
    name: str
    controls: tuple[Control, ...]
    issues: tuple[IssueControls, ...]

    @property
    def count(self) -> int:
        """Number of sliders of the party."""
        return len(self.controls) + sum(len(i.controls) for i in self.issues)


def controls(case: Case) -> list[PartyControls]:
    """The case's what-if controls grouped by party and issue, in the case's order."""
    base = baseline_values(case)
    out = []
    for p in case.parties:
        party_controls = []
        for field, m in PARTY_FIELDS.items():
            key = f"{field}__{p.id}"
            if key in base:
                party_controls.append(
                    Control(key, m.label, m.low, m.high, m.top, m.step, base[key])
                )
        issues = []
        for issue in case.issues:
            pos_key = f"position__{p.id}__{issue.id}"
            if pos_key not in base:
                continue
            sal_key = f"salience__{p.id}__{issue.id}"
            pair = (
                Control(pos_key, "Wants", issue.low, issue.high, 100, 1, base[pos_key]),
                Control(
                    sal_key,
                    SALIENCE.label,
                    SALIENCE.low,
                    SALIENCE.high,
                    SALIENCE.top,
                    SALIENCE.step,
                    base[sal_key],
                ),
            )
            issues.append(IssueControls(issue.id, issue.name, pair))
        out.append(PartyControls(p.id, p.name, tuple(party_controls), tuple(issues)))
    return out


def describe(case: Case, override: Override) -> str:
    """An override in words: ``Russia · Value of no deal (BATNA): 0.45 → 0.3``."""
    party = case.party(override.party)
    if override.issue is None:
        before = getattr(party, override.field)
        label = PARTY_FIELDS[override.field].label
        where = party.name
    else:
        stance = case.stance(override.party, override.issue)
        before = None if stance is None else getattr(stance, override.field)
        label = "Wants" if override.field == "position" else SALIENCE.label
        where = f"{party.name} · {case.issue(override.issue).name}"
    return f"{where} · {label}: {before:g} → {override.value:g}"


_BASELINES: dict[tuple[str, str], list[float]] = {}
"""Baseline forecasts by (case content hash, model): computed once per case version."""


def _forecast(case: Case, model: str, seed: int) -> list[float]:
    fc = run_forecast(case, model, seed=seed)
    by_issue = dict(zip(fc.issue_ids, np.asarray(fc.outcome, dtype=float).tolist(), strict=True))
    return [by_issue.get(i.id, float("nan")) for i in case.issues]


def baseline(case: Case, model: str, seed: int = 0) -> list[float]:
    """The model's forecast per issue (case order) on the case's own inputs."""
    key = (case_digest(case), f"{model}:{seed}")
    if key not in _BASELINES:
        if len(_BASELINES) > 64:
            _BASELINES.clear()
        _BASELINES[key] = _forecast(case, model, seed)
    return _BASELINES[key]


def _rounded(x: float) -> float | None:
    return None if np.isnan(x) else round(x, 1)


def compare(
    case: Case, models: Sequence[str], overrides: Sequence[Override], *, seed: int = 0
) -> dict[str, Any]:
    """Each model's forecast per issue before (the case) → after (with ``overrides``), and
    who would accept each document before → after.

    Raises ``KeyError`` for an unknown model or an override the case cannot take.
    """
    changed = case.with_overrides(list(overrides)) if overrides else case
    per_issue: list[list[dict[str, Any]]] = [[] for _ in case.issues]
    for model in models:
        before = baseline(case, model, seed)
        after = _forecast(changed, model, seed) if overrides else before
        for cells, b, a in zip(per_issue, before, after, strict=True):
            cells.append(
                {
                    "model": model,
                    "before": _rounded(b),
                    "after": _rounded(a),
                    "change": None if np.isnan(a - b) else round(a - b, 1),
                }
            )
    rows = [
        {"issue": i.id, "name": i.name, "low": i.low, "high": i.high, "models": cells}
        for i, cells in zip(case.issues, per_issue, strict=True)
    ]
    return {
        "models": list(models),
        "rows": rows,
        "changes": [describe(case, o) for o in overrides],
        "overrides": [o.model_dump(mode="json") for o in overrides],
        "acceptance": _acceptance(case, changed),
    }


def _acceptance(case: Case, changed: Case) -> list[dict[str, Any]]:
    if not case.documents or not case.stances:
        return []
    before = acceptability(case)
    after = before if changed is case else acceptability(changed)
    out = []
    for i, doc_id in enumerate(before.document_ids):
        cells = []
        for j, party in enumerate(before.party_ids):
            u0, u1 = float(before.utilities[i, j]), float(after.utilities[i, j])
            cells.append(
                {
                    "party": case.party(party).name,
                    "before": before.verdict(doc_id, party),
                    "after": after.verdict(doc_id, party),
                    "utility_before": None if np.isnan(u0) else round(u0, 2),
                    "utility_after": None if np.isnan(u1) else round(u1, 2),
                }
            )
        out.append({"document": case.document(doc_id).title, "cells": cells})
    return out


def scenario_table(case: Case, model: str, *, seed: int = 0) -> dict[str, Any]:
    """The model's forecast per issue on the case and under each of its scenarios."""
    base = baseline(case, model, seed)
    columns = []
    for sc in case.scenarios:
        values = _forecast(case.with_overrides(list(sc.overrides)), model, seed)
        columns.append(
            {
                "id": sc.id,
                "description": sc.description or "",
                "changes": [describe(case, o) for o in sc.overrides],
                "outcomes": [_rounded(v) for v in values],
                "shifts": [
                    None if np.isnan(v - b) else round(v - b, 1)
                    for v, b in zip(values, base, strict=True)
                ],
            }
        )
    return {
        "model": model,
        "issues": [i.name for i in case.issues],
        "baseline": [_rounded(b) for b in base],
        "scenarios": columns,
    }


def scenarios_json(case: Case) -> list[dict[str, Any]]:
    """The case's scenarios as form values, for the page to load into its controls."""
    out = []
    for sc in case.scenarios:
        values = {}
        for o in sc.overrides:
            key = f"{o.field}__{o.party}" + (f"__{o.issue}" if o.issue else "")
            values[key] = o.value
        out.append({"id": sc.id, "description": sc.description or "", "values": values})
    return out
