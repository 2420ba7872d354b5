"""Who makes a chip: ``rule:made-by`` ("chips H100 e H200 da Nvidia", "Nvidia's H100", "os
chips próprios da Amazon - o Trainium … e o Inferentia", "chips GB300 Grace Blackwell, da
Nvidia", "as GPUs Instinct da fabricante" — the maker the sentence named before),
``rule:maker-prefix`` (a chip named with its maker: "NVIDIA H100") and ``rule:chip-family``
(a chip's siblings' maker: "the forthcoming MI450" beside AMD's MI300X).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.ingest.facts import Relation
from graph.ingest.linking import Mention
from graph.ingest.nearby import OF, ORG, first_after, last_before, relation, runs
from graph.ingest.sentence import View
from graph.vocab import AIKG

MAKE_VERB = re.compile(r"\b(fabrica|fabricam|produz|produzem|manufactures?|makes?|produces?|"
                       r"designs?|desenha|unveil(s|ed)?|introduc(es|ed)|apresentou|revelou|"
                       r"lancou|launch(es|ed))\b")
CHIP_NOUN = r"(chips?|gpus?|processadores|processors?|aceleradores|accelerators?)"
OWN_CHIPS = re.compile(CHIP_NOUN + r"( (proprios|proprias|own|in house))? " + OF + r"$")
"""Before a maker and a dash or colon that opens its chips: "os chips próprios da Amazon -"."""
MAKER_NOUN = re.compile(r"\b(d[ao] fabricante|the chipmaker|the chip maker|the chip designer|"
                        r"a fabricante de chips|the company s own)\b")
"""An organization the sentence named before, called by what it does: "as GPUs Instinct da
fabricante", "after the chipmaker agreed to supply … Instinct GPUs"."""

def makers(view: View) -> Iterator[Relation]:
    """Manufacturer of chips: "chips X e Y da Nvidia", "Nvidia's H100", "NVIDIA H100", verbs."""
    chips, orgs = view.of(AIKG.ChipModel), view.of(*ORG)
    for group in runs(view, chips):
        org = first_after(orgs, group[-1].end, 4, view)
        if org and re.fullmatch(r"((chips?|gpus?|processadores|processors|aceleradores) )?"
                                r"((tambem|also|ambos|both) )?" + OF,
                                _family_left_out(view, group[-1].end, org.start)):
            for chip in group:
                yield relation(view, "rule:made-by", 0.85, view.iri(org), "manufactures",
                                view.iri(chip))
        org = last_before(orgs, group[0].start, 2, view)
        gap = view.gap(org.end, group[0].start) if org else ""
        if org and (gap == "" or re.fullmatch(r"s( [a-z]+)?", gap) and
                    view.doc.text[org.end:org.end + 1] in ("'", "’")):
            for chip in group:  # "Nvidia's newer GB300", "AMD's MI300X and MI350X"
                yield relation(view, "rule:made-by", 0.85, view.iri(org), "manufactures",
                                view.iri(chip))
        yield from _listed_after_maker(view, orgs, group)
        yield from _maker_noun(view, orgs, group)
    for chip in chips:
        maker = _maker_in_name(view, chip)
        if maker:
            yield relation(view, "rule:maker-prefix", 0.8, maker, "manufactures", view.iri(chip))
    for start, end in view.finds(MAKE_VERB):
        org, chip = last_before(orgs, start, 2, view), first_after(chips, end, 3, view)
        if org and chip:
            yield relation(view, "rule:made-by", 0.8, view.iri(org), "manufactures",
                            view.iri(chip))


def _family_left_out(view: View, left: int, right: int) -> str:
    """The words between a chip and a maker without the family name that may stand between
    ("chips GB300 Grace Blackwell, da Nvidia")."""
    gap = view.doc.text[left:right]
    bare = re.sub(r"^(\s+[A-Z][a-z]+){1,2}\s*,?", "", gap)
    return view.gap(left, right) if bare == gap else " ".join(
        view.gap(right - len(bare), right).split())


