"""Score proposals against the shared development set (``../shared/ingest-dev``, issue 13).

The set's ``gold.jsonl`` names entities by lowercase English canonical names ("openai",
"h100", "stargate abilene") rather than IRIs, so a proposal's keys (:func:`quality.fact_keys`)
are translated before they are compared: every entity IRI becomes the gold name it answers to
(its labels and aliases, folded; a corporate suffix such as "AI" or "Inc." and a chip's maker
prefix may be left out; a few aliases the set's README fixes — Alphabet is ``google``, Azure is
``microsoft``; a cluster matches a gold cluster whose name holds all its words or the
reverse), and statuses become their lowercase names. The keys are those of
:data:`quality.QUERIES`; only the eight core types are scored.

*New-entity precision*: a proposed new entity (``aikg:proposes``) is right when its name is
the name of an entity of the article's gold facts (any fact type) in a field whose class its
class fits (a ``person`` is a person, a ``chip`` a chip model, a ``cluster`` a cluster, an
``org``/``investor``/… an organisation). A real name the gold never mentions counts as wrong,
so the figure is a lower bound.

Articles whose number is a multiple of 4 are the held-out ones (:func:`held_out`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph

from graph.ingest import quality
from graph.ingest.text import fold
from graph.vocab import AIKG

ENTITY_FIELDS = {"person": AIKG.Person, "chip": AIKG.ChipModel, "cluster": AIKG.ComputeCluster,
                 "model": AIKG.AIModel, "product": None, "project": None}
ORG_FIELDS = ("org", "maker", "investor", "a", "b", "buyer", "supplier", "customer",
              "provider", "member", "venture", "lender", "subject", "holder", "issuer", "seller")
ALIASES = {"alphabet": "google", "azure": "microsoft", "microsoft azure": "microsoft",
           "a16z": "andreessen horowitz", "ssi": "safe superintelligence", "citi": "citigroup",
           "amazon web services": "aws", "thinking machines": "thinking machines lab"}
SUFFIXES = frozenset({"ai", "inc", "corp", "corporation", "labs", "lab", "platforms", "ltd",
                      "capital", "investments", "holding", "holdings", "partners", "venture",
                      "ventures", "group"})
"""Corporate-form words a name may leave out ("Lightspeed" for Lightspeed Venture Partners,
"Cisco Investments" for Cisco, "Kingdom Holdings" for Kingdom Holding); a name of three
words or more also answers to its initials ("ivp")."""
MAKERS = frozenset({"nvidia", "amd", "google", "amazon", "aws", "intel"})
STATUS_DERIVED = str(AIKG.Derived)
STATUSES = {str(AIKG[s]): s.lower() for s in ("Actual", "Planned", "Reported", "Claimed",
                                              "Derived")}


@dataclass
class Article:
    """One article of the set with its gold facts."""

    ident: str
    number: int
    variant: str
    """``en``, ``pt-BR`` or ``pt-PT``."""
    published: str
    text: str
    facts: list[dict] = field(default_factory=list)

    @property
    def held_out(self) -> bool:
        return held_out(self.number)


def held_out(number: int) -> bool:
    """Articles 04, 08 … 32 are the held-out check (the set's README)."""
    return number % 4 == 0


def load(root: Path) -> list[Article]:
    """Every article of the set in ``root`` (``gold.jsonl`` + ``articles/``)."""
    out = []
    for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        variant = row.get("variant") or row["lang"]
        text = (root / row["file"]).read_text(encoding="utf-8")
        out.append(Article(row["id"], int(row["id"][:2]), variant, row["published"], text,
                           row["facts"]))
    return out


def gold_keys(facts: list[dict]) -> dict[str, set[tuple[str, ...]]]:
    """The core-type keys of gold facts, in :data:`quality.QUERIES`' column order."""
    keys: dict[str, set[tuple[str, ...]]] = {name: set() for name in quality.CORE_TYPES}
    columns = {"roles": ("org", "role", "person"), "manufacturer": ("maker", "chip"),
               "operator": ("org", "kind", "cluster"),
               "chip counts": ("cluster", "chip", "quantity", "status"),
               "funding amount": ("org", "amount", "status"), "investors": ("org", "investor"),
               "valuations": ("org", "kind", "amount", "status"), "competition": ("a", "b")}
    for fact in facts:
        kind = fact["type"]
        if kind in columns:
            key = tuple(str(fact[c]) for c in columns[kind])
            keys[kind].add(tuple(sorted(key)) if kind == "competition" else key)
    return keys


def gold_entities(facts: list[dict]) -> dict[str, set[str]]:
    """Each gold entity name with the fields it fills (``person``, ``chip``, ``org`` …)."""
    out: dict[str, set[str]] = {}
    for fact in facts:
        for name in (*ENTITY_FIELDS, *ORG_FIELDS):
            if isinstance(fact.get(name), str):
                out.setdefault(fact[name], set()).add(name)
    return out


def names_of(graph: Graph) -> dict[str, set[str]]:
    """Folded labels and aliases of every subject of ``graph``."""
    out: dict[str, set[str]] = {}
    for predicate in (RDFS.label, SKOS.altLabel):
        for s, _, o in graph.triples((None, predicate, None)):
            out.setdefault(str(s), set()).add(fold(str(o)))
    return out


def _variants(name: str) -> set[str]:
    words = name.split()
    out = {name, ALIASES.get(name, name)}
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
        out.add(" ".join(words))
    words = name.split()
    if len(words) > 1 and words[0] in MAKERS:
        out.add(" ".join(words[1:]))
    if len(words) > 2:  # "Institutional Venture Partners (IVP)": the gold may use the acronym
        out.add("".join(w[0] for w in words))
    return out


class Namer:
    """Turns a proposal's entity IRIs into the gold names of one article."""

    def __init__(self, names: dict[str, set[str]], gold: dict[str, set[str]]) -> None:
        self.names = names
        self.gold = {fold(name): name for name in gold}  # a whole name before any shortening
        for name in sorted(gold):
            for variant in sorted(_variants(fold(name))):
                self.gold.setdefault(variant, name)  # folded as the proposal's names are
        self.clusters = [g for g, fields in gold.items() if "cluster" in fields]

    def name(self, iri: str) -> str:
        folded = self.names.get(iri) or {fold(iri.rsplit("/", 1)[-1].replace("-", " "))}
        for own in sorted(folded):
            if own in self.gold:
                return self.gold[own]
        for own in sorted(folded):
            for variant in sorted(_variants(own)):
                if variant in self.gold:
                    return self.gold[variant]
        for own in sorted(folded):
            words = set(own.split())
            for cluster in self.clusters:
                theirs = set(cluster.split())
                if words and (words <= theirs or theirs <= words):
                    return cluster
        return min(folded)

    def term(self, value: str) -> str:
        if value in STATUSES:
            return STATUSES[value]
        return self.name(value) if value.startswith(("http://", "https://")) else value


DERIVED_PRE = """SELECT ?a ?c WHERE { ?r aikg:fundedOrganization ?a ; aikg:derivation ?d ;
    aikg:preMoneyValuation/aikg:amount ?c }"""
"""A pre-money valuation the ingester worked out (post − raised) is the gold's ``derived``."""


RESTATED = """SELECT ?a ?c ?d WHERE { ?s aikg:stateOf ?a ; aikg:totalChips ?c ; aikg:status ?d .
    { SELECT ?s (SUM(?q) AS ?sum) WHERE { ?s aikg:hasAllocation/aikg:quantity ?q } GROUP BY ?s }
    FILTER(?sum = ?c) }"""
"""A cluster state's total that only restates its models' counts ("100,000 H100 GPUs" gives the
H100 allocation and, in the graph's data model, the same total): the set's gold lists the
model's count alone, so the scorer leaves such a total out rather than call it wrong."""


def proposal_keys(proposal: Graph, namer: Namer) -> dict[str, set[tuple[str, ...]]]:
    """The proposal's core-type keys with gold names for its entities."""
    keys = quality.fact_keys(proposal)
    restated = {(str(a), "total", quality.plain(c), str(d)) for a, c, d in proposal.query(
        RESTATED, initNs={"aikg": AIKG})}
    keys["chip counts"] = {k for k in keys["chip counts"] if k not in restated}
    derived = {(str(a), quality.plain(c)) for a, c in proposal.query(
        DERIVED_PRE, initNs={"aikg": AIKG})}
    keys["valuations"] = {(a, b, c, STATUS_DERIVED if b == "pre" and (a, c) in derived else d)
                          for a, b, c, d in keys["valuations"]}
    out = {}
    for kind, rows in keys.items():
        named = {tuple(namer.term(v) for v in row) for row in rows}
        out[kind] = {tuple(sorted(k)) for k in named} if kind == "competition" else named
    return out


def new_entities(proposal: Graph, gold: dict[str, set[str]],
                 namer: Namer) -> tuple[int, int, list[tuple[str, bool]]]:
    """(right, proposed, [(label, right)]) for the proposal's new entities."""
    judged = []
    for _, _, node in proposal.triples((None, AIKG.proposes, None)):
        if str(proposal.value(node, AIKG.extractionMethod)) != "linking:new-name":
            continue
        label = str(proposal.value(node, RDFS.label) or node)
        classes = set(proposal.objects(node, RDF.type))
        name = namer.name(str(node))
        right = name in gold and any(_fits(f, classes) for f in gold[name])
        judged.append((label, right))
    judged.sort()
    return sum(r for _, r in judged), len(judged), judged


def _fits(field_name: str, classes: set) -> bool:
    if field_name in ENTITY_FIELDS:
        wanted = ENTITY_FIELDS[field_name]
        if wanted is None:
            return True
        if wanted == AIKG.AIModel:
            return bool(classes & {AIKG.AIModel, AIKG.LanguageModel})
        return wanted in classes
    return bool(classes & {AIKG.Organization, AIKG.Company, AIKG.InvestmentFirm})


@dataclass
class Result:
    """Scores of one article."""

    article: Article
    scores: dict[str, quality.Score]
    new_right: int
    new_total: int
    judged: list[tuple[str, bool]]
    missed: dict[str, set[tuple[str, ...]]]
    wrong: dict[str, set[tuple[str, ...]]]


def score_article(article: Article, proposal: Graph, store_names: dict[str, set[str]]) -> Result:
    """Score one proposal against its article's gold."""
    gold = gold_entities(article.facts)
    names = {**store_names}
    for iri, own in names_of(proposal).items():
        names[iri] = names.get(iri, set()) | own
    namer = Namer(names, gold)
    expected, proposed = gold_keys(article.facts), proposal_keys(proposal, namer)
    right, total, judged = new_entities(proposal, gold, namer)
    return Result(article, quality.score(expected, proposed), right, total, judged,
                  {k: expected[k] - proposed[k] for k in expected},
                  {k: proposed[k] - expected[k] for k in proposed})


def total(results: list[Result]) -> dict[str, quality.Score]:
    """Micro-averaged scores per type (and ``all``) over several articles."""
    out = {}
    for kind in (*quality.CORE_TYPES, "all"):
        out[kind] = quality.Score(sum(r.scores[kind].matched for r in results),
                                  sum(r.scores[kind].proposed for r in results),
                                  sum(r.scores[kind].expected for r in results))
    return out
