"""Two texts side by side, from any served cases: ``/compare`` and its JSON twin.

The engine is :func:`ontable.analysis.compare`; a text is named ``CASE:DOC`` (a served
case id, a colon, one of its document ids).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ontable.analysis.compare import (
    Comparison,
    compare,
    side_by_side,
    split_text_ref,
)
from ontable.errors import InputError
from ontable.model import Case
from ontable.web.deps import get_case, render, workspace

pages = APIRouter(include_in_schema=False)
api = APIRouter(tags=["api"])

SPEC_HELP = "A text: a served case id, a colon, a document id (CASE:DOC)."


def _text(request: Request, spec: str) -> tuple[Case, str]:
    """The served case and document a ``CASE:DOC`` spec names, or 400 / 404."""
    try:
        case_id, document = split_text_ref(spec)
    except InputError as exc:
        raise HTTPException(400, str(exc)) from None
    case = get_case(request, case_id)
    if document not in {d.id for d in case.documents}:
        raise HTTPException(404, f"no document '{document}' in '{case_id}'")
    return case, document


def _comparison(request: Request, a: str, b: str) -> Comparison:
    case_a, doc_a = _text(request, a)
    case_b, doc_b = _text(request, b)
    return compare(case_a, doc_a, case_b, doc_b)


def _choices(request: Request) -> list[dict[str, Any]]:
    """Every served case with its documents (cases that do not load are left out)."""
    ws = workspace(request)
    out = []
    for case_id in ws.ids:
        try:
            case = ws.load(case_id)
        except Exception:  # a broken case is reported on the front page, not here
            continue
        documents = sorted(case.documents, key=lambda d: (d.date, d.id))
        out.append(
            {
                "id": case_id,
                "title": case.title,
                "documents": [{"value": f"{case_id}:{d.id}", "title": d.title} for d in documents],
            }
        )
    return out


@pages.get("/compare", response_class=HTMLResponse)
def compare_texts_page(
    request: Request, a: str | None = None, b: str | None = None
) -> HTMLResponse:
    choices = _choices(request)
    values = [d["value"] for c in choices for d in c["documents"]]
    result = _comparison(request, a, b) if a and b else None
    return render(
        request,
        "compare_texts.html",
        {
            "choices": choices,
            "a": a or (values[0] if values else ""),
            "b": b or (values[1] if len(values) > 1 else ""),
            "result": result,
            "rows": side_by_side(result) if result else (),
        },
    )


@api.get("/compare")
def compare_texts(
    request: Request,
    a: str = Query(..., max_length=300, description=SPEC_HELP),
    b: str = Query(..., max_length=300, description=SPEC_HELP),
) -> dict[str, Any]:
    """Two texts side by side: points matched by what they do, and each text's profile."""
    return _comparison(request, a, b).to_dict()
