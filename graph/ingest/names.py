"""Unknown proper names in article text, with a guess of what kind of thing each one names.

:func:`find_names` looks at the tokens that no known entity covers and returns runs of
capitalised tokens ("Mira Murati"), joined by lower-case connectors ("Banco de Portugal",
"Johnson & Johnson"), carrying model and version tokens ("Gemini 1.5", "Llama 3", "TPU v5p",
"MI300X") and company suffixes ("Mistral AI", "Acme Inc"). Function words, titles, months,
weekdays, nationalities, a few places and generic acronyms ("IA", "CEO", "GPU") are never
names. A single plain word at the start of a sentence or quotation ("Nota", "Relatórios",
"Trabalhamos") is only a *weak* name: :mod:`graph.ingest.linking` keeps it only when it is the
surname of a new person named elsewhere in the text.

:func:`guess_class` reads the name itself (chip-like tokens, suffixes such as ``Inc`` or
``Capital``) and then the nearest cue word within :data:`WINDOW` tokens in the same sentence
("CEO", "fundador", "said", "startup", "investidor", "chips", "supercomputador", "modelo").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rdflib import URIRef

from graph.ingest.text import Sentence
from graph.ingest.words import (
    ACTION_VERBS,
    CONNECTORS,
    CURRENCY_GLUED,
    INVESTOR_WORDS,
    NUMBER_WORDS,
    ORG_BEFORE,
    PLACES,
    PREFIXES,
    STOP,
    STOP_NAMES,
    SUFFIXES,
    TITLES,
)
from graph.vocab import AIKG

WINDOW = 5
"""How many tokens before and after a name are searched for a person, company or investor cue."""
NEAR = 2
"""How far a chip, cluster or model cue may be ("chips B200", "Llama 3 model")."""

_CUES: tuple[tuple[URIRef, frozenset[str]], ...] = (
    (AIKG.ChipModel, frozenset("""chip chips gpu gpus acelerador aceleradores accelerator
        accelerators processador processadores processor processors""".split())),
    (AIKG.ComputeCluster, frozenset("""cluster clusters supercomputador supercomputadores
        supercomputer supercomputers supercluster datacenter datacentre""".split())),
    (AIKG.LanguageModel, frozenset("modelo modelos model models llm llms chatbot".split())),
    (AIKG.InvestmentFirm, frozenset("""investidor investidores investidora investor investors
        fundo fund venture""".split())),
    (AIKG.Company, frozenset("""startup startups empresa empresas company companies firm
        companhia fabricante maker rival concorrente laboratorio lab subsidiaria
        subsidiary""".split())),
    (AIKG.Person, frozenset("""ceo cfo cto coo fundador fundadora cofundador cofundadora
        founder cofounder chefe executive executivo executiva said says disse diz afirmou told
        president presidente chairman diretor diretora director mr mrs ms dr sr sra prof
        analyst analista engineer engenheiro scientist cientista billionaire
        bilionario founded cofounded fundou cofundou""".split())),
)
"""Cue words by class, in the order that breaks ties between cues at the same distance (the
first three are only read :data:`NEAR` the name)."""

_PLACE_BEFORE = re.compile(r"\b(in|em|no|na|at|near|perto de)\s*$", re.IGNORECASE)
_NOUNS = frozenset().union(*(cues for _, cues in _CUES[:3]))
_CHIP = re.compile(r"[A-Z]{1,3}\d{2,4}[A-Z]?")
_VERSION = re.compile(r"\d{1,2}|\d+[a-z]+\d*|v\d+[a-z0-9]*")
_GAP = re.compile(r"[^\S\n]{1,2}|-|[^\S\n]*&[^\S\n]*")
_INITIAL_BEFORE = ":;—–.!?…"
_OPENERS = "“\"«‘'(["

CAP, VER, CONN, SUFFIX, PREFIX, PLACE, BREAK = range(7)


@dataclass(frozen=True)
class Name:
    """A run of tokens that looks like an unknown proper name."""

    first: int
    """Index of its first token."""
    last: int
    """Index after its last token."""
    start: int
    end: int
    class_guess: str
    confidence: float
    weak: bool
    """A lone capitalised word at the start of a sentence or quotation: probably not a name."""


def find_names(text: str, toks: list[tuple[int, int, str]], sentence_of: list[int],
               sentences: list[Sentence], covered: list[bool]) -> list[Name]:
    """Runs of uncovered tokens that look like proper names, in text order.

    Parameters
    ----------
    text : str
        The text the tokens come from.
    toks : list of (int, int, str)
        :func:`graph.ingest.text.tokens` of ``text``.
    sentence_of : list of int
        Sentence index of each token.
    sentences : list of Sentence
        :func:`graph.ingest.text.split_sentences` of ``text``.
    covered : list of bool
        Tokens that belong to a known entity's mention (they end a run).
    """
    kinds = [BREAK if covered[i] else _kind(text, t) for i, t in enumerate(toks)]
    runs = []
    i = 0
    while i < len(toks):
        if not (kinds[i] == CAP or (kinds[i] == PREFIX and _joins(text, toks, sentence_of, i)
                                    and kinds[i + 1] == VER)):
            i += 1
            continue
        j = i + 1
        while j < len(toks) and _joins(text, toks, sentence_of, j - 1):
            kind = kinds[j]
            if kind == SUFFIX and j + 1 < len(toks) and toks[j + 1][2] in _NOUNS and \
                    text[toks[j + 1][0]].islower():
                break  # "its Fairwater AI datacentre": "AI" qualifies the noun
            if kind in (CAP, SUFFIX, PLACE) or (kind == VER and not _is_quantity(text, toks, j)):
                j += 1
            elif (kind == CONN and j + 1 < len(toks) and kinds[j + 1] in (CAP, PLACE)
                  and _joins(text, toks, sentence_of, j)):
                j += 2
            else:
                break
        runs.append(_chip_only(text, toks, i, j))
        i = j
    spans = runs + [(i, i + 1) for i, c in enumerate(covered) if c]
    names = []
    for first, last in runs:
        name = _name(text, toks, sentence_of, sentences, first, last, spans)
        if name is not None and name.weak and _listed(text, toks, sentence_of, last):
            name = replace(name, weak=False)  # "Microsoft and Google are buyers"
        if name is not None:
            names.append(name)
    return names


def _chip_only(text: str, toks: list[tuple[int, int, str]], i: int, j: int) -> tuple[int, int]:
    """The chip code alone of a name that adds family words to it: "Blackwell GB200" and "GB300
    Grace Blackwell" name the chips GB200 and GB300 (the family is not the chip)."""
    chips = [k for k in range(i, j) if _CHIP.fullmatch(text[toks[k][0]:toks[k][1]])]
    others = [text[toks[k][0]:toks[k][1]] for k in range(i, j) if k not in chips]
    if len(chips) == 1 and others and all(w.isalpha() and w[0].isupper() and w[1:].islower()
                                          for w in others):
        return chips[0], chips[0] + 1
    return i, j


