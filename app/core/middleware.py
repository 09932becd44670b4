"""Pure ASGI middleware (cheaper than BaseHTTPMiddleware on every request).

- RequestContext: request id (taken from a sane X-Request-ID or made up), security
  headers on every response, one JSON log line per request.
- HeaderLimit: refuses a request whose header block is over the cap with a 431 problem.
- BodyLimit: refuses bodies over the cap with a 413 problem before the app reads them.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

log = logging.getLogger("app.access")
errors_log = logging.getLogger("app.errors")
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"cache-control", b"no-store"),
]
# The interactive docs load their own scripts and styles; a strict CSP would blank them.
_DOCS_PATHS = ("/docs", "/redoc")


def _header(scope: Scope, name: bytes) -> bytes | None:
    for k, v in scope.get("headers", []):
        if k == name:
            return v
    return None


async def send_problem(
    send: Send, status: int, slug: str, title: str, detail: str, request_id: str | None
) -> None:
    body = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    if request_id:
        body["request_id"] = request_id
    raw = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(raw)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": raw})


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = (_header(scope, b"x-request-id") or b"").decode("latin-1")
        # A correlation id, not a secret: the PRNG is enough and spares a getrandom() call per request.
        request_id = given if _REQUEST_ID_OK.match(given) else f"{random.getrandbits(128):032x}"
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status_holder = {"status": 500, "started": False}
        strict = not scope["path"].startswith(_DOCS_PATHS)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"], status_holder["started"] = message["status"], True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                present = {k.lower() for k, _ in headers}
                for k, v in SECURITY_HEADERS:
                    if k not in present and (strict or k != b"content-security-policy"):
                        headers.append((k, v))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception:
            # Answered here rather than by Starlette's outermost error middleware, whose
            # response would bypass send_wrapper: no security headers, no request id.
            if status_holder["started"]:
                raise
            errors_log.exception(
                "unhandled error", extra={"request_id": request_id, "path": scope.get("path")}
            )
            await send_problem(
                send_wrapper,
                500,
                "internal-error",
                "Internal Server Error",
                "An unexpected error occurred.",
                request_id,
            )
        finally:
            # The query string is left out: it may carry a key someone pasted there.
            log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status_holder["status"],
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )


class HeaderLimit:
    """Caps the total size of the request headers.

    uvicorn's parsers do not do it for us: httptools has no limit at all, and h11's
    applies only while a header block is still incomplete.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = sum(len(k) + len(v) + 4 for k, v in scope.get("headers", []))
            if size > self.max_bytes:
                await send_problem(
                    send,
                    431,
                    "headers-too-large",
                    "Request Header Fields Too Large",
                    f"The request headers are {size} bytes; the limit is {self.max_bytes}.",
                    scope.get("state", {}).get("request_id"),
                )
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Caps request bodies. ``limit_for`` picks the cap from the path (batch ingest gets a larger one)."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        request_id = scope.get("state", {}).get("request_id")
        declared = _header(scope, b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await send_problem(
                    send, 400, "bad-request", "Bad Request", "Invalid Content-Length.", request_id
                )
                return
            if size > limit:
                await send_problem(
                    send,
                    413,
                    "payload-too-large",
                    "Payload Too Large",
                    f"The request body is {size} bytes; the limit here is {limit}.",
                    request_id,
                )
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            await send_problem(
                send,
                413,
                "payload-too-large",
                "Payload Too Large",
                f"The request body is over the limit of {limit} bytes.",
                request_id,
            )


class BodyTooLarge(HTTPException):
    """An HTTPException so that FastAPI's body parsing lets it through as a 413, not a 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is over the limit of {limit} bytes.")
        self.limit = limit
