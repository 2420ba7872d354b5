"""Entity linking: which entities of the graph a text names, and which names are new.

A :class:`Gazetteer` indexes the entities (labelled subjects typed under ``aikg:Agent``,
``aikg:Product`` or ``aikg:ComputeCluster``; not fact nodes, articles or ontology terms) by the
folded tokens of their labels and ``skos:altLabel`` aliases in every language.
:meth:`Gazetteer.find_mentions` reads a whole text:

1. a token sequence in one sentence equal to a known name (ignoring case, accents, punctuation)
   is a candidate; the longest win ("NVIDIA H100" is one mention of the chip), then the leftmost;
2. a person's surname alone ("Musk") links to that person when no label or alias claims it and
   exactly one person has it; a name of several entities is ambiguous (all candidates reported);
3. :func:`graph.ingest.names.find_names` reads the other tokens: unknown proper names become
   new entities with a class guess and an IRI from :meth:`Gazetteer.new_iri` (the same name
   twice gives the same IRI; a new person's surname, and a new company's name without its
   suffix — "Mistral" after "Mistral AI" — link to them); :mod:`graph.ingest.compounds` joins
   compounds and successors ("Colossus 2"). Articles and quotes are never in a mention.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from graph.ingest.compounds import join_compounds
from graph.ingest.mention import Mention
from graph.ingest.names import find_names
from graph.ingest.text import Sentence, fold, split_sentences, tokens
from graph.ingest.words import STOP, SUFFIXES
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.vocab import AIKG, ID, PREFIXES

LABEL_CONFIDENCE, ALIAS_CONFIDENCE, SURNAME_CONFIDENCE = 1.0, 0.95, 0.9
ENTITY_ROOTS = frozenset({str(AIKG.Agent), str(AIKG.Product), str(AIKG.ComputeCluster)})
"""A labelled subject is an entity when one of its classes is, or is below, one of these."""
COMMON_WORDS = frozenset({"meta", "oracle", "quartz", "sequoia", "colossus", "grok", "tesla",
                          "apple", "amazon", "gemini", "llama", "mistral", "falcon", "claude"})
"""Names that are also ordinary words: written all in lower case they are not linked."""
ARTICLES = frozenset({"the", "a", "an", "o", "os", "as"})

_TYPE, _LABEL, _ALT, _SUB = (str(p) for p in (RDF.type, RDFS.label, SKOS.altLabel, RDFS.subClassOf))
_QUERY = ("SELECT ?s ?p ?o WHERE { VALUES ?p { rdf:type rdfs:label skos:altLabel "
          "rdfs:subClassOf } ?s ?p ?o FILTER(isIRI(?s)) }")
_GAP = re.compile(r"(?:[^\S\n]|[-‐‑–.,’'&/+]){0,3}")

Row = tuple[str, str, str, str | None]
"""(subject IRI, predicate IRI, object value, object language: None for an IRI)."""


@dataclass(frozen=True)
class Entity:
    """An entity of the gazetteer."""

    iri: str
    label: str
    """Preferred English label, else any label."""
    classes: frozenset[str]
    """Class IRIs, with every superclass the ontology declares."""


class Gazetteer:
    """Entities and their names, ready to be found in text (see :meth:`from_store`).

    Parameters
    ----------
    entities : iterable of (Entity, iterable of str, iterable of str)
        Each entity with its labels and its aliases.
    iris : iterable of str
        IRIs already in use (new IRIs avoid them); the entities' IRIs are always included.
    parents : mapping of str to set of str
        The ontology's ``rdfs:subClassOf`` links, for :meth:`classes_of`.
    """

    def __init__(self, entities: Iterable[tuple[Entity, Iterable[str], Iterable[str]]],
                 iris: Iterable[str] = (), parents: dict[str, set[str]] | None = None) -> None:
        self._parents = parents or {}
        self._ancestry: dict[str, frozenset[str]] = {}
        self._entities: dict[str, Entity] = {}
        self._names: dict[tuple[str, ...], dict[str, float]] = defaultdict(dict)
        surnames: dict[str, set[str]] = defaultdict(set)
        for entity, labels, aliases in entities:
            self._entities[entity.iri] = entity
            named = [(n, LABEL_CONFIDENCE) for n in labels]
            named += [(n, ALIAS_CONFIDENCE) for n in aliases]
            for name, confidence in named:
                key = tuple(fold(name).split())
                if not key or (len(key) == 1 and (key[0] in STOP or key[0].isdigit())):
                    continue
                found = self._names[key]
                found[entity.iri] = max(confidence, found.get(entity.iri, 0.0))
                last = tokens(name)[-1]
                if (str(AIKG.Person) in entity.classes and len(key) > 1
                        and name[last[0]].isupper()):
                    surnames[last[2]].add(entity.iri)
        self._surnames = {k: dict.fromkeys(v, SURNAME_CONFIDENCE) for k, v in surnames.items()}
        self._prefixes = {key[:n] for key in self._names for n in range(1, len(key) + 1)} | {
            (k,) for k in self._surnames}
        self._longest = max((len(k) for k in self._names), default=1)
        self._iris = set(iris) | set(self._entities)

    @classmethod
    def from_store(cls, kg: KnowledgeStore) -> Gazetteer:
        """The gazetteer of what the store knows (ontology included; proposals left out)."""
        rows: list[Row] = []
        for row in kg.select(_QUERY, prefixes=PREFIXES, **queries.known_dataset(kg)):
            s, p, o = row["s"].value, row["p"].value, row["o"]
            if isinstance(o, ox.Literal | ox.NamedNode):
                lang = (o.language or "") if isinstance(o, ox.Literal) else None
                rows.append((s, p, o.value, lang))
        return cls._from_rows(rows)

    @classmethod
    def from_graph(cls, graph: rdflib.Graph | rdflib.Dataset) -> Gazetteer:
        """The gazetteer of an rdflib graph; for a dataset, of the union of its graphs."""
        rows: list[Row] = []
        for predicate in (RDF.type, RDFS.label, SKOS.altLabel, RDFS.subClassOf):
            union = isinstance(graph, rdflib.ConjunctiveGraph)
            triples = ((q[0], q[1], q[2]) for q in graph.quads((None, predicate, None))) \
                if union else graph.triples((None, predicate, None))
            for s, p, o in triples:
                if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.Literal | rdflib.URIRef):
                    lang = (o.language or "") if isinstance(o, rdflib.Literal) else None
                    rows.append((str(s), str(p), str(o), lang))
        return cls._from_rows(rows)

    @classmethod
    def _from_rows(cls, rows: Iterable[Row]) -> Gazetteer:
        types: dict[str, set[str]] = defaultdict(set)
        parents: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, set[tuple[str, str]]] = defaultdict(set)
        aliases: dict[str, set[str]] = defaultdict(set)
        rows = list(rows)
        for s, p, o, lang in rows:
            if lang is None and p == _TYPE:
                types[s].add(o)
            elif lang is None and p == _SUB:
                parents[s].add(o)
            elif lang is not None and p == _LABEL:
                labels[s].add((o, lang))
            elif lang is not None and p == _ALT:
                aliases[s].add(o)
        memo: dict[str, frozenset[str]] = {}
        entries = []
        for iri in sorted(labels.keys() & types.keys()):
            classes = frozenset().union(*(_ancestors(t, parents, memo) for t in types[iri]))
            if classes & ENTITY_ROOTS:
                entity = Entity(iri, _preferred(labels[iri]), classes)
                entries.append((entity, sorted(n for n, _ in labels[iri]), sorted(aliases[iri])))
        return cls(entries, {row[0] for row in rows}, dict(parents))

    def entity(self, iri: str) -> Entity | None:
        """The entity with this IRI, or ``None``."""
        return self._entities.get(iri)

    def classes_of(self, cls: str) -> frozenset[str]:
        """``cls`` and every class above it in the ontology (for a new name's class guess)."""
        return _ancestors(str(cls), self._parents, self._ancestry)

    def new_iri(self, name: str) -> str:
        """``https://w3id.org/aikg/id/<slug>`` for a new entity called ``name``.

        The slug is the folded name with hyphens ("Mira Murati" → ``mira-murati``); if that
        IRI is taken, ``-2``, ``-3`` … are appended.
        """
        slug = "-".join(fold(name).split())[:80].strip("-") or "entity"
        iri, n = str(ID[slug]), 1
        while iri in self._iris:
            n += 1
            iri = str(ID[f"{slug}-{n}"])
        return iri

    def find_mentions(self, text: str, lang: str) -> list[Mention]:
        """Known and new names in ``text``, sorted by start and never overlapping.

        Parameters
        ----------
        text : str
            The whole article.
        lang : {"pt", "en"}
            Its language; only checked (both languages' stop lists always apply).
        """
        if lang not in ("pt", "en"):
            raise ValueError(f"unsupported language {lang!r}; use 'pt' or 'en'")
        toks = tokens(text)
        sentences = split_sentences(text)
        starts = [s.start for s in sentences]
        sentence_of = [max(0, bisect.bisect_right(starts, t[0]) - 1) for t in toks]
        mentions = self._known(text, toks, sentence_of, covered := [False] * len(toks))
        mentions += self._new(text, toks, sentence_of, sentences, covered)
        return join_compounds(text, sorted(mentions, key=lambda m: m.start), self.new_iri,
                              self.entity)

    def _known(self, text: str, toks: list[tuple[int, int, str]], sentence_of: list[int],
               covered: list[bool]) -> list[Mention]:
        hits = []
        for i in range(len(toks)):
            key: tuple[str, ...] = ()
            for j in range(i, min(len(toks), i + self._longest)):
                if j > i and (sentence_of[j] != sentence_of[i]
                              or not _GAP.fullmatch(text[toks[j - 1][1]:toks[j][0]])):
                    break
                key += (toks[j][2],)
                if key not in self._prefixes:
                    break
                found = self._lookup(text[toks[i][0]:toks[j][1]], key)
                if found:
                    hits.append((i, j + 1, found))
        mentions = []
        for i, j, found in sorted(hits, key=lambda c: (c[0] - c[1], c[0])):
            if any(covered[i:j]):
                continue
            covered[i:j] = [True] * (j - i)
            while j - i > 1 and toks[i][2] in ARTICLES:
                i += 1
            start, end = toks[i][0], toks[j - 1][1]
            iris = tuple(sorted(found))
            entity, candidates = (iris[0], ()) if len(iris) == 1 else (None, iris)
            mentions.append(Mention(start, end, text[start:end], entity, candidates, False,
                                    None, max(found.values())))
        return mentions

    def _lookup(self, surface: str, key: tuple[str, ...]) -> dict[str, float] | None:
        """IRIs (with confidence) that the name ``surface`` (folded: ``key``) may refer to."""
        lower = not any(c.isupper() for c in surface)
        if len(key) == 1 and lower and key[0] in COMMON_WORDS:
            return None
        found = self._names.get(key)
        if not found and len(key) == 1 and surface[:1].isupper():
            found = self._surnames.get(key[0])
        return found or None

    def _new(self, text: str, toks: list[tuple[int, int, str]], sentence_of: list[int],
             sentences: list[Sentence], covered: list[bool]) -> list[Mention]:
        names = find_names(text, toks, sentence_of, sentences, covered)
        guesses: dict[str, tuple[float, str]] = {}
        iris: dict[str, str] = {}
        for name in names:
            if not name.weak:
                key = fold(text[name.start:name.end])
                iris.setdefault(key, self.new_iri(text[name.start:name.end]))
                guess = (name.confidence, name.class_guess)
                guesses[key] = max(guesses.get(key, guess), guess)
        people: dict[str, set[str]] = defaultdict(set)
        for key, (_, class_guess) in guesses.items():
            if class_guess == str(AIKG.Person) and " " in key:
                people[key.rsplit(" ", 1)[1]].add(key)
        shorts: dict[str, set[str]] = defaultdict(set)  # "Mistral" for a new "Mistral AI"
        for key in guesses:
            words = key.split()
            if len(words) > 1 and words[-1] in SUFFIXES:
                shorts[" ".join(words[:-1])].add(key)
        mentions = []
        for name in names:
            surface = text[name.start:name.end]
            key = fold(surface)
            if key in shorts and key not in people:  # a new company's name without its suffix
                owners = tuple(sorted(iris[k] for k in shorts[key]))
                confidence, class_guess = guesses[min(shorts[key])]
                entity, candidates = (owners[0], ()) if len(owners) == 1 else (None, owners)
            elif key in people:  # a new person's surname
                owners = tuple(sorted(iris[k] for k in people[key]))
                confidence, class_guess = guesses[min(people[key])]
                entity, candidates = (owners[0], ()) if len(owners) == 1 else (None, owners)
            elif key in guesses:  # weak names count when the name is also seen elsewhere
                confidence, class_guess = guesses[key]
                entity, candidates = iris[key], ()
            else:
                continue
            mentions.append(Mention(name.start, name.end, surface, entity, candidates, True,
                                    class_guess, confidence))
        return mentions


def _ancestors(cls: str, parents: dict[str, set[str]],
               memo: dict[str, frozenset[str]]) -> frozenset[str]:
    """``cls`` and every class above it (cycles allowed)."""
    if cls not in memo:
        seen, todo = {cls}, [cls]
        while todo:
            new = parents.get(todo.pop(), set()) - seen
            seen |= new
            todo.extend(new)
        memo[cls] = frozenset(seen)
    return memo[cls]


def _preferred(labels: set[tuple[str, str]]) -> str:
    """The English label if there is one, else an untagged one, else any (stable order)."""
    return min(labels, key=lambda label: (
        {"en": 0, "": 2}.get(label[1], 1 if label[1].startswith("en-") else 3), label[0]))[0]


__all__ = ["ENTITY_ROOTS", "Entity", "Gazetteer", "Mention"]
