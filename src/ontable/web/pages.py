"""Server-rendered pages (Jinja2 + htmx).

The edit forms for stances and provisions live in :mod:`ontable.web.edit_pages`.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ontable.model import MODALITIES, Scenario
from ontable.web import document_view, views, whatif
from ontable.web.deps import get_case, render, workspace
from ontable.web.workspace import EditError, ReadOnlyError

router = APIRouter(include_in_schema=False)

SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,79}$")


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    ws = workspace(request)
    cases = []
    for case_id in ws.ids:
        try:
            case = ws.load(case_id)
            cases.append(
                {
                    "id": case_id,
                    "title": case.title,
                    "writable": ws.served(case_id).writable,
                    "documents": len(case.documents),
                    "problems": None,
                }
            )
        except Exception as exc:
            cases.append(
                {
                    "id": case_id,
                    "title": case_id,
                    "writable": False,
                    "documents": 0,
                    "problems": str(exc).splitlines()[:3],
                }
            )
    return render(request, "index.html", {"cases": cases})


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: str) -> HTMLResponse:
    case = get_case(request, case_id)
    return render(
        request,
        "case.html",
        {
            "case": case,
            "writable": workspace(request).served(case_id).writable,
            "documents": sorted(case.documents, key=lambda d: (d.date, d.id)),
            "view": document_view.case_view(case),
            **document_view.namers(case),
        },
    )


def _summaries(case: Any) -> dict[str, dict[str, str]]:
    """Document id → provision id → summary (to show new and dropped points in diffs)."""
    return {d.id: {p.id: p.summary for p in d.provisions} for d in case.documents}


def _document(request: Request, case_id: str, document_id: str) -> Any:
    case = get_case(request, case_id)
    try:
        return case, case.document(document_id)
    except KeyError:
        raise HTTPException(404, f"no document '{document_id}' in '{case_id}'") from None


@router.get("/cases/{case_id}/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, case_id: str, document_id: str) -> HTMLResponse:
    case, doc = _document(request, case_id, document_id)
    return render(
        request,
        "document.html",
        {
            "case": case,
            "doc": doc,
            "view": document_view.document_view(case, doc),
            **document_view.namers(case),
            "modalities": MODALITIES,
            "writable": workspace(request).served(case_id).writable,
        },
    )


@router.get("/cases/{case_id}/documents/{document_id}/chain", response_class=HTMLResponse)
def chain_page(request: Request, case_id: str, document_id: str) -> HTMLResponse:
    from ontable.analysis import chain, chain_diffs

    case, doc = _document(request, case_id, document_id)
    return render(
        request,
        "chain.html",
        {
            "case": case,
            "doc": doc,
            "chain": chain(case, doc),
            "diffs": [d.to_dict() for d in chain_diffs(case, doc)],
            "summaries": _summaries(case),
        },
    )


@router.get("/cases/{case_id}/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, case_id: str, a: str | None = None, b: str | None = None
) -> HTMLResponse:
    from ontable.analysis import diff_documents

    case = get_case(request, case_id)
    ids = [d.id for d in sorted(case.documents, key=lambda d: (d.date, d.id))]
    diff = None
    if a and b:
        if a not in ids or b not in ids:
            raise HTTPException(404, "unknown document")
        diff = diff_documents(case, a, b).to_dict()
    return render(
        request,
        "compare.html",
        {"case": case, "ids": ids, "a": a, "b": b, "diff": diff, "summaries": _summaries(case)},
    )


def _models_wanted(model: str, other: str) -> list[str]:
    """The model and, when a different second one is chosen, that one too (404 if unknown)."""
    known = views.models()
    for name in (model, other):
        if name and name not in known:
            raise HTTPException(404, f"unknown model '{name}'")
    return [model] + ([other] if other and other != model else [])


@router.get("/cases/{case_id}/forecast", response_class=HTMLResponse)
def forecast_page(
    request: Request, case_id: str, model: str = "compromise", compare: str = ""
) -> HTMLResponse:
    case = get_case(request, case_id)
    wanted = _models_wanted(model, compare)
    return render(
        request,
        "forecast.html",
        {
            "case": case,
            "models": views.models(),
            "model": model,
            "other": compare if len(wanted) > 1 else "",
            "result": whatif.compare(case, wanted, []),
            "groups": whatif.controls(case),
            "scenarios": whatif.scenarios_json(case),
            "writable": workspace(request).served(case_id).writable,
        },
    )


@router.post("/cases/{case_id}/whatif", response_class=HTMLResponse)
async def whatif_fragment(request: Request, case_id: str) -> HTMLResponse:
    case = get_case(request, case_id)
    form = await request.form()
    model = str(form.get("model", "compromise"))
    other = str(form.get("compare", ""))
    error = None
    result = None
    known = views.models()
    if model not in known or (other and other not in known):
        error = f"unknown model '{model if model not in known else other}'"
    else:
        try:
            overrides = views.overrides_from_form(case, dict(form))
            result = whatif.compare(case, _models_wanted(model, other), overrides)
        except (ValueError, KeyError) as exc:
            error = str(exc)
    return render(
        request,
        "_whatif.html",
        {"case": case, "result": result, "error": error},
        status_code=200 if error is None else 422,
    )


@router.get("/cases/{case_id}/scenarios/compare", response_class=HTMLResponse)
def scenarios_fragment(request: Request, case_id: str, model: str = "compromise") -> HTMLResponse:
    case = get_case(request, case_id)
    _models_wanted(model, "")
    return render(
        request, "_scenarios.html", {"case": case, "table": whatif.scenario_table(case, model)}
    )


@router.post("/cases/{case_id}/scenarios", response_class=HTMLResponse)
async def save_scenario(request: Request, case_id: str) -> HTMLResponse:
    case = get_case(request, case_id)
    form = await request.form()
    name = str(form.get("scenario_id", "")).strip()
    message, status = "", 200
    if not SCENARIO_ID.match(name):
        message, status = "scenario name: use lower-case letters, digits, '-', '_' or '.'", 422
    else:
        try:
            overrides = views.overrides_from_form(case, dict(form))
            scenario = Scenario(
                id=name,
                description=str(form.get("description", "")) or None,
                overrides=tuple(overrides),
            )
            workspace(request).save_scenario(case_id, scenario)
            message = f"saved scenario '{name}' with {len(overrides)} change(s)"
        except ReadOnlyError as exc:
            message, status = str(exc), 409
        except (ValueError, EditError) as exc:
            message, status = str(exc), 422
    return render(
        request, "_message.html", {"message": message, "ok": status == 200}, status_code=status
    )


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg")
