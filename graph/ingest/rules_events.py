"""Rules for events and uses: announcements, meetings, and which cluster trains which model.

``rule:announcement`` — a person or organization "anunciou"/"disse"/"announced"/"said" in a
sentence that also yields cluster states: an ``aikg:Announcement`` by that speaker, on the
sentence's (or paragraph's) date, announcing those states ("Musk anunciou em setembro que …
colocou online …", "Musk também disse que o cluster dobrará …").

``rule:meeting`` — a meeting word ("jantar", "reunião", "dinner", "met") with two or more
people in the sentence (a pronoun "ele"/"he" beside a name stands for the sentence's first
person): an ``aikg:Meeting`` of them, not after the sentence's date. Told in reported speech
("mencionou que …", "said that …") it is ``Claimed``: only the speaker vouches for it.

``rule:trained-on`` — "treinar"/"train" with a model and a cluster: the named cluster, the
cluster an organization operates or owns in this article ("os supercomputadores da xAI"), or
the last one named ("o cluster"). Its status follows the sentence (future → Planned).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.ingest.facts import EventFact, Relation
from graph.ingest.linking import Mention
from graph.ingest.sentence import View
from graph.vocab import AIKG

ANNOUNCE = re.compile(r"\b(anunciou|anuncia|anunciaram|disse|disseram|afirmou|revelou|"
                      r"confirmou|announced|announces|said|says|revealed|confirmed|unveiled)\b")
MEETING = re.compile(r"\b(jantar|almoco|reuniao|encontro|dinner|lunch|breakfast|meeting|met|"
                     r"reuniram|encontraram|sat down)\b")
HEARSAY = re.compile(r"\b(disse|mencionou|afirmou|contou|lembrou|said|told|mentioned|recalled)\b"
                     r"( que| that)?")
PRONOUN = re.compile(r"\b(ele|ela|he|she)\b")
TRAIN = re.compile(r"\b(treinar|treinad[oa]s?|treina|treinou|train|trained|training|trains)\b")
CLUSTER_OF = re.compile(r"\b(supercomputador(es)?|supercomputers?|clusters?|supercluster)"
                        r"( (da|do|of))?$")


def announcements(view: View, has_states: bool) -> Iterator[EventFact]:
    """An announcement of the cluster states read in this sentence, by its speaker."""
    if not has_states:
        return
    agents = view.of(AIKG.Person, AIKG.Organization)
    for start, _ in view.finds(ANNOUNCE):
        speaker = next((m for m in reversed(agents) if m.end <= start
                        and len(view.gap(m.end, start).split()) <= 2), None)
        if speaker is not None:
            yield EventFact(view.start, view.end, "rule:announcement", 0.7, "Actual",
                            kind="Announcement", participants=[view.iri(speaker)],
                            speaker=view.iri(speaker), when=view.point_time())
            return


def meetings(view: View) -> Iterator[EventFact]:
    """A meeting of the people a sentence names around a meeting word."""
    if not view.has(MEETING):
        return
    people = [view.iri(m) for m in view.of(AIKG.Person)]
    people = list(dict.fromkeys(people))
    if len(people) < 2:
        return
    hearsay = next(iter(view.finds(HEARSAY)), None)
    claimed = hearsay is not None and hearsay[0] < view.finds(MEETING)[0][0]
    yield EventFact(view.start, view.end, "rule:meeting", 0.6,
                    "Claimed" if claimed else "Actual", kind="Meeting", participants=people,
                    not_after=view.point_time() or view.doc.published)


def trained_on(view: View, clusters_of: dict[str, str],
               last_cluster: str | None) -> Iterator[Relation]:
    """"Grok was trained on Colossus", "os supercomputadores da xAI … treinar … Grok"."""
    models = view.of(AIKG.AIModel)
    for start, end in view.finds(TRAIN):
        model = next((m for m in models if m.start >= end
                      and len(view.gap(end, m.start).split()) <= 10), None) or next(
            (m for m in reversed(models) if m.end <= start
             and len(view.gap(m.end, start).split()) <= 4), None)
        cluster = _cluster(view, clusters_of, last_cluster)
        if model is not None and cluster is not None:
            status = view.status()
            yield Relation(view.start, view.end, "rule:trained-on", 0.6, status,
                           subject=view.iri(model), predicate="trainedOn", object=cluster,
                           as_of=view.doc.published if status == "Actual" else None)
            return


def _cluster(view: View, clusters_of: dict[str, str], last_cluster: str | None) -> str | None:
    named = view.of(AIKG.ComputeCluster)
    if named:
        return view.iri(named[0])
    for org in view.of(AIKG.Organization):
        if view.iri(org) in clusters_of and _cluster_word_before(view, org):
            return clusters_of[view.iri(org)]
    return None


def _cluster_word_before(view: View, org: Mention) -> bool:
    return CLUSTER_OF.search(view.gap(max(view.start, org.start - 40), org.start)) is not None
