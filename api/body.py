"""Reading request bodies with a size cap: refused with 413 as soon as the cap is passed
(declared Content-Length first, then while streaming), never after buffering everything."""

from __future__ import annotations

from fastapi import Request

from api.protocol import ProtocolError


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, at most ``limit`` bytes; 413 ``payload_too_large`` beyond."""
    too_large = ProtocolError(f"request body over {limit} bytes", status=413,
                              code="payload_too_large")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)
