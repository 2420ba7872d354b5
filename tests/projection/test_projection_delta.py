"""Incremental projection refresh (graph.projection.delta): after every kind of write the
refreshed graph equals a fresh full build, and exact changes never cost a full build."""

from __future__ import annotations

import pyoxigraph as ox

from graph.projection import cache as proj
from graph.store import graph_store as graphstore
from graph.store.formats import rdf_format
from graph.store.journal import update_change

ID = "https://w3id.org/aikg/id/"
DOC = "https://w3id.org/aikg/graph/doc-126747c0c0c83b3e"
EXTRA = "https://w3id.org/aikg/graph/doc-delta-test"
PREFIXES = """PREFIX aikg: <https://w3id.org/aikg/ont#> PREFIX id: <https://w3id.org/aikg/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
FACT = f"""GRAPH <{EXTRA}> {{
  id:oracle aikg:competesWith id:xai .
  id:delta-f1 a aikg:Assertion ; rdf:subject id:oracle ; rdf:predicate aikg:competesWith ;
    rdf:object id:xai ; aikg:status aikg:Reported ; aikg:asOf "2024-10"^^xsd:gYearMonth .
}}"""
STATE = f"""@prefix aikg: <https://w3id.org/aikg/ont#> . @prefix id: <https://w3id.org/aikg/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:colossus-2025-01 a aikg:ClusterState ; aikg:stateOf id:colossus ;
  aikg:status aikg:Planned ; aikg:asOf "2025-01"^^xsd:gYearMonth ;
  aikg:hasAllocation id:colossus-2025-01-h200 .
id:colossus-2025-01-h200 a aikg:ChipAllocation ; aikg:chipModel id:nvidia-h200 ;
  aikg:quantity 20000 .
id:newco a aikg:Company ; aikg:operates id:colossus ; <http://www.w3.org/2000/01/rdf-schema#label>
  "NewCo"@en .
"""

BLANK_FACTS = f"""INSERT DATA {{ GRAPH <{EXTRA}> {{
  [] a aikg:Holding ; aikg:holder id:xai ; aikg:chipModel id:nvidia-h200 ; aikg:minQuantity 5 .
  [] a aikg:Meeting ; aikg:participant id:xai , id:oracle .
}} }}"""


def snapshot(graph):
    """Everything that must match: node attributes, and edges with keys and attributes."""
    return ({n: dict(d) for n, d in graph.nodes(data=True)},
            {(u, v, k): dict(d) for u, v, k, d in graph.edges(keys=True, data=True)})


def check(kg, *, incremental: bool) -> None:
    old = proj.projection(kg)
    builds, refreshes = proj.projection_builds(), proj.projection_refreshes()
    old_state = snapshot(old)
    kg_writes.pop(0)(kg)
    refreshed = proj.projection(kg, wait=30)
    assert snapshot(old) == old_state  # the previous graph is left as it was (readers)
    assert snapshot(refreshed) == snapshot(proj.build_projection(kg))
    if incremental:
        assert proj.projection_builds() == builds + 1  # only the comparison build above
        assert proj.projection_refreshes() == refreshes + 1


def update(text: str):
    return lambda kg: kg.update(PREFIXES + text)


kg_writes = []


def test_every_kind_of_write_refreshes_to_a_full_build(fresh):
    state = ox.parse(STATE.encode(), rdf_format("turtle").ox_format)
    state = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(EXTRA)) for q in state]
    label = (f'DELETE DATA {{ GRAPH <https://w3id.org/aikg/graph/entities> {{ id:xai rdfs:label '
             f'"xAI"@en }} }} ; INSERT DATA {{ GRAPH <https://w3id.org/aikg/graph/entities> {{ '
             f'id:xai rdfs:label "x.AI"@en }} }}')
    steps = [
        (update(f"INSERT DATA {{ {FACT} }}"), True),        # a binary fact and its assertion
        (update(f"DELETE DATA {{ {FACT} }}"), True),        # and gone again
        (lambda kg: kg.extend(state), True),                 # an n-ary state, a new company
        (update(label), True),                               # a label changes
        (update(f"DELETE DATA {{ GRAPH <{EXTRA}> {{ id:colossus-2025-01-h200 aikg:quantity 20000 "
                f"}} }} ; INSERT DATA {{ GRAPH <{EXTRA}> {{ id:colossus-2025-01-h200 "
                f"aikg:quantity 30000 ; aikg:status aikg:Derived }} }}"), True),
        (lambda kg: kg.remove([q for q in state if q.subject.value.endswith("h200")]), True),
        (lambda kg: graphstore.replace_graph(kg, graph=EXTRA, data=STATE.encode(),
                                             fmt_name="turtle"), True),  # graph store PUT
        (update(f"DELETE {{ GRAPH ?g {{ ?s aikg:status aikg:Implied }} }} INSERT {{ GRAPH ?g {{ "
                f"?s aikg:status aikg:Reported }} }} WHERE {{ GRAPH ?g {{ ?s aikg:status "
                f"aikg:Implied }} }}"), False),               # unknown change: full build
        (lambda kg: graphstore.delete_graph(kg, graph=EXTRA), True),  # graph store DELETE
        (update(BLANK_FACTS), False),  # new blank nodes: their stored labels are unknown
        (lambda kg: kg.remove_graph(ox.NamedNode(EXTRA)), True),  # (the stored ones go)
        (lambda kg: kg.load(STATE.encode(), rdf_format("turtle").ox_format,
                            to_graph=ox.NamedNode(DOC)), True),
        (update(f"DELETE DATA {{ GRAPH <{DOC}> {{ id:xai aikg:operates id:colossus }} }}"), True),
    ]
    kg_writes[:] = [write for write, _ in steps]
    for _, incremental in steps:
        check(fresh, incremental=incremental)


def test_journal_reads_only_data_updates():
    change = update_change(PREFIXES + f"INSERT DATA {{ {FACT} }}", None, None)
    assert change is not None and len(change.added) == 7 and not change.removed
    assert update_change(PREFIXES + "DELETE WHERE { ?s ?p ?o }", None, None) is None
    assert update_change("CLEAR ALL", None, None) is None


def test_graph_store_writes_journal_the_replaced_graph(fresh):
    start = fresh.generation
    graphstore.replace_graph(fresh, graph=EXTRA, data=STATE.encode(), fmt_name="turtle")
    other = b"<urn:x:s> <urn:x:p> <urn:x:o> ."
    graphstore.replace_graph(fresh, graph=EXTRA, data=other, fmt_name="ntriples")
    graphstore.delete_graph(fresh, graph=EXTRA)
    put, replace, delete = fresh.changes_since(start)
    stored = {ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(EXTRA))
              for q in ox.parse(STATE.encode(), rdf_format("turtle").ox_format)}
    assert set(put.added) == stored and not put.removed
    assert set(replace.removed) == stored and len(replace.added) == 1
    assert set(delete.removed) == set(replace.added) and not delete.added
