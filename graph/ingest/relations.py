"""Run the extraction rules over an article, sentence by sentence, and tidy what they find.

Reading order matters for three things the rules need from earlier sentences:

* the last cluster named ("o cluster dobrará" refers back to Colossus);
* the time of the paragraph so far ("Em setembro … . O Colossus … com 100.000 chips" dates
  the chip count to September); a paragraph break forgets it;
* each organization's last funding round ("Esta ronda … elevou a avaliação").

After the pass: states of one cluster read in nearby sentences are merged, the unstated
remainder of a planned cluster and the unstated pre-money valuation of a round read from a
funding verb (actual or reported) are
derived (status ``Derived``), rival lists without a named counterpart ("concorrentes de IA como
OpenAI e Meta") are tied to the article's focus (the organization mentioned most often among
those that develop, operate, own or raise money in it), and duplicate binary facts are kept
once (the first sentence, the highest confidence).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from graph.ingest import (
    coref,
    kinds,
    lists,
    rules_compute,
    rules_events,
    rules_founders,
    rules_funding,
    rules_investors,
    rules_makers,
    rules_org,
    rules_rivals,
    rules_roles,
    rules_valuations,
    sites,
)
from graph.ingest.facts import ClusterFact, EventFact, Fact, HoldingFact, Relation, RoundFact, When
from graph.ingest.linking import Mention
from graph.ingest.quantities import find_amounts, find_times
from graph.ingest.sentence import Doc, View
from graph.ingest.text import split_sentences
from graph.vocab import AIKG

FOCUS_PREDICATES = ("develops", "operates", "owns")
CONFIDENT_NEW = 0.6
PERSON = str(AIKG.Person)
"""A new name is proposed as an entity when a fact uses it, or when a cue word or its own form
gave its class (confidence 0.6); a name only its shape classed ("Paris", "Overviews") is not,
nor a person no fact uses (people enter the graph through what they lead or found: a quoted
officer or a visiting politician is no entity of it)."""


@dataclass
class Extraction:
    """Everything read from one article."""

    facts: list[Fact]
    new: dict[str, Mention]        # proposed new entities by IRI (first mention)
    ambiguous: list[Mention]


def views(doc: Doc, published_date: object) -> list[View]:
    """The article's sentences with their mentions, amounts and times."""
    mentions = coref.resolve(doc.gazetteer.find_mentions(doc.text, doc.lang), doc.gazetteer,
                             doc.lang)
    mentions = lists.share_classes(doc.text, mentions, doc.gazetteer)
    mentions = kinds.reclass(doc.text, mentions, doc.gazetteer)
    names = [(m.start, m.end) for m in mentions]
    amounts = [a for a in find_amounts(doc.text, doc.lang)  # not the "3" of "Llama 3"
               if not any(s < a.end and a.start < e for s, e in names)]
    mentions = sites.site_mentions(doc.text, mentions, amounts, doc.gazetteer)
    times = find_times(doc.text, doc.lang, published_date)  # type: ignore[arg-type]
    out = []
    for sentence in split_sentences(doc.text):
        inside = lambda span: sentence.start <= span.start and span.end <= sentence.end  # noqa: E731
        out.append(View(doc, sentence, [m for m in mentions if inside(m)],
                        [a for a in amounts if inside(a)], [t for t in times if inside(t)]))
    return out


