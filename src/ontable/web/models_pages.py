"""The models compared: each model's assumption, forecast, band and backtest error on one
case, where the models agree and split, and flags (a page and its JSON twin).

The numbers come from :func:`ontable.backtest.compare.compare_models`; this module only
renders them. Results are kept for the last few (case content, samples, seed) asked for, as
every model and a sweep per model run to make them.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from ontable.backtest.compare import AGREE, ModelsCompared, compare_models
from ontable.model import Case
from ontable.web.deps import get_case, render, workspace

pages = APIRouter(include_in_schema=False)
api = APIRouter(tags=["api"])

MAX_SAMPLES = 1000
"""Most sweep draws per model a page asks for (more belong on the command line)."""

_KEEP = 8
_cache: OrderedDict[tuple[str, int, int], ModelsCompared] = OrderedDict()
_lock = Lock()


def _compared(case: Case, samples: int, seed: int) -> ModelsCompared:
    from ontable.io.load import case_digest

    key = (case_digest(case), samples, seed)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    try:
        result = compare_models(case, samples=samples, seed=seed)
    except ValueError as exc:
        raise HTTPException(409, str(exc)) from None
    with _lock:
        _cache[key] = result
        while len(_cache) > _KEEP:
            _cache.popitem(last=False)
    return result


def code_spans(text: str) -> Markup:
    """``text`` escaped, with its Markdown code spans (`` `name` ``) as ``<code>``."""
    parts = str(escape(text)).split("`")
    return Markup("".join(f"<code>{p}</code>" if k % 2 else p for k, p in enumerate(parts)))


SAMPLES = Query(100, ge=0, le=MAX_SAMPLES, description="Sweep draws per model for the bands.")
SEED = Query(2025, ge=0, le=2**32 - 1, description="Seed of the models and the sweeps.")


@pages.get("/track-records", response_class=HTMLResponse)
def models_index(request: Request) -> HTMLResponse:
    """The backtest's track record of every model, with links to each case's comparison."""
    from ontable.backtest import track_record
    from ontable.backtest.summary import baselines_ahead, ensemble_text
    from ontable.datasets import shipped_backtest

    result = shipped_backtest()
    records = track_record(result)
    return render(
        request,
        "track_records.html",
        {
            "records": records,
            "labels": {r.name: code_spans(r.label) for r in records},
            "ensemble_note": code_spans(ensemble_text(result)),
            "baselines_note": code_spans(baselines_ahead(result)),
            "cases": workspace(request).ids,
        },
    )


@pages.get("/cases/{case_id}/models", response_class=HTMLResponse)
def models_page(
    request: Request, case_id: str, samples: int = SAMPLES, seed: int = SEED
) -> HTMLResponse:
    """Every model on the case beside its track record."""
    case = get_case(request, case_id)
    if not case.stances:
        return render(
            request,
            "models.html",
            {"case": case, "compared": None, "agree": AGREE},
        )
    compared = _compared(case, samples, seed)
    issues = [(f.issue, f.issue_name) for f in compared.rows[0].forecasts]
    cells = {(r.name, f.issue): f for r in compared.rows for f in r.forecasts}
    return render(
        request,
        "models.html",
        {
            "case": case,
            "compared": compared,
            "issues": issues,
            "cells": cells,
            "agree": AGREE,
            "labels": {r.name: code_spans(r.label) for r in compared.rows},
            "ensemble_note": code_spans(compared.ensemble_note),
            "baselines_note": code_spans(compared.baselines_note),
        },
    )


@api.get("/cases/{case_id}/models")
def models_json(
    request: Request, case_id: str, samples: int = SAMPLES, seed: int = SEED
) -> dict[str, Any]:
    """Every model on the case beside its backtest track record, with flags and splits."""
    return _compared(get_case(request, case_id), samples, seed).to_dict()


@api.get("/track-records")
def track_records_json() -> dict[str, Any]:
    """Every forecast's backtest track record (what it assumes, its error with interval)."""
    from ontable.backtest import track_record
    from ontable.backtest.summary import baselines_ahead, ensemble_text
    from ontable.datasets import shipped_backtest

    result = shipped_backtest()
    return {
        "records": [r.__dict__ for r in track_record(result)],
        "ensemble_note": ensemble_text(result),
        "baselines_note": baselines_ahead(result),
    }