def _listed_after_maker(view: View, orgs: list[Mention],
                        group: list[Mention]) -> Iterator[Relation]:
    """"os chips próprios da Amazon - o Trainium … e o Inferentia": a dash or colon after
    "<chips> of <maker>" opens the maker's chips."""
    org = last_before(orgs, group[0].start, 2, view)
    if org is None or not re.fullmatch(r"\s*[-–—:]\s*((o|a|os|as|the)\s+)?",
                                       view.doc.text[org.end:group[0].start]):
        return
    if OWN_CHIPS.search(view.gap(max(view.start, org.start - 40), org.start)):
        close = re.search(r"\s[-–—)]\s", view.doc.text[group[0].end:view.end])
        stop = group[0].end + close.start() if close else view.end
        for chip in [c for c in view.of(AIKG.ChipModel) if group[0].start <= c.start < stop]:
            yield relation(view, "rule:made-by", 0.8, view.iri(org), "manufactures",
                           view.iri(chip))


def _maker_noun(view: View, orgs: list[Mention], group: list[Mention]) -> Iterator[Relation]:
    """Chips whose maker the sentence calls by what it does ("da fabricante", "the chipmaker"):
    the organization named before that noun, when there is one."""
    for start, end in view.finds(MAKER_NOUN):
        near = abs(start - group[-1].end) < 60 or abs(group[0].start - end) < 60
        org = next((m for m in reversed(orgs) if m.end <= start), None)
        if near and org is not None:
            for chip in group:
                yield relation(view, "rule:made-by", 0.7, view.iri(org), "manufactures",
                               view.iri(chip))
            return


def _maker_in_name(view: View, chip: Mention) -> str | None:
    """The organization whose name starts a chip's name ("NVIDIA H100" → Nvidia), as the text
    writes it or as the graph labels the chip ("H100", known as "Nvidia H100", in a sentence
    that names Nvidia)."""
    known = view.doc.gazetteer.entity(chip.entity) if chip.entity and not chip.new else None
    named = {m.entity for m in view.mentions}  # the label's maker only if the sentence names it
    name = known.label if known and " " in known.label and any(
        m.entity in named for m in view.doc.gazetteer.find_mentions(
            known.label.rsplit(" ", 1)[0], view.doc.lang)) else chip.surface
    head = name.rsplit(" ", 1)[0] if " " in name else ""
    for mention in view.doc.gazetteer.find_mentions(head, view.doc.lang) if head else []:
        if mention.entity and mention.start == 0 and mention.end == len(head):
            entity = view.doc.gazetteer.entity(mention.entity)
            if entity and str(AIKG.Organization) in entity.classes:
                return mention.entity
    return None


CODE = re.compile(r"([A-Z]{2,3})\d")


def family_makers(views: list[View], relations: list[Relation]) -> Iterator[Relation]:
    """A chip the article names without its maker is made by the maker of its siblings, the
    article's chips whose code starts with the same letters ("the forthcoming MI450" beside
    AMD's MI300X and MI350X); only when those siblings have one maker."""
    makers: dict[str, set[str]] = {}
    made = {r.object for r in relations if r.predicate == "manufactures"}
    for view in views:
        for chip in view.of(AIKG.ChipModel):
            code = CODE.match(chip.surface)
            if code and view.iri(chip) in made:
                makers.setdefault(code.group(1), set()).update(
                    r.subject for r in relations
                    if r.predicate == "manufactures" and r.object == view.iri(chip))
    for view in views:
        for chip in view.of(AIKG.ChipModel):
            code = CODE.match(chip.surface)
            found = makers.get(code.group(1), set()) if code else set()
            if view.iri(chip) not in made and len(found) == 1:
                made.add(view.iri(chip))
                yield relation(view, "rule:chip-family", 0.6, next(iter(found)), "manufactures",
                               view.iri(chip))