def extract(doc: Doc, published_date: object = None) -> Extraction:
    """Run every rule over ``doc``; see the module docstring for the order of things."""
    sentences = views(doc, published_date)
    names = Counter(m.entity for v in sentences for m in v.mentions)
    chips = {v.iri(m) for v in sentences for m in v.of(AIKG.ChipModel)}
    site_chips = {v.iri(m): next(iter(chips)) for v in sentences for m in v.mentions
                  if sites.is_site(m)} if len(chips) == 1 else {}
    relations: list[Relation] = []
    states: list[ClusterFact] = []
    holdings: list[HoldingFact] = []
    rounds: list[RoundFact] = []
    events: list[EventFact] = []
    last_rounds: dict[str, RoundFact] = {}
    last_cluster: str | None = None
    context: When | None = None
    previous_end = 0
    previous_org: str | None = None
    mentioned: Counter[str | None] = Counter()
    for view in sentences:
        if "\n" in doc.text[previous_end:view.start]:
            context, previous_org = None, None
        previous_end = view.end
        named = Counter(doc.iri(m) for m in view.of(AIKG.Organization))
        mentioned.update(named)
        so_far = mentioned.most_common(1)[0][0] if mentioned else None
        relations += [*rules_org.roles(view, previous_org or so_far),
                      *rules_founders.founders(view, previous_org or so_far),
                      *rules_roles.titled(view, previous_org or so_far),
                      *rules_funding.backers(view, previous_org or so_far),
                      *rules_investors.stakes(view, previous_org or so_far,
                                               [o for o, _ in mentioned.most_common() if o]),
                      *rules_makers.makers(view), *sites.operators(view),
                      *rules_org.developers(view), *rules_org.operators(view, last_cluster,
                                                                previous_org or so_far)]
        found = list(rules_compute.cluster_states(view, last_cluster, context, site_chips))
        states += found
        for event in [*rules_events.announcements(view, bool(found)), *rules_events.meetings(view)]:
            event.when = event.when or (context if event.kind == "Announcement" else None)
            events.append(event)
        clusters_of = {r.subject: r.object for r in relations
                       if r.predicate in ("operates", "owns")}
        relations += rules_events.trained_on(view, clusters_of, last_cluster)
        holdings += rules_compute.holdings(view)
        found_rounds = list(rules_funding.rounds(view, previous_org or so_far)) or list(
            rules_valuations.noun_rounds(view, last_rounds, previous_org or so_far))
        for fact in found_rounds:
            rounds.append(fact)
            rounds += rules_valuations.leftovers(view, fact)
            last_rounds.pop(fact.organization, None)
            last_rounds[fact.organization] = fact
        if not found_rounds:
            rounds += [f for f in rules_valuations.valuations(view, last_rounds,
                                                              previous_org or so_far)
                       if f not in rounds]
        rules_funding.participants(view, last_rounds)
        orgs = [m for m in view.of(AIKG.Organization)
                if not m.new or m.confidence >= 0.5 or names[m.entity] > 1]
        previous_org = view.iri(orgs[0]) if orgs else None  # not a name named once, by shape
        clusters = view.of(AIKG.ComputeCluster)
        last_cluster = view.iri(clusters[-1]) if clusters else last_cluster
        context = view.point_time() or context
    focus = _focus(doc, sentences, relations, rounds)
    relations += rules_makers.family_makers(sentences, relations)
    relations += sites.orphans(sentences, relations, focus)
    for view in sentences:
        relations += rules_rivals.competition(view, focus)
    products = {doc.iri(m) for v in sentences for m in v.of(AIKG.Product, AIKG.AIModel)}
    relations = rules_rivals.lift(relations, {p for p in products if p})
    states = rules_compute.merge_states(states)
    rules_compute.derive_remainder(states)
    for fact in rounds:
        rules_funding.derive_pre_money(fact)
    facts: list[Fact] = [*_one_chief(_unique(relations)), *states, *holdings, *rounds, *events]
    used = set(_strings(facts))
    new = {iri: m for iri, m in _new_entities(doc, sentences).items()
           if iri in used or m.confidence >= CONFIDENT_NEW and m.class_guess != PERSON}
    return Extraction(facts, new, _ambiguous(sentences))


def _focus(doc: Doc, sentences: list[View], relations: list[Relation],
           rounds: list[RoundFact]) -> str | None:
    actors = {r.subject for r in relations if r.predicate in FOCUS_PREDICATES}
    actors |= {r.organization for r in rounds}
    counts = Counter(doc.iri(m) for v in sentences for m in v.mentions if doc.iri(m) in actors)
    if not counts:  # no actor: the organization the article names most
        counts = Counter(doc.iri(m) for v in sentences for m in v.of(AIKG.Organization)
                         if str(AIKG.MediaOutlet) not in doc.classes(m))
    return counts.most_common(1)[0][0] if counts else None


def _strings(value: object) -> Iterator[str]:
    """Every string inside facts (their entity IRIs among them)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))


def _unique(relations: list[Relation]) -> list[Relation]:
    kept: dict[tuple[str, str, str], Relation] = {}
    for relation in relations:
        key = relation.key()
        if relation.predicate == "competesWith":
            key = (min(relation.subject, relation.object), "competesWith",
                   max(relation.subject, relation.object))
        if key not in kept or relation.confidence > kept[key].confidence and \
                relation.start == kept[key].start:
            kept[key] = relation
    return list(kept.values())


def _one_chief(relations: list[Relation]) -> list[Relation]:
    """A person is chief executive of one organization in an article: where rules disagree,
    the surest reading wins ("Oracle's … chief executive Safra Catz" over the passage's
    OpenAI)."""
    best: dict[str, float] = {}
    for r in relations:
        if r.predicate == "chiefExecutive":
            best[r.object] = max(best.get(r.object, 0.0), r.confidence)
    return [r for r in relations
            if r.predicate != "chiefExecutive" or r.confidence >= best[r.object]]


def _new_entities(doc: Doc, sentences: list[View]) -> dict[str, Mention]:
    new: dict[str, Mention] = {}
    for view in sentences:
        for mention in view.mentions:
            iri = doc.iri(mention) if mention.new else None
            if iri and (iri not in new or len(mention.surface) > len(new[iri].surface)
                        and mention.surface[:-1] != new[iri].surface):
                new[iri] = mention  # its fullest name ("Mark Zuckerberg", not "Zuckerberg";
                # "GB200", not the plural "GB200s")
    return new


def _ambiguous(sentences: list[View]) -> list[Mention]:
    return [m for v in sentences for m in v.mentions if m.candidates and not m.entity]
