"""The query page /query over the seeded store: every example runs and returns what the seed
says, the no-JavaScript form runs a query on the server, errors show line and column, hostile
queries stay text, the JSON twin, both languages, and /sparql sending browsers to the page
while protocol clients keep their answers."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from api.routes.query_page import QUERY_CSP
from graph.site.examples import EXAMPLES, example
from graph.site.i18n import WORDS
from graph.site.query_words import QUERY_WORDS
from tests.site.test_pages import get_page

ID = "https://w3id.org/aikg/id/"
AIKG = "https://w3id.org/aikg/ont#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def run(client, query: str, lang: str = "en") -> dict:
    response = client.get("/query", params={"query": query, "format": "json", "lang": lang})
    assert response.status_code == 200, response.text
    return response.json()["result"]


def values(result: dict, *names: str) -> list[tuple]:
    """The rows' values of the named columns, unbound as None, ids and ontology terms short."""
    def short(c):
        if c is None:
            return None
        return c["value"].removeprefix(ID).removeprefix(AIKG)
    at = [result["variables"].index(n) for n in names]
    return [tuple(short(row[i]) for i in at) for row in result["rows"]]


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_every_example_runs_and_returns_rows(full_client, ex):
    result = run(full_client, ex.query)
    if result["form"] == "ask":
        assert isinstance(result["boolean"], bool)
    else:
        assert result["rows"] and not result["truncated"]
    assert ex.title["en"] and ex.title["pt"] and ex.description["en"] and ex.description["pt"]
    assert ex.title["en"] != ex.title["pt"]


def test_examples_return_what_the_seed_says(client):
    assert len(EXAMPLES) >= 12 and len({e.id for e in EXAMPLES}) == len(EXAMPLES)
    funding = run(client, example("xai-funding").query)
    assert funding["variables"] == ["round", "date", "status", "investor", "raised", "postMoney"]
    assert values(funding, "investor", "raised", "postMoney", "status") == [
        ("andreessen-horowitz", "6000000000", "24000000000", "Actual"),
        ("sequoia-capital", "6000000000", "24000000000", "Actual"),
        (None, "6000000000", "50000000000", "Reported")]
    chips = run(client, example("chips-per-cluster").query)
    assert values(chips, "cluster", "chip", "quantity", "status") == [
        ("colossus", "nvidia-h100", "100000", "Actual"),
        ("colossus", "nvidia-h100", "150000", "Derived"),
        ("colossus", "nvidia-h200", "50000", "Planned")]
    path = run(client, example("ellison-to-huang").query)
    assert path["form"] == "graph" and path["graphable"]
    assert sorted(values(path, "subject", "predicate", "object")) == [
        ("dinner-ellison-musk-huang", "participant", "jensen-huang"),
        ("dinner-ellison-musk-huang", "participant", "larry-ellison"),
        ("nvidia", "chiefExecutive", "jensen-huang"),
        ("oracle", "customerOf", "nvidia"),
        ("oracle", "foundedBy", "larry-ellison")]
    rivals = run(client, example("competitors").query)
    assert rivals["graphable"]
    assert values(rivals, "itemLabel", "linkedItemLabel", "status") == [
        ("Grok", "GPT-4", "Claimed"), ("Meta", "xAI", "Actual"), ("OpenAI", "xAI", "Actual")]
    assert values(run(client, example("leaders").query), "company", "role", "person") == [
        ("nvidia", "chiefExecutive", "jensen-huang"), ("oracle", "foundedBy", "larry-ellison"),
        ("tesla", "chiefExecutive", "elon-musk"), ("xai", "foundedBy", "elon-musk")]
    disagree = run(client, example("disagreements").query)
    assert values(disagree, "subject", "property", "status", "otherStatus") == [
        ("colossus-2024-09", "buildDurationDays", "Claimed", "Actual"),
        ("xai-round-2024-05", "preMoneyValuation", "Derived", "Actual")]
    by_status = dict(values(run(client, example("facts-by-status").query), "status", "facts"))
    assert {k: by_status[k] for k in ("Derived", "Implied", "Planned")} == {
        "Derived": "3", "Implied": "3", "Planned": "3"}
    assert len(run(client, example("wikidata").query)["rows"]) == 10
    assert run(client, example("h200-running").query)["boolean"] is False


def test_page_lists_every_example_as_a_one_click_run(client):
    page = get_page(client, "/query")
    links = [(href, text) for href, text in page.links if href.startswith("/query?query=")]
    assert [text for _, text in links] == [e.title["en"] for e in EXAMPLES]
    for (href, _), ex in zip(links, EXAMPLES):
        parts = urlsplit(href)
        assert parts.fragment == "results" and parse_qs(parts.query)["query"] == [ex.query]
    assert "Example questions" in page.headings
    home = get_page(client, "/")
    assert any(href == "/query#examples" for href, _ in home.links)


def test_without_javascript_the_form_runs_on_the_server(client):
    page = client.get("/query").text  # the form: GET /query with a textarea named query
    assert re.search(r'<form id="query-form"[^>]*method="get" action="/query#results"', page)
    assert re.search(r'<textarea id="query-text" name="query"', page)
    parsed = get_page(client, "/query?" + urlencode({"query": example("competitors").query}))
    header = next(row for row in parsed.rows if row and row[0] == "item")
    assert header == ["item", "itemLabel", "linkedItem", "linkedItemLabel", "status"]
    body = [row for row in parsed.rows if row and row[0].startswith("id:")]
    assert [(r[0], r[2], r[4]) for r in body] == [
        ("id:grok", "id:gpt-4", "aikg:Claimed"), ("id:meta", "id:xai", "aikg:Actual"),
        ("id:openai", "id:xai", "aikg:Actual")]
    assert ("/entity/grok", "id:grok") in parsed.links
    downloads = [href for href, text in parsed.links if text in ("CSV", "JSON", "TSV")]
    assert len(downloads) == 3 and all(h.startswith("/sparql?") for h in downloads)
    csv = client.get(next(h for h in downloads if h.endswith("format=csv")),
                     headers={"Accept": BROWSER})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "item,itemLabel,linkedItem,linkedItemLabel,status"
    assert any(h.startswith("/view/query?query=") for h, _ in parsed.links)


