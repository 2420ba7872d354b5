"""A huge request header against the service, and what bounding heads costs in throughput.

For each uvicorn HTTP protocol — ``httptools`` (uvicorn's default, no bound on a head),
``bounded`` (aikg's subclass of it, :mod:`api.head_limit`, what ``aikg serve`` runs) and
``h11`` (bounded by ``h11_max_incomplete_event_size``) — a service over a copy of the same
seeded store: the growth of its resident memory while a 64 MB header is sent, the answer it
gives, and the point-lookup throughput of 8 keep-alive clients, the three measured in turns
(``rounds`` × ``duration`` s each) so that they share the machine's state alike.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

from bench import loadgen
from bench.chaos.service import Service

FLAVOURS = ("httptools", "bounded", "h11")
POINT = "ASK { <https://w3id.org/aikg/id/nvidia> ?p ?o }"


def header_bomb(service: Service, megabytes: int = 64) -> dict[str, object]:
    """Send one ``megabytes`` MB header; the service's peak memory growth (MB, sampled every
    5 ms) and the status line it answered (or how the connection ended)."""
    before = service.memory()
    peak, done = [before], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak.append(service.memory())
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    answer, ended = b"", "answered"
    try:
        with socket.create_connection(("127.0.0.1", service.port), timeout=30) as sock:
            try:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ")
                chunk = b"a" * (1 << 20)
                for _ in range(megabytes):
                    sock.sendall(chunk)
                sock.sendall(b"\r\n\r\n")
            except OSError:
                ended = "closed while sending"
            try:
                while part := sock.recv(65536):
                    answer += part
            except OSError:
                pass
    finally:
        time.sleep(0.3)
        done.set()
        sampler.join()
    status = answer.split(b"\r\n", 1)[0].decode("latin-1") if answer else ended
    return {"grew_mb": (max(peak) - before) / 2**20, "answer": status}


def run(work: Path, *, duration: float = 5.0, rounds: int = 2) -> dict[str, dict[str, object]]:
    """The figures per protocol: header bomb, point-lookup rate and p50."""
    seed = work / "seed-store"
    with Service(seed):  # creates and seeds it once
        pass
    services = {}
    for name in FLAVOURS:
        store = work / f"{name}-store"
        shutil.copytree(seed, store)
        services[name] = Service(store, http=name,
                                 env={"AIKG_MAX_REQUESTS_PER_CLIENT": "64"}).start()
    try:
        figures = {name: {"rates": [], "p50": []} for name in FLAVOURS}
        for name, service in services.items():
            figures[name].update(header_bomb(service))
        for _ in range(rounds):
            for name, service in services.items():
                url = f"{service.base}/sparql?query={quote(POINT)}"
                loadgen.run(url, 1.0)  # warm
                result = loadgen.run(url, duration)
                figures[name]["rates"].append(result.rate)
                figures[name]["p50"].append(result.p50_ms or 0.0)
        for values in figures.values():
            values["rate"] = sum(values.pop("rates")) / rounds
            values["p50_ms"] = sum(values.pop("p50")) / rounds
        return figures
    finally:
        for service in services.values():
            service.stop()


def report(figures: dict[str, dict[str, object]]) -> str:
    base = figures["httptools"]["rate"] or 1.0
    lines = ["| protocol | 64 MB header: answer | memory growth | point lookups/s | ratio | "
             "p50 |", "|---|---|---|---|---|---|"]
    for name, f in figures.items():
        lines.append(f"| {name} | {f['answer']} | {f['grew_mb']:.1f} MB | {f['rate']:,.0f} | "
                     f"{f['rate'] / base:.2f} | {f['p50_ms']:.2f} ms |")
    return "\n".join(lines)
