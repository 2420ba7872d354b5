"""A memory bound on request heads, in uvicorn's fast (httptools) HTTP protocol.

uvicorn's httptools protocol keeps no limit on a request's head: httptools collects a header
value in memory until its end arrives, so a 64 MB header cost ~120 MB before any middleware
(:class:`api.middleware.RequestHeadLimits`, which answers 431/414 with the JSON error shape)
could see it. :func:`bounded_protocol` makes a subclass that counts the bytes received while a
request's head is incomplete; past its limit it answers **431** ``headers_too_large`` and closes
the connection without reading further. Each read is at most 256 KiB, so a head never holds
more than the limit plus one read. Its transport is wrapped so that a response's head and body go
out in one write (:mod:`api.coalesce`). h11 has such a limit (``h11_max_incomplete_event_size``), but
costs ~30% of the point-lookup throughput (see docs/deployment.md).
"""

from __future__ import annotations

import asyncio
import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.coalesce import CoalescingTransport


class BoundedHeadProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a cap on the bytes of an incomplete request head."""

    max_head_bytes = 64 * 1024

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_bytes, self._in_head, self._heads = 0, True, 0
        super().connection_made(CoalescingTransport(transport, self.loop))  # type: ignore[arg-type]

    def data_received(self, data: bytes) -> None:
        heads = self._heads
        super().data_received(data)
        if self._in_head and heads == self._heads:  # no head completed within this read
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes and not self.transport.is_closing():
                self._refuse()

    def on_headers_complete(self) -> None:
        self._in_head, self._heads = False, self._heads + 1
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head, self._head_bytes = True, 0  # a pipelined request's head comes next

    def _refuse(self) -> None:
        body = json.dumps({
            "error": "headers_too_large",
            "message": f"the request head is over {self.max_head_bytes} bytes"}).encode()
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json"
            b"\r\ncontent-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n"
            + body)
        self.transport.close()
        self.parser = None  # type: ignore[assignment]  # frees what it collected


def bounded_protocol(max_head_bytes: int) -> type[BoundedHeadProtocol]:
    """The protocol class for ``uvicorn.run(http=…)`` that refuses heads over
    ``max_head_bytes``."""
    return type("BoundedHeadProtocol", (BoundedHeadProtocol,), {"max_head_bytes": max_head_bytes})
