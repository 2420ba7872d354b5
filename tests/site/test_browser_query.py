"""The query page in a real browser (headless Chromium via Playwright, every request outside
localhost aborted and recorded; ``browser_kit``): pick an example, run it in the YASQE editor,
read the table, switch to the graph, download the CSV — with no outside request, no console
error and no CSP violation; a syntax error marks its line in the editor; no serious or critical
axe-core finding in either language. Skipped where Playwright or Chromium is missing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

pytest.importorskip("playwright.sync_api")

from bench.screenshot import CHROMIUM

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

from browser_kit import Tab, axe_violations

from graph.site.examples import example

EDITOR = "document.querySelector('.CodeMirror').CodeMirror"


def open_query(tab: Tab, url: str) -> None:
    tab.open(url)
    tab.page.wait_for_selector(".CodeMirror")


def test_example_run_table_graph_and_csv(tab, base, tmp_path: Path):
    page = tab.page
    open_query(tab, f"{base}/query")
    assert page.locator("#query-text").is_hidden()

    page.click("#example-competitors a")  # one click: the page loads with the query run
    page.wait_for_selector(".results-table")
    page.wait_for_selector(".CodeMirror")
    assert page.evaluate(f"{EDITOR}.getValue()") == example("competitors").query
    first_line = example("competitors").query.splitlines()[0]
    assert page.locator(".CodeMirror-line").first.inner_text() == first_line  # drawn, not blank

    page.click("#query-run")  # run again, through /sparql, drawn by query.js
    page.wait_for_selector("#query-status:has-text('3 row(s)')")
    heads = page.locator(".results-table thead th").all_inner_texts()
    assert heads == ["item", "itemLabel", "linkedItem", "linkedItemLabel", "status"]
    body = page.locator(".results-table tbody tr")
    rows = [body.nth(i).locator("td").all_inner_texts() for i in range(body.count())]
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        ("id:grok", "Grok en", "id:gpt-4", "aikg:Claimed"),
        ("id:meta", "Meta en", "id:xai", "aikg:Actual"),
        ("id:openai", "OpenAI en", "id:xai", "aikg:Actual")]
    shared = urlsplit(page.url)  # the query is in the URL: the link shares it
    assert shared.path == "/query" and shared.fragment == "results"
    assert parse_qs(shared.query)["query"] == [example("competitors").query]

    page.click("#tab-graph")
    assert page.locator("#panel-table").is_hidden()
    page.wait_for_selector("#panel-graph iframe")
    page.frame_locator("#panel-graph iframe").locator("canvas").first.wait_for()
    drawn = page.frames[-1].evaluate("() => network.body.data.nodes.get().map(n => n.key)")
    assert sorted(drawn) == ["gpt-4", "grok", "meta", "openai", "xai"]

    with page.expect_download() as info:
        page.click("a[data-format=csv]")
    saved = tmp_path / "result.csv"
    info.value.save_as(saved)
    lines = saved.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "item,itemLabel,linkedItem,linkedItemLabel,status" and len(lines) == 4

    tab.clean()
    assert page.evaluate("() => window.__csp") == []


def test_prefix_completion_offers_our_prefixes_offline(tab, base):
    page = tab.page
    open_query(tab, f"{base}/query")
    page.evaluate(f"{EDITOR}.setValue('')")
    page.click(".CodeMirror")
    page.keyboard.type("PREFIX ")
    page.wait_for_selector(".CodeMirror-hints li")
    hints = page.locator(".CodeMirror-hints li").all_inner_texts()
    assert "aikg: <https://w3id.org/aikg/ont#>" in hints and len(hints) == 16
    tab.clean()


def test_error_line_is_marked_in_the_editor(tab, base):
    page = tab.page
    open_query(tab, f"{base}/query?lang=pt")
    page.evaluate(f"{EDITOR}.setValue('SELECT ?x WHERE {{\\n  ?x ?y ?z .\\n  FILTER(?x = ) }}')")
    page.click("#query-run")
    page.wait_for_selector("#query-error:not([hidden])")
    assert "linha 3, coluna" in page.inner_text("#query-error")
    marked = page.locator(".query-error-line")
    assert marked.count() == 1 and "FILTER" in marked.inner_text()
    page.hover(".parseErrorIcon")  # YASQE's own tooltip: allowed by the page's style-src
    assert page.evaluate("() => window.__csp") == []
    # the 400 of /sparql is the only console error; nothing left localhost
    assert tab.errors and all("400" in error for error in tab.errors) and tab.refused == []


def test_query_page_has_no_serious_accessibility_violation(browser, base):
    checker = Tab(browser, bypass_csp=True)  # axe is injected as an inline script of the test
    try:
        for lang in ("en", "pt"):
            query = urlencode({"query": example("xai-funding").query, "lang": lang})
            checker.open(f"{base}/query?{query}")
            checker.page.wait_for_selector(".CodeMirror")
            assert axe_violations(checker.page) == [], lang
    finally:
        checker.close()


def test_a_construct_runs_as_triples_with_turtle_download(tab, base):
    page = tab.page
    open_query(tab, f"{base}/query")
    page.evaluate(f"{EDITOR}.setValue({example('ellison-to-huang').query!r})")
    page.click("#query-run")
    page.wait_for_selector("#query-status:has-text('5 row(s)')")
    assert page.locator(".results-table thead th").all_inner_texts() == [
        "subject", "predicate", "object"]
    cells = page.locator(".results-table tbody td").all_inner_texts()
    assert ["id:oracle", "aikg:customerOf", "id:nvidia"] == cells[cells.index("id:oracle"):][:3]
    formats = page.locator(".query-links a[data-format]").evaluate_all(
        "links => links.map(a => a.dataset.format)")
    assert formats == ["turtle", "jsonld", "ntriples"]
    tab.clean()
