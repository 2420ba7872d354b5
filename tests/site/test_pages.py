"""The people's pages over the seeded store: home, search, entity, sources, a source, linked
data at /id/, languages, JSON twins, HTML errors and the security headers of every page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.site.i18n import pick_lang, when

AIKG = "https://w3id.org/aikg/ont#"
ID = "https://w3id.org/aikg/id/"


class Page(HTMLParser):
    """Links, table rows (cell texts), headings, scripts and inline styles of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.rows: list[list[str]] = []
        self.headings: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.styled: list[str] = []
        self.handlers: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._cell: list[str] | None = None
        self._heading = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.styled.append(tag)
        self.handlers += [k for k in attrs if k.startswith("on")]
        if tag == "a":
            self._href, self._text = attrs.get("href"), []
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("h1", "h2", "h3"):
            self._heading, self._text = True, []
        elif tag == "script":
            self.scripts.append(attrs)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None
        elif tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag in ("h1", "h2", "h3"):
            self.headings.append(" ".join("".join(self._text).split()))
            self._heading = False

    def handle_data(self, data):
        if self._href is not None or self._heading:
            self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def get_page(client, url: str, **headers: str) -> Page:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe" not in csp.split("script-src")[1].split(";")[0]
    page = Page(response.text)
    assert all(s.get("src", "").startswith("/static/") or s.get("type") == "application/json"
               for s in page.scripts), page.scripts  # no inline executable script
    assert not page.handlers and not page.styled
    return page


def test_home_says_what_the_graph_holds(client):
    page = get_page(client, "/")
    data = client.get("/?format=json").json()
    rows = {r[0]: r[1] for r in page.rows if len(r) == 2}
    assert data["facts_by_status"][0][0] == "Actual"
    counts = {c["name"]: c["count"] for c in data["classes"]}
    assert rows["Compute cluster"] == "1" and rows["Person"] == str(counts["Person"])
    assert rows["actual"] == str(dict(data["facts_by_status"])["Actual"])
    hrefs = {h for h, _ in page.links}
    assert {"/query#examples", "/view", "/docs", "/sources", "/analytics"} <= hrefs
    assert data["sources"] == 2 and data["newest_source"] == "2024-11-27"


def test_home_does_not_wait_for_its_counts(fresh, monkeypatch):
    import pyoxigraph as ox

    from graph.errors import EngineUnavailable
    from graph.site import home

    def busy(kg, **options):
        raise EngineUnavailable("the summary is being computed")

    real = home.summary
    monkeypatch.setattr(home, "summary", busy)
    data = home.home_data(fresh, q="nvidia")
    assert data["counting"] is True and data["entities"] is None and data["classes"] == []
    assert data["search"]["hits"][0]["id"] == "nvidia"  # the search does not wait for them
    html = home.home_page(fresh)
    assert "The counts are being computed; reload in a few seconds." in html
    assert "<table>" not in html
    monkeypatch.setattr(home, "summary", real)
    ready = home.home_data(fresh)
    assert ready["counting"] is False and ready["entities"] > 0
    fresh.extend([ox.Quad(ox.NamedNode(ID + "dan"), ox.NamedNode(
        "http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Dan"), ox.DefaultGraph())])
    monkeypatch.setattr(home, "summary", busy)
    stale = home.home_data(fresh)  # the last counts, marked as those of their generation
    assert stale["counting"] is True and stale["generation"] == ready["generation"]
    assert stale["classes"] == ready["classes"] and fresh.generation > ready["generation"]
    html = home.home_page(fresh)
    assert f"These counts are of write generation {ready['generation']}" in html
    assert "<table>" in html


def test_home_search_without_javascript(client):
    page = get_page(client, "/?q=nvid")
    found = [(h, t) for h, t in page.links if h.startswith("/entity/")]
    assert found[:3] == [("/entity/nvidia", "Nvidia"), ("/entity/nvidia-h100", "Nvidia H100"),
                         ("/entity/nvidia-h200", "Nvidia H200")]
    assert 'Results for “nvid”' in page.headings


