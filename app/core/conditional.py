"""Entity tags and conditional GETs, for every read under /v1 at once.

A poller that sends back the ``ETag`` it was given in ``If-None-Match`` gets
``304 Not Modified`` with no body while nothing it would see has changed. The tag
is a hash of the body itself, so no router has to know about it, and any write
that changes what a GET answers changes that GET's tag (a write that changes
nothing visible rightly keeps it). The tag is strong: the same bytes, the same tag.

Reads are answered whole in one body message (JSONBytes); a streamed answer is
passed through untagged.
"""

from __future__ import annotations

import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_PREFIX = "/v1/"
# Revalidate every time (the data may change at any moment) but let a client keep the
# copy; private because what a key may read can differ from what the next key may.
_CACHE_CONTROL = b"private, no-cache"
# Headers a 304 repeats from the 200 it stands for (RFC 9110 section 15.4.5).
_KEPT_ON_304 = {b"cache-control", b"content-location", b"date", b"etag", b"expires", b"vary", b"link"}


def entity_tag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'


def none_match(header: bytes, tag: bytes) -> bool:
    """True when If-None-Match names ``tag`` (weak comparison, as RFC 9110 asks for this header)."""
    candidates = [c.strip() for c in header.split(b",")]
    return any(c == b"*" or c.removeprefix(b"W/") == tag for c in candidates)


def _header(scope: Scope, name: bytes) -> bytes | None:
    for k, v in scope.get("headers", []):
        if k == name:
            return v
    return None


class ConditionalGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(_PREFIX):
            await self.app(scope, receive, send)
            return
        if_none_match = _header(scope, b"if-none-match")
        start: Message | None = None

        async def send_tagged(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    await send(message)
                    return
                start = message  # held until the body is known
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            held, start = start, None
            body = message.get("body", b"")
            if message.get("more_body", False):
                # Streamed: no tag (the whole body is not known yet).
                await send(held)
                await send(message)
                return
            tag = entity_tag(body)
            headers = [(k, v) for k, v in held.get("headers", []) if k.lower() != b"cache-control"]
            headers += [(b"etag", tag), (b"cache-control", _CACHE_CONTROL)]
            if if_none_match is not None and none_match(if_none_match, tag):
                kept = [(k, v) for k, v in headers if k.lower() in _KEPT_ON_304]
                await send({"type": "http.response.start", "status": 304, "headers": kept})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**held, "headers": headers})
            await send(message)

        await self.app(scope, receive, send_tagged)