def _listed(text: str, toks: list[tuple[int, int, str]], sentence_of: list[int],
            last: int) -> bool:
    """Whether a conjunction (or a comma) and another capitalised name follow the name ending
    at ``last`` ("Microsoft and Google", "Microsoft, Coatue e Thrive")."""
    if last < len(toks) and text[toks[last - 1][1]:toks[last][0]].strip() == "," and \
            sentence_of[last] == sentence_of[last - 1] and text[toks[last][0]].isupper() \
            and toks[last][2] not in STOP:
        return True
    return (last + 1 < len(toks) and toks[last][2] in {"and", "e", "or", "ou"}
            and sentence_of[last + 1] == sentence_of[last - 1]
            and text[toks[last + 1][0]].isupper() and toks[last + 1][2] not in STOP)


def _kind(text: str, token: tuple[int, int, str]) -> int:
    surface, folded = text[token[0]:token[1]], token[2]
    if CURRENCY_GLUED.fullmatch(surface):
        return BREAK  # "EUR15 million" is money
    if folded in SUFFIXES and surface[0].isupper():
        return SUFFIX
    if any(c.isupper() for c in surface):
        if folded in PREFIXES:
            return PREFIX
        if folded in PLACES:
            return PLACE
        if folded in STOP or surface.casefold() in STOP:
            return BREAK
        return CAP
    if _VERSION.fullmatch(folded):
        return VER
    return CONN if folded in CONNECTORS else BREAK


def _joins(text: str, toks: list[tuple[int, int, str]], sentence_of: list[int],
           i: int) -> bool:
    """Whether token ``i`` and the next one can be parts of one name."""
    if i + 1 >= len(toks) or sentence_of[i] != sentence_of[i + 1]:
        return False
    gap = text[toks[i][1]:toks[i + 1][0]]
    if _GAP.fullmatch(gap):
        return True
    left, right = text[toks[i][0]:toks[i][1]], text[toks[i + 1][0]:toks[i + 1][1]]
    if gap == "." and left.isdigit() and right.isdigit():
        return True  # "Gemini 1.5"
    return gap == ". " and len(left) == 1 and left.isupper()  # "J. Huang"


_ROUND_LABEL = re.compile(r"(series|serie|rodada|ronda|round) [a-h]\d?|(pre )?seed")
"""Funding round labels ("Series B", "Série A") are not names."""


def _is_quantity(text: str, toks: list[tuple[int, int, str]], j: int) -> bool:
    """A number token followed by ``%`` or a number word ("Acme 10 mil") is a quantity."""
    if text[toks[j][1]:toks[j][1] + 1] == "%":
        return True
    return j + 1 < len(toks) and toks[j + 1][2] in NUMBER_WORDS


