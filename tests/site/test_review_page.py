"""The review screen of ingested articles and its routes (api.routes.review, graph.site.review).

The article text is kept with the ingestion and returned as ``article.text``; ``POST
/ingest/{id}/reject`` takes chosen facts; ``GET /ingest/{id}`` is the review page for a browser
(JSON, Turtle, TriG and N-Quads unchanged for API clients) with every proposed fact's evidence
marked at its exact offsets, escaped; ``/ingest/new`` and the list page; the token never comes
back in any answer or URL.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib

from graph.ingest.staging import stage
from graph.store.inventory import content_hash
from tests.conftest import AUTH, SHARED, TOKEN
from tests.ingest.test_ingest_staging import build

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
KNOWN = ("xAI operates Colossus. In September 2024 Colossus ran 100,000 Nvidia H100 chips, xAI "
         "said. Acme Robotics is a rival of xAI. <script>alert(1)</script> is not a name.")
"""A text whose proposals are known: p01 on 0–22, p02/p04/p05 on one sentence (23–90), p03 on
91–164 holding the new name Acme Robotics (91–104) and a script tag that must stay text."""
DEV_ARTICLE = SHARED / "ingest-dev" / "articles" / "03-xai-series-c-colossus.en.txt"


class Page(HTMLParser):
    """The parts of a review page the tests read: the article text as shown, its marks, the
    fact items and their evidence links, and every input."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.marks, self.facts, self.links, self.inputs = "", [], {}, {}, []
        self._depth = 0  # inside #article-text
        self._mark = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input":
            self.inputs.append(attrs)
        if self._depth:
            self._depth += 1
            if tag == "mark":
                self._mark = {**attrs, "text": ""}
        elif attrs.get("id") == "article-text":
            self._depth = 1
        if tag == "li" and "data-fact" in attrs:
            self.facts[attrs["data-fact"]] = attrs
        if tag == "a" and "evidence-link" in attrs.get("class", ""):
            self.links[attrs["data-fact"]] = attrs["href"]

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1
            if tag == "mark" and self._mark is not None:
                self.marks.append(self._mark)
                self._mark = None

    def handle_data(self, data):
        if self._depth:
            self.text += data
            if self._mark is not None:
                self._mark["text"] += data


def ingest(api, text: str, **fields) -> dict:
    response = api.post("/ingest", json={"text": text, "lang": "en", "published": "2024-09-05",
                                         **fields}, headers=AUTH)
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture(scope="module")
def known(module_app_client) -> dict:
    return ingest(module_app_client, KNOWN, title="Colossus <b>news</b>",
                  source="https://example.org/colossus")


# -- the text is kept ------------------------------------------------------------------------


def test_the_text_is_stored_with_the_record_and_returned(module_app_client, known):
    api = module_app_client
    body = api.get(f"/ingest/{known['id']}").json()
    assert body["article"]["text"] == KNOWN
    trig = api.get(f"/ingest/{known['id']}", headers={"Accept": "application/trig"}).text
    dataset = rdflib.Dataset().parse(data=trig, format="trig")
    where = {str(g.identifier) for g in dataset.graphs()
             for _ in g.triples((None, rdflib.URIRef("https://w3id.org/aikg/ont#articleText"),
                                 rdflib.Literal(KNOWN)))}
    assert where == {"https://w3id.org/aikg/graph/ingestions"}  # the record, not the facts


@pytest.mark.skipif(not DEV_ARTICLE.exists(),
                    reason="../shared/ingest-dev is not beside the checkout")
def test_a_real_article_is_returned_exactly(module_app_client):
    text = DEV_ARTICLE.read_text(encoding="utf-8")
    body = ingest(module_app_client, text)
    assert module_app_client.get(f"/ingest/{body['id']}").json()["article"]["text"] == text
    page = Page(module_app_client.get(f"/ingest/{body['id']}", headers=BROWSER).text)
    assert page.text == text
    for fact in body["facts"]:
        start, end = fact["evidence"]["start"], fact["evidence"]["end"]
        covered = [m for m in page.marks if fact["id"] in m["data-facts"].split()]
        assert "".join(m["text"] for m in covered) == text[start:end]
        assert int(covered[0]["data-start"]) == start and int(covered[-1]["data-end"]) == end


# -- rejecting chosen facts over HTTP --------------------------------------------------------


