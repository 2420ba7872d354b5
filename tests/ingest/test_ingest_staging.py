"""Staging of article proposals (graph.ingest.staging): stage, describe, accept, reject.

The proposals are built by hand here, following the contract of graph.ingest.proposal, so the
expected content of every graph is known exactly.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from graph.errors import Conflict, EntityNotFound, InvalidInput, ValidationFailed
from graph.ingest.staging import (
    accept,
    describe,
    list_ingestions,
    proposal_quads,
    proposal_rdf,
    reject,
    stage,
)
from graph.store.validation import to_rdflib
from graph.vocab import AIKG, GRAPH, ID

IID = "0123456789abcdef"
RECORD = ID[f"ingestion-{IID}"]
ARTICLE = ID[f"article-{IID}"]
PENDING = ox.NamedNode(str(GRAPH[f"pending-{IID}"]))
TARGET = ox.NamedNode(str(GRAPH[f"doc-{IID}"]))
INGESTIONS = ox.NamedNode(str(GRAPH.ingestions))


def offset(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


def build(iid: str = IID, *, break_allocation: bool = False,
          status: rdflib.URIRef = AIKG.Actual) -> rdflib.Graph:
    """A proposal with an Assertion (Elon Musk ceoOf Tesla), a ClusterState with two
    ChipAllocations, a FundingRound with a blank-node MonetaryAmount and an Investment whose
    investor is a proposed new entity, and one ambiguous mention.

    Offsets are ``xsd:nonNegativeInteger`` (the ontology's range); the article has an English
    ``rdfs:label`` as graph.ingest.proposal writes it (ontology/shapes.ttl requires one).
    """
    g = rdflib.Graph()
    rec, art = ID[f"ingestion-{iid}"], ID[f"article-{iid}"]

    def fact(n: int, cls: rdflib.URIRef, start: int, end: int, method: str, conf: str,
             fact_status: rdflib.URIRef = AIKG.Actual) -> rdflib.URIRef:
        node = ID[f"{iid}-p{n:02d}"]
        for p, o in ((RDF.type, cls), (AIKG.status, fact_status), (AIKG.source, art),
                     (AIKG.evidenceStart, offset(start)), (AIKG.evidenceEnd, offset(end)),
                     (AIKG.extractionMethod, Literal(method)),
                     (AIKG.confidence, Literal(conf, datatype=XSD.decimal))):
            g.add((node, p, o))
        g.add((rec, AIKG.proposes, node))
        return node

    g.add((rec, RDF.type, AIKG.Ingestion))
    g.add((rec, AIKG.source, art))
    g.add((rec, AIKG.contentHash, Literal("ab" * 32)))
    for p, o in ((RDF.type, AIKG.Article), (AIKG.title, Literal("Chips and money", lang="en")),
                 (RDFS.label, Literal("Chips and money", lang="en")),
                 (AIKG.datePublished, Literal("2024-09-05", datatype=XSD.date)),
                 (AIKG.url, Literal("https://example.org/a", datatype=XSD.anyURI)),
                 (AIKG.language, Literal("en"))):
        g.add((art, p, o))
    p1 = fact(1, AIKG.Assertion, 0, 30, "rule:ceo-of", "0.9", status)
    g.add((p1, RDF.subject, ID["elon-musk"]))
    g.add((p1, RDF.predicate, AIKG.ceoOf))
    g.add((p1, RDF.object, ID.tesla))
    g.add((ID["elon-musk"], AIKG.ceoOf, ID.tesla))
    p2 = fact(2, AIKG.ClusterState, 31, 80, "rule:cluster-chips", "0.8")
    g.add((p2, AIKG.stateOf, ID.colossus))
    g.add((p2, AIKG.asOf, Literal("2024-09", datatype=XSD.gYearMonth)))
    for k, (chip, n) in enumerate([("nvidia-h100", 100000), ("nvidia-h200", 50000)], 1):
        alloc = ID[f"{iid}-p02-a{k}"]
        g.add((p2, AIKG.hasAllocation, alloc))
        g.add((alloc, RDF.type, AIKG.ChipAllocation))
        if not (break_allocation and k == 2):
            g.add((alloc, AIKG.chipModel, ID[chip]))
        g.add((alloc, AIKG.quantity, Literal(n)))
        g.add((alloc, AIKG.status, AIKG.Actual))
        g.add((alloc, AIKG.source, art))
    p3 = fact(3, AIKG.FundingRound, 81, 140, "rule:funding", "0.7", AIKG.Reported)
    g.add((p3, AIKG.fundedOrganization, ID.xai))
    amount = BNode()
    g.add((p3, AIKG.amountRaised, amount))
    g.add((amount, RDF.type, AIKG.MonetaryAmount))
    g.add((amount, AIKG.amount, Literal("6000000000", datatype=XSD.decimal)))
    g.add((amount, AIKG.currency, Literal("USD")))
    investment = ID[f"{iid}-p03-i1"]
    g.add((p3, AIKG.hasInvestment, investment))
    for p, o in ((RDF.type, AIKG.Investment), (AIKG.investor, ID["acme-capital"]),
                 (AIKG.status, AIKG.Reported), (AIKG.source, art)):
        g.add((investment, p, o))
    acme = ID["acme-capital"]
    g.add((rec, AIKG.proposes, acme))
    for p, o in ((RDF.type, AIKG.InvestmentFirm), (RDFS.label, Literal("Acme Capital", lang="en")),
                 (AIKG.extractionMethod, Literal("linking:new-name")),
                 (AIKG.confidence, Literal("0.6", datatype=XSD.decimal)),
                 (AIKG.evidenceStart, offset(120)), (AIKG.evidenceEnd, offset(132))):
        g.add((acme, p, o))
    mention = BNode()
    g.add((rec, AIKG.ambiguousMention, mention))
    for p, o in ((RDF.type, AIKG.Mention), (RDFS.label, Literal("Musk")),
                 (AIKG.evidenceStart, offset(0)), (AIKG.evidenceEnd, offset(4)),
                 (AIKG.candidate, ID["elon-musk"]), (AIKG.candidate, ID["kimbal-musk"])):
        g.add((mention, p, o))
    return g


def part(proposal: rdflib.Graph, subjects: set) -> rdflib.Graph:
    """The triples of ``proposal`` whose subject is in ``subjects``, as the store gives them
    back (it keeps integer subtypes such as xsd:nonNegativeInteger as xsd:integer)."""
    out = rdflib.Graph()
    for s, p, o in proposal:
        if s in subjects:
            if isinstance(o, Literal) and o.datatype == XSD.nonNegativeInteger:
                o = Literal(str(o), datatype=XSD.integer)
            out.add((s, p, o))
    return out


def facts_only(proposal: rdflib.Graph) -> rdflib.Graph:
    """Everything but the record and its mention: what the pending graph holds."""
    mentions = set(proposal.objects(RECORD, AIKG.ambiguousMention))
    return part(proposal, {s for s in proposal.subjects() if s != RECORD and s not in mentions})


def graph_of(kg, name: ox.NamedNode) -> rdflib.Graph:
    return to_rdflib(list(kg.quads(name)))


@pytest.fixture
def staged(fresh):
    proposal = build()
    result, created = stage(fresh, IID, proposal)
    assert created
    return fresh, proposal, result


def test_stage_then_describe(staged):
    kg, proposal, result = staged
    assert result == describe(kg, IID)
    assert result["id"] == IID and result["state"] == "pending"
    assert result["source"] == str(ARTICLE)
    assert result["article"] == {"title": "Chips and money", "published": "2024-09-05",
                                 "url": "https://example.org/a", "language": "en", "publisher": None,
                                 "text": None}  # built by hand without aikg:articleText
    assert result["pending_graph"] == PENDING.value and result["target_graph"] == TARGET.value
    assert [(f["id"], f["types"], f["status"], f["method"], f["confidence"], f["evidence"],
             f["state"]) for f in result["facts"]] == [
        ("p01", ["Assertion"], "Actual", "rule:ceo-of", 0.9, {"start": 0, "end": 30}, "pending"),
        ("p02", ["ClusterState"], "Actual", "rule:cluster-chips", 0.8, {"start": 31, "end": 80},
         "pending"),
        ("p03", ["FundingRound"], "Reported", "rule:funding", 0.7, {"start": 81, "end": 140},
         "pending")]
    assert [f["summary"] for f in result["facts"]] == [
        "Elon Musk —ceoOf→ Tesla",
        "Colossus: 100,000 × Nvidia H100 + 50,000 × Nvidia H200 (actual, 2024-09)",
        "xAI funding round: raised USD 6,000,000,000; investors Acme Capital (reported)"]
    first = result["facts"][0]
    assert (first["subject"], first["predicate"], first["object"]) == (
        str(ID["elon-musk"]), str(AIKG.ceoOf), str(ID.tesla))
    assert result["new_entities"] == [{
        "iri": str(ID["acme-capital"]), "label": "Acme Capital", "class": "InvestmentFirm",
        "confidence": 0.6, "evidence": {"start": 120, "end": 132}, "review": None,
        "state": "pending"}]
    assert result["ambiguous"] == [{
        "surface": "Musk", "evidence": {"start": 0, "end": 4}, "candidates": [
            {"iri": str(ID["elon-musk"]), "label": "Elon Musk"},
            {"iri": str(ID["kimbal-musk"]), "label": "kimbal-musk"}]}]
    assert result["counts"] == {"facts": 3, "pending": 3, "accepted": 0, "rejected": 0,
                                "new_entities": 1, "ambiguous": 1}
    # the record (with its bookkeeping) is in g:ingestions, everything else is pending
    assert isomorphic(graph_of(kg, PENDING), facts_only(proposal))
    record = graph_of(kg, INGESTIONS)
    assert (RECORD, AIKG.reviewState, Literal("pending")) in record
    assert (RECORD, AIKG.pendingGraph, rdflib.URIRef(PENDING.value)) in record
    assert (RECORD, AIKG.targetGraph, rdflib.URIRef(TARGET.value)) in record
    assert len(record) == 3 + len(proposal) - len(facts_only(proposal))
    assert not kg.has_graph(TARGET)


def test_stage_twice_changes_nothing(staged):
    kg, proposal, result = staged
    before = kg.content_hash()
    again, created = stage(kg, IID, build())
    assert created is False and again == result
    assert kg.content_hash() == before


def test_accept_all_moves_every_fact(staged):
    kg, proposal, _ = staged
    result = accept(kg, IID)
    assert result["moved"] == ["p01", "p02", "p03"]
    assert result["state"] == "accepted"
    assert [f["state"] for f in result["facts"]] == ["accepted"] * 3
    assert result["counts"]["accepted"] == 3 and result["counts"]["pending"] == 0
    assert isomorphic(graph_of(kg, TARGET), facts_only(proposal))
    assert not kg.has_graph(PENDING) and not list(kg.quads(PENDING))
    before = kg.content_hash()
    assert accept(kg, IID)["moved"] == [] and kg.content_hash() == before  # idempotent


def test_accept_selected_moves_their_closure_only(staged):
    kg, proposal, _ = staged
    amount = next(proposal.objects(ID[f"{IID}-p03"], AIKG.amountRaised))
    p03 = {ID[f"{IID}-p03"], ID[f"{IID}-p03-i1"], amount, ID["acme-capital"], ARTICLE}
    result = accept(kg, IID, ["p03"])
    assert result["moved"] == ["p03"] and result["state"] == "pending"
    assert [f["state"] for f in result["facts"]] == ["pending", "pending", "accepted"]
    assert result["new_entities"][0]["state"] == "accepted"
    assert isomorphic(graph_of(kg, TARGET), part(proposal, p03))
    rest = facts_only(proposal) - part(proposal, p03)
    assert isomorphic(graph_of(kg, PENDING), rest)
    before = kg.content_hash()
    assert accept(kg, IID, ["p03"])["moved"] == []  # already accepted: a no-op
    assert kg.content_hash() == before
    # a fact IRI works as well as its short id; the Assertion brings its direct triple
    result = accept(kg, IID, [str(ID[f"{IID}-p01"])])
    assert result["moved"] == ["p01"] and result["state"] == "pending"
    assert (ID["elon-musk"], AIKG.ceoOf, ID.tesla) in graph_of(kg, TARGET)
    assert accept(kg, IID, ["p2"])["state"] == "accepted"
    assert isomorphic(graph_of(kg, TARGET), facts_only(proposal))
    assert not list(kg.quads(PENDING))


def test_nested_blank_nodes_move_with_their_fact(staged):
    kg, proposal, _ = staged
    p03, investment, amount = ID[f"{IID}-p03"], BNode(), BNode()
    extra = [(p03, AIKG.hasInvestment, investment), (investment, RDF.type, AIKG.Investment),
             (investment, AIKG.investor, ID["sequoia-capital"]), (investment, AIKG.status, AIKG.Reported),
             (investment, AIKG.source, ARTICLE), (investment, AIKG.investmentAmount, amount),
             (amount, RDF.type, AIKG.MonetaryAmount), (amount, AIKG.currency, Literal("USD")),
             (amount, AIKG.amount, Literal("1000000", datatype=XSD.decimal))]
    other = "0123456789abcde0"
    bigger = build(other)
    for s, p, o in extra:
        bigger.add((ID[f"{other}-p03"] if s == p03 else s, p,
                    ID[f"article-{other}"] if o == ARTICLE else o))
    stage(kg, other, bigger)
    accept(kg, other, ["p03"])
    moved = graph_of(kg, ox.NamedNode(str(GRAPH[f"doc-{other}"])))
    p03_part = part(bigger, {ID[f"{other}-p03"], ID[f"{other}-p03-i1"], ID["acme-capital"],
                             ID[f"article-{other}"], investment, amount,
                             next(bigger.objects(ID[f"{other}-p03"], AIKG.amountRaised))})
    assert isomorphic(moved, p03_part) and len(moved) == 26 + 3 + len(extra)
    assert (None, AIKG.amount, Literal("1000000", datatype=XSD.decimal)) in moved
    left = graph_of(kg, ox.NamedNode(str(GRAPH[f"pending-{other}"])))
    assert not any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in left)


def test_unknown_facts_are_named(staged):
    kg, _, _ = staged
    with pytest.raises(InvalidInput, match="p09") as error:
        accept(kg, IID, ["p01", "p09", "nonsense"])
    assert error.value.details["facts"] == ["p09", "nonsense"]


@pytest.mark.parametrize("proposal, focus, path", [
    (build(break_allocation=True), f"{IID}-p02-a2", "chipModel"),
    (build(status=rdflib.URIRef(str(AIKG._NS) + "Certainly")), f"{IID}-p01", "status"),
], ids=["allocation-without-chip-model", "invalid-status"])
def test_accept_refuses_new_violations_and_moves_nothing(fresh, proposal, focus, path):
    stage(fresh, IID, proposal)
    before = fresh.content_hash()
    with pytest.raises(ValidationFailed) as error:
        accept(fresh, IID)
    violations = error.value.details["violations"]
    assert {(v["focus"], v["path"]) for v in violations} == {(str(ID[focus]), str(AIKG[path]))}
    assert fresh.content_hash() == before
    assert describe(fresh, IID)["counts"]["pending"] == 3


def test_valid_facts_of_a_partly_invalid_proposal_can_be_accepted(fresh):
    stage(fresh, IID, build(break_allocation=True))
    assert accept(fresh, IID, ["p01", "p03"])["moved"] == ["p01", "p03"]
    with pytest.raises(ValidationFailed):
        accept(fresh, IID, ["p02"])


def test_accept_checks_the_given_shapes(staged):
    kg, _, _ = staged
    shapes = rdflib.Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix aikg: <https://w3id.org/aikg/ont#> .
        <urn:s> a sh:NodeShape ; sh:targetClass aikg:FundingRound ;
            sh:property [ sh:path aikg:roundLabel ; sh:minCount 1 ] .""")
    with pytest.raises(ValidationFailed):
        accept(kg, IID, ["p03"], shapes=shapes)
    assert accept(kg, IID, ["p01"], shapes=shapes)["moved"] == ["p01"]


