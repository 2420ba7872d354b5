"""The analytics page and the API docs in a real browser (headless Chromium via Playwright,
every request outside localhost aborted and recorded; helpers from
``tests/views/test_browser.py``): every chart of ``/analytics`` is a Chart.js chart that drew
pixels on its canvas, with no console error and no CSP violation, in English and Portuguese;
``/docs`` (Swagger UI from the package) lists the API's operations offline."""

from __future__ import annotations

import importlib.util
import time
from urllib.parse import urlsplit

import httpx
import pytest

from graph.settings import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location(
    "aikg_browser_helpers", PROJECT_ROOT / "tests" / "views" / "test_browser.py")
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)  # skips this module where Playwright or Chromium is missing
browser, Watched, LOCAL_HOSTS = helpers.browser, helpers.Watched, helpers.LOCAL_HOSTS

CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""

DRAWN = """() => Array.from(document.querySelectorAll("canvas[data-chart]")).map(c => {
  const chart = Chart.getChart(c);
  const pixels = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let inked = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { inked++; } }
  return {id: c.id, chart: !!chart, type: chart ? chart.config.type : null,
          datasets: chart ? chart.data.datasets.length : 0, width: c.width, inked: inked};
})"""


@pytest.fixture
def watched(browser):
    tab = Watched(browser)
    tab.page.add_init_script(CSP_LISTENER)
    yield tab
    tab.close()


def ready(base: str) -> None:
    """Wait while a freshly started service answers 503 Retry-After (analytics being built)."""
    deadline = time.monotonic() + 60
    while httpx.get(f"{base}/analytics?format=json", timeout=30).status_code == 503:
        assert time.monotonic() < deadline, "analytics never became ready"
        time.sleep(0.5)


def show(tab, url: str) -> None:
    response = tab.page.goto(url)
    assert response is not None and response.ok, (url, response and response.status)
    tab.page.wait_for_load_state("load")


def clean(tab) -> None:
    assert tab.refused == []
    assert all(urlsplit(url).hostname in LOCAL_HOSTS for url in tab.requests), tab.requests
    assert tab.errors == []
    assert tab.page.evaluate("() => window.__csp") == []


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_analytics_draws_every_chart_offline(watched, live_server, lang):
    base, _ = live_server
    ready(base)
    show(watched, f"{base}/analytics?lang={lang}")
    charts = watched.page.evaluate(DRAWN)
    ids = {c["id"] for c in charts}
    assert {"canvas-valuations-usd", "canvas-rounds", "canvas-clusters",
            "canvas-organizations", "canvas-chip-models", "canvas-ai-models",
            "canvas-central-pagerank"} <= ids
    for chart in charts:
        assert chart["chart"] and chart["width"] > 0, chart
        assert chart["inked"] > 500, chart  # axes, bars, lines: not a blank canvas
    types = {c["id"]: c["type"] for c in charts}
    assert types["canvas-valuations-usd"] == "line" and types["canvas-clusters"] == "bar"
    assert {c["id"]: c["datasets"] for c in charts}["canvas-clusters"] == 3
    clean(watched)


def test_as_of_control_reloads_the_page_for_that_day(watched, live_server):
    base, _ = live_server
    ready(base)
    show(watched, f"{base}/analytics")
    watched.page.fill("#as-of", "2024-06-01")
    with watched.page.expect_navigation():
        watched.page.click("form.inline-form button[type=submit]")
    assert "as_of=2024-06-01" in watched.page.url
    ids = {c["id"] for c in watched.page.evaluate(DRAWN)}
    assert "canvas-valuations-usd" in ids and "canvas-clusters" not in ids  # Colossus: 2024-09
    clean(watched)


def test_docs_lists_the_operations_offline(watched, live_server):
    base, _ = live_server
    show(watched, f"{base}/docs")
    watched.page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = watched.page.eval_on_selector_all(
        ".opblock-summary-path", "els => els.map(e => e.getAttribute('data-path'))")
    assert {"/sparql", "/analytics/compute", "/analytics"} <= set(paths)
    clean(watched)
