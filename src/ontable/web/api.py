"""The JSON API: the pages' data for scripts (OpenAPI at /openapi.json)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from ontable.model import Override
from ontable.model import Scenario as CaseScenario
from ontable.model.common import Scale, Text, Url
from ontable.web import views
from ontable.web.deps import get_case, workspace
from ontable.web.workspace import EditError, ReadOnlyError

router = APIRouter(tags=["api"])


class Scenario(CaseScenario):
    __doc__ = CaseScenario.__doc__
    # The case model builds its validators when first used; FastAPI builds a request body's
    # when it makes the route (under its own warning filters), so this body type is built now.
    model_config = ConfigDict(defer_build=False)


class WhatIf(BaseModel):
    """A what-if: a model, changed inputs and a seed."""

    model_config = ConfigDict(extra="forbid")
    model: str = "compromise"
    overrides: list[Override] = Field(default_factory=list, max_length=2000)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)


class StanceEdit(BaseModel):
    """New values for a stance; fields left out keep their value."""

    model_config = ConfigDict(extra="forbid")
    position: Scale | None = None
    salience: Scale | None = None
    position_range: tuple[Scale, Scale] | None = None
    salience_range: tuple[Scale, Scale] | None = None
    rationale: Text | None = None
    sources: list[Url] | None = Field(default=None, min_length=1)


def _case_or_404(request: Request, case_id: str) -> Any:
    return get_case(request, case_id)


@router.get("/cases")
def list_cases(request: Request) -> list[dict[str, Any]]:
    """The served cases."""
    ws = workspace(request)
    return [{"id": i, "writable": ws.served(i).writable} for i in ws.ids]


@router.get("/cases/{case_id}")
def get_case_data(request: Request, case_id: str) -> dict[str, Any]:
    """A case's parties, issues, stances and scenarios, and its document ids."""
    case = _case_or_404(request, case_id)
    data: dict[str, Any] = case.model_dump(mode="json", exclude={"documents"})
    data["documents"] = [d.id for d in case.documents]
    return data


@router.get("/cases/{case_id}/documents/{document_id}")
def get_document(request: Request, case_id: str, document_id: str) -> dict[str, Any]:
    """One document with its provisions and obligations."""
    case = _case_or_404(request, case_id)
    try:
        return case.document(document_id).model_dump(mode="json")
    except KeyError:
        raise HTTPException(404, f"no document '{document_id}'") from None


@router.get("/cases/{case_id}/documents/{document_id}/ledger")
def get_ledger(request: Request, case_id: str, document_id: str) -> dict[str, Any]:
    """The obligation ledger of a document."""
    from ontable.analysis import ledger

    case = _case_or_404(request, case_id)
    if document_id not in {d.id for d in case.documents}:
        raise HTTPException(404, f"no document '{document_id}'")
    result: dict[str, Any] = ledger(case, document_id).to_dict()
    return result


@router.get("/cases/{case_id}/diff")
def get_diff(request: Request, case_id: str, a: str, b: str) -> dict[str, Any]:
    """The provision-level diff of two documents."""
    from ontable.analysis import diff_documents

    case = _case_or_404(request, case_id)
    ids = {d.id for d in case.documents}
    if a not in ids or b not in ids:
        raise HTTPException(404, "unknown document")
    result: dict[str, Any] = diff_documents(case, a, b).to_dict()
    return result


@router.get("/models")
def list_models() -> list[str]:
    """The forecast models that can be chosen."""
    return views.models()


@router.post("/cases/{case_id}/forecast")
def post_forecast(request: Request, case_id: str, body: WhatIf) -> dict[str, Any]:
    """Forecast and acceptability with the given overrides (nothing is saved)."""
    case = _case_or_404(request, case_id)
    if body.model not in views.models():
        raise HTTPException(422, f"unknown model '{body.model}' (expected one of {views.models()})")
    try:
        return views.whatif(case, body.model, body.overrides, seed=body.seed)
    except KeyError as exc:
        raise HTTPException(422, str(exc)) from None


@router.put("/cases/{case_id}/stances/{party}/{issue}")
def put_stance(
    request: Request, case_id: str, party: str, issue: str, body: StanceEdit
) -> dict[str, Any]:
    """Change a stance in the case file (validated, written atomically, comments kept)."""
    case = _case_or_404(request, case_id)
    if case.stance(party, issue) is None:
        raise HTTPException(404, f"no stance of '{party}' on '{issue}'")
    fields = body.model_dump(exclude_unset=True)
    try:
        updated = workspace(request).update_stance(case_id, party, issue, fields)
    except ReadOnlyError as exc:
        raise HTTPException(409, str(exc)) from None
    except EditError as exc:
        raise HTTPException(422, exc.errors) from None
    stance = updated.stance(party, issue)
    return {} if stance is None else stance.model_dump(mode="json")


@router.post("/cases/{case_id}/scenarios")
def post_scenario(request: Request, case_id: str, body: Scenario) -> dict[str, Any]:
    """Save a named scenario into the case file."""
    _case_or_404(request, case_id)
    try:
        workspace(request).save_scenario(case_id, body)
    except ReadOnlyError as exc:
        raise HTTPException(409, str(exc)) from None
    except EditError as exc:
        raise HTTPException(422, exc.errors) from None
    return {"saved": body.id}
