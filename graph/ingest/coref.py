"""Short forms of names within one article: "Zuckerberg", "Dario", "Thrive", "H200s".

Articles name something in full once and shorten it afterwards (or before, in a headline). A
new name (one the gazetteer does not know) is linked to a fuller name of the same article
instead of becoming an entity of its own when it is:

* a person's surname or first name alone, and exactly one person of the article has it
  ("Mark Zuckerberg" … "Zuckerberg"; "Dario e Daniela Amodei" … "Dario") — the first name
  only of a person a cue or the gazetteer classed, not of a name only its shape made a person;
* the first word(s) of exactly one organization's name in the article ("Thrive Capital" …
  "Thrive", "Lightspeed Venture Partners" … "Lightspeed") when the words left out are a
  corporate form ("Google" is not "Google Cloud");
* a plural ("H200s", "GB200s") of a name the article or the gazetteer knows.

Deterministic: candidates are collected from the whole article first, then each short form is
relinked only when its candidate is unique.
"""

from __future__ import annotations

from dataclasses import replace

from graph.ingest.linking import Gazetteer, Mention
from graph.ingest.text import fold
from graph.ingest.words import INVESTOR_WORDS, SUFFIXES
from graph.vocab import AIKG

PERSON, ORGS = str(AIKG.Person), (str(AIKG.Organization),)
FIRM_FORMS = SUFFIXES | INVESTOR_WORDS | {"platforms", "holding", "management", "global"}
"""Words of a corporate form: the name without them is the same organization ("Thrive" for
Thrive Capital, "Meta" for Meta Platforms); another word makes another one (Google Cloud is
not Google)."""
SURE = 0.6
"""A new name classed a person by a cue ("CEO", "said"), not only by its two capitalised words:
its first name alone may stand for it."""


def resolve(mentions: list[Mention], gazetteer: Gazetteer, lang: str) -> list[Mention]:
    """``mentions`` with short new names linked to the fuller name they stand for."""
    people: dict[str, set[Mention]] = {}
    orgs: dict[tuple[str, ...], set[Mention]] = {}
    for m in mentions:
        words = fold(m.surface).split()
        if len(words) < 2 or not m.entity:
            continue
        classes = _classes(m, gazetteer)
        if PERSON in classes and (m.confidence >= SURE or not m.new):
            for word in (words[0], words[-1]):
                people.setdefault(word, set()).add(m)
        elif PERSON in classes:  # only its shape says person: "Microsoft Azure" is no "Microsoft"
            people.setdefault(words[-1], set()).add(m)
        elif classes & set(ORGS):
            for n in range(1, len(words)):
                if all(w in FIRM_FORMS for w in words[n:]):  # "Thrive" for Thrive Capital,
                    orgs.setdefault(tuple(words[:n]), set()).add(m)  # not Google for Google Cloud
    out = []
    for m in mentions:
        full = _fuller(m, people, orgs, mentions, gazetteer, lang) if m.new else None
        if full is None:
            out.append(m)
        else:
            out.append(replace(m, entity=full.entity, new=full.new,
                               class_guess=full.class_guess, confidence=min(
                                   m.confidence, full.confidence)))
    return out


def _classes(m: Mention, gazetteer: Gazetteer) -> frozenset[str]:
    entity = gazetteer.entity(m.entity) if m.entity else None
    if entity is not None:
        return entity.classes
    return gazetteer.classes_of(m.class_guess) if m.class_guess else frozenset()


def _unique(found: set[Mention]) -> Mention | None:
    entities = {m.entity for m in found}
    return min(found, key=lambda m: m.start) if len(entities) == 1 else None


def _fuller(m: Mention, people: dict[str, set[Mention]], orgs: dict[tuple[str, ...], set[Mention]],
            mentions: list[Mention], gazetteer: Gazetteer, lang: str) -> Mention | None:
    words = tuple(fold(m.surface).split())
    if len(words) == 1 and words[0] in people and (
            m.class_guess in (None, PERSON) or len(people[words[0]]) == 1):
        full = _unique(people[words[0]])
        if full is not None and full.entity != m.entity:
            return full
    if words in orgs and PERSON != m.class_guess:
        full = _unique(orgs[words])
        if full is not None and full.entity != m.entity:
            return full
    if len(words) == 1 and m.surface.endswith("s") and len(m.surface) > 2:
        singular = fold(m.surface[:-1])
        same = {x for x in mentions if x.entity and not x.new and fold(x.surface) == singular}
        if not same:
            same = {x for x in gazetteer.find_mentions(m.surface[:-1], lang)
                    if x.entity and not x.new and x.end - x.start == len(m.surface) - 1}
        if not same:
            same = {x for x in mentions if x.entity and fold(x.surface) == singular}
        return _unique(same)
    return None
