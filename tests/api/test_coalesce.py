"""One socket write per response (api.coalesce): what is written within one turn of the event loop
reaches the transport as one write, in order; big writes, close and abort behave as a
transport's own; and through the service's uvicorn protocol a response's head and body go out
together."""

from __future__ import annotations

import asyncio

from starlette.responses import PlainTextResponse
from uvicorn.config import Config
from uvicorn.server import ServerState

from api.coalesce import FLUSH_BYTES, CoalescingTransport
from api.head_limit import bounded_protocol


class Recording(asyncio.Transport):
    """A transport that records what is written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.events: list[str] = []
        self.closing = False

    def write(self, data) -> None:
        assert not self.closing, "written after close"
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closing = True
        self.events.append("close")

    def abort(self) -> None:
        self.closing = True
        self.events.append("abort")

    def write_eof(self) -> None:
        self.events.append("eof")

    def is_closing(self) -> bool:
        return self.closing

    def get_write_buffer_size(self) -> int:
        return 0

    def pause_reading(self) -> None:  # uvicorn's flow control, while a pipelined request waits
        self.events.append("pause")

    def resume_reading(self) -> None:
        self.events.append("resume")

    def get_extra_info(self, name, default=None):
        return {"peername": ("127.0.0.1", 5000), "sockname": ("127.0.0.1", 8000)}.get(
            name, default)


def turn() -> None:
    """Let the running loop run its ready callbacks once."""
    asyncio.get_event_loop().run_until_complete(asyncio.sleep(0))


def test_writes_of_one_turn_go_out_as_one_in_order():
    async def scenario():
        inner = Recording()
        outer = CoalescingTransport(inner, asyncio.get_running_loop())
        outer.write(b"HTTP/1.1 200 OK\r\n\r\n")
        part = bytearray(b"body")
        outer.write(part)
        part[:] = b"XXXX"  # the caller reuses its buffer: what was written stays written
        outer.writelines([b"-", b"end"])
        assert inner.writes == [] and outer.get_write_buffer_size() == 27
        await asyncio.sleep(0)
        assert inner.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody-end"]
        outer.write(b"next")
        await asyncio.sleep(0)
        outer.write(b"")
        await asyncio.sleep(0)
        assert inner.writes[1:] == [b"next"]
        assert outer.get_extra_info("peername") == ("127.0.0.1", 5000)  # the rest: delegated

    asyncio.run(scenario())


def test_a_big_write_goes_out_at_once_and_close_flushes_first():
    async def scenario():
        inner = Recording()
        outer = CoalescingTransport(inner, asyncio.get_running_loop())
        outer.write(b"head")
        outer.write(b"x" * FLUSH_BYTES)
        assert inner.writes == [b"head" + b"x" * FLUSH_BYTES]  # not held until the turn ends
        outer.write(b"tail")
        outer.close()
        assert inner.writes[1:] == [b"tail"] and inner.events == ["close"]
        await asyncio.sleep(0)  # the scheduled flush finds nothing, writes nothing after close
        assert len(inner.writes) == 2

    asyncio.run(scenario())


def test_abort_drops_what_is_buffered_and_eof_flushes():
    async def scenario():
        inner = Recording()
        outer = CoalescingTransport(inner, asyncio.get_running_loop())
        outer.write(b"a")
        outer.write_eof()
        assert inner.writes == [b"a"] and inner.events == ["eof"]
        outer.write(b"lost")
        outer.abort()
        await asyncio.sleep(0)
        assert inner.writes == [b"a"] and inner.events == ["eof", "abort"]

    asyncio.run(scenario())


def test_the_service_protocol_writes_a_response_head_and_body_in_one_write():
    async def app(scope, receive, send):
        if scope["type"] == "http":
            await PlainTextResponse(f"hello {scope['path']}")(scope, receive, send)

    async def scenario():
        config = Config(app=app, lifespan="off")
        protocol = bounded_protocol(64 * 1024)(config, ServerState(), {},
                                               _loop=asyncio.get_running_loop())
        inner = Recording()
        protocol.connection_made(inner)
        protocol.data_received(b"GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
                               b"GET /two HTTP/1.1\r\nHost: x\r\n\r\n")
        for _ in range(20):
            await asyncio.sleep(0)
        protocol.connection_lost(None)
        return inner.writes

    writes = asyncio.run(scenario())
    assert [w.split(b"\r\n", 1)[0] for w in writes] == [b"HTTP/1.1 200 OK"] * 2
    assert [w.rsplit(b"\r\n\r\n", 1)[1] for w in writes] == [b"hello /one", b"hello /two"]
