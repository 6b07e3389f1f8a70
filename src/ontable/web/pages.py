"""Server-rendered pages (Jinja2 + htmx)."""

from __future__ import annotations

import math
import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ontable.model import MODALITIES, PAX_CATEGORIES, Scenario
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


def _end(bounds: tuple[float, float] | None, index: int) -> float | str:
    """One end of an optional range, or an empty form field."""
    return "" if bounds is None else bounds[index]


def _number(form: dict[str, Any], key: str, errors: dict[str, str]) -> float | None:
    raw = str(form.get(key, "")).strip()
    if raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        errors[key] = f"expected a number, got {raw!r}"
        return None
    if not math.isfinite(value):
        errors[key] = f"expected a finite number, got {raw!r}"
        return None
    return value


def _stance_fields(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    fields: dict[str, Any] = {}
    for name in ("position", "salience"):
        value = _number(form, name, errors)
        if value is None and name not in errors:
            errors[name] = "required"
        fields[name] = value
        low = _number(form, f"{name}_low", errors)
        high = _number(form, f"{name}_high", errors)
        if (low is None) != (high is None):
            errors[f"{name}_range"] = "give both ends of the range, or neither"
        fields[f"{name}_range"] = None if low is None or high is None else [low, high]
    fields["rationale"] = str(form.get("rationale", "")).strip() or None
    sources = [s.strip() for s in str(form.get("sources", "")).splitlines() if s.strip()]
    fields["sources"] = sources or None
    return fields, errors


@router.get("/cases/{case_id}/stances/{party}/{issue}/edit", response_class=HTMLResponse)
def stance_form(request: Request, case_id: str, party: str, issue: str) -> HTMLResponse:
    case = get_case(request, case_id)
    stance = case.stance(party, issue)
    if stance is None:
        raise HTTPException(404, f"no stance of '{party}' on '{issue}'")
    values = {
        "position": stance.position,
        "salience": stance.salience,
        "position_low": _end(stance.position_range, 0),
        "position_high": _end(stance.position_range, 1),
        "salience_low": _end(stance.salience_range, 0),
        "salience_high": _end(stance.salience_range, 1),
        "rationale": stance.rationale,
        "sources": "\n".join(stance.sources),
    }
    return render(
        request,
        "stance_form.html",
        {
            "case": case,
            "party": party,
            "issue": case.issue(issue),
            "values": values,
            "errors": {},
            "writable": workspace(request).served(case_id).writable,
            "saved": False,
        },
    )


@router.post("/cases/{case_id}/stances/{party}/{issue}/edit", response_class=HTMLResponse)
async def stance_save(request: Request, case_id: str, party: str, issue: str) -> HTMLResponse:
    case = get_case(request, case_id)
    if case.stance(party, issue) is None:
        raise HTTPException(404, f"no stance of '{party}' on '{issue}'")
    form = dict(await request.form())
    fields, errors = _stance_fields(form)
    if not errors:
        try:
            workspace(request).update_stance(case_id, party, issue, fields)
        except EditError as exc:
            errors = {k.split(".")[0].split("[")[0]: v for k, v in exc.errors.items()}
        except ReadOnlyError as exc:
            errors = {"form": str(exc)}
    values = {
        k: form.get(k, "")
        for k in (
            "position",
            "salience",
            "position_low",
            "position_high",
            "salience_low",
            "salience_high",
            "rationale",
            "sources",
        )
    }
    return render(
        request,
        "stance_form.html",
        {
            "case": case,
            "party": party,
            "issue": case.issue(issue),
            "values": values,
            "errors": errors,
            "writable": workspace(request).served(case_id).writable,
            "saved": not errors,
        },
        status_code=422 if errors else 200,
    )


@router.get(
    "/cases/{case_id}/documents/{document_id}/provisions/{provision_id}/edit",
    response_class=HTMLResponse,
)
def provision_form(
    request: Request, case_id: str, document_id: str, provision_id: str
) -> HTMLResponse:
    case, doc = _document(request, case_id, document_id)
    try:
        prov = doc.provision(provision_id)
    except KeyError:
        raise HTTPException(404, f"no provision '{provision_id}'") from None
    values = {
        "summary": prov.summary,
        "note": prov.note or "",
        "status": prov.status,
        "pax": prov.pax or "",
    }
    return render(
        request,
        "provision_form.html",
        {
            "case": case,
            "doc": doc,
            "prov": prov,
            "values": values,
            "errors": {},
            "pax": PAX_CATEGORIES,
            "saved": False,
            "writable": workspace(request).served(case_id).writable,
        },
    )


@router.post(
    "/cases/{case_id}/documents/{document_id}/provisions/{provision_id}/edit",
    response_class=HTMLResponse,
)
async def provision_save(
    request: Request, case_id: str, document_id: str, provision_id: str
) -> HTMLResponse:
    case, doc = _document(request, case_id, document_id)
    try:
        prov = doc.provision(provision_id)
    except KeyError:
        raise HTTPException(404, f"no provision '{provision_id}'") from None
    form = dict(await request.form())
    fields = {
        "summary": str(form.get("summary", "")).strip(),
        "note": str(form.get("note", "")).strip() or None,
        "status": str(form.get("status", "")).strip() or None,
        "pax": str(form.get("pax", "")).strip() or None,
    }
    errors: dict[str, str] = {}
    try:
        workspace(request).update_provision(case_id, document_id, provision_id, fields)
    except EditError as exc:
        errors = {k.split(".")[0].split("[")[0]: v for k, v in exc.errors.items()}
    except ReadOnlyError as exc:
        errors = {"form": str(exc)}
    return render(
        request,
        "provision_form.html",
        {
            "case": case,
            "doc": doc,
            "prov": prov,
            "values": form,
            "errors": errors,
            "pax": PAX_CATEGORIES,
            "saved": not errors,
            "writable": workspace(request).served(case_id).writable,
        },
        status_code=422 if errors else 200,
    )


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg")
