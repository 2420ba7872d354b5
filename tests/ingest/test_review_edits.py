"""A reviewer fixes a proposal (graph.ingest.editing), the review log counts it
(graph.ingest.review_log), and SHACL failures name their facts (graph.ingest.staging.accept).

Every test ingests the same short text with the real extractor over the seeded store.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import Conflict, InvalidInput, ValidationFailed
from graph.ingest.editing import add_fact, edit_fact
from graph.ingest.entity_editing import add_entity, edit_entity, merge_entity
from graph.ingest.pipeline import ingest
from graph.ingest.review_log import review_log
from graph.ingest.staging import accept, reject
from graph.vocab import AIKG, GRAPH, ID

TEXT = ("Elon Musk is the chief executive of xAI. xAI raised $6 billion in December 2024. "
        "The Memphis supercluster Colossus runs 100,000 Nvidia H100 chips. "
        "Valor Equity Partners led the round. Acme Robotics competes with xAI.")


@pytest.fixture
def staged(fresh):
    result, _ = ingest(fresh, TEXT, lang="en", published="2024-12-23",
                       source="https://example.com/xai", title="xAI round")
    return fresh, result


def fact(result: dict, text: str) -> dict:
    return next(f for f in result["facts"] if text in f["summary"])


def target(kg, iid: str) -> list[ox.Quad]:
    return list(kg.quads(ox.NamedNode(f"{GRAPH}doc-{iid}")))


def test_pending_facts_show_their_spec(staged):
    _, result = staged
    ceo = fact(result, "Elon Musk")
    assert ceo["spec"]["type"] == "relation"
    assert (ceo["spec"]["subject"], ceo["spec"]["object"]) in {("xai", "elon-musk"),
                                                               ("elon-musk", "xai")}
    cluster = fact(result, "Colossus")["spec"]
    assert cluster["cluster"] == "colossus"
    assert cluster["chips"] == [{"chip": "nvidia-h100", "quantity": 100000, "status": "Actual"}]


def test_editing_status_time_and_value_keeps_the_id_and_marks_it(staged):
    kg, result = staged
    cluster = fact(result, "Colossus")
    edited = edit_fact(kg, result["id"], cluster["id"],
                       {"status": "Planned", "time": "2025-06",
                        "chips": [{"chip": "nvidia-h200", "quantity": 200000}]})
    after = next(f for f in edited["facts"] if f["id"] == cluster["id"])
    assert after["status"] == "Planned" and after["review"] == "edited"
    assert after["spec"]["chips"] == [{"chip": "nvidia-h200", "quantity": 200000,
                                       "status": "Planned"}]
    assert after["spec"]["time"] == "2025-06"
    assert after["evidence"] == cluster["evidence"]  # no new evidence: the old offsets stay
    accept(kg, result["id"], [cluster["id"]])
    quads = target(kg, result["id"])
    node = ox.NamedNode(cluster["iri"])
    assert ox.Quad(node, ox.NamedNode(str(AIKG.status)), ox.NamedNode(str(AIKG.Planned)),
                   ox.NamedNode(f"{GRAPH}doc-{result['id']}")) in quads
    assert not [q for q in quads if q.object == ox.NamedNode(f"{ID}nvidia-h100")]


def test_editing_a_relation_moves_its_direct_triple(staged):
    kg, result = staged
    rivals = fact(result, "competesWith")
    edit_fact(kg, result["id"], rivals["id"], {"predicate": "partnerOf",
                                               "evidence": "Acme Robotics competes with xAI"})
    accept(kg, result["id"], [rivals["id"]])
    triples = {(q.subject.value, q.predicate.value, q.object.value)
               for q in target(kg, result["id"]) if isinstance(q.object, ox.NamedNode)}
    assert (f"{ID}acme-robotics", str(AIKG.partnerOf), f"{ID}xai") in triples
    assert not [t for t in triples if t[1] == str(AIKG.competesWith)]


def test_bad_edits_are_named_and_change_nothing(staged):
    kg, result = staged
    iid, first = result["id"], result["facts"][0]["id"]
    before = sorted(map(str, kg.quads()))
    for changes, field in (({"status": "Rumoured"}, "status"), ({"time": "2024-13"}, "time"),
                           ({"object": "no-such-entity"}, "object"),
                           ({"evidence": "words not in the text"}, "evidence"),
                           ({"colour": "red"}, "colour"), ({}, "body"),
                           ({"type": "round"}, "body")):
        with pytest.raises(InvalidInput) as caught:
            edit_fact(kg, iid, first, changes)
        assert caught.value.details["field"] == field, changes
    with pytest.raises(InvalidInput):
        edit_fact(kg, iid, "p99", {"status": "Planned"})
    assert sorted(map(str, kg.quads())) == before
    accept(kg, iid, [first])
    with pytest.raises(Conflict):
        edit_fact(kg, iid, first, {"status": "Planned"})


def test_hand_added_fact_with_a_hand_added_entity(staged):
    kg, result = staged
    iid = result["id"]
    if not any(e["iri"].endswith("/valor-equity-partners") for e in result["new_entities"]):
        add_entity(kg, iid, {"slug": "valor-equity-partners", "class": "InvestmentFirm",
                             "label": "Valor Equity Partners", "wikidata": "Q7911300"})
    with pytest.raises(InvalidInput) as caught:
        add_fact(kg, iid, {"type": "round", "organization": "xai", "investors": ["valor"],
                           "evidence": "Valor Equity Partners led the round"})
    assert caught.value.details["field"] == "investors"
    added = add_fact(kg, iid, {"type": "round", "organization": "xai",
                               "amount": {"value": 6000000000, "currency": "USD"},
                               "investors": ["valor-equity-partners"],
                               "lead": ["valor-equity-partners"], "time": "2024-12",
                               "evidence": "Valor Equity Partners led the round"})
    new = next(f for f in added["facts"] if f["id"] == added["added"])
    assert new["review"] == "added" and new["method"] == "review:hand"
    assert new["summary"].startswith("xAI funding round: raised USD 6,000,000,000; "
                                     "investors Valor Equity Partners (lead)")
    start = TEXT.index("Valor Equity Partners led")
    assert new["evidence"] == {"start": start, "end": start + len("Valor Equity Partners led "
                                                                   "the round")}
    accept(kg, iid, [added["added"]])
    leads = kg.select(f"""SELECT ?i WHERE {{ GRAPH <{GRAPH}doc-{iid}> {{
        ?r <{AIKG.hasInvestment}> ?x . ?x <{AIKG.investor}> ?i ; <{AIKG.isLead}> true }} }}""")
    assert [row["i"].value for row in leads] == [f"{ID}valor-equity-partners"]


def test_merge_a_proposed_entity_into_an_existing_one(staged):
    kg, result = staged
    iid = result["id"]
    acme = f"{ID}acme-robotics"
    assert acme in {e["iri"] for e in result["new_entities"]}
    with pytest.raises(InvalidInput):
        merge_entity(kg, iid, "acme-robotics", "no-such-entity")
    merged = merge_entity(kg, iid, "acme-robotics", "tesla")
    entity = next(e for e in merged["new_entities"] if e["iri"] == acme)
    assert entity["state"] == "merged" and entity["review"] == f"merged into {ID}tesla"
    rivals = fact(merged, "competesWith")
    assert "Tesla" in rivals["summary"]
    accept(kg, iid)
    quads = target(kg, iid)
    assert not [q for q in quads if acme in (q.subject.value, getattr(q.object, "value", ""))]
    aliases = {q.object.value for q in quads if q.subject.value == f"{ID}tesla"
               and q.predicate.value.endswith("altLabel")}
    assert aliases == {"Acme Robotics"}


def test_retype_and_relabel_a_proposed_entity(staged):
    kg, result = staged
    iid = result["id"]
    with pytest.raises(InvalidInput):
        edit_entity(kg, iid, "acme-robotics", {"class": "Planet"})
    with pytest.raises(InvalidInput):
        edit_entity(kg, iid, "tesla", {"class": "Company"})  # not proposed by this ingestion
    changed = edit_entity(kg, iid, "acme-robotics", {"class": "InvestmentFirm",
                                                     "label": "Acme Robotics Fund"})
    entity = next(e for e in changed["new_entities"] if e["iri"].endswith("/acme-robotics"))
    assert (entity["class"], entity["label"], entity["review"]) == (
        "InvestmentFirm", "Acme Robotics Fund", "retyped")


def test_an_entity_given_only_a_qid_and_aliases_is_enriched_not_corrected(staged):
    kg, result = staged
    iid = result["id"]
    changed = edit_entity(kg, iid, "acme-robotics", {"wikidata": "Q42", "aliases": ["Acme"]})
    entity = next(e for e in changed["new_entities"] if e["iri"].endswith("/acme-robotics"))
    assert entity["review"] == "enriched"
    again = edit_entity(kg, iid, "acme-robotics", {"class": "InvestmentFirm"})
    assert next(e for e in again["new_entities"]
                if e["iri"].endswith("/acme-robotics"))["review"] == "retyped"
    accept(kg, iid)
    assert review_log(kg)["totals"]["entities"]["corrected"] == 1


def test_review_log_counts_what_happened(staged):
    kg, result = staged
    iid = result["id"]
    ids = [f["id"] for f in result["facts"]]
    assert len(ids) >= 3
    edit_fact(kg, iid, ids[0], {"time": "2024-12"})
    reject(kg, iid, [ids[1]])
    added = add_fact(kg, iid, {"type": "relation", "subject": "nvidia", "predicate":
                               "supplierOf", "object": "xai",
                               "evidence": "100,000 Nvidia H100 chips"})["added"]
    merge_entity(kg, iid, "acme-robotics", "tesla")
    accept(kg, iid)
    log = review_log(kg)
    mine = next(item for item in log["ingestions"] if item["id"] == iid)
    assert mine["facts"] == {"proposed": len(ids), "as_proposed": len(ids) - 2,
                             "corrected": 1, "rejected": 1, "added": 1, "pending": 0}
    assert mine["entities"]["corrected"] == 1  # the merge
    assert mine["title"] == "xAI round"
    assert log["totals"]["facts"]["added"] == 1 and added == f"p{len(ids) + 1:02d}"


def test_shacl_failure_names_the_fact_and_the_rest_can_go_in(staged):
    kg, result = staged
    iid = result["id"]
    bad = add_fact(kg, iid, {"type": "cluster", "cluster": "nvidia", "total": 5,
                             "evidence": "Colossus runs"})["added"]  # Nvidia is no cluster
    with pytest.raises(ValidationFailed) as caught:
        accept(kg, iid)
    assert caught.value.details["facts"] == [bad]
    assert target(kg, iid) == []  # nothing moved
    done = accept(kg, iid, skip_invalid=True)
    assert done["held"] == [bad] and bad not in done["moved"] and done["moved"]
    assert any(v["focus"].endswith(f"-{bad}") for v in done["violations"])
    states = {f["id"]: f["state"] for f in done["facts"]}
    assert states[bad] == "pending" and done["state"] == "pending"
    reject(kg, iid, [bad])
    assert review_log(kg)["totals"]["facts"]["added"] == 0


def test_the_outlet_is_linked_or_proposed_and_kept_with_the_article(fresh):
    known, _ = ingest(fresh, TEXT, lang="en", outlet="Quartz")
    assert known["article"]["publisher"] == f"{ID}quartz"
    assert f"{ID}quartz" not in {e["iri"] for e in known["new_entities"]}
    other, _ = ingest(fresh, TEXT + " Nvidia makes the H200.", lang="en",
                      outlet="Reuters Breakingviews")
    outlet = f"{ID}reuters-breakingviews"
    assert other["article"]["publisher"] == outlet
    proposed = next(e for e in other["new_entities"] if e["iri"] == outlet)
    assert (proposed["class"], proposed["label"]) == ("MediaOutlet", "Reuters Breakingviews")
    accept(fresh, other["id"], [other["facts"][0]["id"]])
    rows = fresh.select(f"""SELECT ?o ?t WHERE {{ GRAPH <{GRAPH}doc-{other['id']}> {{
        ?a <{AIKG.publisher}> ?o . ?o a ?t }} }}""")
    assert [(r["o"].value, r["t"].value) for r in rows] == [(outlet, str(AIKG.MediaOutlet))]
    with pytest.raises(InvalidInput) as caught:
        ingest(fresh, TEXT, outlet="two\nlines")
    assert caught.value.details["field"] == "outlet"