def test_entity_page_groups_relations_with_status_time_source(client):
    page = get_page(client, "/entity/colossus")
    assert page.headings[0] == "Colossus"
    uses = [r for r in page.rows if r and r[0].startswith("Nvidia H")]
    assert ["Nvidia H100 × 100,000", "actual", "September 2024 (as of)",
            "doc-126747c0c0c83b3e"] in uses
    assert ["Nvidia H200 × 50,000", "planned", "September 2024 (announced)",
            "doc-126747c0c0c83b3e"] in uses
    announced = [r for r in page.rows if r and r[0].startswith("Elon Musk")]
    assert len(announced) == 2 and announced[0] != announced[1]  # two facts, told apart
    assert ("/source/doc-126747c0c0c83b3e", "doc-126747c0c0c83b3e") in page.links
    assert ("/view/entity/colossus") in re.findall(r'src="([^"]+)"', client.get(
        "/entity/colossus").text)


def test_entity_page_in_portuguese_keeps_the_language_in_links(client):
    page = get_page(client, "/entity/colossus?lang=pt")
    assert ["Nvidia H200 × 50 000", "planeado", "setembro de 2024 (anunciado)",
            "doc-126747c0c0c83b3e"] in [[c.replace("\u202f", " ") for c in r] for r in page.rows]
    assert all("lang=pt" in h for h, text in page.links
               if h.startswith("/entity/") and text != "English")
    assert ("/entity/colossus", "English") in page.links  # the switch back drops lang
    assert get_page(client, "/entity/colossus", **{"Accept-Language": "pt-BR,pt;q=0.9"}
                    ).headings[1] == "Relações"


def test_entity_page_as_of_hides_later_facts(client):
    before = get_page(client, "/entity/colossus?as_of=2024-08-01")
    assert not [r for r in before.rows if r and r[0].startswith("Nvidia H")]
    assert client.get("/entity/colossus?as_of=yesterday").status_code == 400


def test_path_to_a_name(client):
    page = get_page(client, "/entity/larry-ellison?path_to=Jensen%20Huang")
    json = client.get("/entity/larry-ellison?path_to=Jensen%20Huang&format=json").json()
    result = json["path"]["result"]
    assert json["path"]["target"] == "jensen-huang" and result["shortest"]["hops"] == 1
    assert f"{len(result['paths'])} path(s) from Larry Ellison to Jensen Huang" in \
        client.get("/entity/larry-ellison?path_to=Jensen%20Huang").text
    assert ("/entity/jensen-huang", "Jensen Huang") in page.links
    ambiguous = client.get("/entity/larry-ellison?path_to=nvidia%20h&format=json").json()
    assert {c["id"] for c in ambiguous["path"]["candidates"]} >= {"nvidia-h100", "nvidia-h200"}


def test_entity_errors_are_pages(client):
    response = client.get("/entity/no-such-entity")
    assert response.status_code == 404 and response.headers["content-type"].startswith(
        "text/html")
    assert "no-such-entity" in response.text
    assert client.get("/entity/no-such-entity?format=json").json()["error"] == "not_found"
    assert client.get("/entity/colossus?lang=fr").status_code == 400


def test_sources_and_one_source(client):
    listing = client.get("/sources?format=json").json()
    assert (listing["total"], listing["offset"], listing["limit"]) == (2, 0, 100)
    assert [s["id"] for s in listing["sources"]] == [  # newest first
        "quartz-2024-11-27-musk-nvidia", "article-126747c0c0c83b3e"]
    seed = listing["sources"][1]
    assert seed["graphs"] and seed["facts"] > 30 and seed["publisher"] == "Downcodes"
    page = get_page(client, "/source/doc-126747c0c0c83b3e")
    source = client.get("/source/article-126747c0c0c83b3e?format=json").json()
    assert source["publisher"] == "Downcodes" and source["language"] == "pt"
    assert len(source["supports"]) == len(page.rows) - 1 > 30
    assert source["facts"] == seed["facts"] and source["graphs"] == seed["graphs"]
    assert ["Colossus", "uses", "Nvidia H100 × 100,000", "actual", "September 2024"] in page.rows
    assert client.get("/source/nope").status_code == 404
    assert client.get("/source/..%2Fetc").status_code in (400, 404)


