"""kill -9 of the whole service during writes: every acknowledged write survives, none is torn.

Slow (several service restarts): run by `.ci/run` with `-m slow`, left out of the default run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

pytestmark = pytest.mark.slow

TOKEN = {"Authorization": "Bearer secret-token"}
UPDATE = {"content-type": "application/sparql-update", **TOKEN}


def start(store, port):
    env = {**os.environ, "AIKG_STORE": str(store), "AIKG_TOKEN": "secret-token"}
    proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("service did not come back within 30 s")


def test_kill_9_during_writes_loses_and_tears_nothing(tmp_path, unused_port):
    store, base = tmp_path / "store", f"http://127.0.0.1:{unused_port}"
    rng = random.Random(7)
    acked: set[int] = set()
    counter = iter(range(10**9))
    for _round in range(4):
        proc = start(store, unused_port)
        stop = threading.Event()

        def write() -> None:
            with httpx.Client(timeout=5) as client:
                while not stop.is_set():
                    i = next(counter)
                    body = (f"INSERT DATA {{ GRAPH <urn:x:d> {{ <urn:x:s{i}> <urn:x:a> {i} . "
                            f"<urn:x:s{i}> <urn:x:b> {i} }} }}")
                    try:
                        response = client.post(f"{base}/sparql", content=body, headers=UPDATE)
                    except httpx.TransportError:
                        return
                    if response.status_code == 204:
                        acked.add(i)

        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(rng.uniform(0.5, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stop.set()
        writer.join()
    proc = start(store, unused_port)
    try:
        def values(predicate: str) -> set[int]:
            query = f"SELECT ?i WHERE {{ GRAPH <urn:x:d> {{ ?s <urn:x:{predicate}> ?i }} }}"
            rows = httpx.get(f"{base}/sparql", params={"query": query},
                             headers={"accept": "application/sparql-results+json"},
                             timeout=30).json()["results"]["bindings"]
            return {int(r["i"]["value"]) for r in rows}
        a, b = values("a"), values("b")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print(f"\n{len(acked)} acknowledged writes over 4 kills; present {len(a)}; "
          f"lost {len(acked - a)}; torn {len(a ^ b)}")
    assert len(acked) > 50
    assert acked <= a, f"lost {len(acked - a)} acknowledged writes"
    assert a == b, "a write was torn"
    assert len(a - acked) <= 4  # at most the one in flight at each kill