def test_reject_chosen_facts(module_app_client):
    api = module_app_client
    iid = "2000000000000001"
    api.engine.call(stage, write=True, ingestion_id=iid, proposal=build(iid))
    before = api.engine.call(content_hash)
    response = api.post(f"/ingest/{iid}/reject", json={"facts": ["p02", "p09", "x"]},
                        headers=AUTH)
    assert response.status_code == 400 and response.json()["facts"] == ["p09", "x"]
    assert "p09" in response.json()["message"]
    for body in ({"facts": "p02"}, {"facts": [2]}, {"fact": ["p02"]}, ["p02"]):
        assert api.post(f"/ingest/{iid}/reject", json=body, headers=AUTH).status_code == 400
    assert api.post(f"/ingest/{iid}/reject", json={"facts": ["p02"]}).status_code == 401
    assert api.engine.call(content_hash) == before  # nothing half-applied
    response = api.post(f"/ingest/{iid}/reject", json={"facts": ["p02"]}, headers=AUTH)
    assert response.status_code == 200 and response.json()["state"] == "pending"
    assert [f["state"] for f in response.json()["facts"]] == ["pending", "rejected", "pending"]
    assert api.post(f"/ingest/{iid}/accept", json={"facts": ["p01"]},
                    headers=AUTH).json()["moved"] == ["p01"]
    response = api.post(f"/ingest/{iid}/reject", json={"facts": ["p01", "p03"]}, headers=AUTH)
    assert response.status_code == 409 and "p01" in response.json()["message"]
    response = api.post(f"/ingest/{iid}/accept", headers=AUTH)  # all: p02 stays rejected
    assert response.status_code == 200 and response.json()["moved"] == ["p03"]
    assert response.json()["state"] == "accepted"


# -- the page --------------------------------------------------------------------------------


def test_marks_sit_at_the_exact_offsets(module_app_client, known):
    response = module_app_client.get(f"/ingest/{known['id']}", headers=BROWSER)
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = Page(response.text)
    assert page.text == KNOWN
    assert [(int(m["data-start"]), int(m["data-end"]), m["data-facts"], m["id"])
            for m in page.marks] == [(0, 22, "p01", "ev-0"), (23, 90, "p02 p04 p05", "ev-23"),
                                     (91, 104, "p03", "ev-91"), (104, 164, "p03", "ev-104")]
    assert all(m["text"] == KNOWN[int(m["data-start"]):int(m["data-end"])] for m in page.marks)
    assert "new-name" in page.marks[2]["class"] and "new-name" not in page.marks[3]["class"]
    assert page.links == {"p01": "#ev-0", "p02": "#ev-23", "p03": "#ev-91", "p04": "#ev-23",
                          "p05": "#ev-23"}
    assert {f: a["data-state"] for f, a in page.facts.items()} == dict.fromkeys(page.links,
                                                                                "pending")
    token = next(i for i in page.inputs if i.get("id") == "review-token")
    assert token["type"] == "password" and token["autocomplete"] == "off"
    assert "name" not in token and "value" not in token
    boxes = [i for i in page.inputs if i.get("type") == "checkbox"]
    assert [b["value"] for b in boxes] == ["p01", "p02", "p03", "p04", "p05"]


def test_the_fact_list_shows_status_time_confidence_and_entities(module_app_client, known):
    html = module_app_client.get(f"/ingest/{known['id']}", headers=BROWSER).text
    item = re.search(r'<li id="fact-p03".*?</li>', html, re.DOTALL).group(0)
    assert '<span class="badge state-pending">pending</span>' in item
    assert '<span class="badge Actual">actual</span>' in item
    assert '<time datetime="2024-09-05">' in item  # as of the article's day
    assert "Acme Robotics —competesWith→ xAI" in item
    assert re.search(r'<span class="entity">Acme Robotics</span>\s*<span class="badge new">new'
                     r'</span>, <a href="/entity/xai">xAI</a>', item)
    confidence = next(f["confidence"] for f in known["facts"] if f["id"] == "p03")
    assert f"<dd>{confidence:.2f}</dd>" in item


def test_script_in_the_article_and_title_stays_text(module_app_client, known):
    html = module_app_client.get(f"/ingest/{known['id']}", headers=BROWSER).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<b>news</b>" not in html
    assert "Review: Colossus &lt;b&gt;news&lt;/b&gt;" in html
    config = re.search(r'<script type="application/json" id="review-config">(.*?)</script>',
                       html, re.DOTALL).group(1)
    assert "<" not in config  # JSON for the script, escaped for HTML


def test_without_the_text_the_page_says_so_and_shows_offsets(module_app_client):
    api = module_app_client
    iid = "2000000000000002"
    api.engine.call(stage, write=True, ingestion_id=iid, proposal=build(iid))
    html = api.get(f"/ingest/{iid}", headers=BROWSER).text
    page = Page(html)
    assert 'id="text-not-kept"' in html and page.marks == [] and page.links == {}
    assert "characters 0–30" in html and "characters 81–140" in html


def test_portuguese_review_page(module_app_client, known):
    html = module_app_client.get(f"/ingest/{known['id']}?lang=pt", headers=BROWSER).text
    assert '<html lang="pt">' in html
    for words in ("Factos propostos", "Aceitar tudo", "Rejeitar selecionados", "pendente",
                  "setembro de 2024", "Token de escrita", "Nomes novos", "novo"):
        assert words in html, words
    assert f'href="/ingest/{known["id"]}?format=json"' in html


