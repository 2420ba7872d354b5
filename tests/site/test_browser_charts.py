"""The analytics page and the API docs in a real browser (headless Chromium via Playwright,
every request outside localhost aborted and recorded; ``browser_kit``): every chart of
``/analytics`` is a Chart.js chart that drew pixels on its canvas, with no console error, no
CSP violation, in English and Portuguese, and no serious or critical axe-core finding; the
as-of control reloads the page for that day; ``/docs`` (Swagger UI from the package) lists
the API's operations offline. Skipped where Playwright or ``/usr/bin/chromium`` is missing."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

pytest.importorskip("playwright.sync_api")

from bench.screenshot import CHROMIUM

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

from browser_kit import Tab, axe_violations

DRAWN = """() => Array.from(document.querySelectorAll("canvas[data-chart]")).map(c => {
  const chart = Chart.getChart(c);
  const pixels = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let inked = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { inked++; } }
  return {id: c.id, chart: !!chart, type: chart ? chart.config.type : null,
          datasets: chart ? chart.data.datasets.length : 0, width: c.width, inked: inked};
})"""

CHARTS = {"canvas-valuations-usd", "canvas-rounds", "canvas-clusters", "canvas-organizations",
          "canvas-chip-models", "canvas-ai-models", "canvas-central-pagerank"}


@pytest.fixture(scope="module")
def base(module_live_server):
    """The service's URL once its analytics answer (a fresh service may say 503 Retry-After
    while they are computed)."""
    url, _ = module_live_server
    deadline = time.monotonic() + 60
    while httpx.get(f"{url}/analytics?format=json", timeout=30).status_code == 503:
        assert time.monotonic() < deadline, "analytics never became ready"
        time.sleep(0.5)
    return url


def clean(tab) -> None:
    tab.clean()
    assert tab.page.evaluate("() => window.__csp") == []


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_analytics_draws_every_chart_offline(tab, base, lang):
    tab.open(f"{base}/analytics?lang={lang}")
    tab.page.wait_for_load_state("load")
    charts = tab.page.evaluate(DRAWN)
    assert {c["id"] for c in charts} == CHARTS
    for chart in charts:
        assert chart["chart"] and chart["width"] > 0, chart
        assert chart["inked"] > 500, chart  # axes, bars, lines: not a blank canvas
    types = {c["id"]: c["type"] for c in charts}
    assert types["canvas-valuations-usd"] == "line" and types["canvas-clusters"] == "bar"
    assert {c["id"]: c["datasets"] for c in charts}["canvas-clusters"] == 3
    clean(tab)


def test_analytics_has_no_serious_accessibility_violation(browser, base):
    checker = Tab(browser, bypass_csp=True)  # axe is injected as an inline script of the test
    try:
        for lang in ("en", "pt"):
            checker.open(f"{base}/analytics?lang={lang}")
            assert axe_violations(checker.page) == [], lang
    finally:
        checker.close()


def test_as_of_control_reloads_the_page_for_that_day(tab, base):
    tab.open(f"{base}/analytics")
    tab.page.fill("#as-of", "2024-06-01")
    with tab.page.expect_navigation():
        tab.page.click("form.inline-form button[type=submit]")
    assert "as_of=2024-06-01" in tab.page.url
    ids = {c["id"] for c in tab.page.evaluate(DRAWN)}
    assert "canvas-valuations-usd" in ids and "canvas-clusters" not in ids  # Colossus: 2024-09
    clean(tab)


def test_docs_lists_the_operations_offline(tab, base):
    tab.open(f"{base}/docs")
    tab.page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = tab.page.eval_on_selector_all(
        ".opblock-summary-path", "els => els.map(e => e.getAttribute('data-path'))")
    assert {"/sparql", "/analytics/compute", "/analytics"} <= set(paths)
    clean(tab)
