"""Rules for rivals: who competes with whom.

``rule:competes`` reads "<A> compete(s) with / visa competir com / a rival to <B> (and <C>)";
an owner in the possessive stands for its product ("OpenAI's GPT-4" → GPT-4), an aim ("visa",
"aims to") makes the fact ``Claimed``, and a sentence that opens with "the company" speaks of
the article's focus. ``rule:rivals-list`` reads "concorrentes como OpenAI e Meta", "Rival
Agility Robotics": rivals of the organization named just before, else of the focus.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from graph.ingest.facts import Relation
from graph.ingest.kinds import OWNER_OF
from graph.ingest.linking import Mention
from graph.ingest.nearby import ANAPHOR, ORG, RELATIVE, last_before, relation, runs
from graph.ingest.sentence import View
from graph.vocab import AIKG

COMPETE = re.compile(r"\b(compete|competir|concorre|concorrer|rivaliza|rivalizar|competes|"
                     r"compete with|to rival|rivals?|rivaling|rivalling|takes on|challenge|"
                     r"challenges|desafiar|an alternative|alternativa(?: \w+)?|"
                     r"(?:is|are) up against|direct competition|disputa[m]?(?: clientes)?|"
                     r"aimed squarely|race|corrida)"
                     r"( com| with| to| a| à| ao| aos| às| of| at)?\b")
BETWEEN = re.compile(r"\b(contest|rivalry|race|battle|competition|fight|disputa|rivalidade|"
                     r"corrida|batalha|guerra) (between|entre)\b")
"""A rivalry between the two names after it: "the contest between AWS and Microsoft"."""
PITS = re.compile(r"\b(pits?|pitting|pitch|pitches|pitched|poe|poem)\b")
""""pits A against B (and C)", "põe A contra B": A against each of the others; "A pitches its
chips against B's": A against B."""
FOCUS_CUE = re.compile(r"(aimed squarely|compete|competes|competir|concorre|(is|are) up against)")
"""Cues strong enough to speak of the article's organization when the sentence names none."""
AIM = re.compile(r"\b(visa|visam|pretende|aims?|intended|meant|designed|seeks?|hopes?)\b")
RIVALS_LIST = re.compile(r"\b(concorrentes?|rivais|rival|competidores|competitors?|rivals|"
                         r"competition)\b")
SUCH_AS = re.compile(r"^(\w+ ){0,4}?(como|such as|like|including|incluindo|entre eles)$")
JOINERS = ("", "e", "and", "ou", "or", "s", "and the", "e o", "e a", "as well as")
FAR_JOIN = re.compile(r"(as well as|bem como)( with| com)?( (a|o|os|as|aos|the))?( [a-z]+){0,3} "
                      r"(da|do|de|of|such as|como|like)")
""""…, as well as with Chinese open models such as DeepSeek", "bem como aos chineses da
DeepSeek": one more rival of the list."""


def _targets(view: View, named: list[Mention], pos: int, *,
             owners: bool = False) -> list[Mention]:
    """Names listed after ``pos`` ("o GPT-4 da OpenAI", "OpenAI's GPT-4 and Google's Gemini").
    Rivals compete at one level: for a product, an owner in the possessive ("OpenAI's")
    stands for the product after it; for an organization (``owners``), the product stands for
    its owner."""
    after = [m for m in named if m.start >= pos]
    picked: list[Mention] = []
    cursor, skip = pos, None
    for k, mention in enumerate(after):
        if mention is skip:
            continue
        gap = view.gap(cursor, mention.start)
        if cursor == pos and len(gap.split()) > 4 or cursor != pos and gap not in JOINERS \
                and not FAR_JOIN.fullmatch(gap):
            break
        cursor = mention.end
        if owners and OWNER_OF.search(view.doc.flat, max(view.start, mention.start - 50),
                                      mention.start):
            continue  # "a rival da dona do ChatGPT": its owner, whom the sentence leaves unnamed
        following = after[k + 1] if k + 1 < len(after) else None
        if following and view.gap(mention.end, following.start) == "s":
            if not owners:
                continue
            skip, cursor = following, following.end
        picked.append(mention)
    return picked


