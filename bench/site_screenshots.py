"""Screenshots of the web pages for the docs, taken in headless Chromium from a real server.

    python -m bench.site_screenshots [-o docs/]

Starts ``aikg serve`` on a free loopback port over a fresh seeded store in a temporary folder
(with a random write token), ingests a short article of our own, and saves, at 1280 px wide:
``site-home.png`` (suggestions for "nvid" showing), ``site-entity.png`` (Nvidia, its graph
drawn), ``site-query.png`` (an example question run, results as a table) and
``site-review.png`` (the ingested article's review screen). Every request outside localhost is
refused, so the pictures show what a user sees offline. Same seeds, same pictures (the graph
layout is seeded).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from bench.screenshot import launch

ARTICLE = ("xAI, the artificial intelligence company founded by Elon Musk, raised $6 billion "
           "in a Series C round, with Andreessen Horowitz and Sequoia Capital among the "
           "investors, the company said on Monday. Its Colossus supercomputer in Memphis runs "
           "100,000 Nvidia H100 chips, and xAI plans to add 50,000 Nvidia H200 chips. Nvidia, "
           "led by Jensen Huang, makes both chips. xAI competes with OpenAI, which trains "
           "GPT-4, and with Zephyra Labs, a new startup.")
QUERY = ("# Chips per cluster: actual, planned, derived\n"
         "SELECT ?cluster ?chip ?n ?status WHERE {\n"
         "  ?state aikg:stateOf|^aikg:hasState ?cluster ;\n"
         "         aikg:hasAllocation|^aikg:allocationOf ?a .\n"
         "  ?a aikg:chipModel ?chip ; aikg:quantity ?n ; aikg:status ?status .\n"
         "} ORDER BY ?cluster ?chip")


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(store: Path, token: str) -> tuple[subprocess.Popen, str]:
    port = _port()
    env = {**os.environ, "AIKG_STORE": str(store), "AIKG_TOKEN": token}
    proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port),
                             "--no-access-log"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("aikg serve did not start")


def shoot(out: Path, *, width: int = 1280) -> list[Path]:
    """Take the four screenshots into ``out``; returns their paths."""
    from playwright.sync_api import sync_playwright

    token = secrets.token_urlsafe(16)
    written: list[Path] = []
    refused: list[str] = []
    with tempfile.TemporaryDirectory(prefix="aikg-shots-") as tmp:
        proc, base = _serve(Path(tmp) / "store", token)
        try:
            staged = httpx.post(f"{base}/ingest", headers={"Authorization": f"Bearer {token}"},
                                json={"text": ARTICLE, "lang": "en", "published": "2025-01-06",
                                      "title": "xAI raises $6 billion for Colossus"},
                                timeout=60).json()
            with sync_playwright() as p:
                browser = launch(p)
                context = browser.new_context(viewport={"width": width, "height": 900})

                def guard(route: Any) -> None:
                    if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
                        route.continue_()
                    else:
                        refused.append(route.request.url)
                        route.abort()

                context.route("**/*", guard)
                page = context.new_page()
                page.goto(f"{base}/")
                page.locator("#home-search").press_sequentially("nvid", delay=40)
                page.locator("#home-search-list li").first.wait_for()
                written.append(_save(page, out / "site-home.png"))

                page.goto(f"{base}/entity/nvidia")
                page.set_viewport_size({"width": width, "height": 1400})
                view = page.locator("#neighbourhood ~ iframe")
                view.scroll_into_view_if_needed()  # the frame loads lazily
                page.wait_for_timeout(500)
                page.evaluate("() => window.scrollTo(0, 0)")
                frame = view.element_handle().content_frame()
                frame.wait_for_function("() => typeof network !== 'undefined' && network")
                page.wait_for_timeout(2500)  # the physics layout settles
                written.append(_save(page, out / "site-entity.png", height=1400))

                page.goto(f"{base}/query?query={quote(QUERY)}")
                page.locator("#results table tbody tr").first.wait_for(timeout=20_000)
                written.append(_save(page, out / "site-query.png", height=1200))

                page.goto(f"{base}/ingest/{staged['id']}")
                page.locator("mark").first.wait_for()
                written.append(_save(page, out / "site-review.png", height=1300))
                browser.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
    if refused:
        raise RuntimeError(f"a page asked for the network: {refused}")
    return written


def _save(page: Any, path: Path, *, height: int = 900) -> Path:
    page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.site_screenshots", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs"))
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args(argv)
    for path in shoot(args.output, width=args.width):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
