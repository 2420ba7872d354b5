"""The query page in a real browser (headless Chromium, every request outside localhost
aborted and recorded): pick an example, run it in the YASQE editor, read the table, switch to
the graph, download the CSV — with no outside request and no console error."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("playwright.sync_api")

from graph.site.examples import example
from tests.views.test_browser import LOCAL_HOSTS, Watched, browser  # noqa: F401


@pytest.fixture
def watched(browser):  # noqa: F811
    tab = Watched(browser)
    yield tab
    tab.close()


def open_page(watched: Watched, url: str) -> None:
    """Go to ``url`` (a page without a graph: no waiting for vis-network to settle)."""
    response = watched.page.goto(url)
    assert response is not None and response.ok, (url, response and response.status)
    watched.page.wait_for_selector(".CodeMirror")


def test_example_run_table_graph_and_csv(watched, live_server, tmp_path: Path):
    base, _ = live_server
    page = watched.page
    open_page(watched, f"{base}/query")
    assert page.locator(".CodeMirror").is_visible() and page.locator("#query-text").is_hidden()

    page.click("#example-competitors a")  # one click: the page loads with the query run
    page.wait_for_selector(".results-table")
    page.wait_for_selector(".CodeMirror")
    assert page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()") \
        == example("competitors").query

    page.click("#query-run")  # run again through /sparql, drawn by query.js
    page.wait_for_selector("#query-status:has-text('3 row(s)')")
    heads = page.locator(".results-table thead th").all_inner_texts()
    assert heads == ["item", "itemLabel", "linkedItem", "linkedItemLabel", "status"]
    rows = [page.locator(".results-table tbody tr").nth(i).locator("td").all_inner_texts()
            for i in range(page.locator(".results-table tbody tr").count())]
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        ("id:grok", "Grok en", "id:gpt-4", "aikg:Claimed"),
        ("id:meta", "Meta en", "id:xai", "aikg:Actual"),
        ("id:openai", "OpenAI en", "id:xai", "aikg:Actual")]
    shared = urlsplit(page.url)
    assert shared.path == "/query" and shared.fragment == "results"
    assert parse_qs(shared.query)["query"] == [example("competitors").query]

    page.click("#tab-graph")
    assert page.locator("#panel-table").is_hidden()
    page.wait_for_selector("#panel-graph iframe")
    frame = page.frame_locator("#panel-graph iframe")
    frame.locator("canvas").first.wait_for()
    drawn = page.frames[-1].evaluate("() => network.body.data.nodes.get().map(n => n.key)")
    assert sorted(drawn) == ["gpt-4", "grok", "meta", "openai", "xai"]

    with page.expect_download() as info:
        page.click("a[data-format=csv]")
    saved = tmp_path / "result.csv"
    info.value.save_as(saved)
    lines = saved.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "item,itemLabel,linkedItem,linkedItemLabel,status" and len(lines) == 4

    assert watched.refused == [] and watched.errors == []
    assert all(urlsplit(url).hostname in LOCAL_HOSTS for url in watched.requests)


def test_error_line_is_marked_in_the_editor(watched, live_server):
    base, _ = live_server
    page = watched.page
    open_page(watched, f"{base}/query?lang=pt")
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror"
                  ".setValue('SELECT ?x WHERE {\\n  ?x ?y ?z .\\n  FILTER(?x = ) }')")
    page.click("#query-run")
    page.wait_for_selector("#query-error:not([hidden])")
    assert "linha 3, coluna" in page.inner_text("#query-error")
    marked = page.locator(".query-error-line")
    assert marked.count() == 1 and "FILTER" in marked.inner_text()
    # the failed request (400) is the only console error; nothing left localhost
    assert all("400" in error for error in watched.errors) and watched.refused == []
