"""A review file replayed through ingestion and review (graph.ingest.replay) ends as exactly the
file's facts in the article's graph, and the review log says what the reviewer had to do."""

from __future__ import annotations

import copy

import pyoxigraph as ox
import pytest

from graph.errors import InvalidInput, ValidationFailed
from graph.ingest.replay import replay
from graph.ingest.review import describe
from graph.ingest.review_log import review_log
from graph.vocab import AIKG, GRAPH, ID, PREFIXES

RECORD = {
    "slug": "example-2024-05-27-xai-series-b", "title": "xAI raises $6 billion",
    "outlet": "example-wire", "url": "https://news.example.org/xai", "published": "2024-05-27",
    "language": "en",
    "text": ("Elon Musk's startup xAI said on Sunday it raised $6 billion in a Series B round at "
             "a post-money valuation of $24 billion. Investors included Valor Equity Partners, "
             "Andreessen Horowitz and Sequoia Capital. Musk founded xAI in 2023 to compete with "
             "OpenAI. Sam Altman is the chief executive of OpenAI. xAI develops the Grok "
             "chatbot."),
    "entities": [
        {"slug": "example-wire", "class": "MediaOutlet", "en": "Example Wire"},
        {"slug": "sam-altman", "class": "Person", "en": "Sam Altman", "aliases": ["Altman"],
         "wikidata": "Q7407093"},
        {"slug": "valor-equity-partners", "class": "InvestmentFirm",
         "en": "Valor Equity Partners"}],
    "facts": [
        {"type": "round", "organization": "xai", "label": "Series B",
         "amount": {"value": 6000000000, "currency": "USD"},
         "post_money": {"value": 24000000000, "currency": "USD"},
         "investors": ["valor-equity-partners", "andreessen-horowitz", "sequoia-capital"],
         "time": "2024-05-26", "status": "Actual",
         "evidence": "raised $6 billion in a Series B round"},
        {"type": "relation", "subject": "elon-musk", "predicate": "founderOf", "object": "xai",
         "time": "2023", "status": "Actual", "evidence": "Musk founded xAI in 2023"},
        {"type": "relation", "subject": "xai", "predicate": "competesWith", "object": "openai",
         "time": "2024-05", "status": "Actual", "evidence": "to compete with OpenAI"},
        {"type": "relation", "subject": "sam-altman", "predicate": "ceoOf", "object": "openai",
         "time": "2024-05", "status": "Actual",
         "evidence": "Sam Altman is the chief executive of OpenAI"},
        {"type": "relation", "subject": "xai", "predicate": "develops", "object": "grok",
         "time": "2024-05", "status": "Claimed", "evidence": "xAI develops the Grok chatbot"}],
}


def ask(kg, text: str) -> bool:
    return kg.query(text, prefixes=PREFIXES)


def test_the_file_s_facts_and_nothing_else_reach_the_article_graph(fresh):
    done = replay(fresh, copy.deepcopy(RECORD))
    assert done["state"] == "accepted"
    doc = f"<{GRAPH}doc-{done['id']}>"
    assert ask(fresh, f"ASK {{ GRAPH {doc} {{ id:sam-altman aikg:ceoOf|^aikg:chiefExecutive "
                      "id:openai . id:elon-musk aikg:founderOf|^aikg:foundedBy id:xai . "
                      "id:xai aikg:develops|^aikg:developer id:grok . "
                      "id:sam-altman aikg:wikidataQID \"Q7407093\" . "
                      "?a aikg:publisher id:example-wire ; aikg:url ?u } }")
    claimed = fresh.select(f"SELECT ?s WHERE {{ GRAPH {doc} {{ ?f rdf:subject id:xai ; "
                           "rdf:predicate aikg:develops ; aikg:status ?s } }",
                           prefixes=PREFIXES)
    assert [row["s"].value for row in claimed] == [str(AIKG.Claimed)]
    rounds = fresh.select(f"SELECT ?amount ?time WHERE {{ GRAPH {doc} {{ ?r a aikg:FundingRound ;"
                          " aikg:amountRaised/aikg:amount ?amount ; aikg:announcedOn ?time } }",
                          prefixes=PREFIXES)
    assert [(int(r["amount"].value), r["time"].value) for r in rounds] == [
        (6000000000, "2024-05-26")]
    investors = fresh.select(f"SELECT ?i ?t WHERE {{ GRAPH {doc} {{ {{ ?f rdf:subject ?i ; "
                             "rdf:predicate aikg:investedIn ; rdf:object id:xai ; aikg:asOf ?t "
                             "} UNION { ?f rdf:subject id:xai ; rdf:predicate aikg:hasInvestor ;"
                             f" rdf:object ?i ; aikg:asOf ?t }} }} }}", prefixes=PREFIXES)
    assert {(r["i"].value, r["t"].value) for r in investors} == {
        (f"{ID}{slug}", "2024-05-26") for slug in
        ("valor-equity-partners", "andreessen-horowitz", "sequoia-capital")}
    assert not fresh.has_graph(ox.NamedNode(f"{GRAPH}pending-{done['id']}"))


