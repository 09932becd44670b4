"""Methods per resource: ``Allow`` on 405 answers and on ``OPTIONS`` (RFC 9110 sections 10.2.1, 9.3.7).

Starlette stops at the first route whose path matches, so when one path is served
by routes in several routers its 405 would list only that route's methods. Here the
methods of every route on the path are gathered instead.

``HEAD`` is answered wherever ``GET`` is, as that GET without its body.
``OPTIONS`` on a path that exists answers 204 with ``Allow``. A CORS preflight never
gets here when CORS is configured (CORSMiddleware, outside, answers it); when it is
not, the preflight gets this plain answer, with no CORS headers, which a browser
rightly refuses.
"""

from __future__ import annotations

import re

from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.middleware import send_problem

Table = list[tuple[re.Pattern[str], int, frozenset[str]]]


def method_table(routes: list) -> Table:
    """(path pattern, number of path parameters, methods) for every route, included routers flattened."""
    table = []
    for route in iter_route_contexts(routes):
        if route.path and route.methods:
            pattern, _, params = compile_path(route.path)
            table.append((pattern, len(params), frozenset(route.methods)))
    return table


def allowed_methods(table: Table, path: str) -> list[str]:
    """The methods the resource at ``path`` accepts (empty when no route matches it).

    The most literal templates win: /v1/articles/batch is its own resource, not an
    article whose id is "batch".
    """
    matching = [(params, methods) for pattern, params, methods in table if pattern.match(path)]
    if not matching:
        return []
    fewest = min(params for params, _ in matching)
    allowed = {m for params, methods in matching if params == fewest for m in methods} | {"OPTIONS"}
    if "GET" in allowed:
        allowed.add("HEAD")
    return sorted(allowed)


class AllowHeader:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.table: Table | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.table is None:  # routes are all in place by the first request
            self.table = method_table(scope["app"].routes)
        table = self.table
        allow = allowed_methods(table, scope["path"])
        method = scope["method"]
        if allow and method == "OPTIONS":
            headers = [(b"allow", ", ".join(allow).encode()), (b"content-length", b"0")]
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        if allow and method not in allow:
            # Answered here so that a literal resource (/v1/articles/batch) is not taken for a
            # parameterised one (/v1/articles/{article_id}) by a method it does not have.
            await send_problem(
                _with_allow(send, allow),
                405,
                "method-not-allowed",
                "Method Not Allowed",
                f"{_printable(method)} is not one of {', '.join(allow)} here.",
                scope.get("state", {}).get("request_id"),
            )
            return
        if method == "HEAD":
            # FastAPI routes a GET for GET only: HEAD is answered as that GET without its body.
            # Marked in the state, so that a streamed download can skip making a body no one gets.
            scope.setdefault("state", {})["head"] = True
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
            return

        await self.app(scope, receive, _with_allow(send, allow))


def _printable(method: str) -> str:
    # The method as sent, made printable: it is echoed in the problem's detail.
    return method if method.isascii() and method.isprintable() and len(method) <= 20 else "This method"


def _with_allow(send: Send, allow: list[str]) -> Send:
    async def send_allow(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 405:
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
            message = {**message, "headers": [*headers, (b"allow", ", ".join(allow).encode())]}
        await send(message)

    return send_allow


def _without_body(send: Send) -> Send:
    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b""}
        await send(message)

    return send_head
