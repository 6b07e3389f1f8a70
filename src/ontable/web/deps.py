"""What every page and API route needs from the app: its workspace, a served case, a page
rendered with the common context. Routers import these from here, not from ``app``, so that
the app (which includes the routers) and the routers do not import each other."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse

from ontable.model import Case
from ontable.web.workspace import Workspace


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a page with the common context (CSRF token, version, served cases)."""
    app = request.app
    full = {
        "csrf_token": app.state.csrf_token,
        "case_ids": app.state.workspace.ids,
        **context,
    }
    response: HTMLResponse = app.state.templates.TemplateResponse(
        request, template, full, status_code=status_code
    )
    return response


def workspace(request: Request) -> Workspace:
    """The app's workspace (a FastAPI dependency)."""
    ws: Workspace = request.app.state.workspace
    return ws


def get_case(request: Request, case_id: str) -> Case:
    """The served case ``case_id`` or 404."""
    ws = workspace(request)
    if case_id not in ws.ids:
        raise HTTPException(404, f"no case '{case_id}' here")
    return ws.load(case_id)