def test_the_review_log_counts_what_the_extractor_got_right(fresh):
    done = replay(fresh, copy.deepcopy(RECORD))
    facts = done["facts"]
    kept = [f for f in facts if f["state"] == "accepted" and f["review"] is None]
    corrected = [f for f in facts if f["state"] == "accepted" and f["review"] == "edited"]
    added = [f for f in facts if f["review"] == "added"]
    log = review_log(fresh)["totals"]["facts"]
    assert log["as_proposed"] == len(kept) and log["corrected"] == len(corrected)
    assert log["added"] == len(added) and log["pending"] == 0
    assert log["proposed"] == len(facts) - len(added)
    # the status the digest does not mark is the reviewer's correction
    develops = next(f for f in facts if "develops" in f["summary"])
    assert develops["review"] in ("edited", "added") and develops["state"] == "accepted"


def test_a_proposal_the_graph_already_holds_is_kept_as_corroboration(fresh):
    record = copy.deepcopy(RECORD)
    record["facts"] = [f for f in record["facts"] if f.get("predicate") != "develops"]
    done = replay(fresh, record)
    develops = [f for f in done["facts"] if "—develops→ Grok" in f["summary"]]
    assert [(f["state"], f["review"]) for f in develops] == [("accepted", None)]
    competes = [f for f in done["facts"] if "competesWith" in f["summary"]]
    assert all(f["state"] == "accepted" for f in competes)  # stated by the file


def test_replaying_twice_changes_nothing(fresh):
    replay(fresh, copy.deepcopy(RECORD))
    before = fresh.content_hash()
    again = replay(fresh, copy.deepcopy(RECORD))
    assert again["state"] == "accepted" and fresh.content_hash() == before


def test_a_proposed_entity_named_otherwise_is_merged(fresh):
    record = copy.deepcopy(RECORD)
    record["text"] += " Altman Capital says nothing."
    record["entities"][1]["aliases"] = ["Altman Capital"]
    done = replay(fresh, record)
    states = {e["iri"]: e["state"] for e in describe(fresh, done["id"])["new_entities"]}
    assert states.get(f"{ID}altman-capital") in (None, "merged")


@pytest.mark.parametrize(("change", "words"), [
    (lambda r: r["facts"][0].update(evidence="words nowhere"), "evidence"),
    (lambda r: r["facts"][1].pop("time"), "no time"),
    (lambda r: r["facts"][3].update(subject="nobody-known"), "neither declared nor known"),
    (lambda r: r.pop("url"), "keys"),
])
def test_a_bad_review_file_is_refused_before_anything_is_written(fresh, change, words):
    record = copy.deepcopy(RECORD)
    change(record)
    before = fresh.content_hash()
    with pytest.raises(InvalidInput) as error:
        replay(fresh, record)
    assert words in str(error.value)
    assert fresh.content_hash() == before


def test_facts_shacl_refuses_leave_the_ingestion_pending(fresh):
    record = copy.deepcopy(RECORD)
    record["facts"].append({"type": "cluster", "cluster": "openai", "time": "2024",
                            "chips": [{"chip": "nvidia-h100", "quantity": 10}],
                            "evidence": "compete with OpenAI"})  # OpenAI is no cluster
    with pytest.raises(ValidationFailed) as error:
        replay(fresh, record)
    ingestion = describe(fresh, error.value.details.get("ingestion") or _only(fresh))
    assert ingestion["state"] == "pending"
    assert not any(f["state"] == "accepted" for f in ingestion["facts"])


def _only(kg) -> str:
    from graph.ingest.staging import list_ingestions
    (only,) = list_ingestions(kg)
    return only["id"]
