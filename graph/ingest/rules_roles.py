"""Roles named by a title before a person, whose organization the sentence leaves implicit.

News writes "chief executive Sam Altman", "Founder and chief executive Brett Adcock",
"o fundador e CEO Mark Zuckerberg", "comandada pelo CEO Tareq Amin", "co-founders A, B and C"
and relies on the reader to know whose: the organization just before the title ("OpenAI chief
executive Sam Altman", "Google Cloud's CEO"), the one the title belongs to ("CEO da AMD"),
else the organization the passage is about (``context``: the first one of the sentence before,
or the article's most named). :func:`titled` reads these, title by title: every title word of
a run ("founder and chief executive") gives its role, and a founder title covers every person
of a list that follows it ("co-founders A, B and C"). A former role ("former chief executive",
"ex-CEO") is no role; nor is a title followed by no person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.ingest.facts import Relation
from graph.ingest.linking import Mention
from graph.ingest.nearby import COMPANY_ANAPHOR, OF, ORG, PERSON, relation, runs
from graph.ingest.sentence import View
from graph.vocab import AIKG

TITLE = re.compile(r"\b(?:(ceo|chief executive(?: officer)?|presidente executivo|"
                   r"diretor executivo|executivo chefe)|(co ?fundador(?:a|es)?|fundador(?:a|es)?|"
                   r"co ?founders?|founders?)|(chairman|chair|presidente do conselho|"
                   r"president|presidente))\b")
JOIN = re.compile(r"^(?:,|e|and|&|,? (?:e|and)(?: (?:o|a|the))?)?$")
FORMER = re.compile(r"\b(former|ex|antigo|antiga|ex ceo|one time|onetime|then)$")
LEAD_IN = re.compile(r"^(?:(?:o|a|e|the|its|seu|sua|atual|current|pelo|pela|por|by|de|do|da|"
                     r"with|com|and|under|sob|led|run|headed|comandad[ao]|liderad[ao]|"
                     r"chefiad[ao]|dirigid[ao])\s*)*$")
"""What may stand between the organization and the title when the title follows it."""
TO_PERSON = re.compile(r"^(?:,|the|o|a|its|seu|sua|de|do|da|of)?$")


def titled(view: View, context: str | None) -> Iterator[Relation]:
    """CEO and founder roles of "<title> <person>" (see the module docstring)."""
    people = view.of(*PERSON)
    orgs = [m for m in view.of(*ORG) if str(AIKG.MediaOutlet) not in view.doc.classes(m)
            and not view.cited(m)]
    for title_start, title_end, predicates in _title_runs(view):
        lead = view.gap(max(view.start, title_start - 12), title_start)
        if FORMER.search(lead.strip()):
            continue
        holder = _apposed(view, people, title_start, title_end)
        person = holder or next((p for p in people if p.start >= title_end), None)
        if person is None or not holder and not TO_PERSON.match(
                view.gap(title_end, person.start)):
            continue
        listed = [holder] if holder else next(
            (g for g in runs(view, people) if g[0] is person), [person])
        org, confidence = _owner(view, orgs, title_start, title_end, person), 0.8
        if org is None and FRONTED.match(view.flat.lstrip()):
            org, confidence = _fronted_subject(view, orgs, title_end), 0.6
        if org is None and orgs and orgs[0].end <= title_start and \
                not COMPANY_ANAPHOR.match(view.flat.lstrip()):
            org, confidence = view.iri(orgs[0]), 0.6  # the sentence's own subject
        elif org is None:
            org, confidence = context, 0.6
        if org is None or org in {view.iri(p) for p in listed}:
            continue
        for predicate in predicates:
            for someone in listed if predicate == "foundedBy" else listed[:1]:
                yield relation(view, "rule:title", confidence, org, predicate,
                               view.iri(someone))


FRONTED = re.compile(r"(fundad[ao]|founded|set up|criad[ao]|started|co ?founded)\b")
"""A sentence that opens with its founding ("Fundada em 2023 por A, …, a Mistral …")."""


def _apposed(view: View, people: list[Mention], start: int, end: int) -> Mention | None:
    """The person whose apposition holds the title: "Arthur Mensch, antigo investigador da
    DeepMind e atual presidente executivo, e …", "Aidan Gomez - coautor … e hoje CEO -, …"."""
    closing = re.match(r"\s*([-–—)]|,)", view.doc.text[end:view.end])
    before = [p for p in people if p.end <= start]
    if closing is None or not before:
        return None
    holder = before[-1]
    opener = re.match(r"\s*([-–—(]|,)", view.doc.text[holder.end:start])
    if opener is None or len(view.gap(holder.end, start).split()) > 14 or \
            (opener.group(1) == ",") != (closing.group(1) == ","):
        return None
    return holder


def _fronted_subject(view: View, orgs: list[Mention], after: int) -> str | None:
    """The organization a fronted founding clause describes: ", a Mistral apresenta-se"."""
    subject = next((m for m in orgs if m.start >= after and re.search(
        r",\s*(?:a|o|the)?\s*$", view.doc.text[after:m.start])), None)
    return view.iri(subject) if subject else None


def _title_runs(view: View) -> list[tuple[int, int, set[str]]]:
    """Title words joined by "and"/"e"/"," as one run with every role it names."""
    out: list[tuple[int, int, set[str]]] = []
    for match in TITLE.finditer(view.flat):
        start, end = view.start + match.start(), view.start + match.end()
        roles = {"chiefExecutive"} if match.group(1) else {"foundedBy"} if match.group(2) \
            else set()  # chairman, president: no role of ours, but part of the run
        if out and JOIN.match(view.gap(out[-1][1], start).strip()):
            out[-1] = (out[-1][0], end, out[-1][2] | roles)
        else:
            out.append((start, end, roles))
    return [run for run in out if run[2]]


def _owner(view: View, orgs: list[Mention], start: int, end: int,
           person: Mention) -> str | None:
    """The organization the title belongs to, if the sentence says it next to the title."""
    after = next((m for m in orgs if m.start >= end and m.start < person.start), None)
    if after and re.fullmatch(OF, view.gap(end, after.start)):
        return view.iri(after)  # "CEO da AMD, Lisa Su"
    before = [m for m in orgs if m.end <= start]
    if before and view.gap(before[-1].end, start).split()[:1] in (["e"], ["and"]):
        return None  # "investigador da DeepMind e atual presidente executivo": another's
    if before and (view.gap(before[-1].end, start) in ("", "s")
                   or LEAD_IN.match(view.gap(before[-1].end, start))
                   and len(view.gap(before[-1].end, start).split()) <= 2):
        return view.iri(before[-1])  # "OpenAI chief executive", "Google Cloud's CEO"
    return None
