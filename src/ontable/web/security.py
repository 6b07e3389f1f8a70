"""The web app's safety rules: body size limit, access token, CSRF token, Host check.

- Request bodies over a limit are refused with 413 before they are read whole.
- When a token is configured (required for any bind but loopback), every request must carry
  it: ``Authorization: Bearer …``, an ``X-Ontable-Token`` header, or the cookie set by
  opening any page once with ``?token=…``.
- Every state-changing request (POST, PUT, PATCH, DELETE) must carry the app's CSRF token, in
  an ``X-CSRF-Token`` header (htmx and the JSON API) or a ``csrf_token`` form field.
- On a loopback bind, requests whose Host is not a loopback name are refused (DNS rebinding);
  a loopback address (127.0.0.0/8, ``::1``) or ``localhost`` is accepted, any other name is not.
- Bodies are read whole (up to the limit, chunked or not) before the app sees them; a JSON
  body with ``NaN``, ``Infinity`` or a number beyond a float's range is refused with 422.
- Every answer carries frame protection (``X-Frame-Options: DENY`` and a strict
  Content-Security-Policy with ``frame-ancestors 'none'``), ``nosniff`` and no referrer.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from fastapi import HTTPException, Request

from ontable.jsonio import dumps, loads

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_NAMES = frozenset({"localhost"})
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def host_name(header: str) -> str:
    """The host part of a ``Host`` header (``[::1]:8000`` → ``::1``, ``a:80`` → ``a``)."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` (from a Host header) names this machine only."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


TOKEN_COOKIE = "ontable_token"


async def _plain(
    send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = dumps({"detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


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
        if self.loopback_only and not is_loopback_host(host_name(headers.get("host", ""))):
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
        # Read the whole body first (chunked or not), so that an oversized one is a 413 and
        # a JSON one can be checked for non-finite numbers before any handler parses it.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            if message["type"] != "http.request":
                continue
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_body:
                await _plain(send, 413, f"request body larger than {self.max_body} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body and headers.get("content-type", "").split(";")[0].strip().endswith("json"):
            problem = _non_finite(body)
            if problem is not None:
                await _plain(send, 422, problem)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [
                    *message.get("headers", []),
                    *SECURITY_HEADERS,
                    *set_cookie,
                ]
            await send(message)

        await self.app(scope, replay, send_with_headers)


def _non_finite(body: bytes) -> str | None:
    """Why a JSON body is refused for a non-finite number, or None (malformed JSON is left to
    the handler, which answers 422 with its own message)."""
    try:
        loads(body)
    except ValueError as exc:
        text = str(exc)
        if "finite" in text or "beyond the range" in text:
            return f"invalid number in the JSON body: {text}"
    except RecursionError:
        return "the JSON body nests too deeply"
    return None


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
