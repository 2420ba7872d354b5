"""Compute sites the text does not name: "Em Sines, … a Nscale prevê pôr a funcionar cerca de
12.600 GPUs", "104.000 GPUs num campus … no Texas", "a Humain vai receber um supercomputador
com 18 mil chips GB300".

A sentence that counts chips (a number with a chip noun or a chip model after it) and names
no cluster speaks of a site: the place it gives ("em Sines", "in Abilene", "no Texas") or the
cluster noun it uses without a name ("um supercomputador", "a new cluster"); a country is too
wide to be a site. The site becomes
a new cluster named by its operator — the organization that is the sentence's subject — and
the place ("Nscale Sines"), the place alone when the sentence names no single operator
("Texas", "Abilene"), or the operator and the noun ("Humain supercomputer"; labels are
English). :func:`site_mentions` adds these names before the rules run, so the chip-count rule
reads them as any named cluster; :func:`operators` gives the operator of each, and
:func:`orphans` the article's organization to a site whose sentence names none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.ingest.facts import Relation
from graph.ingest.linking import Gazetteer, Mention
from graph.ingest.nearby import relation
from graph.ingest.quantities import Amount
from graph.ingest.sentence import View, flat
from graph.ingest.text import split_sentences
from graph.ingest.words import CALENDAR, COUNTRIES, PLACES, STOP, STOP_NAMES
from graph.vocab import AIKG

CLUSTER, ORG, CHIP = str(AIKG.ComputeCluster), str(AIKG.Organization), str(AIKG.ChipModel)
METHOD = "rule:site"
SITE = 0.59
"""The confidence of a site's name: it is made up, so a little below a cue's (0.6)."""
COUNTED = re.compile(r"\s*([a-z0-9]+\s+){0,2}?(chips?|gpus?|superchips?|processadores|"
                     r"processors|aceleradores|accelerators|unidades)\b")
UNITS = {"chips", "gpus", "units", "unidades", "processors", "accelerators", "superchips"}
PLACE = re.compile(r"\b(?:[Ee]m|[Ii]n|[Nn]o|[Nn]a|[Nn]um|[Aa]t|[Dd]e)\s+"
                   r"((?:[A-Z][\w-]+)(?:\s+[A-Z][\w-]+)?)")
NOUNS = {"supercomputador": "supercomputer", "supercomputer": "supercomputer",
         "cluster": "cluster", "supercluster": "supercluster", "data center": "data center",
         "datacenter": "data center", "data centre": "data centre",
         "centro de dados": "data centre"}
UNNAMED = re.compile(r"\b(um|uma|a|an|one)\s+(?:novo\s+|new\s+)?(supercomputador|"
                     r"supercomputer|cluster|supercluster|data center|datacenter|data centre|"
                     r"centro de dados)\b")
OBJECT = re.compile(r"\b(d[ao]s?|de|of|to|with|com|ao|para|for|by|pel[ao]|entre|between|em|in|"
                    r"n[ao]s?|num|at)"
                    r"(\s+(a|o|as|os|the))?\s*$")
"""Words before an organization that make it no subject: "no campus da Start Campus",
"arrendado à Ionic Digital"."""


def site_mentions(text: str, mentions: list[Mention], amounts: list[Amount],
                  gazetteer: Gazetteer) -> list[Mention]:
    """New cluster mentions for the unnamed sites of sentences that count chips."""
    folded = flat(text)
    out = []
    for sentence in split_sentences(text):
        inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
        classes = [_classes(m, gazetteer) for m in inside]
        if any(CLUSTER in c for c in classes):
            continue
        count = next((a for a in amounts if sentence.start <= a.start < sentence.end
                      and not a.currency and not a.year_like and _counts_chips(
                          folded, a, inside, classes)), None)
        if count is None:
            continue
        subject = _subject(text, inside, classes, count.start, sentence.start)
        site = _place(text, inside, sentence.start, sentence.end)
        if site is not None:
            start, end = site
            name = f"{subject.surface} {text[start:end]}" if subject else text[start:end]
        else:
            noun = UNNAMED.search(folded, sentence.start, sentence.end)
            if noun is None or subject is None:
                continue
            start, end = noun.start(2), noun.end(2)
            name = f"{subject.surface} {NOUNS[' '.join(noun.group(2).split())]}"
        out.append(Mention(start, end, name, gazetteer.new_iri(name), (), True, CLUSTER, SITE))
    kept = [m for m in mentions if not any(o.start < m.end and m.start < o.end for o in out)]
    return sorted([*kept, *out], key=lambda m: m.start)


def is_site(m: Mention) -> bool:
    """Whether ``m`` is a site :func:`site_mentions` made."""
    return m.new and m.class_guess == CLUSTER and m.confidence == SITE


def operators(view: View) -> Iterator[Relation]:
    """The subject of a site's sentence operates the site."""
    classes = [view.doc.classes(m) for m in view.mentions]
    count = next((a.start for a in view.amounts if not a.currency and not a.year_like), view.end)
    for m in view.mentions:
        if is_site(m) and m.surface != view.doc.text[m.start:m.end]:
            subject = _subject(view.doc.text, view.mentions, classes, count, view.start)
            if subject is not None and m.surface.startswith(subject.surface + " "):
                yield relation(view, METHOD, 0.6, view.iri(subject), "operates", view.iri(m))


