"""The web app's safety rules: body size limit, access token, CSRF token, Host check.

- Request bodies over a limit are refused with 413 before they are read whole.
- When a token is configured (required for any bind but loopback), every request must carry
  it: ``Authorization: Bearer …``, an ``X-Ontable-Token`` header, or the cookie set by
  opening any page once with ``?token=…``.
- Every state-changing request (POST, PUT, PATCH, DELETE) must carry the app's CSRF token, in
  an ``X-CSRF-Token`` header (htmx and the JSON API) or a ``csrf_token`` form field.
- On a loopback bind, requests whose Host is not a loopback name are refused (DNS rebinding).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from fastapi import HTTPException, Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})
TOKEN_COOKIE = "ontable_token"


async def _plain(
    send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps({"detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _BodyTooLargeError(Exception):
    pass


class GuardMiddleware:
    """Body limit, token and Host checks, in one pure ASGI middleware."""

    def __init__(self, app: ASGIApp, *, max_body: int, token: str | None, loopback_only: bool):
        self.app = app
        self.max_body = max_body
        self.token = token
        self.loopback_only = loopback_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.loopback_only:
            host = (
                headers.get("host", "").rsplit(":", 1)[0]
                if not headers.get("host", "").startswith("[")
                else headers.get("host", "").split("]")[0] + "]"
            )
            if host not in LOOPBACK_HOSTS:
                await _plain(send, 400, "this server answers only to a loopback Host")
                return
        set_cookie: list[tuple[bytes, bytes]] = []
        if self.token is not None:
            given = _token_from(headers, scope.get("query_string", b""))
            if given is None or not hmac.compare_digest(given[0], self.token):
                await _plain(send, 401, "a valid access token is required")
                return
            if given[1] == "query":
                set_cookie = [
                    (
                        b"set-cookie",
                        f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode(),
                    )
                ]
        length = headers.get("content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                await _plain(send, 400, "invalid Content-Length")
                return
            if too_big:
                await _plain(send, 413, f"request body larger than {self.max_body} bytes")
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _BodyTooLargeError
            return message

        async def send_with_cookie(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if set_cookie:
                    message = dict(message)
                    message["headers"] = [*message.get("headers", []), *set_cookie]
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_cookie)
        except _BodyTooLargeError:
            if not started:
                await _plain(send, 413, f"request body larger than {self.max_body} bytes")


def _token_from(headers: dict[str, str], query: bytes) -> tuple[str, str] | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), "header"
    if "x-ontable-token" in headers:
        return headers["x-ontable-token"], "header"
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == TOKEN_COOKIE:
            return value, "cookie"
    values = parse_qs(query.decode("latin-1")).get("token")
    if values:
        return values[0], "query"
    return None


async def require_csrf(request: Request) -> None:
    """FastAPI dependency: refuse a state-changing request without the app's CSRF token."""
    if request.method not in UNSAFE_METHODS:
        return
    expected: str = request.app.state.csrf_token
    given = request.headers.get("x-csrf-token")
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        given = value if isinstance(value, str) else None
    if given is None or not hmac.compare_digest(given, expected):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token")
