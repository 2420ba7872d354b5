"""Rules for binary facts between organizations, people and products (rivals:
:mod:`graph.ingest.rules_rivals`; chip makers: :mod:`graph.ingest.rules_makers`).

Each rule reads one :class:`~graph.ingest.sentence.View` and yields
:class:`~graph.ingest.facts.Relation` records. Patterns are written on the flat text (lower
case, no accents) in Portuguese and English; what may stand *between* two names is checked
with :meth:`View.gap`, so "o CEO da Tesla, Elon Musk", "Tesla CEO Elon Musk",
"Elon Musk, the chief executive of Tesla" and "Jensen Huang is the CEO of Nvidia" all match the
same role rule.

========================  ============================  =====================================
rule                      predicate                     cues
========================  ============================  =====================================
``rule:role``             chiefExecutive / foundedBy    CEO, chief executive, fundador, founder
``rule:founded-verb``     foundedBy                     fundou, founded, fundada por, founded by
``rule:his-company``      foundedBy (Implied)           "Musk e sua empresa, xAI"
``rule:developed-by``     develops                      "GPT-4 da OpenAI", "its model Grok"
``rule:operates``         operates                      colocou online, operates, runs, built
``rule:owns``             owns                          "seu cluster … Colossus", "xAI's Colossus"
========================  ============================  =====================================
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.ingest.facts import Relation
from graph.ingest.linking import Mention
from graph.ingest.nearby import ANAPHOR, OF, ORG, PERSON, first_after, last_before, relation
from graph.ingest.sentence import View
from graph.vocab import AIKG

ROLE_CUES = {
    "chiefExecutive": re.compile(r"\b(ceo|chief executive( officer)?|diretor executivo|"
                                 r"presidente executivo|executivo chefe)\b"),
    "foundedBy": re.compile(r"\b(co ?fundador(a|es)?|fundador(a|es)?|co ?founders?|founders?)\b"),
}
DEVELOP_VERB = re.compile(r"\b(desenvolve|desenvolveu|lancou|lanca|criou|develops?|developed|"
                          r"built|builds|launched|released|releases|trains|trained|training|treina|treinando)\b")
OPERATE_VERB = re.compile(r"\b(colocou online|pos online|colocou em operacao|pos em operacao|"
                          r"opera|operam|operates?|montou|"
                          r"concluiu a montagem d[oae]|assembled|finished building|completed|"
                          r"runs?|ran|brought online|brought|has brought|switch(es|ed)? on|"
                          r"turned on|ligou|activated|"
                          r"construiu|built|launched|lancou)\b")
POSSESSIVE = re.compile(r"\b(seu|sua|seus|suas|its|their)\b")
CLUSTER_NOUN = re.compile(r"\b(cluster|supercomputador|supercomputer|supercluster|sistema|"
                          r"system|data ?cent(er|re)|centro de dados)\b")
MODEL_NOUN = re.compile(r"\b(modelo|model|llm|chatbot|assistente|assistant)\b")

IS_TITLE = re.compile(r"(is|e|was|serves as|remains|continua|ocupa o cargo de|e hoje|"
                      r"is now|atual|now)( (o|a|the|its|seu|sua))?")
"""A person, then the title the passage's organization gives ("Intrator is chief executive")."""
ROLE_GAP = re.compile(r"((and|e) )?(chief executive( officer)?|ceo|co ?founder|cofundador|"
                      r"fundador|founder|presidente executivo)?")