def test_reject_drops_what_is_pending(staged):
    kg, _, _ = staged
    result = reject(kg, IID)
    assert result["state"] == "rejected"
    assert [f["state"] for f in result["facts"]] == ["rejected"] * 3
    assert not kg.has_graph(PENDING) and not kg.has_graph(TARGET)
    before = kg.content_hash()
    assert reject(kg, IID) == result and kg.content_hash() == before  # idempotent
    with pytest.raises(Conflict):
        accept(kg, IID)
    stage(kg, IID, build())  # the record exists: staging again does not revive it
    assert describe(kg, IID)["state"] == "rejected"


def test_reject_after_a_partial_accept_keeps_what_was_accepted(staged):
    kg, proposal, _ = staged
    accept(kg, IID, ["p01"])
    result = reject(kg, IID)
    assert result["state"] == "accepted"
    assert [f["state"] for f in result["facts"]] == ["accepted", "rejected", "rejected"]
    assert (ID["elon-musk"], AIKG.ceoOf, ID.tesla) in graph_of(kg, TARGET)
    with pytest.raises(Conflict, match="p02"):
        accept(kg, IID, ["p02"])


def test_lists_and_rdf(staged):
    kg, proposal, _ = staged
    assert list_ingestions(kg) == [{
        "id": IID, "state": "pending", "source": str(ARTICLE), "title": "Chips and money",
        "counts": {"facts": 3, "pending": 3, "accepted": 0, "rejected": 0,
                   "new_entities": 1, "ambiguous": 1}}]
    quads = proposal_quads(kg, IID)
    assert {q.graph_name for q in quads} == {INGESTIONS, PENDING}
    turtle = rdflib.Graph().parse(data=proposal_rdf(kg, IID, "turtle"), format="turtle")
    assert len(turtle) == len(proposal) + 3
    assert (ID[f"{IID}-p02-a1"], AIKG.quantity, Literal(100000)) in turtle


@pytest.mark.parametrize("bad", ["0123456789ABCDEF", "0123", "../../etc", "0123456789abcdef0"])
def test_malformed_ids_are_refused(seeded, bad):
    with pytest.raises(InvalidInput, match="16 lowercase hexadecimal"):
        describe(seeded, bad)


def test_unknown_id_is_not_found(seeded):
    with pytest.raises(EntityNotFound):
        describe(seeded, "ffffffffffffffff")
    with pytest.raises(EntityNotFound):
        accept(seeded, "ffffffffffffffff")