def test_a_construct_offers_turtle_and_draws_triples(client):
    response = client.get("/query", params={"query": example("ellison-to-huang").query})
    assert response.status_code == 200
    turtle = re.search(r'href="(/sparql\?[^"]*format=turtle)"', response.text)
    assert turtle and "CSV" not in re.search(r'class="query-links">(.*?)</p>', response.text,
                                             re.DOTALL).group(1)
    got = client.get(turtle.group(1).replace("&amp;", "&"), headers={"Accept": BROWSER})
    assert got.headers["content-type"].startswith("text/turtle")
    assert "aikg:customerOf" in got.text and "id:nvidia" in got.text


def test_syntax_errors_show_line_and_column(client):
    bad = "SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(?x = ) }"
    response = client.get("/query", params={"query": bad})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "line 3, column" in response.text
    line = re.search(r'<pre class="error-line" data-line="(\d+)">(.*?)</pre>', response.text,
                     re.DOTALL)
    assert line and line.group(1) == "3" and "FILTER(?x = ) }" in line.group(2)
    assert 'id="query-form"' in response.text  # the editor stays, with the query in it
    assert "FILTER(?x = ) }</textarea>" in response.text
    body = client.get("/query", params={"query": bad, "format": "json"})
    assert body.status_code == 400 and body.json()["line"] == 3
    assert isinstance(body.json()["column"], int)
    refused = client.get("/query", params={"query": "SELECT * WHERE { SERVICE <http://x/> "
                                                    "{ ?s ?p ?o } }"})
    assert refused.status_code == 400 and "SERVICE" in refused.text


def test_hostile_queries_stay_text(client):
    hostile = ('SELECT ("</script><script>alert(1)</script>" AS ?x) '
               '("<img src=x onerror=alert(2)>" AS ?y) WHERE {}')
    response = client.get("/query", params={"query": hostile})
    assert response.status_code == 200
    text = response.text
    assert "<img src=x" not in text and "<script>alert" not in text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text  # in the textarea and the table
    config = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', text,
                        re.DOTALL)
    assert config and all("</" not in block for block in config)
    page = get_page(client, "/query?" + urlencode({"query": hostile}))
    assert ["</script><script>alert(1)</script>", "<img src=x onerror=alert(2)>"] in page.rows


def test_json_twin_and_languages(client):
    plain = client.get("/query?format=json").json()
    assert [e["id"] for e in plain["examples"]] == [e.id for e in EXAMPLES]
    assert plain["prefixes"]["aikg"] == AIKG and "result" not in plain
    pt = client.get("/query?format=json&lang=pt").json()
    assert pt["examples"][0]["title"] == EXAMPLES[0].title["pt"]
    assert set(QUERY_WORDS["en"]) == set(QUERY_WORDS["pt"])
    assert all(WORDS[lang][k] == v for lang in ("en", "pt") for k, v in QUERY_WORDS[lang].items())
    page = get_page(client, "/query?lang=pt")
    assert "Consultar o grafo com SPARQL" in page.headings
    assert all("lang=pt" in href for href, _ in page.links if href.startswith("/query?query="))


def test_page_security_headers(client):
    response = client.get("/query")
    csp = response.headers["content-security-policy"]
    assert csp == QUERY_CSP and "script-src 'self';" in csp
    assert "style-src 'self' 'unsafe-inline'" in csp  # YASQE's tooltip; scripts stay strict
    assert re.search(r'<script src="/static/vendor/yasqe/yasqe.min.js"></script>', response.text)
    for path in ("vendor/yasqe/yasqe.min.js", "vendor/yasqe/yasqe.min.css",
                 "vendor/yasqe/LICENSE", "vendor/yasqe/README.txt", "query.js"):
        assert client.get("/static/" + path).status_code == 200, path


def test_sparql_in_a_browser_goes_to_the_page(client):
    plain = client.get("/sparql", headers={"Accept": BROWSER}, follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == "/query"
    query = "SELECT ?s WHERE { ?s a aikg:Person } LIMIT 1"
    linked = client.get("/sparql", params={"query": query}, headers={"Accept": BROWSER},
                        follow_redirects=False)
    assert linked.status_code == 303
    target = urlsplit(linked.headers["location"])
    assert target.path == "/query" and parse_qs(target.query) == {"query": [query]}
    followed = client.get("/sparql", params={"query": query}, headers={"Accept": BROWSER})
    assert followed.status_code == 200 and "results-table" in followed.text


@pytest.mark.parametrize(("params", "accept"), [
    ({"query": "ASK {}", "format": "json"}, BROWSER),   # a download link: the file
    ({"query": "ASK {}"}, None),                        # curl's */*
    ({"query": "ASK {}"}, "application/sparql-results+json"),
    ({"query": "ASK {}"}, "text/*"),
    ({"query": "ASK {}", "default-graph-uri": "https://w3id.org/aikg/graph/meta"}, BROWSER),
    ({}, "text/turtle"),                                # the service description
    ({"query": "ASK {}"}, "text/html;q=0.5, application/sparql-results+json"),
])
def test_protocol_clients_keep_their_answers(client, params, accept):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params=params, headers=headers, follow_redirects=False)
    assert response.status_code == 200, response.text
    assert not response.headers["content-type"].startswith("text/html")
