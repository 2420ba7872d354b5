"""HTTP load generators for the SPARQL benchmarks: ``wrk`` when installed, else Python threads.

Every engine is driven by the same closed-loop generator: ``connections`` clients (8), each
sending its next GET as soon as the previous answer arrived, for ``duration`` seconds.

* :func:`run_wrk` runs `wrk <https://github.com/wg/wrk>`_ (Debian package ``wrk``; 2 threads,
  keep-alive) with a Lua script that sets the ``Accept`` header and prints its summary as JSON
  (exact p50/p99 from wrk's histogram, status and socket errors).
* A URL may hold the marker :data:`EACH` (``{n}``): each request then puts the next number of a
  sequence shared by all clients there (taken modulo ``count``), so every request asks for
  something else (no answer can be remembered between two of them while the run is shorter
  than ``count`` requests).
* :func:`run_threads` is the fallback: ``connections`` Python threads with one keep-alive
  ``http.client`` connection each. It tops out at a few thousand requests per second on two
  cores (see :func:`ceiling`), so it is only fair for slow cells.

A *bounded* run (:func:`run_threads` always, so it is used for slow cells whatever generator is
installed) stops issuing requests at the deadline and waits for the ones in flight (each at most
``timeout`` seconds), so a slow server is idle again when the next cell starts; ``wrk`` abandons
in-flight requests at its deadline instead.
"""

from __future__ import annotations

import http.client
import itertools
import json
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ACCEPT = "application/sparql-results+json"
EACH = "{n}"
"""The marker of a URL whose requests each ask for another number (``…person-{n}…``)."""


@dataclass
class Run:
    """What one load run measured."""

    client: str
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    """Answers that were not 2xx, plus socket errors and client-side timeouts."""
    p50_ms: float | None = None
    p99_ms: float | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    note: str = ""

    @property
    def rate(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0


def percentile(samples: list[float], q: float) -> float | None:
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def fetch(url: str, *, timeout: float = 30.0,
          conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes, float]:
    """GET ``url`` (SPARQL JSON accepted): status, body and seconds; status 0 on a socket
    error or timeout."""
    parts = urlsplit(url)
    own = conn is None
    if conn is None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    start = time.perf_counter()
    try:
        conn.request("GET", target, headers={"Accept": ACCEPT})
        response = conn.getresponse()
        body = response.read()
        status = response.status
    except (OSError, http.client.HTTPException):
        conn.close()
        body, status = b"", 0
    took = time.perf_counter() - start
    if own:
        conn.close()
    return status, body, took


def sequential(url: str, rounds: int, *, max_seconds: float = 30.0) -> list[float]:
    """Latencies (ms) of up to ``rounds`` back-to-back GETs over one keep-alive connection,
    stopping after ``max_seconds``."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=max_seconds)
    samples: list[float] = []
    deadline = time.perf_counter() + max_seconds
    try:
        while len(samples) < rounds and time.perf_counter() < deadline:
            status, _, took = fetch(url, conn=conn, timeout=max_seconds)
            if status == 200:
                samples.append(took * 1000)
    finally:
        conn.close()
    return samples


def run_threads(url: str, duration: float, *, connections: int = 8,
                timeout: float = 30.0, count: int = 1) -> Run:
    """``connections`` threads GET ``url`` back to back until ``duration`` has passed; requests
    in flight then are waited for (at most ``timeout`` s each)."""
    parts = urlsplit(url)
    lock = threading.Lock()
    numbers = itertools.count()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    start = time.perf_counter()
    deadline = start + duration

    def client() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        mine, seen = [], {}
        while time.perf_counter() < deadline:
            target = url.replace(EACH, str(next(numbers) % count)) if EACH in url else url
            status, _, took = fetch(target, conn=conn, timeout=timeout)
            if status == 0:  # the connection was closed: open another one
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
            mine.append(took * 1000)
            seen[str(status)] = seen.get(str(status), 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for key, n in seen.items():
                statuses[key] = statuses.get(key, 0) + n

    threads = [threading.Thread(target=client, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    errors = sum(n for s, n in statuses.items() if not s.startswith("2"))
    return Run(client=f"python threads ×{connections}", requests=len(latencies),
               seconds=elapsed, errors=errors, p50_ms=percentile(latencies, 0.5),
               p99_ms=percentile(latencies, 0.99), statuses=statuses)


_LUA = """wrk.method = "GET"
wrk.headers["Accept"] = "%(accept)s"
local before, after, count, started = "%(before)s", "%(after)s", %(count)d, 0
setup = function(thread)
  thread:set("tid", started)
  started = started + 1
end
local sent = 0
if after ~= "" or before ~= "" then
  request = function()
    sent = sent + 1
    return wrk.format(nil, before .. tostring((sent * %(threads)d + tid) %% count) .. after)
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "connect": %%d, ' ..
    '"read": %%d, "write": %%d, "status": %%d, "timeout": %%d, "p50": %%d, "p99": %%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def run_wrk(url: str, duration: float, *, connections: int = 8, threads: int = 2,
            timeout: float = 30.0, count: int = 1) -> Run:
    """``wrk -t{threads} -c{connections} -d{duration}s`` against ``url``."""
    threads = min(threads, connections)
    before, after = "", ""
    if EACH in url:
        parts = urlsplit(url)
        before, after = (parts.path + "?" + parts.query).split(EACH, 1)
        url = f"{parts.scheme}://{parts.netloc}/"
    with tempfile.TemporaryDirectory(prefix="aikg-wrk-") as tmp:
        script = Path(tmp) / "sparql.lua"
        script.write_text(_LUA % {"accept": ACCEPT, "before": before, "after": after,
                                  "count": count, "threads": threads})
        command = ["wrk", f"-t{threads}", f"-c{connections}",
                   f"-d{max(1, round(duration))}s", f"--timeout={int(timeout)}s", "-s",
                   str(script), url]
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=duration + timeout + 30)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        return Run(client="wrk", note=f"wrk failed: {done.stderr.strip()[:200]}")
    data = json.loads(line[len("WRKJSON "):])
    socket_errors = data["connect"] + data["read"] + data["write"] + data["timeout"]
    return Run(client=f"wrk -t{min(threads, connections)} -c{connections}",
               requests=data["requests"], seconds=data["duration_us"] / 1e6,
               errors=data["status"] + socket_errors,
               p50_ms=data["p50"] / 1000 if data["requests"] else None,
               p99_ms=data["p99"] / 1000 if data["requests"] else None,
               statuses={"non-2xx": data["status"], "socket": socket_errors})


def run(url: str, duration: float, *, connections: int = 8, bounded: bool = False,
        timeout: float = 30.0, count: int = 1) -> Run:
    """The closed-loop generator of this machine (``wrk`` if installed), or the bounded
    Python one when ``bounded`` or when ``wrk`` is missing; ``count``: numbers for a URL
    with :data:`EACH`."""
    if have_wrk() and not bounded:
        return run_wrk(url, duration, connections=connections, timeout=timeout, count=count)
    return run_threads(url, duration, connections=connections, timeout=timeout, count=count)


def ceiling(url: str, duration: float = 3.0, connections: int = 8) -> dict[str, Run]:
    """Requests per second each available generator reaches against a near-trivial URL."""
    found = {"python threads": run_threads(url, duration, connections=connections)}
    if have_wrk():
        found["wrk"] = run_wrk(url, duration, connections=connections)
    return found
