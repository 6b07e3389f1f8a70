"""The local web app: browse cases, compare drafts, ask what-ifs, run sweeps, edit stances.

``create_app`` builds a FastAPI application over a :class:`Workspace`; ``ontable serve`` runs
it with uvicorn. Pages are server-rendered Jinja2 with htmx (vendored, no CDN); every page has
a JSON twin under ``/api`` (OpenAPI at ``/openapi.json``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ontable import __version__
from ontable.io import CaseError
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

    from ontable.web import api, pages, runs_pages

    guarded = [Depends(require_csrf)]
    app.include_router(pages.router, dependencies=guarded)
    app.include_router(runs_pages.pages, dependencies=guarded)
    app.include_router(api.router, prefix="/api", dependencies=guarded)
    app.include_router(runs_pages.api, prefix="/api", dependencies=guarded)

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
            return JSONResponse({"detail": "the case has problems", "problems": problems}, 409)
        return render(
            request,
            "error.html",
            {"status": 409, "detail": "The case has problems.", "problems": problems},
            status_code=409,
        )

    return app
