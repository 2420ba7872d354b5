"""A PNG of the seed graph's interactive view, rendered in headless Chromium.

    python -m bench.screenshot [-o docs/seed-graph.png] [--width 1400] [--height 900]

Seeds an in-memory store, renders :func:`graph.views.pages.whole_graph_html` to a temporary file,
opens it from ``file://`` in Debian's Chromium (``/usr/bin/chromium``) driven by Playwright,
waits until the physics layout has come to rest and saves a screenshot of the page. Every
request that is not for a local file is refused, so the picture shows exactly what a user
sees offline. Needs ``pip install playwright`` (its own browser download is not used) and
``apt-get install chromium``.

:data:`CHROMIUM_ARGS`, :func:`launch` and :func:`wait_until_still` are shared with the browser
tests (``tests/views/test_browser.py``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync")
"""Flags that keep Chromium from calling home (this machine's network is closed) and let it
run as root without a screen."""


def launch(playwright: Any) -> Any:
    """Debian's Chromium with :data:`CHROMIUM_ARGS` (a Playwright ``Browser``). Playwright
    refuses a ``--user-data-dir`` argument to ``launch``; it starts every browser with a new,
    empty profile in a temporary folder of its own, which is what that flag was for."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=list(CHROMIUM_ARGS))


def wait_until_still(page: Any, timeout: float = 20_000) -> None:
    """Wait until the page's vis-network exists and its node positions stopped changing
    between two polls 250 ms apart (physics at rest, or off)."""
    page.wait_for_function("() => typeof network !== 'undefined' && network !== null",
                           timeout=timeout)
    page.evaluate("() => { window.__aikgLast = null; }")
    page.wait_for_function(
        """() => {
             const now = JSON.stringify(network.getPositions());
             const still = window.__aikgLast === now;
             window.__aikgLast = now;
             return still;
           }""", polling=250, timeout=timeout)


def screenshot(output: Path, *, width: int = 1400, height: int = 900) -> dict[str, int]:
    """Render the seed graph's whole view and save a PNG at ``output``; returns counts."""
    from playwright.sync_api import sync_playwright

    from graph.settings import Settings
    from graph.store.embedded import EmbeddedStore
    from graph.store.seeding import ensure_seeded
    from graph.views.pages import whole_graph_html
    from graph.views.render import embedded

    kg = EmbeddedStore.memory()
    ensure_seeded(kg, Settings(store_path=None))
    page_html = whole_graph_html(kg)
    nodes, edges = embedded(page_html)
    refused: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        html = Path(tmp) / "seed-graph.html"
        html.write_text(page_html, encoding="utf-8")
        browser = launch(p)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})

            def guard(route: Any) -> None:
                if route.request.url.startswith("file://"):
                    route.continue_()
                else:
                    refused.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            page.goto(html.as_uri())
            wait_until_still(page)
            output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(output), full_page=True)
        finally:
            browser.close()
    if refused:
        raise RuntimeError(f"the page asked for the network: {refused}")
    return {"nodes": len(nodes), "edges": len(edges)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.screenshot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/seed-graph.png"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    counts = screenshot(args.output, width=args.width, height=args.height)
    print(f"wrote {args.output} ({counts['nodes']} nodes, {counts['edges']} edges)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
