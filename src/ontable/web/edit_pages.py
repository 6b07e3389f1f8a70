"""Server-rendered edit forms: a party's stance on an issue, and a provision's coding.

Each form is a GET that fills it from the case and a POST that saves it through the
workspace, showing the form again with the errors (422) or as saved.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ontable.model import PAX_CATEGORIES, Case, Document, Provision, Stance
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


STANCE_FORM_FIELDS = (
    "position",
    "salience",
    "position_low",
    "position_high",
    "salience_low",
    "salience_high",
    "rationale",
    "sources",
)
"""The stance form's inputs, in the order the form shows them."""


def _edit_errors(save: Callable[[], object]) -> dict[str, str]:
    """Run one edit; the form's errors by top-level field (empty when it was saved)."""
    try:
        save()
    except EditError as exc:
        return {k.split(".")[0].split("[")[0]: v for k, v in exc.errors.items()}
    except ReadOnlyError as exc:
        return {"form": str(exc)}
    return {}


def _stance_of(case: Case, party: str, issue: str) -> Stance:
    stance = case.stance(party, issue)
    if stance is None:
        raise HTTPException(404, f"no stance of '{party}' on '{issue}'")
    return stance


def _stance_page(
    request: Request,
    case_id: str,
    case: Case,
    party: str,
    issue: str,
    values: Mapping[str, Any],
    errors: dict[str, str],
    *,
    saved: bool,
) -> HTMLResponse:
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
            "saved": saved,
        },
        status_code=422 if errors else 200,
    )


@router.get("/cases/{case_id}/stances/{party}/{issue}/edit", response_class=HTMLResponse)
def stance_form(request: Request, case_id: str, party: str, issue: str) -> HTMLResponse:
    case = get_case(request, case_id)
    stance = _stance_of(case, party, issue)
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
    return _stance_page(request, case_id, case, party, issue, values, {}, saved=False)


@router.post("/cases/{case_id}/stances/{party}/{issue}/edit", response_class=HTMLResponse)
async def stance_save(request: Request, case_id: str, party: str, issue: str) -> HTMLResponse:
    case = get_case(request, case_id)
    _stance_of(case, party, issue)
    form = dict(await request.form())
    fields, errors = _stance_fields(form)
    if not errors:
        errors = _edit_errors(
            lambda: workspace(request).update_stance(case_id, party, issue, fields)
        )
    values = {k: form.get(k, "") for k in STANCE_FORM_FIELDS}
    return _stance_page(request, case_id, case, party, issue, values, errors, saved=not errors)


def _provision_of(
    request: Request, case_id: str, document_id: str, provision_id: str
) -> tuple[Case, Document, Provision]:
    case, doc = _document(request, case_id, document_id)
    try:
        return case, doc, doc.provision(provision_id)
    except KeyError:
        raise HTTPException(404, f"no provision '{provision_id}'") from None


def _provision_page(
    request: Request,
    case_id: str,
    case: Case,
    doc: Document,
    prov: Provision,
    values: Mapping[str, Any],
    errors: dict[str, str],
    *,
    saved: bool,
) -> HTMLResponse:
    return render(
        request,
        "provision_form.html",
        {
            "case": case,
            "doc": doc,
            "prov": prov,
            "values": values,
            "errors": errors,
            "pax": PAX_CATEGORIES,
            "saved": saved,
            "writable": workspace(request).served(case_id).writable,
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
    case, doc, prov = _provision_of(request, case_id, document_id, provision_id)
    values = {
        "summary": prov.summary,
        "note": prov.note or "",
        "status": prov.status,
        "pax": prov.pax or "",
    }
    return _provision_page(request, case_id, case, doc, prov, values, {}, saved=False)


@router.post(
    "/cases/{case_id}/documents/{document_id}/provisions/{provision_id}/edit",
    response_class=HTMLResponse,
)
async def provision_save(
    request: Request, case_id: str, document_id: str, provision_id: str
) -> HTMLResponse:
    case, doc, prov = _provision_of(request, case_id, document_id, provision_id)
    form = dict(await request.form())
    fields = {
        "summary": str(form.get("summary", "")).strip(),
        "note": str(form.get("note", "")).strip() or None,
        "status": str(form.get("status", "")).strip() or None,
        "pax": str(form.get("pax", "")).strip() or None,
    }
    errors = _edit_errors(
        lambda: workspace(request).update_provision(case_id, document_id, provision_id, fields)
    )
    return _provision_page(request, case_id, case, doc, prov, form, errors, saved=not errors)
