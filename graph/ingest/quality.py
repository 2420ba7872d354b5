"""Measure extraction quality: compare proposed facts with curated ones, per core fact type.

Both sides are RDF in the ontology's shapes, so one set of fixed SPARQL queries reads a
comparable *key* for every fact of a type from either graph:

=================  ==============================================================
type               key
=================  ==============================================================
roles              (organization, "ceo" | "founder", person)
manufacturer       (maker, chip model)
operator           (organization, "operates" | "owns", cluster)
chip counts        (cluster, chip model or "total", quantity, status)
funding amount     (organization, amount, status of the round)
investors          (organization, investor)
valuations         (organization, "pre" | "post", amount, status of the round)
competition        the unordered pair of rivals
=================  ==============================================================

Precision = matched proposed keys / proposed keys; recall = matched curated keys / curated keys,
per type and over all types together (micro average).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import Dataset, Graph
from rdflib.term import Node

from graph.vocab import PREFIXES

_PREFIX = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
QUERIES = {
    "roles": """SELECT ?a ?b ?c WHERE {
        { ?a aikg:chiefExecutive ?c BIND("ceo" AS ?b) } UNION { ?c aikg:ceoOf ?a BIND("ceo" AS ?b) }
        UNION { ?a aikg:foundedBy ?c BIND("founder" AS ?b) }
        UNION { ?c aikg:founderOf ?a BIND("founder" AS ?b) } }""",
    "manufacturer": """SELECT ?a ?b WHERE {
        { ?a aikg:manufactures ?b } UNION { ?b aikg:manufacturer ?a } }""",
    "operator": """SELECT ?a ?b ?c WHERE {
        { ?a aikg:operates ?c BIND("operates" AS ?b) } UNION { ?c aikg:operatedBy ?a BIND("operates" AS ?b) }
        UNION { ?a aikg:owns ?c BIND("owns" AS ?b) } UNION { ?c aikg:ownedBy ?a BIND("owns" AS ?b) } }""",
    "chip counts": """SELECT ?a ?b ?c ?d WHERE {
        { ?s aikg:stateOf ?a ; aikg:totalChips ?c ; aikg:status ?d BIND("total" AS ?b) }
        UNION { ?s aikg:stateOf ?a ; aikg:hasAllocation ?x .
                ?x aikg:chipModel ?b ; aikg:quantity ?c ; aikg:status ?d } }""",
    "funding amount": """SELECT ?a ?b ?c WHERE {
        ?r aikg:fundedOrganization ?a ; aikg:status ?c ; aikg:amountRaised/aikg:amount ?b }""",
    "investors": """SELECT ?a ?b WHERE {
        { ?r aikg:fundedOrganization ?a ; aikg:hasInvestment/aikg:investor ?b }
        UNION { ?a aikg:hasInvestor ?b } }""",
    "valuations": """SELECT ?a ?b ?c ?d WHERE {
        ?r aikg:fundedOrganization ?a ; aikg:status ?d .
        { ?r aikg:postMoneyValuation/aikg:amount ?c BIND("post" AS ?b) }
        UNION { ?r aikg:preMoneyValuation/aikg:amount ?c BIND("pre" AS ?b) } }""",
    "competition": """SELECT ?a ?b WHERE { ?a aikg:competesWith ?b }""",
}
CORE_TYPES = tuple(QUERIES)


def plain(term: Node) -> str:
    """A term as a key part: numbers without trailing zeros, anything else as its text."""
    text = str(term)
    if not text[:1].isdigit():
        return text
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    return str(int(number)) if number == number.to_integral_value() else str(number.normalize())


def fact_keys(data: Graph | Dataset) -> dict[str, set[tuple[str, ...]]]:
    """Keys of every core-type fact in ``data`` (a Dataset is read as the union of its graphs)."""
    if isinstance(data, Dataset):
        union = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
        data = union
    keys: dict[str, set[tuple[str, ...]]] = {}
    for name, query in QUERIES.items():
        rows = {tuple(plain(v) for v in row) for row in data.query(_PREFIX + query)}
        if name == "competition":
            rows = {tuple(sorted(row)) for row in rows}
        keys[name] = rows
    return keys


@dataclass(frozen=True)
class Score:
    """Counts and ratios for one fact type (or all of them)."""

    matched: int
    proposed: int
    expected: int

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def score(expected: dict[str, set[tuple[str, ...]]],
          proposed: dict[str, set[tuple[str, ...]]]) -> dict[str, Score]:
    """Per-type scores plus ``"all"``, the micro average."""
    scores = {name: Score(len(expected[name] & proposed[name]), len(proposed[name]),
                          len(expected[name])) for name in CORE_TYPES}
    scores["all"] = Score(sum(s.matched for s in scores.values()),
                          sum(s.proposed for s in scores.values()),
                          sum(s.expected for s in scores.values()))
    return scores


def table(scores: dict[str, Score]) -> str:
    """A markdown table of the scores."""
    lines = ["| fact type | curated | proposed | matched | precision | recall |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, s in scores.items():
        lines.append(f"| {name} | {s.expected} | {s.proposed} | {s.matched} | "
                     f"{s.precision:.2f} | {s.recall:.2f} |")
    return "\n".join(lines)
