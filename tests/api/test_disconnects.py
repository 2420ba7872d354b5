"""A client that disconnects mid-request costs the server one log line at most: no traceback
in the log of a real ``aikg serve`` process, and the service keeps answering."""

from __future__ import annotations

import socket
import struct
import time
from urllib.parse import quote, urlsplit

import httpx

from tests.conftest import TOKEN, server_log

ALL = quote("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def hang_up(base: str, head: str, body: bytes = b"", read: int = 0) -> None:
    """Send a request head (and part of its body), read ``read`` bytes of the answer, then
    drop the connection with a reset."""
    url = urlsplit(base)
    with socket.create_connection((url.hostname, url.port)) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        if read:
            sock.recv(read)
        else:
            time.sleep(0.3)  # the server is waiting for the rest of the body
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_client_disconnects_leave_no_traceback(live_server):
    base, store = live_server
    auth = f"Authorization: Bearer {TOKEN}\n"
    hang_up(base, "POST /store?graph=urn:x:g HTTP/1.1\nHost: x\n" + auth +
            "Content-Type: text/turtle\nContent-Length: 100000\n", b"<urn:a> <urn:b> <urn:c> .")
    hang_up(base, "POST /sparql HTTP/1.1\nHost: x\nContent-Type: application/sparql-query\n"
            "Content-Length: 50000\n", b"ASK {")
    hang_up(base, "POST /ingest HTTP/1.1\nHost: x\n" + auth +
            "Content-Type: application/json\nContent-Length: 50000\n", b'{"text": "')
    for _ in range(3):  # a large answer, read a little of it
        hang_up(base, f"GET /sparql?query={ALL} HTTP/1.1\nHost: x\nAccept: text/turtle\n",
                read=1000)
        hang_up(base, "GET /entities?limit=1000 HTTP/1.1\nHost: x\n", read=100)
    assert httpx.get(f"{base}/health", timeout=10).status_code == 200
    time.sleep(0.5)
    log = server_log(store).read_text()
    assert "Traceback" not in log and "Exception in ASGI application" not in log, log[-3000:]
