"""Rules for founders: "<person> founded <org> (with …)", "<org>, founded by <person>", the
fronted founding clause ("Fundada em 2023 por A, … e pelos B e C, a X …") and "<person> and
his company, <org>" (split from :mod:`graph.ingest.rules_org`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.ingest.facts import Relation
from graph.ingest.linking import Mention
from graph.ingest.nearby import (
    ANAPHOR,
    COMPANY_ANAPHOR,
    ORG,
    PERSON,
    first_after,
    last_before,
    relation,
    runs,
)
from graph.ingest.sentence import View

FOUNDED_VERB = re.compile(r"\b(co ?fundou|fundou|co ?founded|founded|started|criou|set up|"
                          r"sets up)\b(?! (by|por|pel[ao]s?)\b)")
FOUNDED_BY = re.compile(r"\b(fundad[ao]s?|(co ?)?founded|set up|started|criad[ao]|"
                        r"established)( \w+){0,5}? (por|pel[ao]s?|by)\b")
"""A passive founding: "fundada em Toronto em 2019 por", "set up in 2021 by", "founded last
year by" (up to five words between the participle and the agent)."""
HIS_COMPANY = re.compile(r"^(e |and )?(sua|seu|a sua|o seu|his|her) (empresa|companhia|startup|"
                         r"company|firm)$")
COMPANY_NOUN = re.compile(r"\b(start ?up|empresa|company|firm|lab|laboratorio|companhia)\b")

def founders(view: View, company: str | None = None) -> Iterator[Relation]:
    """"<person> founded <org> (with <person> and <person>)", "<org>, founded by <person>",
    "<person> and his company, <org>"; "cofundou a empresa" stands for ``company``."""
    orgs, people = view.of(*ORG), view.of(*PERSON)
    for start, end in view.finds(FOUNDED_VERB):
        person = last_before(people, start, 3, view)
        subjects = _subjects(view, people, start)
        found = first_after(orgs, end, 3, view)
        org = view.iri(found) if found else (
            company if ANAPHOR.match(view.gap(end, view.end)) else None)
        person = person or (subjects[-1] if subjects else None)
        if person and org:
            after = [p for p in people if p.start > end and re.search(
                r"\b(com|with|alongside|together with|along with)$", view.gap(end, p.start))]
            partners = next((g for g in runs(view, people) if after and g[0] is after[0]), [])
            for founder in dict.fromkeys((*subjects, person, *partners)):
                yield relation(view, "rule:founded-verb", 0.85 if found else 0.6, org,
                                "foundedBy", view.iri(founder))
    for start, end in view.finds(FOUNDED_BY):
        yield from _founded_by(view, orgs, people, start, end, company)
    for person in people:
        for org in orgs:
            if org.start > person.end and HIS_COMPANY.match(view.gap(person.end, org.start)):
                yield relation(view, "rule:his-company", 0.5, view.iri(org), "foundedBy",
                                view.iri(person), "Implied")


SUBJECT_LEAD = re.compile(r"^((chief executive|ceo|president|presidente|chairman|co ?founder|"
                          r"cofundador|founder|fundador)( (and|e) )?)*$")


def _subjects(view: View, people: list[Mention], verb: int) -> list[Mention]:
    """The people joined by "and" who open the sentence as the verb's subject, each maybe
    titled or followed by an apposition: "Chief executive A, who led …, and B, a co-creator of
    AlphaGo, set up Reflection"."""
    out: list[Mention] = []
    cursor = view.start
    for person in [p for p in people if p.end <= verb]:
        lead = view.doc.text[cursor:person.start]
        if not out and SUBJECT_LEAD.match(view.gap(cursor, person.start)) or out and \
                re.search(r",?\s+(and|e)\s+$", lead):
            out.append(person)
            cursor = person.end
        elif out:
            return []
    tail = view.doc.text[cursor:verb]
    if out and (len(tail.split()) <= 1 or re.fullmatch(r",[^,]{1,80},\s*", tail)):
        return out
    return []


def _founded_by(view: View, orgs: list[Mention], people: list[Mention], start: int, end: int,
                company: str | None) -> Iterator[Relation]:
    """"<org>, (the start-up) founded by A, B and C", "The company, set up in 2021 by … A and
    his sister B", "Fundada em 2023 por A, …, e pelos B e C, a Mistral …": every person of the
    founding clause founded the organization it describes."""
    fronted = len(view.gap(view.start, start).split()) == 0
    org = last_before(orgs, start, 4, view) if not fronted else None
    described = COMPANY_ANAPHOR.match(view.flat.lstrip())
    if org and described and org.start < view.end - len(view.flat.lstrip()) + described.end():
        org = None  # "The Lisbon company, set up by …": the place is no founder's company
    if org and orgs[0] is not org and COMPANY_NOUN.search(view.gap(org.end, start)):
        org = orgs[0]  # "Mistral AI, the Paris start-up founded by …": the appositive's head
    if org is None and not fronted and orgs and orgs[0].end <= start and \
            len(view.gap(view.start, orgs[0].start).split()) == 0:
        org = orgs[0]  # "CoreWeave began life … as an outfit set up by …": the subject
    stop = view.end
    clause = view.doc.text[end:view.end]
    for mark in (";", " said", " disse", " afirmou"):
        if mark in clause:
            stop = min(stop, end + clause.index(mark))
    if fronted:  # the clause ends where its subject comes: ", a Mistral apresenta-se"
        after = [m for m in orgs if m.start >= end and
                 re.search(r",\s*(?:a|o|the)?\s*$", view.doc.text[end:m.start])]
        subject = next((m for m in after if any(p.end <= m.start for p in people)), None)
        org, stop = subject, subject.start if subject else stop
    iri = view.iri(org) if org else (
        company if ANAPHOR.match(view.flat.lstrip()) else None)  # "The company, founded by"
    founders = [p for p in people if end <= p.start < stop]
    if not iri or not founders or len(view.gap(end, founders[0].start).split()) > 8:
        return
    for person in founders:
        yield relation(view, "rule:founded-verb", 0.85 if org else 0.6, iri, "foundedBy",
                       view.iri(person))