def test_sources_page_by_page(fresh):
    import pyoxigraph as ox

    from graph.errors import EngineUnavailable, InvalidInput
    from graph.site import sources

    article, rdf_type = ox.NamedNode(AIKG + "Article"), ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    published = ox.NamedNode(AIKG + "datePublished")
    extra = []
    for i in range(7):  # undated ones sort last, by id
        doc = ox.NamedNode(f"{ID}article-extra-{i}")
        extra.append(ox.Quad(doc, rdf_type, article, ox.DefaultGraph()))
        if i % 2:
            extra.append(ox.Quad(doc, published, ox.Literal(
                f"2025-0{i}-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
                ox.DefaultGraph()))
    fresh.extend(extra)
    whole = sources.sources_data(fresh, limit=1000)
    assert whole["total"] == 9 == len(whole["sources"])
    ids = [s["id"] for s in whole["sources"]]
    assert ids[:3] == ["article-extra-5", "article-extra-3", "article-extra-1"]
    assert ids[-4:] == ["article-extra-6", "article-extra-4", "article-extra-2", "article-extra-0"]
    pages = [sources.sources_data(fresh, limit=4, offset=o)["sources"] for o in (0, 4, 8)]
    assert [s for p in pages for s in p] == whole["sources"]
    assert sources.sources_data(fresh, offset=50)["sources"] == []
    for bad in ({"limit": 0}, {"limit": 1001}, {"offset": -1}):
        with pytest.raises(InvalidInput):
            sources.sources_data(fresh, **bad)
    html = sources.sources_page(fresh, limit=4, offset=4)
    page = Page(html)
    assert ("/sources?limit=4&offset=0", "Previous") in page.links
    assert ("/sources?limit=4&offset=8", "Next") in page.links
    assert "Sources 5–8 of 9" in html

    def busy(kg, seconds, **options):
        raise EngineUnavailable("the source index is being computed")

    fresh.extend([ox.Quad(ox.NamedNode(ID + "article-late"), rdf_type, article,
                          ox.DefaultGraph())])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sources.source_index, "within", busy)
        with pytest.raises(EngineUnavailable):  # a 503 with Retry-After, never a long wait
            sources.sources_data(fresh)