def test_api_clients_get_what_they_got_before(module_app_client, known):
    api, path = module_app_client, f"/ingest/{known['id']}"
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "application/json"},
                    {"Accept": "application/json, */*"}):
        response = api.get(path, headers=headers)
        assert response.headers["content-type"] == "application/json", headers
        assert response.json()["id"] == known["id"]
    assert api.get(path, headers=BROWSER | {"Accept": "text/turtle"}).headers[
        "content-type"].startswith("text/turtle")
    assert api.get(f"{path}?format=json", headers=BROWSER).json()["id"] == known["id"]
    assert api.get(f"{path}?format=html").headers["content-type"].startswith("text/html")
    assert api.get(path, headers={"Accept": "image/png"}).status_code == 406
    assert "Accept" in api.get(path).headers["vary"]
    assert isinstance(api.get("/ingest").json(), list)
    assert api.get("/ingest?format=turtle").status_code == 406


def test_errors_on_the_page_are_pages(module_app_client):
    response = module_app_client.get("/ingest/0123", headers=BROWSER)
    assert response.status_code == 400 and response.headers["content-type"].startswith(
        "text/html")
    assert module_app_client.get("/ingest/ffffffffffffffff", headers=BROWSER).status_code == 404


# -- the paste form and the list -------------------------------------------------------------


def test_the_paste_form(module_app_client):
    response = module_app_client.get("/ingest/new", headers=BROWSER)
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/html")
    page = Page(response.text)
    html = response.text
    fields = {i["id"]: i for i in page.inputs}
    assert fields["ingest-token"]["type"] == "password"
    assert fields["ingest-token"]["autocomplete"] == "off"
    ours = [i for i in page.inputs if i.get("id", "").startswith("ingest-")]
    assert ours and not any("name" in i for i in ours)  # nothing a form could put in a URL
    for field in ("ingest-text", "ingest-lang", "ingest-published", "ingest-source",
                  "ingest-title", "ingest-outlet", "ingest-token"):
        assert f'<label for="{field}">' in html, field
    assert [v for v in re.findall(r'<option value="(\w+)"', html)] == ["auto", "en", "pt"]
    assert '<script src="/static/paste.js"></script>' in html and "<noscript>" in html
    pt = module_app_client.get("/ingest/new?lang=pt").text  # no Accept: still the page
    assert "Ingerir um artigo" in pt and "Texto do artigo" in pt


def test_the_list_page(module_app_client, known):
    response = module_app_client.get("/ingest", headers=BROWSER)
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/html")
    row = re.search(rf'<tr data-ingestion="{known["id"]}">.*?</tr>', response.text, re.DOTALL)
    assert f'<a href="/ingest/{known["id"]}">Colossus &lt;b&gt;news&lt;/b&gt;</a>' in row.group(0)
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row.group(0))] == [
        5, 5, 0, 0, 1]
    assert 'href="/ingest/new"' in response.text
    assert 'href="/ingest?format=json"' in response.text


# -- the token -------------------------------------------------------------------------------


def test_the_token_never_comes_back(module_app_client):
    api = module_app_client
    answers = []
    created = api.post("/ingest", json={"text": KNOWN + " Again.", "lang": "en"}, headers=AUTH)
    answers.append(created)
    iid = created.json()["id"]
    answers += [api.get(path, headers={**AUTH, **BROWSER}) for path in (
        f"/ingest/{iid}", "/ingest", "/ingest/new", f"/ingest/{iid}?lang=pt")]
    answers += [api.post(f"/ingest/{iid}/reject", json={"facts": ["p02"]}, headers=AUTH),
                api.post(f"/ingest/{iid}/accept", json={"facts": ["p01"]}, headers=AUTH),
                api.post(f"/ingest/{iid}/reject", json={"facts": ["p99"]}, headers=AUTH),
                api.post(f"/ingest/{iid}/accept", headers={"Authorization": "Bearer wrong"})]
    for response in answers:
        assert TOKEN not in response.text
        assert TOKEN not in str(response.url) and TOKEN not in str(dict(response.headers))
        assert "set-cookie" not in response.headers
    for script in ("review.js", "paste.js"):
        source = (Path(__file__).parents[2] / "graph" / "site" / "static" / script).read_text()
        source = re.sub(r"^\s*//.*$", "", source, flags=re.MULTILINE)  # the code, not its comments
        for leak in ("localStorage", "sessionStorage", "document.cookie", "console.",
                     "location.search =", "?token", "&token"):
            assert leak not in source, (script, leak)


def test_the_review_words_exist_in_both_languages_and_replace_none():
    from graph.site import i18n
    from graph.site.review_words import REVIEW_WORDS
    assert set(REVIEW_WORDS["en"]) == set(REVIEW_WORDS["pt"])
    own = Path(i18n.__file__).read_text(encoding="utf-8")
    assert [k for k in REVIEW_WORDS["en"] if f'"{k}":' in own] == []  # merged, never overriding
    assert all(i18n.words(lang)[k] == v for lang in ("en", "pt")
               for k, v in REVIEW_WORDS[lang].items())