def roles(view: View, previous_org: str | None = None) -> Iterator[Relation]:
    """CEO and founder roles around a role word: "<role> of <org>, <person>" and variants.

    A sentence that opens with the role ("Chief executive Jensen Huang said …") or with "the
    company" ("The company, led by co-founder and chief executive Jensen Huang, …") and ties no
    organization to it takes ``previous_org`` — the first organization of the sentence before
    (same paragraph), else the one the article has named most so far — at a lower confidence.
    """
    orgs, people = view.of(*ORG), view.of(*PERSON)
    for predicate, cue in ROLE_CUES.items():
        for start, end in view.finds(cue):
            org = _org_for_role(view, orgs, start, end)
            person = org and _person_for_role(view, people, org, start, end)
            if org and person:
                yield relation(view, "rule:role", 0.9, view.iri(org), predicate, view.iri(person))
            elif previous_org and (len(view.gap(view.start, start).split()) <= 1
                                   or ANAPHOR.match(view.flat.lstrip())):
                person = first_after(people, end, 4, view)
                if person and ROLE_GAP.fullmatch(view.gap(end, person.start)):
                    yield relation(view, "rule:role-previous-org", 0.5, previous_org,
                                    predicate, view.iri(person))
            if previous_org and not org:  # "Intrator is chief executive", "Dario ocupa o
                holder = last_before(people, start, 6, view)  # cargo de CEO"
                if holder and IS_TITLE.fullmatch(view.gap(holder.end, start)) and \
                        not re.match(OF, view.gap(end, view.end)):
                    yield relation(view, "rule:role-previous-org", 0.5, previous_org,
                                   predicate, view.iri(holder))


def _org_for_role(view: View, orgs: list[Mention], start: int, end: int) -> Mention | None:
    after = [m for m in orgs if m.start >= end and re.fullmatch(OF, view.gap(end, m.start))]
    if after and after[0].start - end < 12:
        return after[0]
    before = [m for m in orgs if m.end <= start and view.gap(m.end, start) in ("", "s")]
    if before:
        return before[-1]
    lead = view.gap(max(view.start, start - 8), start).split()
    if lead and lead[-1] in ("its", "seu", "sua") and orgs and orgs[0].end <= start:
        return orgs[0]
    return None


def _person_for_role(view: View, people: list[Mention], org: Mention, start: int,
                     end: int) -> Mention | None:
    anchor = max(org.end, end)
    for person in people:
        if person.start >= anchor and view.gap(anchor, person.start) in ("", "e", "and") \
                and person.start - anchor < 4:
            return person
    adjacent = org.end <= start and view.gap(org.end, start) in ("", "s")
    left = min(org.start, start) if adjacent or org.start > start else start
    for person in reversed(people):
        if person.end <= left and re.fullmatch(
                r"(e|is|was|who is|que e|como|as|(e |is |was )?(o|a|the|its|seu|sua))?"
                r"( ?(presidente do conselho|chairman|chair|president|presidente) (e|and))?",
                view.gap(person.end, left)):  # "Lisa Su, presidente do conselho e CEO da AMD"
            return person
    return None


def developers(view: View) -> Iterator[Relation]:
    """Who develops a model: "GPT-4 da OpenAI", "OpenAI's GPT-4", "its model, Grok", verbs."""
    models, orgs = view.of(AIKG.AIModel), view.of(*ORG)
    for model in models:
        org = first_after(orgs, model.end, 2, view)
        if org and re.fullmatch(OF, view.gap(model.end, org.start)):
            yield relation(view, "rule:developed-by", 0.85, view.iri(org), "develops",
                            view.iri(model))
        org = last_before(orgs, model.start, 1, view)
        if org and view.gap(org.end, model.start) == "s":
            yield relation(view, "rule:developed-by", 0.85, view.iri(org), "develops",
                            view.iri(model))
    subject = orgs[0] if orgs else None
    for start, end in view.finds(POSSESSIVE):
        model = first_after(models, end, 8, view)
        if subject and model and subject.end <= start and \
                MODEL_NOUN.search(view.gap(end, model.start)):
            yield relation(view, "rule:developed-by", 0.7, view.iri(subject), "develops",
                            view.iri(model))
    for start, end in view.finds(DEVELOP_VERB):
        org, model = last_before(orgs, start, 2, view), first_after(models, end, 4, view)
        if org and model:
            yield relation(view, "rule:developed-by", 0.8, view.iri(org), "develops",
                            view.iri(model))