def competition(view: View, focus: str | None) -> Iterator[Relation]:
    """Rivals: "Grok visa competir com o GPT-4", "concorrentes como OpenAI e Meta"."""
    named = view.of(*ORG, AIKG.Product)
    for _, end in view.finds(BETWEEN):
        pair = next((g for g in runs(view, named) if g[0].start >= end), [])[:2]
        if len(pair) == 2 and len(view.gap(end, pair[0].start).split()) <= 1 \
                and view.gap(pair[0].end, pair[1].start) in ("and", "e") \
                and view.iri(pair[0]) != view.iri(pair[1]):
            yield relation(view, "rule:competes", 0.7, view.iri(pair[0]), "competesWith",
                           view.iri(pair[1]))
    for start, end in view.finds(PITS):  # "pits Meta against OpenAI and Google"
        one = next((m for m in named if m.start >= end), None)
        if one is not None and len(view.gap(end, one.start).split()) <= 1 and \
                re.match(r"(against|contra)\b", view.gap(one.end, view.end)):
            after = one.end
        else:  # "it pitches TPUs against Nvidia's GPUs": the one named before the verb
            thing = re.match(r"\s*(\w+\s+){1,2}?(against|contra)\b", view.doc.flat[end:view.end])
            one = last_before(view.of(*ORG), start, 8, view) if thing else None
            if one is None or thing is None:
                continue
            after = end + thing.start(2)
        for right in _targets(view, named, after, owners=True):
            if view.iri(right) != view.iri(one):
                yield relation(view, "rule:competes", 0.7, view.iri(one), "competesWith",
                               view.iri(right))
    for start, end in view.finds(COMPETE):
        left = last_before(named, start, 10, view) or _antecedent(view, named, start)
        subject = view.iri(left) if left else None
        if ANAPHOR.match(view.flat.lstrip()) and (
                left is None or RELATIVE.search(view.gap(view.start, left.start))):
            subject, left = focus, None  # "A empresa, que desenvolve o ChatGPT, compete com …"
        elif not any(m.end <= start for m in named) and FOCUS_CUE.match(view.flat[
                start - view.start:end - view.start]):
            subject = focus  # "The build-out is aimed squarely at AWS": the article's own
        owner = _possessor(view, left) if left else None
        if owner is not None:  # "its Grok chatbot", "OpenAI's ChatGPT": the owner competes
            subject, left = view.iri(owner), owner
        owners = bool(subject) and (left is None  # the focus is an organization
                                    or str(AIKG.Organization) in _classes(view, subject, left))
        group = next((g for g in runs(view, named) if left in g), []) if left else []
        subjects = [view.iri(m) for m in group] if len(group) > 1 else [subject]
        for right in _targets(view, named, end, owners=owners) if subject else []:
            for one in subjects:  # "OpenAI e Google … disputam com a xAI": both of the run
                if one and one != view.iri(right):
                    aim = AIM.search(view.gap(left.end if left else view.start, start))
                    yield relation(view, "rule:competes", 0.75 if left else 0.6, one,
                                   "competesWith", view.iri(right), "Claimed" if aim else None)
    for start, end in view.finds(RIVALS_LIST):
        before = next((g for g in runs(view, view.of(*ORG, AIKG.Person))
                       if g[-1].end <= start and view.gap(g[-1].end, start) in ("", "its", "seus")
                       and view.doc.text[g[-1].end:g[-1].end + 1] == ","), [])
        for rival in before:  # "pressure from Anthropic and Elon Musk's xAI, rivals chasing …"
            if focus and view.iri(rival) != focus and str(AIKG.Organization) in \
                    view.doc.classes(rival):
                yield relation(view, "rule:rivals-list", 0.6, view.iri(rival), "competesWith",
                               focus)
        rivals = [m for m in view.of(*ORG) if m.start >= end]
        if not rivals or not (SUCH_AS.match(view.gap(end, rivals[0].start))
                              or view.gap(end, rivals[0].start) == ""):
            continue
        group = next(g for g in runs(view, rivals) if g[0] is rivals[0])
        owner = last_before(view.of(*ORG), start, 1, view)
        other = view.iri(owner) if owner and view.gap(owner.end, start) in ("", "s") else focus
        for rival in group:
            if other and view.iri(rival) != other:
                yield relation(view, "rule:rivals-list", 0.6, view.iri(rival), "competesWith",
                                other)


def _antecedent(view: View, named: list[Mention], start: int) -> Mention | None:
    """The subject of a relative clause: "Microsoft, its largest investor, which is now
    building models that compete with …" (the name before "which", past an apposition)."""
    relatives = [(a, b) for a, b in view.finds(RELATIVE) if b <= start]
    for a, _ in reversed(relatives):
        if view.doc.text[a - 2:a].strip() == ",":
            return last_before(named, a, 8, view)
    return None


def _possessor(view: View, product: Mention) -> Mention | None:
    """The organization that owns a product in the possessive: "OpenAI's ChatGPT", "its Grok"
    (the sentence's first organization before it)."""
    if str(AIKG.Organization) in view.doc.classes(product):
        return None
    orgs = [m for m in view.of(*ORG) if m.end <= product.start]
    if orgs and view.gap(orgs[-1].end, product.start) == "s" and \
            view.doc.text[orgs[-1].end:orgs[-1].end + 1] in ("'", "’"):
        return orgs[-1]
    lead = view.gap(max(view.start, product.start - 12), product.start).split()[-1:]
    return orgs[0] if orgs and lead and lead[0] in ("its", "seu", "sua", "their") else None


def _classes(view: View, iri: str, mention: Mention | None) -> frozenset[str]:
    """The classes of the entity ``iri`` (named by ``mention``, or the article's focus)."""
    if mention is not None:
        return view.doc.classes(mention)
    entity = view.doc.gazetteer.entity(iri)
    return entity.classes if entity is not None else frozenset()


def lift(relations: list[Relation], products: set[str]) -> list[Relation]:
    """Rivalries between products lifted to the organizations that develop them, when the
    article names one developer for each ("its Grok chatbot … an alternative to OpenAI's
    ChatGPT" → xAI and OpenAI compete): rivals are organizations; the products' own rivalry
    stays only where a developer is unknown."""
    makers: dict[str, set[str]] = {}
    for r in relations:
        if r.predicate == "develops":
            makers.setdefault(r.object, set()).add(r.subject)
    out = []
    for r in relations:
        if r.predicate == "competesWith" and (r.subject in products or r.object in products):
            a = _owner(r.subject, makers, products)
            b = _owner(r.object, makers, products)
            if a and b and a != b:
                r = dataclasses.replace(r, subject=a, object=b)
            elif a == b and a is not None:
                continue  # a company's product against its own other product: no rivalry
        out.append(r)
    return out


def _owner(iri: str, makers: dict[str, set[str]], products: set[str]) -> str | None:
    if iri not in products:
        return iri
    found = makers.get(iri, set())
    return next(iter(found)) if len(found) == 1 else None
