"""A person's first walk through the site, in headless Chromium (Playwright; every request
outside localhost aborted and recorded; console errors and CSP violations fail the test):
home → type "nvid" → pick Nvidia → its page lists Jensen Huang and the H100 with their
statuses → its graph draws → "path to" Larry Ellison shows a path; the same in Portuguese; a
390-px phone; and axe-core finds no serious or critical accessibility violation on the home
and entity pages. Skipped where Playwright or ``/usr/bin/chromium`` is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")

from bench.screenshot import CHROMIUM

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

from browser_kit import Tab, axe_violations
from playwright.sync_api import expect

WORDS = {"en": {"relations": "Relations", "actual": "actual", "paths": "path(s) from Nvidia"},
         "pt": {"relations": "Relações", "actual": "real", "paths": "caminho(s) de Nvidia"}}


def frame_nodes(page, selector: str) -> int:
    """Nodes drawn by the vis-network inside the iframe ``selector``, once it has drawn."""
    frame = page.frame_locator(selector)
    expect(frame.locator("canvas").first).to_be_visible(timeout=20_000)
    handle = page.locator(selector).element_handle().content_frame()
    handle.wait_for_function("() => typeof network !== 'undefined' && network !== null")
    return handle.evaluate("() => network.body.nodeIndices.length")


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_search_entity_graph_and_path(tab, module_live_server, lang):
    base, _ = module_live_server
    page, words = tab.page, WORDS[lang]
    tab.open(f"{base}/" + ("?lang=pt" if lang == "pt" else ""))
    page.locator("#home-search").press_sequentially("nvid", delay=30)
    option = page.locator("#home-search-list li", has_text="Nvidia").first
    expect(option).to_be_visible()
    option.click()
    page.wait_for_url("**/entity/nvidia" + ("?lang=pt" if lang == "pt" else ""))
    assert page.locator("h1").inner_text() == "Nvidia"
    expect(page.locator("h2#relations")).to_have_text(words["relations"])
    huang = page.locator("tr", has=page.locator("a", has_text="Jensen Huang")).first
    expect(huang.locator(".badge")).to_have_text(words["actual"])
    h100 = page.locator("tr", has=page.locator("a", has_text="Nvidia H100")).first
    expect(h100.locator(".badge")).to_have_text(words["actual"])
    assert frame_nodes(page, "#neighbourhood ~ iframe") > 5

    page.locator("#path-to").press_sequentially("Larry", delay=30)
    pick = page.locator("#path-to-list li", has_text="Larry Ellison").first
    expect(pick).to_be_visible()
    pick.click()
    assert page.locator("#path-to-id").input_value() == "larry-ellison"
    page.locator("form:has(#path-to) button[type=submit]").click()
    expect(page.locator(".paths p").first).to_contain_text(words["paths"])
    steps = page.locator("ol.path-list li").first
    expect(steps).to_contain_text("Larry Ellison")
    assert frame_nodes(page, ".paths iframe") >= 2
    tab.clean()


def test_entity_page_on_a_phone(browser, module_live_server):
    base, _ = module_live_server
    phone = Tab(browser, width=390, height=844, is_mobile=True, has_touch=True)
    try:
        phone.open(f"{base}/entity/colossus")
        width = phone.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 392  # nothing pushes the page sideways (wide tables scroll inside)
        box = phone.page.locator("#neighbourhood ~ iframe").bounding_box()
        assert box["width"] > 300 and box["height"] > 300
        phone.clean()
    finally:
        phone.close()


@pytest.mark.parametrize("path", ["/", "/entity/nvidia", "/entity/colossus?lang=pt",
                                  "/sources", "/source/doc-126747c0c0c83b3e"])
def test_no_serious_accessibility_violations(browser, module_live_server, path):
    base, _ = module_live_server
    checker = Tab(browser, bypass_csp=True)  # axe is injected as a script of the test's own
    try:
        checker.open(base + path)
        assert axe_violations(checker.page) == []
    finally:
        checker.close()
