"""View pages in a real browser (headless Chromium, Playwright; outside requests aborted): on a
390×844 phone the graph canvas is visible with the legend and details below it, and clicking
a node shows a link to its entity page that leaves the iframe (``target=_top``); the header
links home and searches. Skipped where Playwright or ``/usr/bin/chromium`` is missing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("playwright.sync_api")

from bench.screenshot import CHROMIUM, launch, wait_until_still  # noqa: E402

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = launch(p)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    refused, errors = [], []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if host in LOCAL_HOSTS:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url)
    assert response is not None and response.ok
    wait_until_still(page)
    return context, page, refused, errors


def click_node(page, key: str) -> None:
    point = page.evaluate("""key => {
        const node = nodes.get().find(n => n.key === key);
        const p = network.getPositions([node.id])[node.id];
        return network.canvasToDOM({x: p.x, y: p.y});
      }""", key)
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_phone_shows_the_graph_and_stacks_the_side_panel(browser, module_live_server):
    base, _ = module_live_server
    context, page, refused, errors = open_page(browser, f"{base}/view/entity/colossus",
                                               390, 844)
    try:
        graph = page.locator("#mynetwork").bounding_box()
        canvas = page.locator("#mynetwork canvas").bounding_box()
        side = page.locator("#side").bounding_box()
        assert graph["width"] >= 300 and graph["height"] >= 300
        assert canvas["width"] >= 300 and canvas["height"] >= 300
        assert graph["x"] >= 0 and graph["x"] + graph["width"] <= 390
        assert side["y"] >= graph["y"] + graph["height"]  # legend and details below
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert refused == [] and errors == []
    finally:
        context.close()


def test_clicking_a_node_links_to_its_entity_page(browser, module_live_server):
    base, _ = module_live_server
    context, page, refused, errors = open_page(browser, f"{base}/view/entity/colossus?lang=pt",
                                               1400, 900)
    try:
        click_node(page, "colossus")
        page.wait_for_selector("#details a.d-entity", timeout=5000)
        link = page.locator("#details a.d-entity")
        assert link.get_attribute("href") == "/entity/colossus?lang=pt"
        assert link.get_attribute("target") == "_top"
        details = page.locator("#details").inner_text()
        assert details.splitlines()[0] == "Colossus"
        assert "usa 100\u202f000 × Nvidia H100 (atual, 2024-09)" in details
        home = page.locator("#bar a")
        assert home.get_attribute("href") == "/?lang=pt" and home.get_attribute("target") == "_top"
        page.fill("#view-q", "Nvidia")
        with page.expect_navigation():
            page.click("#bar button")
        assert urlsplit(page.url).path == "/" and "q=Nvidia" in page.url and "lang=pt" in page.url
        assert refused == [] and errors == []
    finally:
        context.close()
