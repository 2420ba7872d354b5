"""``SELECT *`` columns come in the order the query names its variables (SPARQL 1.1 §18.2.4.1),
in every result format, not in pyoxigraph's alphabetical order."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from graph.sparql.columns import ordered, star_order
from graph.sparql.execute import QueryLimits, answer_query, run_query

STAR = "SELECT * WHERE { ?z ?y ?x } LIMIT 3"
SPARQL_XML = "{http://www.w3.org/2005/sparql-results#}"
MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
         "csv": "text/csv", "tsv": "text/tab-separated-values"}


def columns(media: str, body: bytes) -> list[str]:
    if media == "json":
        return json.loads(body)["head"]["vars"]
    if media == "xml":
        head = ET.fromstring(body).find(f"{SPARQL_XML}head")
        return [v.get("name") for v in head.findall(f"{SPARQL_XML}variable")]
    if media == "csv":
        return next(csv.reader(io.StringIO(body.decode())))
    return [name.lstrip("?") for name in body.decode().splitlines()[0].split("\t")]


@pytest.mark.parametrize("media", sorted(MEDIA))
def test_select_star_columns_follow_the_query(seeded, media):
    answer = answer_query(seeded, STAR, media={"select": MEDIA[media], "graph": None},
                          limits=QueryLimits())
    assert columns(media, answer.body) == ["z", "y", "x"]


@pytest.mark.parametrize("media", ["json", "xml"])
def test_select_star_order_survives_the_row_cap(seeded, media):
    answer = answer_query(seeded, "SELECT * WHERE { ?z ?y ?x }",
                          media={"select": MEDIA[media], "graph": None},
                          limits=QueryLimits(max_rows=2))
    assert answer.truncated and columns(media, answer.body) == ["z", "y", "x"]


def test_run_query_and_explicit_projections(seeded):
    assert run_query(seeded, STAR).variables == ("z", "y", "x")
    assert run_query(seeded, "SELECT ?y ?z ?x WHERE { ?z ?y ?x } LIMIT 1").variables == \
        ("y", "z", "x")
    bound = run_query(seeded, "SELECT * WHERE { ?s ?p ?o BIND(1 AS ?a) } LIMIT 1")
    assert bound.variables == ("s", "p", "o", "a")


def test_star_order_reads_only_select_star():
    assert star_order("PREFIX e: <http://e/?x> SELECT DISTINCT * { ?b ?a ?b # ?c\n"
                      " FILTER(?a != '?d') }") == ["b", "a"]
    assert star_order("SELECT ?x WHERE { ?z ?y ?x }") is None
    assert star_order("ASK { ?a ?b ?c }") is None
    assert star_order("CONSTRUCT WHERE { ?a ?b ?c }") is None
    assert ordered(["a", "b", "c"], ["c", "a"]) == ("c", "a", "b")
