"""The local web app: browse cases, compare drafts, ask what-ifs, run sweeps, edit stances.

``create_app`` builds a FastAPI application over a :class:`Workspace`; ``ontable serve`` runs
it with uvicorn. Pages are server-rendered Jinja2 with htmx (vendored, no CDN); every page has
a JSON twin under ``/api`` (OpenAPI at ``/openapi.json``).
"""

from __future__ import annotations

import html
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ontable import __version__
from ontable.io import CaseError
from ontable.jsonio import dumps
from ontable.web.deps import get_case, render, workspace
from ontable.web.security import GuardMiddleware, require_csrf
from ontable.web.workspace import Workspace

__all__ = ["MAX_BODY", "WebConfig", "create_app", "get_case", "render", "workspace"]

HERE = Path(__file__).parent
MAX_BODY = 256 * 1024
"""Largest request body accepted (256 KiB): edits and what-ifs are small."""


@dataclass(frozen=True)
class WebConfig:
    """How the app runs: what it serves, who may use it, where runs are stored."""

    target: str | Path | None = None
    token: str | None = None
    loopback_only: bool = True
    store_path: Path | None = None
    max_body: int = MAX_BODY
    sweep_executor: str = "serial"


def create_app(config: WebConfig | None = None) -> FastAPI:
    """The web application for ``config`` (default: the built-in cases, loopback, no token)."""
    config = config or WebConfig()
    app = FastAPI(
        title="ontable",
        version=__version__,
        description="What is really on the table? Cases, documents, analyses and forecasts.",
        default_response_class=StrictJSONResponse,
        # Swagger UI and ReDoc load their code from a CDN: blank offline, and a request to a
        # third party online. /docs and /redoc serve an offline page instead (api_docs).
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = config
    app.state.workspace = Workspace(config.target)
    app.state.csrf_token = secrets.token_urlsafe(32)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates.env.globals.update(version=__version__)
    from ontable.store import default_store_path
    from ontable.web.jobs import JobBoard

    app.state.jobs = JobBoard(config.store_path or default_store_path(), config.sweep_executor)
    app.add_middleware(
        GuardMiddleware,
        max_body=config.max_body,
        token=config.token,
        loopback_only=config.loopback_only,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    from ontable.web import api, compare_pages, edit_pages, models_pages, pages, runs_pages

    guarded = [Depends(require_csrf)]
    app.include_router(pages.router, dependencies=guarded)
    app.include_router(edit_pages.router, dependencies=guarded)
    app.include_router(runs_pages.pages, dependencies=guarded)
    app.include_router(api.router, prefix="/api", dependencies=guarded)
    app.include_router(runs_pages.api, prefix="/api", dependencies=guarded)
    app.include_router(models_pages.pages, dependencies=guarded)
    app.include_router(models_pages.api, prefix="/api", dependencies=guarded)
    app.include_router(compare_pages.pages, dependencies=guarded)
    app.include_router(compare_pages.api, prefix="/api", dependencies=guarded)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    @app.get("/redoc", include_in_schema=False, response_class=HTMLResponse)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(api_docs_page(app.openapi()))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api") or "text/html" not in request.headers.get(
            "accept", ""
        ):
            return await http_exception_handler(request, exc)
        return render(
            request,
            "error.html",
            {"status": exc.status_code, "detail": exc.detail},
            status_code=exc.status_code,
        )

    @app.exception_handler(CaseError)
    async def _case_error(request: Request, exc: CaseError) -> Response:
        problems = [str(p) for p in exc.problems]
        if request.url.path.startswith("/api"):
            return StrictJSONResponse(
                {"detail": "the case has problems", "problems": problems}, 409
            )
        return render(
            request,
            "error.html",
            {"status": 409, "detail": "The case has problems.", "problems": problems},
            status_code=409,
        )

    return app


class StrictJSONResponse(JSONResponse):
    """JSON answers through ontable's one encoder: a non-finite number becomes ``null``, never
    ``NaN`` (which is not JSON) and never a 500 because the encoder refused it."""

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")


def api_docs_page(schema: dict[str, Any]) -> str:
    """A self-contained page listing the JSON API from its OpenAPI schema (no scripts, no CDN);
    the full schema is at ``/openapi.json`` for any OpenAPI tool."""
    rows = []
    for path, operations in sorted(schema.get("paths", {}).items()):
        for method, op in operations.items():
            summary = op.get("summary") or ""
            text = (op.get("description") or "").strip().split("\n")[0]
            rows.append(
                f"<tr><td><code>{html.escape(method.upper())}</code></td>"
                f"<td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(summary)}</td><td>{html.escape(text)}</td></tr>"
            )
    title = html.escape(str(schema.get("info", {}).get("title", "API")))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} API</title><link rel='stylesheet' href='/static/app.css'></head>"
        f"<body><main><h1>{title} JSON API</h1>"
        "<p>Every page has a JSON twin under <code>/api</code>. The machine-readable "
        "description is <a href='/openapi.json'>/openapi.json</a> (OpenAPI 3), for any "
        "OpenAPI tool; this page works offline and loads nothing from elsewhere.</p>"
        "<table><thead><tr><th>method</th><th>path</th><th>summary</th><th>what it does</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></main></body></html>"
    )