def _name(text: str, toks: list[tuple[int, int, str]], sentence_of: list[int],
          sentences: list[Sentence], first: int, last: int,
          spans: list[tuple[int, int]]) -> Name | None:
    folded = " ".join(t[2] for t in toks[first:last])
    if folded in STOP_NAMES or _ROUND_LABEL.fullmatch(folded):
        return None
    start, end = toks[first][0], toks[last - 1][1]
    surface = text[start:end]
    sentence = sentences[sentence_of[first]]
    before = text[sentence.start:start].rstrip().rstrip(_OPENERS).rstrip()
    initial = not before or before[-1] in _INITIAL_BEFORE
    if before.endswith("."):  # "Dr. Jones", "Mr. Smith": the period ends a title
        word = before[:-1].split()[-1:] or [""]
        initial = not (word[0].casefold() in TITLES or len(word[0]) == 1)
    plain = surface.isalpha() and (len(surface) == 1 or surface[1:].islower())
    acts = last < len(toks) and sentence_of[last] == sentence_of[first] \
        and toks[last][2] in ACTION_VERBS  # "Google invested …" opens with a subject
    weak = last - first == 1 and plain and (initial or len(surface) == 1) and not acts
    class_guess, confidence = guess_class(text, toks, sentence_of, first, last, spans)
    return Name(first, last, start, end, class_guess, confidence, weak)


def guess_class(text: str, toks: list[tuple[int, int, str]], sentence_of: list[int],
                first: int, last: int, spans: list[tuple[int, int]] = ()) -> tuple[str, float]:
    """Class IRI and confidence for the new name ``toks[first:last]``.

    The name's own tokens decide first (chip-like token or ``GPU``/``TPU`` prefix: chip
    model; ``Capital``/``Ventures``/``Partners``: investment firm; a company suffix: company);
    then the nearest cue word in the same sentence (person, company and investor cues up to
    :data:`WINDOW` tokens away, chip, cluster and model cues up to :data:`NEAR`), unless
    another name of ``spans`` (token ranges of other names and mentions) is closer to the cue;
    then a version number (language model); then the shape: two or three capitalised words are
    a person (0.4), anything else an organization (0.3).
    """
    surfaces = [text[s:e] for s, e, _ in toks[first:last]]
    folded = [t[2] for t in toks[first:last]]
    if any(_CHIP.fullmatch(s) for s in surfaces) or folded[0] in PREFIXES:
        return str(AIKG.ChipModel), 0.6
    if INVESTOR_WORDS & set(folded[1:]):
        return str(AIKG.InvestmentFirm), 0.6
    if len(folded) > 1 and folded[-1] in SUFFIXES:
        return str(AIKG.Company), 0.6
    if len(folded) > 1 and folded[-1] in _CUES[1][1]:  # "Research SuperCluster"
        return str(AIKG.ComputeCluster), 0.6
    if last < len(toks) and sentence_of[last] == sentence_of[first] and \
            toks[last][2] in ORG_BEFORE and not text[toks[last - 1][1]:toks[last][0]].strip():
        return str(AIKG.Organization), 0.6  # "a former Google DeepMind researcher"
    words = [s for s in surfaces if s.isalpha() and s[0].isupper()]
    person_shape = 2 <= len(words) == len(surfaces) <= 3
    best: tuple[int, int, URIRef] | None = None
    sentence = sentence_of[first]
    low = max(0, first - WINDOW)
    high = min(len(toks), last + WINDOW)
    near = [(a, b) for a, b in spans
            if b > low - WINDOW and a < high + WINDOW and sentence_of[a] == sentence]
    for i in range(low, high):
        if first <= i < last or sentence_of[i] != sentence:
            continue
        distance = _distance(i, first, last)
        if any(_distance(i, a, b) < distance for a, b in near):
            continue  # the cue is about a nearer name
        between = text[toks[min(i, last - 1)][1]:toks[max(i, first)][0]]
        if set(between) & set(",;:()") or i < first and _PLACE_BEFORE.search(between):
            continue  # "CoreWeave, the GPU cloud specialist": a cue past a comma is another's;
            # "a datacentre in Mount Pleasant": a place
        for rank, (cls, cues) in enumerate(_CUES):
            if distance > (NEAR if rank < 3 else WINDOW):
                continue
            if toks[i][2] in cues and (cls != AIKG.Person or person_shape):
                if best is None or (distance, rank) < best[:2]:
                    best = (distance, rank, cls)
    if best is not None:
        return str(best[2]), 0.6
    if any(c.isdigit() for s in surfaces[1:] for c in s):
        return str(AIKG.LanguageModel), 0.5
    if person_shape:
        return str(AIKG.Person), 0.4
    return str(AIKG.Organization), 0.3


def _distance(i: int, first: int, last: int) -> int:
    """Tokens from token ``i`` to the range ``[first, last)`` (0 inside it)."""
    return first - i if i < first else max(0, i - last + 1)


__all__ = ["STOP", "STOP_NAMES", "WINDOW", "Name", "find_names", "guess_class"]
