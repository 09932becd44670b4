"""uvicorn's httptools protocol, with a cap on a header block that is still arriving.

httptools buffers a header block of any size, so a client that never finishes its
headers makes the server hold ever more memory and wait for ever. This protocol
counts the bytes received while a request's headers are incomplete and, past the
cap, answers 431 (problem+json) and closes the connection. A complete header block
over ``max_header_bytes`` gets the same answer from the app (``HeaderLimit``).

h11, uvicorn's other parser, has this cap built in but parses several times slower;
``python -m app serve`` uses it only where httptools is not installed.
"""

from __future__ import annotations

import asyncio
import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.core.config import get_settings
from app.core.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

# The request line (method and URL) comes in the same bytes; leave room for a long URL.
URL_ALLOWANCE = 16_384


def incomplete_header_cap() -> int:
    return get_settings().max_header_bytes + URL_ALLOWANCE


def _431(limit: int) -> bytes:
    body = json.dumps(
        {
            "type": PROBLEM_BASE + "headers-too-large",
            "title": "Request Header Fields Too Large",
            "status": 431,
            "detail": f"The request headers are over the limit of {limit} bytes.",
        }
    ).encode()
    head = (
        "HTTP/1.1 431 Request Header Fields Too Large\r\n"
        f"content-type: {PROBLEM_MEDIA_TYPE}\r\n"
        f"content-length: {len(body)}\r\n"
        "x-content-type-options: nosniff\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode() + body


class CappedHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._cap = incomplete_header_cap()
        self._header_bytes = 0
        self._in_headers = True  # the first bytes on a connection start a request
        super().connection_made(transport)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_headers = True
        self._header_bytes = 0

    def on_headers_complete(self) -> None:
        self._in_headers = False
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        # Count a chunk only if headers were already incomplete before it: a chunk that ends
        # one request's body and starts the next one's headers is not all header bytes.
        # So the cap may be overshot by one read, never more.
        counting = self._in_headers
        super().data_received(data)
        if not (counting and self._in_headers) or self.transport.is_closing():
            return
        self._header_bytes += len(data)
        if self._header_bytes > self._cap:
            self.logger.warning("Request header block over %d bytes; connection closed.", self._cap)
            self.transport.write(_431(get_settings().max_header_bytes))
            self.transport.close()
