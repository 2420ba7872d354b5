"""Charts on the seed graph: the exact numbers of funding and compute charts (xAI's valuations
per round, Colossus's 100,000 H100 actual, 50,000 H200 planned and 150,000 H100 derived), the
charts of one entity, the ``/analytics`` page (tables, JSON blocks, languages, errors, CSP) and
its JSON twin, the ``charts.html`` partial, and ``/docs`` served from the package."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from api.pages import SITE_CSP
from graph.errors import InvalidInput
from graph.settings import PROJECT_ROOT
from graph.site.analytics_page import analytics_data
from graph.site.chartdata import largest
from graph.site.charts import compute_charts, entity_charts, funding_charts
from graph.site.compute_charts import cluster_chart
from graph.site.i18n import say, when, words
from graph.site.render import environment, make_url, number

NNBSP = "\u202f"


class Page(HTMLParser):
    """Tables by id (rows of cell texts), scripts (attributes and text) and every URL the page
    loads or links (src, href, action)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.urls: list[str] = []
        self.canvases: list[dict[str, str | None]] = []
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [attrs[k] for k in ("src", "href", "action") if attrs.get(k)]
        if tag == "table" and attrs.get("id"):
            self._table = attrs["id"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []
        elif tag == "script":
            self._script, self._text = attrs, []
        elif tag == "canvas":
            self.canvases.append(attrs)

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None and self._table:
            text = re.sub(r"[ \t\r\n]+", " ", "".join(self._cell)).strip()  # keeps U+202F
            self.tables[self._table][-1].append(text)
            self._cell = None
        elif tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._script is not None:
            self._text.append(data)

    def json_blocks(self) -> dict[str, dict]:
        return {a["id"]: json.loads(text) for a, text in self.scripts
                if a.get("type") == "application/json"}


def by_id(charts):
    return {c["id"]: c for c in charts}


def points(chart, key=None):
    """{series key: [(x, y, status)]} of a chart."""
    return {s["key"]: [(p["x"], p["y"], p["status"]) for p in s["points"]]
            for s in chart["chart"]["series"] if key in (None, s["key"])}


def rows(chart, *keys):
    return [tuple(r[k]["id"] if isinstance(r[k], dict) and "id" in r[k] else r[k]
                  for k in keys) for r in chart["table"]["rows"]]


# -- chart data ----------------------------------------------------------------------------------

def test_valuations_of_xai_per_round_at_the_rounds_time(seeded):
    chart = by_id(funding_charts(seeded))["valuations-usd"]
    assert chart["chart"]["kind"] == "line" and chart["chart"]["currency"] == "USD"
    assert chart["chart"]["labels"] == ["May 2024", "November 2024"]
    assert points(chart) == {"xai": [("May 2024", 24_000_000_000, "Actual"),
                                     ("November 2024", 50_000_000_000, "Reported")]}
    assert [(r["time"], r["post_money"]["amount"], r["post_money"]["status"])
            for r in chart["table"]["rows"]] == [("2024-05", 24_000_000_000, "Actual"),
                                                 ("2024-11", 50_000_000_000, "Reported")]


def test_rounds_with_amounts_valuations_and_investors(seeded):
    chart = by_id(funding_charts(seeded))["rounds"]
    assert points(chart) == {"amount_raised": [
        ("xAI · Series B, May 2024", 6_000_000_000, "Actual"),
        ("xAI · November 2024", 6_000_000_000, "Reported")]}
    first, second = chart["table"]["rows"]
    assert first["round"] == "Series B" and first["status"] == "Actual"
    assert (first["pre_money"]["amount"], first["pre_money"]["status"]) == (18_000_000_000,
                                                                          "Derived")
    assert [i["id"] for i in first["investors"]] == ["andreessen-horowitz", "sequoia-capital"]
    assert first["complete"] == "incomplete" and second["complete"] == "not stated"
    assert second["investors"] == [] and second["status"] == "Reported"


def test_compute_charts_actual_planned_derived(seeded):
    charts = by_id(compute_charts(seeded))
    assert list(charts) == ["clusters", "organizations", "chip-models", "ai-models"]
    assert rows(charts["clusters"], "cluster", "actual", "planned", "derived") == [
        ("colossus", 100_000, 50_000, 150_000)]
    assert points(charts["clusters"]) == {"actual": [("Colossus", 100_000, "Actual")],
                                          "planned": [("Colossus", 50_000, "Planned")],
                                          "derived": [("Colossus", 150_000, "Derived")]}
    assert rows(charts["chip-models"], "chip", "actual", "planned", "derived") == [
        ("nvidia-h100", 100_000, 0, 150_000), ("nvidia-h200", 0, 50_000, 0)]
    # Meta and OpenAI hold "hundreds of thousands": a minimum, never an exact count
    assert rows(charts["organizations"], "organization", "actual", "planned", "derived",
                "at_least") == [("xai", 100_000, 50_000, 150_000, None),
                                ("meta", 0, 0, 0, 100_000), ("openai", 0, 0, 0, 100_000)]
    assert all(c["table"]["total"] is None for c in charts.values())  # nothing left out
    # Grok is to be trained on Colossus (a planned relation): Colossus's chips
    assert rows(charts["ai-models"], "model", "cluster", "relation", "actual", "planned",
                "derived") == [("grok", "colossus", "Planned", 100_000, 50_000, 150_000)]


def test_big_charts_keep_the_largest_and_say_so():
    """25 clusters: the chart and its table keep the 20 with most chips, most first, and
    point at the JSON route that has them all."""
    def chips(n):
        return {"actual": {"total": n, "by_model": {"h100": n}, "by_manufacturer": {}},
                "planned": {"total": 0, "by_model": {}, "by_manufacturer": {}},
                "derived": {"total": 0, "by_model": {}, "by_manufacturer": {}}}
    summary = {"clusters": [{"id": f"c{i:02}", "chips": chips(1000 + (i * 7) % 25)}
                            for i in range(25)]}
    chart = cluster_chart(summary, "en", lambda ident: ident.upper())
    kept = [r["actual"] for r in chart["table"]["rows"]]
    assert kept == sorted(range(1000, 1025), reverse=True)[:20]
    assert [p[1] for p in points(chart)["actual"]] == kept
    assert (chart["table"]["shown"], chart["table"]["total"], chart["table"]["source"]) == \
        (20, 25, "/analytics/compute")
    html = render_partial([chart])
    assert "Only the 20 largest of 25 are shown" in html
    assert '<a href="/analytics/compute">' in html
    assert largest([3, 1, 2], lambda x: x, 2) == [3, 2] and largest([1], float, None) == [1]


def test_as_of_hides_what_came_later(seeded):
    assert compute_charts(seeded, as_of="2024-06-01") == []  # Colossus's states: 2024-09
    funding = by_id(funding_charts(seeded, as_of="2024-06-01"))
    assert points(funding["valuations-usd"]) == {"xai": [("May 2024", 24_000_000_000,
                                                          "Actual")]}
    with pytest.raises(InvalidInput):
        funding_charts(seeded, as_of="2024-06")
    with pytest.raises(InvalidInput):
        compute_charts(seeded, lang="fr")


def test_portuguese_words_and_labels(seeded):
    rounds = by_id(funding_charts(seeded, lang="pt"))["rounds"]
    assert rounds["title"] == say("pt", "chart_rounds")
    assert points(rounds)["amount_raised"][0][0] == "xAI · Series B, maio de 2024"
    assert [p["note"] for p in rounds["chart"]["series"][0]["points"]] == ["real", "noticiado"]
    clusters = by_id(compute_charts(seeded, lang="pt"))["clusters"]
    assert [c["label"] for c in clusters["table"]["columns"]] == ["Cluster", "Real", "Planeado",
                                                                   "Derivado"]
    assert set(words("en")) == set(words("pt"))


@pytest.mark.parametrize("entity,expected", [
    ("xai", ["entity-valuations-usd", "entity-rounds", "entity-chips"]),
    ("https://w3id.org/aikg/id/colossus", ["entity-chips"]),
    ("nvidia", ["entity-where-chips-run"]),
    ("nvidia-h100", ["entity-where-chips-run"]),
    ("grok", ["entity-ai-model"]),
    ("andreessen-horowitz", ["entity-investments"]),
    ("elon-musk", []),
    ("no-such-entity", []),
])
def test_entity_charts_choose_what_applies(seeded, entity, expected):
    assert [c["id"] for c in entity_charts(seeded, entity)] == expected


def test_entity_chart_numbers(seeded):
    colossus = entity_charts(seeded, "colossus")[0]
    assert colossus["title"] == "Chips of Colossus per chip model"
    assert rows(colossus, "chip", "actual", "planned", "derived") == [
        ("nvidia-h100", 100_000, 0, 150_000), ("nvidia-h200", 0, 50_000, 0)]
    nvidia = entity_charts(seeded, "nvidia")[0]
    assert rows(nvidia, "where", "actual", "planned", "derived", "at_least") == [
        ("colossus", 100_000, 50_000, 150_000, None), ("meta", 0, 0, 0, 100_000),
        ("openai", 0, 0, 0, 100_000)]
    h100 = entity_charts(seeded, "nvidia-h100")[0]
    assert rows(h100, "where", "actual", "planned", "derived") == [("colossus", 100_000, 0,
                                                                    150_000)]
    xai = by_id(entity_charts(seeded, "xai", lang="pt"))
    assert xai["entity-valuations-usd"]["title"].startswith("Avaliações de xAI")
    assert points(xai["entity-valuations-usd"])["xai"][1] == ("novembro de 2024",
                                                              50_000_000_000, "Reported")
    a16z = entity_charts(seeded, "andreessen-horowitz")[0]
    assert [r["round"] for r in a16z["table"]["rows"]] == ["Series B"]
    assert entity_charts(seeded, "colossus", as_of="2024-08-31") == []


def render_partial(charts, lang="en"):
    """``charts.html`` with these charts, then once more with none (which adds nothing)."""
    template = environment().from_string(
        '{% include "charts.html" %}{% with charts=[], chart_scripts=true %}'
        '{% include "charts.html" %}{% endwith %}')
    return template.render(charts=charts, lang=lang, t=words(lang), url=make_url(lang),
                           say=lambda k, **v: say(lang, k, **v), when=lambda v: when(v, lang),
                           number=lambda v: number(v, lang))


def test_the_partial_renders_canvas_json_and_table(seeded):
    charts = entity_charts(seeded, "colossus")
    page = Page(render_partial(charts))
    assert "largest" not in render_partial(charts)
    assert [c["data-chart"] for c in page.canvases] == ["chart-entity-chips"]
    assert page.json_blocks()["chart-entity-chips"] == charts[0]["chart"]
    assert page.tables["table-entity-chips"] == [
        ["Chip model", "Actual", "Planned", "Derived"],
        ["Nvidia H100", "100,000", "0", "150,000"], ["Nvidia H200", "0", "50,000", "0"]]
    assert [a["src"] for a, _ in page.scripts if a.get("src")] == [
        "/static/vendor/chartjs/chart.umd.js", "/static/charts.js"]  # once, not for []


# -- the page ------------------------------------------------------------------------------------

def test_analytics_page_tables_and_chart_blocks(client, seeded):
    response = client.get("/analytics")
    assert response.status_code == 200 and response.headers["content-security-policy"] == SITE_CSP
    page = Page(response.text)
    assert page.tables["table-clusters"] == [["Cluster", "Actual", "Planned", "Derived"],
                                             ["Colossus", "100,000", "50,000", "150,000"]]
    assert page.tables["table-valuations-usd"][1:] == [
        ["xAI", "May 2024", "Series B", "24,000,000,000 USD"],
        ["xAI", "November 2024", "—", "50,000,000,000 USD reported"]]
    assert page.tables["table-chip-models"][1:] == [
        ["Nvidia H100", "100,000", "0", "150,000", "Colossus"],
        ["Nvidia H200", "0", "50,000", "0", "Colossus"]]
    central = page.tables["table-central-pagerank"]
    assert central[0] == ["Entity", "Rank", "Score"] and len(central) == 11
    assert "/entity/nvidia" in page.urls and "/entity/colossus" in page.urls
    data = analytics_data(seeded)
    blocks = page.json_blocks()
    assert blocks == {f"chart-{c['id']}": c["chart"]
                      for c in (*data["funding"], *data["compute"], data["central"])}
    # nothing executable inline: scripts are files from the app, or JSON data
    for attrs, text in page.scripts:
        assert attrs.get("src", "").startswith("/static/") or \
            attrs.get("type") == "application/json", attrs
    assert {a["src"] for a, _ in page.scripts if a.get("src")} == {
        "/static/site.js", "/static/vendor/chartjs/chart.umd.js", "/static/charts.js"}
    assert [c["data-chart"] for c in page.canvases] == list(blocks)


def test_analytics_page_in_portuguese(client):
    page = Page(client.get("/analytics?lang=pt").text)
    assert page.tables["table-clusters"] == [
        ["Cluster", "Real", "Planeado", "Derivado"],
        ["Colossus", f"100{NNBSP}000", f"50{NNBSP}000", f"150{NNBSP}000"]]
    assert page.tables["table-rounds"][1][:5] == ["xAI", "Series B", "maio de 2024", "real",
                                                  f"6{NNBSP}000{NNBSP}000{NNBSP}000 USD"]
    assert "/entity/colossus?lang=pt" in page.urls


def test_analytics_json_twin_and_as_of(client, seeded):
    assert client.get("/analytics?format=json").json() == analytics_data(seeded)
    answer = client.get("/analytics?format=json&as_of=2024-06-01&measure=degree&lang=pt")
    assert answer.json() == analytics_data(seeded, as_of="2024-06-01", measure="degree",
                                           lang="pt")
    assert answer.json()["compute"] == [] and answer.json()["central"]["id"] == "central-degree"
    page = client.get("/analytics?as_of=2024-06-01")
    assert 'value="2024-06-01"' in page.text and "table-clusters" not in page.text


@pytest.mark.parametrize("query,parameter", [("as_of=2024-13-01", None),
                                             ("measure=fame", "measure"),
                                             ("lang=fr", "lang")])
def test_analytics_bad_input_is_400(client, query, parameter):
    answer = client.get(f"/analytics?format=json&{query}")
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_parameter"
    if parameter:
        assert answer.json()["parameter"] == parameter
    html = client.get(f"/analytics?{query}")
    assert html.status_code == 400 and html.headers["content-type"].startswith("text/html")


# -- /docs ----------------------------------------------------------------------------------------

def test_docs_load_only_local_files_and_no_inline_script(client):
    response = client.get("/docs")
    assert response.status_code == 200 and response.headers["content-security-policy"] == SITE_CSP
    page = Page(response.text)
    assert page.urls and all(u.startswith(("/", "#")) and not u.startswith("//")
                             for u in page.urls), page.urls
    assert all(attrs.get("src") and not text.strip() for attrs, text in page.scripts)
    for url in ("/static/vendor/swagger-ui/swagger-ui-bundle.js",
                "/static/vendor/swagger-ui/swagger-ui.css", "/static/swagger-init.js"):
        assert url in page.urls and client.get(url).status_code == 200
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/redoc").status_code == 404  # ReDoc loads from a CDN: dropped


def test_vendored_libraries_keep_licence_and_provenance():
    vendor = PROJECT_ROOT / "graph" / "site" / "static" / "vendor"
    for name, files, licence in (("chartjs", ["chart.umd.js"], "LICENSE.md"),
                                 ("swagger-ui", ["swagger-ui-bundle.js", "swagger-ui.css"],
                                  "LICENSE")):
        for file in files:
            assert (vendor / name / file).stat().st_size > 10_000
        assert (vendor / name / licence).is_file()
        readme = (vendor / name / "README.txt").read_text("utf-8")
        assert "npm pack" in readme
    assert "Chart.js v4" in (vendor / "chartjs" / "chart.umd.js").read_text("utf-8")[:200]


def test_the_analytics_page_waits_one_budget_for_its_charts(fresh, monkeypatch):
    """At 10M quads the page waited 6 s for each summary in turn, then built its charts from
    ~50 MB summaries in the request: past the engine's 10 s deadline every time. The charts are
    now made on a background thread, and the page's waits (charts, then the ranking) share one
    budget."""
    import threading
    import time

    from graph.analytics import jobs as analytics_jobs
    from graph.errors import EngineUnavailable
    from graph.site import analytics_page as page

    release, waits = threading.Event(), {}
    made = page.funding_charts

    def slow_funding_charts(kg, **options):
        release.wait(10)
        return made(kg, **options)

    def ranking(kg, **options):
        waits["central"] = options["wait"]
        return []

    monkeypatch.setattr(analytics_jobs, "ANALYTICS_WAIT", 1.0)
    monkeypatch.setattr(page, "funding_charts", slow_funding_charts)
    monkeypatch.setattr(page, "centrality", ranking)
    started = time.monotonic()
    with pytest.raises(EngineUnavailable):  # the charts are being made: 503 within the budget
        page.analytics_data(fresh)
    assert time.monotonic() - started < 1.5
    release.set()
    for _ in range(50):  # made in the background, then answered from memory
        try:
            data = page.analytics_data(fresh)
            break
        except EngineUnavailable:
            time.sleep(0.1)
    assert data["funding"] and data["compute"] and 0 < waits["central"] <= 1.0


def test_a_valuation_shows_the_first_label_stated_for_its_round() -> None:
    from graph.site.funding_charts import valuation_charts
    rounds = [{"id": f"r{k}", "round_label": f"Round {k}"} for k in range(3000)]
    rounds.insert(0, {"id": "r7", "round_label": None})  # stated first, without a label
    valuations = [{"amount": 10.0 + k, "currency": "USD", "date": f"2024-{1 + k % 12:02d}",
                   "status": "Actual", "round": f"r{k}"} for k in range(3000)]
    valuations.append({"amount": 1.0, "currency": "USD", "date": "2025-01", "status": "Actual",
                       "round": "no such round"})
    org = {"id": "big", "rounds": rounds, "valuations": valuations}
    [chart] = valuation_charts([org], "en", lambda ident: str(ident))
    rows = {r["post_money"]["amount"]: r["round"] for r in chart["table"]["rows"]}
    assert rows[10.0 + 5] == "Round 5" and rows[10.0 + 7] == "" and rows[1.0] == ""
    assert len(rows) == 3001
