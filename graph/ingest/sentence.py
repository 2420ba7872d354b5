"""One sentence as the extraction rules see it: its mentions, amounts, times and cue words.

The rules match cue words on a *flat* copy of the text: lower case, accents dropped, every
character that is not a letter or digit turned into a space, **one output character per input
character**, so a match's offsets are offsets into the article. :meth:`View.gap` gives the
words between two spans ("da", "of the", "") so rules can say what may stand between, for
example, "CEO" and the company's name.

Status cues (sentence-wide, see :meth:`View.status`): a sentence that cites reports or says
"reportedly" makes its facts ``Reported``; a future or intention ("planeia", "dobrará",
"will", "plans to") makes them ``Planned``; otherwise they are ``Actual``. Reported wins over
Planned: a plan known only from reports is a report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from graph.ingest.facts import When
from graph.ingest.linking import Gazetteer, Mention
from graph.ingest.quantities import Amount, TimeMention
from graph.ingest.text import Sentence
from graph.vocab import AIKG

REPORTED = re.compile(
    r"\b(relatorios?( \w+)? (indicam|dizem|sugerem|apontam)|noticias? (indicam|dizem)"
    r"|segundo (fontes|relatorios|pessoas)|de acordo com (fontes|relatorios|pessoas)"
    r"|alegadamente|supostamente|reportedly|reports? (say|said|indicate|suggest)"
    r"|according to (reports|people|sources|a report)|people familiar with|is said to"
    r"|are said to|citing (people|sources)|reports put|some accounts|a person familiar"
    r"|person familiar|fontes? proximas?|pessoas? proximas?|reports? from \w+ that"
    r"|report that|noticia de que|reportagem de \w+ que)\b")
PLANNED = re.compile(
    r"\b(planeia|planeja|planejam|planeiam|pretende|pretendem|vai|vao|ira|irao|preve|planos? de"
    r"|plans?|planned|planning|will|intends?|is set to|are set to|aims? to|expects? to"
    r"|wants? to|quer|querem"
    r"|expected to|seeks? to|in talks|em negociacoes|deve|devem|devera|deverao|should)\b")
MEDIA_NAME = re.compile(r"\b(times|journal|post|news|reuters|bloomberg|information|herald|"
                        r"tribune|guardian|economist|cnbc|cnn|bbc|techcrunch|verge|wired|"
                        r"folha|estadao|publico|expresso|globo|axios|semafor|insider)\b")
"""Words that make an unknown name a news outlet ("Financial Times", "The Information")."""
FUTURE = re.compile(r"\b\w+(?:ará|erá|irá|arão|erão|irão|\w\w(?:aria|eria|iria|ariam|eriam|"
                    r"iriam))\b", re.IGNORECASE)
"""Portuguese future and conditional ("dobrará", "serão", "receberia": a plan told in the past),
matched on the original text."""


def flat(text: str) -> str:
    """Lower case, accents dropped, non-alphanumerics as spaces; same length as ``text``."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in base if not unicodedata.combining(c))[:1] or " "
        out.append(base.lower() if base.isalnum() else " ")
    return "".join(out)


def words(text: str) -> str:
    """The words of a flat string, single-spaced."""
    return " ".join(text.split())


@dataclass
class Doc:
    """The article being read: text, flat text, language, publication time, gazetteer."""

    text: str
    lang: str
    published: When | None
    gazetteer: Gazetteer

    @cached_property
    def flat(self) -> str:
        return flat(self.text)

    def iri(self, mention: Mention) -> str | None:
        """The entity a mention names, linked or new (the gazetteer gives new names their
        proposed IRI); ``None`` for an ambiguous mention."""
        return mention.entity

    def classes(self, mention: Mention) -> frozenset[str]:
        """The classes of a mention's entity, or of a new name's guessed class, with their
        superclasses."""
        entity = self.gazetteer.entity(mention.entity) if mention.entity else None
        if entity is not None:
            return entity.classes
        if mention.new and mention.class_guess:
            return self.gazetteer.classes_of(mention.class_guess)
        return frozenset()


@dataclass
class View:
    """A sentence with the mentions, amounts and times that fall inside it."""

    doc: Doc
    sentence: Sentence
    mentions: list[Mention]
    amounts: list[Amount]
    times: list[TimeMention]

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def end(self) -> int:
        return self.sentence.end

    @cached_property
    def flat(self) -> str:
        return self.doc.flat[self.start:self.end]

    def gap(self, left: int, right: int) -> str:
        """Words between two offsets of the article (empty if they touch or overlap)."""
        return words(self.doc.flat[left:right]) if right > left else ""

    def finds(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """Article offsets of every match of ``pattern`` in this sentence's flat text."""
        return [(self.start + m.start(), self.start + m.end()) for m in pattern.finditer(self.flat)]

    def has(self, pattern: re.Pattern[str]) -> bool:
        return pattern.search(self.flat) is not None

    def of(self, *classes: str) -> list[Mention]:
        """Mentions with an entity (linked or new) of any of the given classes, in order."""
        wanted = {str(c) for c in classes}
        return [m for m in self.mentions if self.doc.iri(m) and self.doc.classes(m) & wanted]

    def iri(self, mention: Mention) -> str:
        iri = self.doc.iri(mention)
        assert iri is not None
        return iri

    def status(self) -> str:
        """Sentence-wide status from cue words: Reported, Planned or Actual."""
        if self.has(REPORTED) or self._cites_outlet():
            return "Reported"
        if self.planned():
            return "Planned"
        return "Actual"

    def planned(self) -> bool:
        """Whether the sentence speaks of a plan or the future ("planeia", "will")."""
        return self.has(PLANNED) or FUTURE.search(self.doc.text, self.start, self.end) is not None

    def _cites_outlet(self) -> bool:
        """A cited outlet, or an organization the sentence says it is "according to"
        ("according to PitchBook", "segundo a Bloomberg")."""
        for m in self.mentions:
            before = words(self.doc.flat[max(self.start, m.start - 20):m.start])
            if self.cited(m) or (str(AIKG.Person) not in self.doc.classes(m) and re.search(
                    r"(according to|de acordo com|segundo)( o| a| the)?$", before)):
                return True
        return False

    def cited(self, mention: Mention) -> bool:
        """Whether the sentence cites ``mention`` as a news outlet ("segundo o Financial
        Times", "according to Reuters", "citado pela revista Wired")."""
        outlet = str(AIKG.MediaOutlet) in self.doc.classes(mention) or (
            mention.new and MEDIA_NAME.search(flat(mention.surface)))
        before = words(self.doc.flat[max(self.start, mention.start - 30):mention.start])
        cue = re.search(
            r"(de acordo com|segundo|according to|citando|citing|reported by|noticiado pel[oa]|"
            r"reportou o|citad[oa] pel[oa]|quoted by|cited by)?( o| a| the)?"
            r"(?P<medium> (revista|jornal|magazine|newspaper))?$", " " + before)
        if cue is None or not (cue.group(1) or cue.group("medium")):
            return False
        return bool(outlet) or cue.group("medium") is not None  # "a revista Kestrel"

    def point_time(self) -> When | None:
        """The first past/present time the sentence names, if any."""
        for time in self.times:
            if time.kind == "point":
                return When(time.value, time.datatype)
        return None

    def upcoming(self) -> TimeMention | None:
        return next((t for t in self.times if t.kind == "upcoming"), None)
