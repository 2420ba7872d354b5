"""The SPARQL servers the HTTP benchmark compares, started as separate processes on loopback.

* **aikg**: ``python -m bench.peers aikg --store DIR --port N`` runs exactly what ``aikg serve``
  runs (``api.app.create_app`` under ``uvicorn.run`` with the same arguments) with one
  difference: ``max_requests_per_client`` is raised from 2 to the benchmark's concurrency,
  because every benchmark client comes from 127.0.0.1 and the default would answer 6 of 8
  concurrent requests with 429; and ``max_rows`` is raised from 10,000 to 1,000,000 so that
  large answers (the hub's 1-hop at 1M quads has 12k rows) are not truncated where the peers
  answer in full. Its remembered answers (:mod:`graph.engine.answers`) are off unless asked
  for (``remember``): a cell sends one query again and again, and the peers remember nothing,
  so with them on a cell would measure the memory, not the engine.
* **oxigraph**: the ``oxigraph`` server binary (PyPI package ``oxigraph``, the ``bench``
  extra): ``oxigraph load`` into its own directory, then ``oxigraph serve
  --union-default-graph`` (the default graph is the union of the named graphs, as in aikg).
* **rdflib-endpoint** (the ``bench`` extra): its own CLI, ``python -m rdflib_endpoint serve
  FILE`` (an rdflib ``Dataset`` with ``default_union=True``, served by uvicorn).

:func:`tree_memory` reads VmRSS/VmHWM of a server process and all its descendants;
:func:`wait_idle` waits until they stop using the CPU.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.loadgen import fetch

ENGINES = ("aikg", "oxigraph", "rdflib-endpoint")
MAX_ROWS = 1_000_000
"""aikg's row cap in the benchmark (the service's default, 10,000, truncates big answers)."""


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    endpoint: str
    """URL of the SPARQL query endpoint (``?query=`` is appended)."""
    log: Path

    def url(self, query: str) -> str:
        return f"{self.endpoint}?query={quote(query, safe='')}"


def available(name: str) -> str | None:
    """``None`` if the engine can run here, else why not."""
    if name == "oxigraph" and shutil.which("oxigraph") is None:
        return "the `oxigraph` binary is not installed (pip install -e '.[bench]')"
    if name == "rdflib-endpoint" and importlib.util.find_spec("rdflib_endpoint") is None:
        return "rdflib-endpoint is not installed (pip install -e '.[bench]')"
    return None


def uvicorn_flavour() -> str:
    """Which event loop and HTTP parser ``uvicorn.run(..., loop="auto", http="auto")`` picks."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    parser = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return f"{loop} + {parser}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _spawn(name: str, command: list[str], endpoint: str, log: Path) -> Server:
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    return Server(name, proc, endpoint, log)


def start(name: str, *, work: Path, store: Path, nquads: Path, concurrency: int = 8,
          per_client: int | None = None, ready_timeout: float = 900.0,
          remember: bool = False) -> tuple[Server, float]:
    """Start engine ``name`` over the data and wait until it answers ``ASK {}``; the server and
    the seconds it took to become ready (oxigraph's ``load`` included)."""
    port = free_port()
    log = work / f"{name}.log"
    begin = time.perf_counter()
    if name == "aikg":
        command = [sys.executable, "-m", "bench.peers", "aikg", "--store", str(store),
                   "--port", str(port), "--per-client", str(per_client or concurrency),
                   "--max-rows", str(MAX_ROWS)] + ([] if remember else ["--no-remember"])
        server = _spawn(name, command, f"http://127.0.0.1:{port}/sparql", log)
    elif name == "oxigraph":
        location = work / "oxigraph-store"
        if not location.exists():
            subprocess.run(["oxigraph", "load", "--location", str(location), "--file",
                            str(nquads)], check=True, capture_output=True)
        command = ["oxigraph", "serve", "--location", str(location), "--bind",
                   f"127.0.0.1:{port}", "--union-default-graph"]
        server = _spawn(name, command, f"http://127.0.0.1:{port}/query", log)
    elif name == "rdflib-endpoint":
        command = [sys.executable, "-m", "rdflib_endpoint", "serve", str(nquads), "--host",
                   "127.0.0.1", "--port", str(port)]
        server = _spawn(name, command, f"http://127.0.0.1:{port}/", log)
    else:
        raise ValueError(name)
    deadline = time.perf_counter() + ready_timeout
    while time.perf_counter() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text(errors='replace')[-500:]}")
        status, _, _ = fetch(server.url("ASK {}"), timeout=5)
        if status == 200:
            return server, time.perf_counter() - begin
        time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"{name} did not answer within {ready_timeout:.0f} s")


