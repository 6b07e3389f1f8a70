"""What the pages and the JSON API show, computed once for both (pure functions of a Case)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ontable.forecast.registry import available_models, get_model
from ontable.model import Case, Override
from ontable.model.arrays import case_arrays
from ontable.model.overrides import make_override

WHATIF_FIELDS = ("capability", "batna", "patience")
STANCE_FIELDS = ("position", "salience")


def baseline_values(case: Case) -> dict[str, float]:
    """Every what-if input of the case by form name (``position__party__issue`` …)."""
    values: dict[str, float] = {}
    for p in case.parties:
        for name in WHATIF_FIELDS:
            value = getattr(p, name)
            if value is not None:
                values[f"{name}__{p.id}"] = float(value)
    for s in case.stances:
        values[f"position__{s.party}__{s.issue}"] = s.position
        values[f"salience__{s.party}__{s.issue}"] = s.salience
    return values


def overrides_from_form(case: Case, form: Mapping[str, Any]) -> list[Override]:
    """The overrides a what-if form makes: every input that differs from the case's value.

    Raises ``ValueError`` naming a field whose value is not a number in its range (an
    :class:`~ontable.model.overrides.OverrideError` from the one override reader).
    """
    base = baseline_values(case)
    out: list[Override] = []
    for key, raw in form.items():
        if key not in base:
            continue
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{key}: expected a number, got {raw!r}") from None
        if not np.isfinite(value):
            raise ValueError(f"{key}: expected a finite number, got {raw!r}")
        if abs(value - base[key]) < 1e-9:
            continue
        parts = key.split("__")
        issue = parts[2] if len(parts) == 3 else None
        out.append(make_override(case, parts[1], parts[0], issue, value, label=key))
    return out


def whatif(case: Case, model: str, overrides: list[Override], *, seed: int = 0) -> dict[str, Any]:
    """Forecast and acceptability of the case with ``overrides`` applied.

    Raises ``KeyError`` for an unknown model or an override the case cannot take.
    """
    from ontable.analysis import acceptability

    changed = case.with_overrides(overrides)
    forecast = get_model(model)(case_arrays(changed), rng=np.random.default_rng(seed))
    outcome = []
    for issue_id, value in zip(forecast.issue_ids, np.asarray(forecast.outcome), strict=True):
        issue = case.issue(issue_id)
        outcome.append(
            {
                "issue": issue_id,
                "name": issue.name,
                "value": round(float(value), 2),
                "low": issue.low,
                "high": issue.high,
            }
        )
    accept = acceptability(changed).to_dict()
    return {
        "model": model,
        "seed": seed,
        "overrides": [o.model_dump(mode="json") for o in overrides],
        "outcome": outcome,
        "acceptability": accept,
    }


def models() -> list[str]:
    """The forecast models that can be chosen."""
    return available_models()
