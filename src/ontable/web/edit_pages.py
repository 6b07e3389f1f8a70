"""Server-rendered edit forms: a party's stance on an issue, and a provision's coding.

Each form is a GET that fills it from the case and a POST that saves it through the
workspace, showing the form again with the errors (422) or as saved.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ontable.model import PAX_CATEGORIES
from ontable.web.deps import get_case, render, workspace
from ontable.web.pages import _document
from ontable.web.workspace import EditError, ReadOnlyError

router = APIRouter(include_in_schema=False)


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
