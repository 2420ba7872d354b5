"""A real ``oxigraph serve`` (the ``oxigraph`` PyPI package of the test extra) per test module, on
a free loopback port with a private data directory, for the remote-store suites."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port


def oxigraph_binary() -> str:
    """The ``oxigraph`` server installed beside this Python (the test extra), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        pytest.fail("the oxigraph server is not installed: python -m pip install -e '.[test]'")
    return found


class OxigraphServer:
    """One ``oxigraph serve`` process; ``query_url`` is its SPARQL query endpoint."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.base}/query"
        self.log = data.with_name(data.name + ".log").open("wb")
        self.proc = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(data), "--bind",
             f"127.0.0.1:{self.port}"], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.post(self.query_url, data={"query": "ASK {}"}, timeout=2).is_success:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("oxigraph serve did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory):
    """An empty ``oxigraph serve`` of this module's own (aikg seeds it on first use)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "data")
    yield server
    server.stop()