def test_entity_iri_dereferences(client):
    html = client.get("/id/nvidia", headers={"Accept": "text/html,*/*;q=0.8"})
    assert html.headers["content-type"].startswith("text/html") and "Jensen Huang" in html.text
    turtle = client.get("/id/nvidia", headers={"Accept": "text/turtle"})
    assert turtle.headers["vary"] == "Accept"
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    nvidia = rdflib.URIRef(ID + "nvidia")
    assert (nvidia, rdflib.URIRef(AIKG + "wikidataQID"), rdflib.Literal("Q182477")) in graph
    facts = set(graph.subjects(rdflib.RDF.subject, nvidia))
    assert facts and all((f, rdflib.URIRef(AIKG + "status"), None) in graph for f in facts)
    jsonld = client.get("/id/nvidia", headers={"Accept": "application/ld+json"})
    as_dataset = rdflib.Dataset().parse(data=jsonld.text, format="json-ld")
    merged = rdflib.Graph()
    for s, p, o, _ in as_dataset.quads():
        merged.add((s, p, o))
    assert isomorphic(merged, graph)
    assert client.get("/id/nvidia", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/id/nobody", headers={"Accept": "text/turtle"}).status_code == 404


def test_static_files_are_served_safely(client):
    css = client.get("/static/site.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.get("/static/site.css", headers={"If-None-Match": css.headers["etag"]}
                      ).status_code == 304
    for bad in ("/static/../app.py", "/static/.hidden", "/static/nope.js", "/static/%2e%2e/x"):
        assert client.get(bad).status_code == 404, bad


def test_page_text_is_escaped(client):
    response = client.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;" in response.text


@pytest.mark.parametrize(("param", "header", "expected"), [
    ("pt", "en", "pt"), (None, "pt-BR,en;q=0.5", "pt"), (None, "fr, en;q=0.4, pt;q=0.3", "en"),
    (None, None, "en"), (None, "de", "en")])
def test_language_choice(param, header, expected):
    assert pick_lang(param, header) == expected


def test_times_keep_their_precision():
    assert when("2024", "en") == "2024"
    assert when("2024-09", "pt") == "setembro de 2024"
    assert when("2024-11-27", "en") == "27 November 2024"


def test_every_entity_page_renders_on_seed_and_synthetic_data(fresh):
    from bench.synthetic import generate
    from graph.projection.cache import projection
    from graph.site.entity import entity_page
    from graph.store.formats import rdf_format
    from graph.store.loading import load_bytes

    data, _ = generate(6000, 3)  # rounds without valuations, hubs, clusters, people…
    load_bytes(fresh, data, rdf_format("nquads"), source="synthetic")
    ids = sorted(d["id"] for _, d in projection(fresh).nodes(data=True))
    assert len(ids) > 300
    for entity_id in ids:
        for lang in ("en", "pt"):
            assert "<h1>" in entity_page(fresh, entity_id, lang=lang)


def test_entity_pages_carry_their_charts(client):
    page = get_page(client, "/entity/colossus")
    assert "Charts" in page.headings
    chips = [r for r in page.rows if r and r[0] in ("Nvidia H100", "Nvidia H200")]
    assert ["Nvidia H100", "100,000", "0", "150,000"] in chips
    assert client.get("/entity/colossus?format=json").json()["charts"][0]["id"]
    assert "Charts" not in get_page(client, "/entity/jensen-huang").headings


def test_entity_page_does_not_wait_for_slow_charts(fresh, monkeypatch):
    from graph.errors import EngineUnavailable
    from graph.site.chart_slices import chart_slices
    from graph.site.entity import entity_page

    waits = []

    def busy(kg, seconds, **options):
        waits.append(seconds)
        raise EngineUnavailable("the summary is being computed")

    # the slices of the summaries (made from both) busy
    monkeypatch.setattr(chart_slices, "within", busy)
    html = entity_page(fresh, "colossus")
    assert "The charts are being computed after a change" in html and "<canvas" not in html
    assert waits and max(waits) < 1


def test_a_hub_pages_its_relations(fresh):
    from bench.synthetic import HUB, generate
    from graph.site.entity import PAGE, entity_data
    from graph.store.formats import rdf_format
    from graph.store.loading import load_bytes

    data, _ = generate(20000, 5)
    load_bytes(fresh, data, rdf_format("nquads"), source="synthetic")
    first = entity_data(fresh, HUB)
    total = max(first["totals"].values())
    assert total > PAGE and first["next_offset"] == PAGE
    shown = sum(len(g["relations"]) for d in ("outgoing", "incoming")
                for g in first["groups"][d])
    assert shown <= 2 * PAGE
    second = entity_data(fresh, HUB, offset=PAGE)
    assert second["offset"] == PAGE
    key = lambda r: (r["direction"], r["predicate"], r["other"], r["fact"])
    seen = {key(r) for r in first["outgoing"] + first["incoming"]}
    assert not seen & {key(r) for r in second["outgoing"] + second["incoming"]}