def stop(server: Server) -> None:
    """Stop the server we started (its own process group) and wait for it."""
    if server.proc.poll() is None:
        os.killpg(server.proc.pid, signal.SIGINT)
        try:
            server.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def tree_memory(pid: int) -> list[dict[str, object]]:
    """For ``pid`` and every descendant: pid, command, VmRSS and VmHWM in bytes."""
    rows, todo = [], [pid]
    while todo:
        current = todo.pop(0)
        try:
            status = Path(f"/proc/{current}/status").read_text()
            cmdline = Path(f"/proc/{current}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        kib = lambda key: int(fields.get(key, "0 kB").split()[0]) * 1024  # noqa: E731
        rows.append({"pid": current, "command": cmdline.decode(errors="replace")[:200].strip(),
                     "rss": kib("VmRSS"), "hwm": kib("VmHWM")})
        todo.extend(_children(current))
    return rows


def _cpu_seconds(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, *, below: float = 0.05, window: float = 1.0,
              limit: float = 300.0) -> float:
    """Wait until ``pid`` and its descendants use less than ``below`` of a core over two
    consecutive ``window``-second windows (background work after start, such as aikg's
    projection, analytics and search-index builds, done); seconds waited."""
    start = time.perf_counter()
    quiet = 0
    while time.perf_counter() - start < limit and quiet < 2:
        pids = [row["pid"] for row in tree_memory(pid)]
        before = _cpu_seconds(pids)
        time.sleep(window)
        quiet = quiet + 1 if _cpu_seconds(pids) - before < below * window else 0
    return time.perf_counter() - start


def serve_aikg(argv: list[str] | None = None) -> None:
    """``aikg serve --no-access-log`` with a raised per-client admission limit (see the module
    docstring)."""
    from dataclasses import replace

    import uvicorn

    from api.app import create_app
    from api.head_limit import bounded_protocol
    from graph.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m bench.peers aikg")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--per-client", type=int, default=None,
                        help="max_requests_per_client (default: the service's own)")
    parser.add_argument("--max-rows", type=int, default=None,
                        help="max_rows (default: the service's own)")
    parser.add_argument("--no-remember", action="store_true",
                        help="answer_cache_bytes = 0: every query reaches the engine")
    args = parser.parse_args(argv)
    settings = Settings.from_env(store_path=args.store)
    if args.per_client is not None:
        settings = replace(settings, max_requests_per_client=args.per_client,
                           max_requests_total=max(settings.max_requests_total, args.per_client))
    if args.max_rows is not None:
        settings = replace(settings, max_rows=args.max_rows)
    if args.no_remember:
        settings = replace(settings, answer_cache_bytes=0)
    app = create_app(settings=settings)
    head = settings.max_url_bytes + settings.max_header_bytes + 16 * 1024
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="info",
                access_log=False,  # as `aikg serve --no-access-log`; the peers log no requests
                http=bounded_protocol(head))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "aikg":
        serve_aikg(sys.argv[2:])
    else:
        sys.exit("usage: python -m bench.peers aikg --store DIR --port N [--per-client K]")
