"""The benchmark's load generators: a URL with ``{n}`` asks for another number each time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import loadgen


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that answers 200 and records each request's path."""
    paths: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            paths.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", paths
    httpd.shutdown()


def numbers(paths: list[str]) -> list[int]:
    return [int(p.split("person-", 1)[1].split("%20", 1)[0]) for p in paths]


GENERATORS = [loadgen.run_threads] + ([loadgen.run_wrk] if loadgen.have_wrk() else [])


@pytest.mark.parametrize("generate", GENERATORS, ids=lambda f: f.__name__)
def test_each_request_asks_for_another_number(server, generate):
    base, paths = server
    run = generate(f"{base}/sparql?query=id%3Aperson-{loadgen.EACH}%20%3Fp", 1.0,
                   connections=4, count=1_000_000)
    assert run.errors == 0 and run.requests > 20
    seen = numbers(paths)
    assert len(seen) >= 20 and len(set(seen)) == len(seen)  # never the same one twice
    assert all(0 <= n < 1_000_000 for n in seen)
    assert all(p.startswith("/sparql?query=id%3Aperson-") and p.endswith("%20%3Fp")
               for p in paths)


@pytest.mark.parametrize("generate", GENERATORS, ids=lambda f: f.__name__)
def test_numbers_wrap_at_count_and_plain_urls_stay_as_they_are(server, generate):
    base, paths = server
    generate(f"{base}/q?x=person-{loadgen.EACH}%20", 0.5, connections=2, count=3)
    assert set(numbers(paths)) == {0, 1, 2}
    paths.clear()
    generate(f"{base}/plain?query=ASK", 0.3, connections=2)
    assert paths and set(paths) == {"/plain?query=ASK"}
