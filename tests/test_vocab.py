"""The ontology (ontology/aikg.ttl) and the Python vocabulary (graph/vocab.py) stay equal.

Also checks the ontology's own hygiene: labels in English and Portuguese, comments,
inverse pairs, domains and ranges that point at declared terms.
"""

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from graph.vocab import AIKG, ONTOLOGY_IRI, PREFIXES, STATUSES

ONTOLOGY_PATH = Path(__file__).resolve().parents[1] / "ontology" / "aikg.ttl"
AIKG_NS = "https://w3id.org/aikg/ont#"
DECLARING_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.NamedIndividual,
    SKOS.ConceptScheme,
)
RDF_DATATYPES = {RDF.langString, RDF.HTML, RDF.XMLLiteral, RDFS.Literal}


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY_PATH, format="turtle")
    return g


def _declared(g: Graph, rdf_type: URIRef) -> set[URIRef]:
    return {
        s
        for s in g.subjects(RDF.type, rdf_type)
        if isinstance(s, URIRef) and str(s).startswith(AIKG_NS)
    }


@pytest.fixture(scope="module")
def terms(onto: Graph) -> set[URIRef]:
    found: set[URIRef] = set()
    for t in DECLARING_TYPES:
        found |= _declared(onto, t)
    return found


@pytest.fixture(scope="module")
def classes(onto: Graph) -> set[URIRef]:
    return _declared(onto, OWL.Class)


@pytest.fixture(scope="module")
def object_properties(onto: Graph) -> set[URIRef]:
    return _declared(onto, OWL.ObjectProperty)


def _local(iri: URIRef) -> str:
    return str(iri)[len(AIKG_NS):]


def test_ontology_parses_and_has_header(onto: Graph) -> None:
    assert len(onto) > 0
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert {l.language for l in onto.objects(ONTOLOGY_IRI, RDFS.label)} >= {"en", "pt"}
    assert onto.value(ONTOLOGY_IRI, RDFS.comment) is not None


def test_ontology_parses_with_pyoxigraph() -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY_PATH), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(ONTOLOGY_PATH, format="turtle"))


def test_ontology_terms_equal_vocab_terms(terms: set[URIRef]) -> None:
    in_ontology = {_local(t) for t in terms}
    in_vocab = set(AIKG.__annotations__) - {"_NS", "_fail", "_warn", "_extras"}
    only_ontology = sorted(in_ontology - in_vocab)
    only_vocab = sorted(in_vocab - in_ontology)
    assert not only_ontology and not only_vocab, (
        f"declared in ontology/aikg.ttl but missing from AIKG: {only_ontology}; "
        f"in AIKG but not declared in ontology/aikg.ttl: {only_vocab}"
    )


def test_dir_of_vocab_gives_full_iris(terms: set[URIRef]) -> None:
    from_dir = {URIRef(str(x)) for x in dir(AIKG)}
    missing = sorted(map(str, terms - from_dir))
    extra = sorted(map(str, from_dir - terms))
    assert not missing and not extra, f"dir(AIKG) missing {missing}; extra {extra}"


def test_attribute_access_gives_namespace_iris(terms: set[URIRef]) -> None:
    for term in terms:
        assert getattr(AIKG, _local(term)) == term


def test_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        AIKG.NoSuchTerm  # noqa: B018


def test_term_counts(onto: Graph) -> None:
    assert len(_declared(onto, OWL.Class)) == 27  # + Ingestion, Mention
    assert len(_declared(onto, OWL.ObjectProperty)) == 72  # + 5 ingestion links, partnerships and cloud deals
    assert len(_declared(onto, OWL.DatatypeProperty)) == 41  # + 3 derived analytics scores + 4 ingestion provenance + articleText + reviewAction
    assert len(_declared(onto, OWL.NamedIndividual)) == 8
    # No aikg: term is both an object and a datatype property, or both a class and a property.
    kinds = [
        _declared(onto, OWL.Class),
        _declared(onto, OWL.ObjectProperty),
        _declared(onto, OWL.DatatypeProperty),
        _declared(onto, OWL.NamedIndividual),
    ]
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            assert not (a & b), f"terms declared with two kinds: {sorted(map(str, a & b))}"


def test_every_aikg_subject_is_declared(onto: Graph, terms: set[URIRef]) -> None:
    used = {
        s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(AIKG_NS)
    }
    assert used <= terms, f"described but not declared: {sorted(map(str, used - terms))}"


def test_labels_and_comments(onto: Graph, terms: set[URIRef]) -> None:
    problems: list[str] = []
    for term in sorted(terms):
        labels = list(onto.objects(term, RDFS.label))
        en = [l for l in labels if isinstance(l, Literal) and l.language == "en"]
        pt = [
            l for l in labels
            if isinstance(l, Literal) and (l.language or "").lower().startswith("pt")
        ]
        comments = [
            c for c in onto.objects(term, RDFS.comment)
            if isinstance(c, Literal) and c.language == "en" and str(c).strip()
        ]
        if len(en) != 1:
            problems.append(f"{_local(term)}: {len(en)} English labels")
        if not pt:
            problems.append(f"{_local(term)}: no Portuguese label")
        if not comments:
            problems.append(f"{_local(term)}: no English comment")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in onto:
            problems.append(f"{_local(term)}: no rdfs:isDefinedBy")
    assert not problems, "\n".join(problems)


