"""The curated seed graph: exact answers to the questions users ask, provenance and validity."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pyoxigraph as ox
import pytest

from graph.settings import PROJECT_ROOT
from graph.store.seeding import SYSTEM_GRAPHS
from graph.store.validation import validate_store
from graph.vocab import AIKG, ID, PREFIXES, STATUSES

SHARED = PROJECT_ROOT.parent / "shared"

DOC = "https://w3id.org/aikg/graph/doc-126747c0c0c83b3e"


def rows(kg, text, **bindings):
    return kg.select(text, prefixes=PREFIXES,
                     substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)


def test_colossus_had_100000_h100_as_of_september_2024(seeded):
    found = rows(seeded, """
        SELECT ?n ?status ?asof WHERE {
          ?state aikg:stateOf id:colossus ; aikg:asOf ?asof ; aikg:status ?status ;
                 aikg:hasAllocation ?a .
          ?a aikg:chipModel id:nvidia-h100 ; aikg:quantity ?n ; aikg:status aikg:Actual .
        }""")
    assert len(found) == 1
    assert int(found[0]["n"].value) == 100000
    assert found[0]["status"] == ox.NamedNode(str(AIKG.Actual))
    assert found[0]["asof"] == ox.Literal(
        "2024-09", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth"))


def test_planned_h200_is_50000_and_never_actual(seeded):
    allocations = rows(seeded, """
        SELECT ?n ?status ?stateStatus WHERE {
          ?state aikg:stateOf id:colossus ; aikg:status ?stateStatus ; aikg:hasAllocation ?a .
          ?a aikg:chipModel id:nvidia-h200 ; aikg:quantity ?n ; aikg:status ?status .
        }""")
    assert [(int(r["n"].value), r["status"].value, r["stateStatus"].value)
            for r in allocations] == [(50000, str(AIKG.Planned), str(AIKG.Planned))]


def test_planned_h100_remainder_is_derived(seeded):
    found = rows(seeded, """
        SELECT ?n ?how WHERE {
          id:colossus-planned-2024-09 aikg:hasAllocation ?a .
          ?a aikg:chipModel id:nvidia-h100 ; aikg:quantity ?n ; aikg:status aikg:Derived ;
             aikg:derivation ?how .
        }""")
    assert [int(r["n"].value) for r in found] == [150000]
    totals = rows(seeded, "SELECT ?t WHERE { id:colossus-planned-2024-09 aikg:totalChips ?t }")
    assert [int(r["t"].value) for r in totals] == [200000]


def test_xai_post_money_valuation_in_may_2024(seeded):
    found = rows(seeded, """
        SELECT ?value ?currency ?when WHERE {
          ?round aikg:fundedOrganization id:xai ; aikg:status aikg:Actual ;
                 aikg:announcedOn ?when ; aikg:postMoneyValuation ?m .
          ?m aikg:amount ?value ; aikg:currency ?currency .
        }""")
    assert [(Decimal(r["value"].value), r["currency"].value, r["when"].value)
            for r in found] == [(Decimal(24_000_000_000), "USD", "2024-05")]


def test_may_round_amount_investors_and_derived_pre_money(seeded):
    base = "SELECT ?v ?p WHERE { id:xai-round-2024-05 ?p ?m . ?m aikg:amount ?v }"
    amount = rows(seeded, base, p=ox.NamedNode(str(AIKG.amountRaised)))
    pre = rows(seeded, base, p=ox.NamedNode(str(AIKG.preMoneyValuation)))
    assert [Decimal(r["v"].value) for r in amount] == [Decimal(6_000_000_000)]
    assert [Decimal(r["v"].value) for r in pre] == [Decimal(18_000_000_000)]
    investors = rows(seeded, """SELECT ?i WHERE { id:xai-round-2024-05 aikg:hasInvestment ?x .
                                                   ?x aikg:investor ?i } ORDER BY ?i""")
    assert [r["i"].value for r in investors] == [str(ID["andreessen-horowitz"]),
                                                  str(ID["sequoia-capital"])]
    complete = rows(seeded, "SELECT ?c WHERE { id:xai-round-2024-05 aikg:investorListComplete ?c }")
    assert [r["c"].value for r in complete] == ["false"]


def test_reported_raise_is_reported_not_actual(seeded):
    found = rows(seeded, """
        SELECT ?status ?v WHERE { id:xai-round-reported-2024-11 aikg:status ?status ;
                                    aikg:postMoneyValuation/aikg:amount ?v }""")
    assert [(r["status"].value, Decimal(r["v"].value)) for r in found] == [
        (str(AIKG.Reported), Decimal(50_000_000_000))]


def test_jensen_huang_is_nvidia_ceo_and_a16z_invested_in_xai(seeded):
    assert seeded.query("ASK { id:nvidia aikg:chiefExecutive id:jensen-huang }",
                        prefixes=PREFIXES)
    assert seeded.query("ASK { id:xai aikg:hasInvestor id:andreessen-horowitz }",
                        prefixes=PREFIXES)
    assert not seeded.query("ASK { id:xai aikg:chiefExecutive id:jensen-huang }",
                            prefixes=PREFIXES)


def test_vague_holdings_are_minimums_not_point_values(seeded):
    found = rows(seeded, """
        SELECT ?holder ?min WHERE { ?h a aikg:Holding ; aikg:holder ?holder ;
                                       aikg:minQuantity ?min .
                                    FILTER NOT EXISTS { ?h aikg:quantity ?q } } ORDER BY ?holder""")
    assert [(r["holder"].value, int(r["min"].value)) for r in found] == [
        (str(ID.meta), 100000), (str(ID.openai), 100000)]


def test_seeds_conform_to_shapes(seeded):
    report = validate_store(seeded)
    assert report.violations == ()
    assert report.conforms


def test_fact_coverage_at_least_60_of_75(seeded):
    refs = {r["f"].value for r in rows(seeded, "SELECT DISTINCT ?f { ?x aikg:factRef ?f }")}
    assert all(re.fullmatch(r"F(0[1-9]|[1-6]\d|7[0-5])", f) for f in refs), refs
    assert len(refs) >= 60, sorted(refs)


def test_every_fact_node_has_status_source_and_evidence(seeded):
    missing = rows(seeded, """
        SELECT ?node WHERE {
          ?node aikg:factRef ?f .
          FILTER NOT EXISTS { ?node aikg:status ?s }
        }""")
    assert missing == []
    statuses = {r["s"].value for r in rows(seeded, "SELECT DISTINCT ?s { ?n aikg:status ?s }")}
    assert statuses <= {str(s) for s in STATUSES}
    unsourced = rows(seeded, """
        SELECT ?node WHERE { GRAPH ?g { ?node aikg:status ?s }
          FILTER(?g = <%s>) FILTER NOT EXISTS { ?node aikg:source ?src } }""" % DOC)
    assert unsourced == []


def test_seed_data_lives_in_named_graphs_only(seeded):
    assert not any(isinstance(q.graph_name, ox.DefaultGraph) for q in seeded.quads())
    graphs = {g.value for g in seeded.named_graphs()} - {g.value for g in SYSTEM_GRAPHS}
    assert graphs == {DOC, "https://w3id.org/aikg/graph/entities",
                      "https://w3id.org/aikg/graph/meta"}


def test_every_entity_has_english_and_portuguese_labels(seeded):
    unlabelled = rows(seeded, """
        SELECT ?e WHERE { GRAPH g:entities { ?e a ?c }
          FILTER NOT EXISTS { ?e rdfs:label ?en FILTER(lang(?en) = "en") }
        }""")
    assert unlabelled == []
    no_pt = rows(seeded, """
        SELECT ?e WHERE { GRAPH g:entities { ?e a ?c }
          FILTER NOT EXISTS { ?e rdfs:label ?pt FILTER(langMatches(lang(?pt), "pt")) } }""")
    assert no_pt == []


def test_verified_wikidata_links(seeded):
    found = {r["e"].value: r["q"].value for r in rows(
        seeded, "SELECT ?e ?q { ?e skos:exactMatch ?q FILTER(STRSTARTS(STR(?q), STR(wd:)) && "
                "STRSTARTS(STR(?e), STR(id:))) }")}
    assert found[str(ID["jensen-huang"])] == "http://www.wikidata.org/entity/Q305177"
    assert found[str(ID.nvidia)] == "http://www.wikidata.org/entity/Q182477"
    assert found[str(ID["elon-musk"])] == "http://www.wikidata.org/entity/Q317521"
    assert str(ID.xai) not in found  # its QID is unverified


def _words(text):
    text = unicodedata.normalize("NFC", text.lower())
    return re.findall(r"\w+", text)


@pytest.mark.skipif(not (SHARED / "seed").exists(), reason="needs ../shared/seed")
def test_seeds_hold_no_verbatim_article_text():
    article = _words((SHARED / "seed" / "article-126747c0c0c83b3e.pt.txt").read_text("utf-8"))
    shingles = {tuple(article[i:i + 6]) for i in range(len(article) - 5)}
    for path in sorted(p for p in (PROJECT_ROOT / "seeds").rglob("*") if p.is_file()):
        words = _words(path.read_text("utf-8"))
        copied = [" ".join(words[i:i + 6]) for i in range(len(words) - 5)
                  if tuple(words[i:i + 6]) in shingles]
        assert copied == [], f"{path.name} repeats article text: {copied[:3]}"


@pytest.mark.parametrize(("counts", "ok"), [
    ("aikg:minQuantity 350000 ; aikg:quantity 350000", True),   # an exact count
    ("aikg:minQuantity 100000", True),                          # "hundreds of thousands"
    ("aikg:minQuantity 100000 ; aikg:quantity 350000", False),  # two different counts
])
def test_a_holding_is_exact_only_when_its_two_counts_agree(counts, ok):
    import rdflib

    from graph.store.validation import validate_graph
    shapes = rdflib.Graph().parse(PROJECT_ROOT / "ontology" / "shapes.ttl")
    data = rdflib.Graph().parse(data=f"""
        @prefix aikg: <{AIKG}> . @prefix id: <{ID}> .
        id:meta a aikg:Company . id:nvidia-h100 a aikg:ChipModel .
        id:h a aikg:Holding ; aikg:holder id:meta ; aikg:chipModel id:nvidia-h100 ;
             aikg:status aikg:Planned ; {counts} .""", format="turtle")
    counting = [v for v in validate_graph(data, shapes).violations
                if v.path in (f"{AIKG}quantity", f"{AIKG}minQuantity")]
    assert (counting == []) is ok