def orphans(views: list[View], relations: list[Relation], focus: str | None) -> Iterator[Relation]:
    """A site the sentence names no operator of ("104.000 GPUs … no Texas") is the article's
    organization's (its focus), when no other fact says who operates or owns it."""
    held = {r.object for r in relations if r.predicate in ("operates", "owns")}
    for view in views:
        for m in view.mentions:
            if focus and is_site(m) and view.iri(m) not in held:
                held.add(view.iri(m))
                yield relation(view, METHOD, 0.5, focus, "operates", view.iri(m))


def _classes(m: Mention, gazetteer: Gazetteer) -> frozenset[str]:
    entity = gazetteer.entity(m.entity) if m.entity and not m.new else None
    if entity is not None:
        return entity.classes
    return gazetteer.classes_of(m.class_guess) if m.class_guess else frozenset()


def _counts_chips(folded: str, amount: Amount, inside: list[Mention],
                  classes: list[frozenset[str]]) -> bool:
    if amount.unit in UNITS or COUNTED.match(folded, amount.end):
        return True
    chip = next((m for m, c in zip(inside, classes) if CHIP in c and m.start >= amount.end),
                None)
    return chip is not None and len(folded[amount.end:chip.start].split()) <= 2


def _subject(text: str, inside: list[Mention], classes: list[frozenset[str]], before: int,
             start: int) -> Mention | None:
    """The one organization of the sentence, before ``before``, that is no object of a
    preposition ("a Nscale prevê", not "no campus da Start Campus"); none when two are joined
    ("OpenAI and Oracle planned")."""
    found = [m for m, c in zip(inside, classes) if ORG in c and m.end <= before
             and not OBJECT.search(flat(text[max(start, m.start - 12):m.start]))]
    if len(found) != 1:
        return None
    return found[0]


def _place(text: str, inside: list[Mention], start: int, end: int) -> tuple[int, int] | None:
    """The span of the first place the sentence gives ("em Sines", "in Abilene")."""
    taken = [(m.start, m.end) for m in inside if not m.new or m.confidence >= 0.6]
    for match in PLACE.finditer(text, start, end):
        words = flat(match.group(1)).split()
        if words[0] in STOP - PLACES or words[0] in CALENDAR | COUNTRIES or \
                " ".join(words) in STOP_NAMES:
            continue
        if any(a < match.end(1) and match.start(1) < b for a, b in taken):
            continue
        return match.start(1), match.end(1)
    return None

