"""Write extracted facts as RDF in the ontology's shapes: the proposal of one ingestion.

The proposal (an :class:`rdflib.Graph`) holds the ``aikg:Ingestion`` record, the article node,
one fact node per fact (``id:<id>-pNN``; allocations ``-aK`` and investments ``-iK`` under it),
the proposed new entities and the ambiguous mentions (``id:<id>-mNN``). Binary facts are a
direct triple plus an ``aikg:Assertion`` node, as in ``seeds/``. Every fact node carries its
status, source, the sentence's offsets, the rule and a confidence — never the sentence's words.
The record keeps the whole text (``aikg:articleText``) so a reviewer can read what the offsets
point at; :mod:`graph.ingest.staging` splits the proposal into the record graph
(``g:ingestions``, never accepted into the article's graph) and the pending graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from graph.ingest.facts import (
    ClusterFact,
    EventFact,
    Fact,
    HoldingFact,
    Money,
    Relation,
    RoundFact,
    When,
)
from graph.ingest.linking import Gazetteer, Mention
from graph.vocab import AIKG, ID, PREFIXES


@dataclass(frozen=True)
class ArticleMeta:
    """What the caller knows about the article besides its text."""

    ingestion_id: str
    content_hash: str
    lang: str
    published: str | None = None
    source: str | None = None
    title: str | None = None
    text: str | None = None
    outlet: str | None = None         # the publisher's name as given
    publisher: str | None = None      # its IRI (known, or proposed when publisher_new)
    publisher_new: bool = False


def _when(value: When) -> Literal:
    return Literal(value.value, datatype=XSD[value.datatype])


class ProposalWriter:
    """Accumulates the triples of one proposal; :meth:`graph` returns them."""

    def __init__(self, meta: ArticleMeta, gazetteer: Gazetteer) -> None:
        self.meta = meta
        self.gazetteer = gazetteer
        self.g = Graph()
        for prefix, namespace in PREFIXES.items():
            self.g.bind(prefix, namespace)
        self.record = ID[f"ingestion-{meta.ingestion_id}"]
        self.article = ID[f"article-{meta.ingestion_id}"]
        self.count = 0
        self._article()

    def _article(self) -> None:
        meta, add = self.meta, self.g.add
        add((self.record, RDF.type, AIKG.Ingestion))
        add((self.record, AIKG.source, self.article))
        add((self.record, AIKG.contentHash, Literal(meta.content_hash)))
        if meta.text is not None:
            add((self.record, AIKG.articleText, Literal(meta.text)))
        add((self.article, RDF.type, AIKG.Article))
        name = meta.title or f"article {meta.ingestion_id}"
        add((self.article, RDFS.label, Literal(f"Ingested article: {name}", lang="en")))
        add((self.article, AIKG.language, Literal(meta.lang)))
        if meta.title:
            add((self.article, AIKG.title, Literal(meta.title, lang=meta.lang)))
        if meta.published:
            add((self.article, AIKG.datePublished, Literal(meta.published, datatype=XSD.date)))
        if meta.source:
            add((self.article, AIKG.url, Literal(meta.source, datatype=XSD.anyURI)))
        if meta.publisher:
            outlet = URIRef(meta.publisher)
            add((self.article, AIKG.publisher, outlet))
            if meta.publisher_new:
                add((self.record, AIKG.proposes, outlet))
                add((outlet, RDF.type, AIKG.MediaOutlet))
                add((outlet, RDFS.label, Literal(meta.outlet, lang="en")))
                add((outlet, AIKG.extractionMethod, Literal("request:outlet")))
                add((outlet, AIKG.confidence, Literal(Decimal(1), datatype=XSD.decimal)))

    def label(self, iri: str) -> str:
        entity = self.gazetteer.entity(iri)
        return entity.label if entity else iri.rsplit("/", 1)[-1]

    def _node(self, kind: URIRef, fact: Fact | None, label: str, suffix: str | None = None,
              parent: URIRef | None = None) -> URIRef:
        if parent is None:
            self.count += 1
            node = ID[f"{self.meta.ingestion_id}-p{self.count:02d}"]
            self.g.add((self.record, AIKG.proposes, node))
        else:
            node = URIRef(f"{parent}-{suffix}")
        self.g.add((node, RDF.type, kind))
        self.g.add((node, RDFS.label, Literal(label, lang="en")))
        if fact is not None:
            self._provenance(node, fact.status, fact.start, fact.end, fact.method,
                             fact.confidence)
            if fact.derivation:
                self.g.add((node, AIKG.derivation, Literal(fact.derivation)))
        return node

    def _provenance(self, node: URIRef, status: str, start: int, end: int, method: str,
                    confidence: float) -> None:
        add = self.g.add
        add((node, AIKG.status, AIKG[status]))
        add((node, AIKG.source, self.article))
        add((node, AIKG.evidenceStart, Literal(start, datatype=XSD.integer)))
        add((node, AIKG.evidenceEnd, Literal(end, datatype=XSD.integer)))
        add((node, AIKG.extractionMethod, Literal(method)))
        add((node, AIKG.confidence, Literal(Decimal(str(confidence)), datatype=XSD.decimal)))

    def money(self, node: URIRef, predicate: URIRef, money: Money) -> None:
        amount = BNode()
        self.g.add((node, predicate, amount))
        self.g.add((amount, RDF.type, AIKG.MonetaryAmount))
        self.g.add((amount, AIKG.amount, Literal(money.value, datatype=XSD.decimal)))
        self.g.add((amount, AIKG.currency, Literal(money.currency)))

    def relation(self, fact: Relation) -> None:
        s, p, o = URIRef(fact.subject), AIKG[fact.predicate], URIRef(fact.object)
        self.g.add((s, p, o))
        node = self._node(AIKG.Assertion, fact,
                          f"{self.label(fact.subject)} {fact.predicate} {self.label(fact.object)}")
        self.g.add((node, RDF.subject, s))
        self.g.add((node, RDF.predicate, p))
        self.g.add((node, RDF.object, o))
        if fact.as_of:
            self.g.add((node, AIKG.asOf, _when(fact.as_of)))

    def cluster(self, fact: ClusterFact, nodes: dict[int, URIRef]) -> None:
        when = f", {fact.when.value}" if fact.when else ""
        node = self._node(AIKG.ClusterState, fact,
                          f"{self.label(fact.cluster)} ({fact.status.lower()}{when})")
        nodes[id(fact)] = node
        add = self.g.add
        add((node, AIKG.stateOf, URIRef(fact.cluster)))
        if fact.when:
            add((node, AIKG.asOf if fact.status == "Actual" else AIKG.announcedOn,
                 _when(fact.when)))
        if fact.expected_by:
            add((node, AIKG.expectedBy, _when(fact.expected_by)))
        if fact.total is not None:
            add((node, AIKG.totalChips, Literal(fact.total, datatype=XSD.integer)))
        if fact.size_factor is not None:
            add((node, AIKG.sizeFactor, Literal(fact.size_factor, datatype=XSD.decimal)))
        if fact.build_days is not None:
            add((node, AIKG.buildDurationDays, Literal(fact.build_days, datatype=XSD.integer)))
        if fact.builds_upon is not None and id(fact.builds_upon) in nodes:
            add((node, AIKG.buildsUpon, nodes[id(fact.builds_upon)]))
        for k, alloc in enumerate(fact.allocations, 1):
            sub = self._node(AIKG.ChipAllocation, None,
                             f"{self.label(fact.cluster)}: {alloc.quantity} "
                             f"{self.label(alloc.chip)}", f"a{k}", node)
            self._provenance(sub, alloc.status, fact.start, fact.end,
                             "rule:derive-remainder" if alloc.derivation else fact.method,
                             0.6 if alloc.derivation else fact.confidence)
            add((node, AIKG.hasAllocation, sub))
            add((sub, AIKG.chipModel, URIRef(alloc.chip)))
            add((sub, AIKG.quantity, Literal(alloc.quantity, datatype=XSD.integer)))
            if alloc.derivation:
                add((sub, AIKG.derivation, Literal(alloc.derivation)))

    def holding(self, fact: HoldingFact) -> None:
        what = fact.chip or fact.manufacturer or ""
        node = self._node(AIKG.Holding, fact,
                          f"{self.label(fact.holder)}'s {self.label(what)} chips")
        add = self.g.add
        add((node, AIKG.holder, URIRef(fact.holder)))
        add((node, AIKG.chipModel if fact.chip else AIKG.chipManufacturer, URIRef(what)))
        add((node, AIKG.minQuantity, Literal(fact.minimum, datatype=XSD.integer)))
        if fact.exact:
            add((node, AIKG.quantity, Literal(fact.minimum, datatype=XSD.integer)))
        if fact.vague_text:
            add((node, AIKG.quantityText, Literal(fact.vague_text, lang="en")))
        if fact.when:
            add((node, AIKG.asOf, _when(fact.when)))

    def funding(self, fact: RoundFact) -> None:
        node = self._node(AIKG.FundingRound, fact,
                          f"{self.label(fact.organization)} funding round "
                          f"({fact.status.lower()})")
        add = self.g.add
        add((node, AIKG.fundedOrganization, URIRef(fact.organization)))
        if fact.when:
            add((node, AIKG.announcedOn if fact.status == "Actual" else AIKG.asOf,
                 _when(fact.when)))
        for predicate, money in ((AIKG.amountRaised, fact.amount),
                                 (AIKG.postMoneyValuation, fact.post_money),
                                 (AIKG.preMoneyValuation, fact.pre_money)):
            if money is not None:
                self.money(node, predicate, money)
        if fact.label:
            add((node, AIKG.roundLabel, Literal(fact.label)))
        for k, investor in enumerate(fact.investors, 1):
            sub = self._node(AIKG.Investment, None,
                             f"{self.label(investor)} in {self.label(fact.organization)}",
                             f"i{k}", node)
            self._provenance(sub, fact.status, fact.start, fact.end, fact.method,
                             fact.confidence)
            add((node, AIKG.hasInvestment, sub))
            add((sub, AIKG.investor, URIRef(investor)))
            if investor in fact.leads:
                add((sub, AIKG.isLead, Literal(True)))

    def event(self, fact: EventFact, nodes: dict[int, URIRef],
              states: list[ClusterFact]) -> None:
        names = ", ".join(self.label(p) for p in fact.participants)
        kind = AIKG.Announcement if fact.kind == "Announcement" else AIKG.Meeting
        node = self._node(kind, fact, f"{fact.kind.lower()}: {names}")
        add = self.g.add
        for participant in fact.participants:
            add((node, AIKG.participant, URIRef(participant)))
        if fact.kind == "Announcement" and fact.speaker:
            add((node, AIKG.announcedBy, URIRef(fact.speaker)))
        if fact.when:
            add((node, AIKG.announcedOn, _when(fact.when)))
        if fact.not_after:
            add((node, AIKG.notAfter, _when(fact.not_after)))
        for state in fact.announces(states):
            if id(state) in nodes:
                add((node, AIKG.announces, nodes[id(state)]))

    def new_entity(self, iri: str, mention: Mention) -> None:
        node = URIRef(iri)
        self.g.add((self.record, AIKG.proposes, node))
        self.g.add((node, RDF.type, URIRef(mention.class_guess or AIKG.Organization)))
        self.g.add((node, RDFS.label, Literal(mention.surface, lang="en")))
        if self.meta.lang != "en":
            self.g.add((node, RDFS.label, Literal(mention.surface, lang=self.meta.lang)))
        self.g.add((node, AIKG.extractionMethod, Literal("linking:new-name")))
        self.g.add((node, AIKG.confidence,
                    Literal(Decimal(str(mention.confidence)), datatype=XSD.decimal)))
        self.g.add((node, AIKG.evidenceStart,
                    Literal(mention.start, datatype=XSD.integer)))
        self.g.add((node, AIKG.evidenceEnd,
                    Literal(mention.end, datatype=XSD.integer)))

    def ambiguous(self, k: int, mention: Mention) -> None:
        node = ID[f"{self.meta.ingestion_id}-m{k:02d}"]
        self.g.add((self.record, AIKG.ambiguousMention, node))
        self.g.add((node, RDF.type, AIKG.Mention))
        self.g.add((node, RDFS.label, Literal(mention.surface)))
        self.g.add((node, AIKG.evidenceStart,
                    Literal(mention.start, datatype=XSD.integer)))
        self.g.add((node, AIKG.evidenceEnd, Literal(mention.end, datatype=XSD.integer)))
        for candidate in mention.candidates:
            self.g.add((node, AIKG.candidate, URIRef(candidate)))


def write_proposal(meta: ArticleMeta, gazetteer: Gazetteer, facts: list[Fact],
                   new: dict[str, Mention], ambiguous: list[Mention]) -> Graph:
    """The proposal graph for ``facts``, new entities (by IRI) and ambiguous mentions."""
    writer = ProposalWriter(meta, gazetteer)
    nodes: dict[int, URIRef] = {}
    states = [f for f in facts if isinstance(f, ClusterFact)]
    for fact in facts:
        if isinstance(fact, Relation):
            writer.relation(fact)
        elif isinstance(fact, ClusterFact):
            writer.cluster(fact, nodes)
        elif isinstance(fact, HoldingFact):
            writer.holding(fact)
        elif isinstance(fact, RoundFact):
            writer.funding(fact)
        else:
            writer.event(fact, nodes, states)
    for iri, mention in sorted(new.items()):
        writer.new_entity(iri, mention)
    for k, mention in enumerate(ambiguous, 1):
        writer.ambiguous(k, mention)
    return writer.g
