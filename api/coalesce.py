"""One socket write per response: the writes made within one turn of the event loop go out as one.

uvicorn writes a response's head as soon as the application sends ``http.response.start`` and its
body when it sends ``http.response.body``: two ``send`` system calls for every small answer. On
loopback the kernel runs the receiver's side of each one in the sender's time, so for a point
lookup the second call cost about as much CPU in the service as the whole SPARQL protocol
handling. :class:`CoalescingTransport` wraps the connection's transport: ``write`` appends to a
buffer and schedules one flush for the end of the current turn of the loop (both messages of a
Starlette ``Response`` arrive in the same turn, as nothing between them waits), or flushes at once
past :data:`FLUSH_BYTES` so a long streamed answer is not held in memory. ``close`` and
``write_eof`` flush first; ``abort`` drops what is buffered, as the transport's own would. Every
other attribute is the wrapped transport's (flow control, peer address, ``is_closing``).
"""

from __future__ import annotations

import asyncio
from typing import Any

FLUSH_BYTES = 64 * 1024
"""Buffered bytes past which a write goes out at once instead of at the end of the turn."""


class CoalescingTransport:
    """A transport whose writes within one turn of the event loop reach the socket as one."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._buffer: list[bytes] = []
        self._size = 0
        self._scheduled = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        self._buffer.append(bytes(data))  # a caller may reuse its bytearray after the call
        self._size += len(data)
        if self._size >= FLUSH_BYTES:
            self.flush()
        elif not self._scheduled:
            self._scheduled = True
            self._loop.call_soon(self._flush_scheduled)

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def flush(self) -> None:
        """Hand everything buffered to the wrapped transport now, as one write."""
        if not self._buffer:
            return
        data = self._buffer[0] if len(self._buffer) == 1 else b"".join(self._buffer)
        self._buffer.clear()
        self._size = 0
        self._transport.write(data)

    def _flush_scheduled(self) -> None:
        self._scheduled = False
        if not self._transport.is_closing():
            self.flush()

    def get_write_buffer_size(self) -> int:
        return self._size + self._transport.get_write_buffer_size()

    def close(self) -> None:
        if not self._transport.is_closing():
            self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def abort(self) -> None:
        self._buffer.clear()
        self._size = 0
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)
