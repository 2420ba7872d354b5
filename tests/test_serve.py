"""`aikg serve` runs the real service: a live uvicorn process on loopback answers SPARQL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live(tmp_path):
    port = free_port()
    env = {**os.environ, "AIKG_STORE": str(tmp_path / "store")}
    proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(f"service did not start: {proc.stdout.read().decode()[-2000:]}")
    yield base, tmp_path / "store"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=15)


def test_served_store_answers_and_persists(live):
    base, store = live
    response = httpx.get(f"{base}/sparql", params={
        "query": "SELECT ?n WHERE { id:colossus-2024-09 aikg:totalChips ?n }"},
        headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "100000"
    assert (store / "CURRENT").exists()  # RocksDB files on disk


def test_serve_refuses_a_locked_store_in_one_line(live):
    _, store = live
    result = subprocess.run([sys.executable, "-m", "api", "--store", str(store), "serve",
                             "--port", str(free_port())], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: the store at {store} is in use by another aikg process; stop it or use "
        "another --store path"]