def test_inverse_pairs_link_declared_object_properties(
    onto: Graph, object_properties: set[URIRef]
) -> None:
    pairs = list(onto.subject_objects(OWL.inverseOf))
    assert pairs, "no owl:inverseOf pairs found"
    for a, b in pairs:
        assert a in object_properties, f"{a} has owl:inverseOf but is not a declared property"
        assert b in object_properties, f"{b} is an inverse but not a declared property"
        assert a != b, f"{a} is declared its own inverse; use owl:SymmetricProperty"
    # One side only: no pair is stated twice.
    unordered = [frozenset(p) for p in pairs]
    assert len(unordered) == len(set(unordered))
    # Spot checks from the spec.
    assert (AIKG.foundedBy, OWL.inverseOf, AIKG.founderOf) in onto
    assert (AIKG.hasFundingRound, OWL.inverseOf, AIKG.fundedOrganization) in onto
    assert len(pairs) == 23


def _is_datatype(node: object) -> bool:
    return isinstance(node, URIRef) and (str(node).startswith(str(XSD)) or node in RDF_DATATYPES)


def test_domains_and_ranges_point_at_declared_terms(
    onto: Graph, classes: set[URIRef]
) -> None:
    problems: list[str] = []
    props = _declared(onto, OWL.ObjectProperty) | _declared(onto, OWL.DatatypeProperty)
    for prop in sorted(props):
        for axis in (RDFS.domain, RDFS.range):
            for value in onto.objects(prop, axis):
                if value in classes or _is_datatype(value):
                    continue
                if isinstance(value, BNode):
                    members = onto.value(value, OWL.unionOf)
                    if members is not None:
                        items = list(Collection(onto, members))
                        if items and all(i in classes for i in items):
                            continue
                problems.append(f"{_local(prop)} {axis.fragment}: {value!r}")
        # Datatype properties never range over classes; object properties never over datatypes.
        for value in onto.objects(prop, RDFS.range):
            if prop in _declared(onto, OWL.DatatypeProperty) and value in classes:
                problems.append(f"{_local(prop)}: datatype property ranges over a class")
            if prop in _declared(onto, OWL.ObjectProperty) and _is_datatype(value):
                problems.append(f"{_local(prop)}: object property ranges over a datatype")
    assert not problems, "\n".join(problems)


def test_chip_model_domain_is_union(onto: Graph) -> None:
    domain = onto.value(AIKG.chipModel, RDFS.domain)
    assert isinstance(domain, BNode)
    items = set(Collection(onto, onto.value(domain, OWL.unionOf)))
    assert items == {AIKG.ChipAllocation, AIKG.Holding}


def test_competes_with_is_symmetric(onto: Graph) -> None:
    assert (AIKG.competesWith, RDF.type, OWL.SymmetricProperty) in onto
    assert (AIKG.competesWith, RDF.type, OWL.ObjectProperty) in onto
    assert onto.value(AIKG.competesWith, RDFS.domain) is None
    assert onto.value(AIKG.competesWith, RDFS.range) is None


def test_equivalent_properties_only_to_wikidata_direct(onto: Graph) -> None:
    found = set(onto.subject_objects(OWL.equivalentProperty))
    wdt = "http://www.wikidata.org/prop/direct/"
    assert found == {
        (AIKG.foundedBy, URIRef(wdt + "P112")),
        (AIKG.chiefExecutive, URIRef(wdt + "P169")),
        (AIKG.manufacturer, URIRef(wdt + "P176")),
        (AIKG.developer, URIRef(wdt + "P178")),
    }


def test_statuses(onto: Graph) -> None:
    assert len(STATUSES) == 7
    assert [_local(s) for s in STATUSES] == [
        "Actual", "Planned", "Reported", "Claimed", "Implied", "Derived", "Editorial",
    ]
    declared = {
        s for s in onto.subjects(RDF.type, AIKG.Status) if str(s).startswith(AIKG_NS)
    }
    assert declared == set(STATUSES)
    for status in STATUSES:
        assert (status, RDF.type, OWL.NamedIndividual) in onto
        assert (status, SKOS.inScheme, AIKG.StatusScheme) in onto
    assert (AIKG.StatusScheme, RDF.type, SKOS.ConceptScheme) in onto
    assert (AIKG.Status, RDFS.subClassOf, SKOS.Concept) in onto


def test_prefixes() -> None:
    expected = {
        "aikg", "id", "g", "rdf", "rdfs", "owl", "xsd", "skos", "schema", "foaf",
        "org", "prov", "wd", "wdt", "dcterms", "sh",
    }
    assert set(PREFIXES) == expected
    for prefix, iri in PREFIXES.items():
        assert iri.endswith(("#", "/")), f"{prefix}: {iri} ends with neither '#' nor '/'"
    assert PREFIXES["aikg"] == AIKG_NS
    assert PREFIXES["id"] == "https://w3id.org/aikg/id/"
    assert PREFIXES["g"] == "https://w3id.org/aikg/graph/"
    assert PREFIXES["sh"] == "http://www.w3.org/ns/shacl#"


def test_ontology_prefixes_agree_with_vocab(onto: Graph) -> None:
    bound = {p: str(ns) for p, ns in onto.namespaces()}
    for prefix in ("aikg", "rdf", "rdfs", "owl", "xsd", "skos", "schema", "foaf",
                   "org", "prov", "wd", "wdt", "dcterms"):
        assert bound.get(prefix) == PREFIXES[prefix], prefix
