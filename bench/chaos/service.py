"""A live aikg service on loopback for the attack suite: start, wait, SIGKILL, restart, measure.

``python -m bench.chaos.service --store DIR --port N --http bounded|httptools|h11`` serves the
app as ``aikg serve --no-access-log`` does, with a choice of uvicorn HTTP protocol (for
:mod:`bench.chaos.headers`); :class:`Service` runs ``python -m api serve`` itself otherwise.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.peers import free_port, tree_memory

TOKEN = "chaos-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class Service:
    """``aikg serve`` over the store at ``store`` on a fixed loopback port, with the write
    token; its output goes to ``store``.log. ``http``: None for the real CLI, else a protocol
    name for :func:`main`. ``env``: extra environment (``AIKG_QUERY_TIMEOUT``…)."""

    def __init__(self, store: Path, *, http: str | None = None,
                 env: dict[str, str] | None = None, port: int | None = None) -> None:
        self.store, self.http = Path(store), http
        self.port = port or free_port()
        self.env = {**os.environ, "AIKG_STORE": str(store), "AIKG_TOKEN": TOKEN,
                    **(env or {})}
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 120.0) -> Service:
        command = ([sys.executable, "-m", "api", "serve", "--no-access-log", "--port",
                    str(self.port)] if self.http is None else
                   [sys.executable, "-m", "bench.chaos.service", "--store", str(self.store),
                    "--port", str(self.port), "--http", self.http])
        log = open(self.store.with_name(self.store.name + ".log"), "ab")
        self.proc = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"the service did not start; see {log.name}")

    def kill(self) -> None:
        """SIGKILL the service process (its engine workers die with it)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def memory(self) -> int:
        """Bytes of resident memory of the service and its engine workers."""
        return sum(row["rss"] for row in tree_memory(self.proc.pid)) if self.proc else 0

    def restarts(self) -> int:
        return httpx.get(f"{self.base}/health", timeout=10).json()["engine_restarts"]

    def __enter__(self) -> Service:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def client(source: str = "127.0.0.1", timeout: float = 30.0) -> httpx.Client:
    """An HTTP client whose connections come from the loopback address ``source``."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=timeout)


def main(argv: list[str] | None = None) -> None:
    """Serve like ``aikg serve --no-access-log`` with the uvicorn protocol named by ``--http``."""
    import uvicorn

    from api.app import create_app
    from api.head_limit import bounded_protocol
    from graph.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m bench.chaos.service")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--http", choices=("bounded", "httptools", "h11"), default="bounded")
    args = parser.parse_args(argv)
    settings = Settings.from_env(store_path=args.store)
    head = settings.max_url_bytes + settings.max_header_bytes + 16 * 1024
    http = {"bounded": bounded_protocol(head), "httptools": "httptools", "h11": "h11"}[args.http]
    uvicorn.run(create_app(settings=settings), host="127.0.0.1", port=args.port,
                log_level="warning", access_log=False, http=http,
                h11_max_incomplete_event_size=head)


if __name__ == "__main__":
    main()
