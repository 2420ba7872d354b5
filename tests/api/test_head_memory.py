"""A huge request header costs a live ``aikg serve`` almost no memory: it is refused with 431
(or the connection closed) once the head passes its bound, instead of being read whole."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx


def server_pid(port: int) -> int:
    """The ``aikg serve`` process listening on ``port`` (found by its command line)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                args = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in args and b"--port" in args and str(port).encode() in args:
                return int(entry.name)
    raise AssertionError(f"no aikg serve on port {port}")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_a_64_mb_header_is_refused_without_being_held_in_memory(live_server):
    base, _ = live_server
    url = urlsplit(base)
    pid = server_pid(url.port)
    for _ in range(3):
        httpx.get(f"{base}/health")
    before = rss_kib(pid)
    peak, done = [before], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak.append(rss_kib(pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    answer, sent = b"", 0
    chunk = b"a" * (1 << 20)
    try:
        with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
            try:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ")
                for _ in range(64):
                    sock.sendall(chunk)
                    sent += len(chunk)
                sock.sendall(b"\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            try:
                while part := sock.recv(65536):
                    answer += part
            except (ConnectionResetError, socket.timeout):
                pass
    finally:
        time.sleep(0.2)
        done.set()
        sampler.join()
    assert answer.startswith(b"HTTP/1.1 431") or sent < 64 << 20, answer[:200]
    if answer:
        assert b'"headers_too_large"' in answer
    grew = (max(peak) - before) / 1024
    assert grew < 8, f"the server grew by {grew:.1f} MB"
    assert httpx.get(f"{base}/health").status_code == 200  # and still serves
    assert os.path.exists(f"/proc/{pid}")


def test_a_large_body_in_one_read_is_not_taken_for_a_large_head(live_server):
    """A 100 KB POST whose head and body arrive together (one read) is a body, not a head."""
    base, _ = live_server
    url = urlsplit(base)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        for _ in range(2):  # the second on the same connection, after a complete request
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: " + str(100_000).encode() + b"\r\n\r\n"
                         + b"a" * 100_000)
            answer = sock.recv(65536)
            assert not answer.startswith(b"HTTP/1.1 431"), answer[:200]
