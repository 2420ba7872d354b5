"""Typed vocabulary of aikg: the namespaces and every term of the ontology.

:class:`AIKG` mirrors ``ontology/aikg.ttl`` term for term (classes, object properties,
datatype properties, the status individuals and the status scheme). It is a closed
namespace: asking for a term the ontology does not declare raises ``AttributeError``.
``tests/test_vocab.py`` checks that this module and the ontology stay equal, so add or
remove a term in both places at once.

Importing this module only defines names; it reads no files.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/aikg/ont")
"""IRI of the ``owl:Ontology`` node (no trailing ``#``)."""

ID = Namespace("https://w3id.org/aikg/id/")
"""Entities and fact nodes, e.g. ``ID["elon-musk"]``."""

GRAPH = Namespace("https://w3id.org/aikg/graph/")
"""Named graphs, e.g. ``GRAPH.entities``, ``GRAPH.meta``, ``GRAPH["doc-126747c0c0c83b3e"]``."""

WD = Namespace("http://www.wikidata.org/entity/")
"""Wikidata items and property entities (``wd:Q317521``, ``wd:P112``)."""

WDT = Namespace("http://www.wikidata.org/prop/direct/")
"""Wikidata direct ("truthy") properties (``wdt:P112``)."""


class AIKG(DefinedNamespace):
    """The aikg ontology namespace ``https://w3id.org/aikg/ont#`` (closed)."""

    _NS = Namespace("https://w3id.org/aikg/ont#")
    _fail = True

    # --- Classes: agents ----------------------------------------------------
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    Company: URIRef
    InvestmentFirm: URIRef
    MediaOutlet: URIRef

    # --- Classes: products --------------------------------------------------
    Product: URIRef
    ChipModel: URIRef
    AIModel: URIRef
    LanguageModel: URIRef

    # --- Classes: compute clusters and chips --------------------------------
    ComputeCluster: URIRef
    ClusterState: URIRef
    ChipAllocation: URIRef
    Holding: URIRef

    # --- Classes: funding ---------------------------------------------------
    FundingRound: URIRef
    Investment: URIRef
    MonetaryAmount: URIRef

    # --- Classes: articles and events ---------------------------------------
    Article: URIRef
    Event: URIRef
    Announcement: URIRef
    Meeting: URIRef
    InvestorEvent: URIRef

    # --- Classes: assertions and status -------------------------------------
    Assertion: URIRef
    Claim: URIRef
    Status: URIRef

    # --- Classes: article ingestion ----------------------------------------
    Ingestion: URIRef
    Mention: URIRef

    # --- Object properties: organizations and people ------------------------
    foundedBy: URIRef
    founderOf: URIRef
    chiefExecutive: URIRef
    ceoOf: URIRef
    employs: URIRef
    employedBy: URIRef
    spokespersonFor: URIRef
    hasSpokesperson: URIRef

    # --- Object properties: ownership, operation, production ----------------
    owns: URIRef
    ownedBy: URIRef
    operates: URIRef
    operatedBy: URIRef
    manufactures: URIRef
    manufacturer: URIRef
    develops: URIRef
    developer: URIRef

    # --- Object properties: clusters, chips and models ----------------------
    hasState: URIRef
    stateOf: URIRef
    hasAllocation: URIRef
    allocationOf: URIRef
    chipModel: URIRef
    chipManufacturer: URIRef
    holds: URIRef
    holder: URIRef
    buildsUpon: URIRef
    supersededBy: URIRef
    trainedOn: URIRef
    usedToTrain: URIRef

    # --- Object properties: market relations --------------------------------
    competesWith: URIRef
    supplierOf: URIRef
    customerOf: URIRef
    partnerOf: URIRef
    cloudProviderOf: URIRef
    cloudCustomerOf: URIRef
    demands: URIRef
    demandedBy: URIRef
    strainsSupplyOf: URIRef
    moreCapableThan: URIRef

    # --- Object properties: funding -----------------------------------------
    hasFundingRound: URIRef
    fundedOrganization: URIRef
    hasInvestment: URIRef
    inRound: URIRef
    investor: URIRef
    madeInvestment: URIRef
    hasInvestor: URIRef
    investedIn: URIRef
    amountRaised: URIRef
    preMoneyValuation: URIRef
    postMoneyValuation: URIRef
    investmentAmount: URIRef

    # --- Object properties: status, announcements and events ----------------
    status: URIRef
    announces: URIRef
    announcedBy: URIRef
    participant: URIRef
    participatedIn: URIRef
    organizer: URIRef
    organized: URIRef

    # --- Object properties: provenance and articles -------------------------
    source: URIRef
    reportedBy: URIRef
    claimedBy: URIRef
    about: URIRef
    publisher: URIRef
    cites: URIRef
    translationOf: URIRef
    translatedAs: URIRef
    imageCreator: URIRef
    sourceDocument: URIRef

    # --- Datatype properties: quantities ------------------------------------
    quantity: URIRef
    minQuantity: URIRef
    quantityText: URIRef
    totalChips: URIRef
    sizeFactor: URIRef
    buildDurationDays: URIRef

    # --- Datatype properties: time ------------------------------------------
    asOf: URIRef
    announcedOn: URIRef
    notAfter: URIRef
    expectedBy: URIRef
    timeframeText: URIRef

    # --- Datatype properties: money and funding -----------------------------
    amount: URIRef
    currency: URIRef
    investorListComplete: URIRef
    roundLabel: URIRef
    isLead: URIRef

    # --- Datatype properties: evidence and assertions -----------------------
    derivation: URIRef
    evidenceSentence: URIRef
    factRef: URIRef
    statement: URIRef
    confidence: URIRef

    # --- Datatype properties: identity and descriptions ---------------------
    wikidataQID: URIRef
    jobTitle: URIRef
    industry: URIRef

    # --- Datatype properties: articles --------------------------------------
    language: URIRef
    datePublished: URIRef
    publishedNotBefore: URIRef
    title: URIRef
    url: URIRef
    machineTranslated: URIRef

    # --- Datatype properties: store bookkeeping -----------------------------
    contentHash: URIRef

    # --- Article ingestion ---------------------------------------------------
    proposes: URIRef
    ambiguousMention: URIRef
    candidate: URIRef
    pendingGraph: URIRef
    targetGraph: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    extractionMethod: URIRef
    reviewState: URIRef
    reviewAction: URIRef
    articleText: URIRef
    loadedFrom: URIRef

    # --- Datatype properties: derived network analytics ---------------------
    degreeCentrality: URIRef
    pagerank: URIRef
    betweennessCentrality: URIRef

    # --- Status scheme and its individuals ----------------------------------
    StatusScheme: URIRef
    Actual: URIRef
    Planned: URIRef
    Reported: URIRef
    Claimed: URIRef
    Implied: URIRef
    Derived: URIRef
    Editorial: URIRef


STATUSES: tuple[URIRef, ...] = (
    AIKG.Actual,
    AIKG.Planned,
    AIKG.Reported,
    AIKG.Claimed,
    AIKG.Implied,
    AIKG.Derived,
    AIKG.Editorial,
)
"""The seven members of ``aikg:StatusScheme``, in the order of the spec."""

PREFIXES: dict[str, str] = {
    "aikg": str(AIKG._NS),
    "id": str(ID),
    "g": str(GRAPH),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "wd": str(WD),
    "wdt": str(WDT),
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}
"""Prefix → namespace IRI, for SPARQL prologues and Turtle/TriG serialisation."""

__all__ = ["AIKG", "GRAPH", "ID", "ONTOLOGY_IRI", "PREFIXES", "STATUSES", "WD", "WDT"]


def slug(iri: str | None) -> str:
    """The id of an entity IRI (``https://w3id.org/aikg/id/nvidia`` → ``nvidia``), the local
    name of a graph or ontology IRI; other text unchanged."""
    for ns in (str(ID), str(GRAPH), str(AIKG._NS)):
        if iri and iri.startswith(ns):
            return iri[len(ns):]
    return iri or ""