WHICH_RUNS = re.compile(r"\b(that|which|que|o qual)\b")
RUN_VERB = re.compile(r"^(has |had |now |still )?(switched on|turned on|brought online|runs|ran|"
                      r"operates|built|wants to (grow|expand)|plans to (grow|expand)|opera|"
                      r"colocou em operacao|ligou|construiu)\b")
BUILT_BY = re.compile(r"\b(erguid[oa]|construid[oa]|built|being built|developed|desenvolvid[oa])"
                      r" (by|pel[oa])\b")


def _head(view: View, orgs: list[Mention], verb: int) -> Mention | None:
    """The organization that opens the sentence when an apposition stands before the verb
    ("A xAI, empresa de IA de Elon Musk, colocou em operação …")."""
    if orgs and orgs[0].end <= verb and len(view.gap(view.start, orgs[0].start).split()) <= 1:
        between = view.doc.text[orgs[0].end:verb].strip()
        if between.startswith(",") and between.endswith(","):
            return orgs[0]
    return None


THE_COMPANYS = re.compile(r"\b(d[ao]s? (novos? |novas? )?(supercomputador(es)?|clusters?|"
                          r"data ?centers?) d[ao] (empresa|companhia)|(the )?company s (new )?"
                          r"(supercomputers?|clusters?|data ?cent(er|re)s?))\b")
"""A cluster of "the company" (the organization the passage is about): "O primeiro dos novos
supercomputadores da empresa, batizado de Prometheus"."""


def operators(view: View, last_cluster: str | None,
              company: str | None = None) -> Iterator[Relation]:
    """Operator and owner of a cluster: "xAI colocou online seu cluster … Colossus"."""
    clusters, orgs = view.of(AIKG.ComputeCluster), view.of(*ORG)
    for _, end in view.finds(THE_COMPANYS):
        cluster = first_after(clusters, end, 4, view)
        if company and cluster:
            yield relation(view, "rule:owns", 0.6, company, "owns", view.iri(cluster))
    subject = orgs[0] if orgs else None
    for start, end in view.finds(OPERATE_VERB):
        org = last_before(orgs, start, 3, view) or _head(view, orgs, start)
        cluster = first_after(clusters, end, 8, view)
        if org and cluster:
            yield relation(view, "rule:operates", 0.8, view.iri(org), "operates",
                            view.iri(cluster))
    for start, end in view.finds(WHICH_RUNS):  # "Colossus, the supercomputer that xAI
        org = first_after(orgs, end, 1, view)  # switched on", "which xAI wants to grow"
        cluster = last_before(clusters, start, 4, view)
        if org and cluster and RUN_VERB.match(view.gap(org.end, view.end)):
            yield relation(view, "rule:operates", 0.7, view.iri(org), "operates",
                           view.iri(cluster))
    for start, end in view.finds(BUILT_BY):
        cluster, org = last_before(clusters, start, 6, view), first_after(orgs, end, 1, view)
        if org and cluster:  # "Hyperion, está sendo erguido pela Meta": the builder owns it
            yield relation(view, "rule:owns", 0.7, view.iri(org), "owns", view.iri(cluster))
    for start, end in view.finds(POSSESSIVE):
        cluster = first_after(clusters, end, 6, view)
        noun = view.gap(end, cluster.start) + " " + " ".join(
            view.gap(cluster.end, min(view.end, cluster.end + 20)).split()[:1]) if cluster else ""
        if subject and cluster and subject.end <= start and CLUSTER_NOUN.search(noun):
            yield relation(view, "rule:owns", 0.7, view.iri(subject), "owns", view.iri(cluster))
    for cluster in clusters:
        org = last_before(orgs, cluster.start, 1, view)
        if org and view.gap(org.end, cluster.start) == "s":
            yield relation(view, "rule:owns", 0.8, view.iri(org), "owns", view.iri(cluster))
        org = first_after(orgs, cluster.end, 2, view)
        if org and re.fullmatch(OF, view.gap(cluster.end, org.start)):
            yield relation(view, "rule:owns", 0.75, view.iri(org), "owns", view.iri(cluster))
