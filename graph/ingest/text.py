"""Plain-text helpers for ingestion: sentences with offsets, folding, word tokens, language.

Everything works on character offsets into the original text, so later stages can cite a
sentence or a name by ``text[start:end]`` without copying words around.

* :func:`split_sentences` cuts at ``.`` ``!`` ``?`` ``…`` and at every line break. It does
  not cut inside a quotation (``“…”``, ``«…»``, ``"…"``), after an abbreviation (``Mr.``,
  ``U.S.``, ``e.g.``, ``etc.``, ``Jan.`` …) or an initial (``J. Huang``), inside a number
  (``1.5``, ``100.000``), or before a lower-case word (``wait… what``). A closing quote after
  the final stop stays with its sentence.
* :func:`fold` is the matching form of a string: accents and case gone, punctuation turned
  into single spaces (``fold("Nvidia’s") == "nvidia s"``).
* :func:`tokens` gives the alphanumeric runs of a text with their offsets and folded forms.
* :func:`detect_language` tells Portuguese from English by counting function words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "drs", "prof", "profa", "sr", "sra", "srs", "sras", "jr", "st",
    "inc", "corp", "ltd", "co", "llc", "bros", "dept", "univ", "gov", "vs", "approx", "etc",
    "cf", "al", "fig", "vol", "jan", "feb", "fev", "apr", "abr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "av", "pág", "pp", "lda",
})
"""Words (lower case, without the final period) whose period never ends a sentence.

Dotted forms (``U.S.``, ``e.g.``, ``i.e.``) and single capitals (``J.``) are recognised by
shape. Abbreviations that are also ordinary words ("set", "out", "ago", "dez", "no") are left
out on purpose: "... sold out. The" must still end a sentence."""

_TERMINATOR = re.compile(r"[.!?…]+")
_CLOSERS = "”»\"’')]"
_OPENERS = "“«\"‘'(["
_PAIRS = {"“": "”", "«": "»"}
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")
_WORD = re.compile(r"[^\W\d_]+")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")

PT_WORDS = frozenset({
    "o", "os", "e", "de", "da", "do", "das", "dos", "em", "no", "na", "nos", "nas", "um", "uma",
    "que", "não", "para", "com", "por", "pela", "pelo", "pelas", "pelos", "ao", "aos", "à",
    "às", "é", "são", "está", "foi", "seu", "sua", "seus", "suas", "mais", "também", "mas",
    "ele", "ela", "se", "como", "disse", "sobre", "entre", "este", "esta", "isso", "mil",
    "milhões", "já", "ainda", "até", "quando", "onde", "muito",
})
EN_WORDS = frozenset({
    "the", "of", "and", "to", "in", "is", "that", "for", "with", "on", "said", "its", "was",
    "by", "at", "from", "has", "have", "are", "it", "an", "this", "be", "will", "which",
    "their", "his", "her", "more", "than", "about", "after", "says", "were", "been", "would",
    "its", "also", "but", "or", "not", "who", "what", "when", "into",
})
"""Frequent function words of each language; words common to both ("a", "as") are left out."""


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text[start:end]``, without surrounding white space."""

    index: int
    """0-based position in the text."""
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with character offsets.

    Parameters
    ----------
    text : str
        Any text; line breaks (single or blank lines) always end a sentence.

    Returns
    -------
    list of Sentence
        In text order, numbered from 0; empty stretches are skipped.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n\r]+", text):
        spans.extend(_split_line(text, line.start(), line.end()))
    sentences = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            sentences.append(Sentence(len(sentences), start, end))
    return sentences


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (unstripped) of the line ``text[start:end]``."""
    quotes = _quote_spans(text, start, end)
    spans = []
    begin = start
    for match in _TERMINATOR.finditer(text, start, end):
        stop = match.end()
        while stop < end and text[stop] in _CLOSERS:
            stop += 1
        if stop < end and not text[stop].isspace():
            continue  # "1.5", "U.S.-based", "e-mail.com": not followed by a space
        if any(q0 < match.start() and q1 >= stop for q0, q1 in quotes):
            continue  # inside a quotation that goes on after the stop
        if match.group() == "." and _abbreviation(text, begin, match.start()):
            continue
        if not _starts_sentence(text, stop, end):
            continue
        spans.append((begin, stop))
        begin = stop
    spans.append((begin, end))
    return spans


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(opening, closing) positions of the balanced quotations of ``text[start:end]``."""
    spans = []
    stack: list[tuple[str, int]] = []
    for i in range(start, end):
        char = text[i]
        if char == '"':
            if stack and stack[-1][0] == '"':
                spans.append((stack.pop()[1], i))
            else:
                stack.append(('"', i))
        elif char in _PAIRS:
            stack.append((_PAIRS[char], i))
        elif stack and char == stack[-1][0] and char != '"':
            spans.append((stack.pop()[1], i))
    return spans


def _abbreviation(text: str, begin: int, dot: int) -> bool:
    """Whether the word before the period at ``dot`` is an abbreviation or an initial."""
    word = re.search(r"\S*$", text[begin:dot]).group().lstrip(_OPENERS)
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True
    return word.casefold() in ABBREVIATIONS or bool(_DOTTED.fullmatch(word))


def _starts_sentence(text: str, pos: int, end: int) -> bool:
    """Whether what follows ``pos`` can begin a sentence (not a lower-case word, not ``,``)."""
    for i in range(pos, end):
        char = text[i]
        if char.isspace() or char in _OPENERS:
            continue
        if char.isalpha():  # "xAI", "iPhone", "eBay": a lower-case brand can open a sentence
            word = text[i:end].split(maxsplit=1)[0] if text[i:end].strip() else ""
            return not char.islower() or any(c.isupper() for c in word[1:])
        return char.isdigit() or char in "“«¿¡-–—*•"
    return True


def fold(text: str) -> str:
    """The matching form of ``text``.

    NFKD, combining marks dropped, case folded, every character that is not a letter or a
    digit turned into one space, spaces collapsed and stripped.

    Examples
    --------
    >>> fold("Nvidia’s"), fold("Andreessen-Horowitz"), fold("GPT-4"), fold("  São  Paulo ")
    ('nvidia s', 'andreessen horowitz', 'gpt 4', 'sao paulo')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of ``text``: ``(start, end, folded)`` for every alphanumeric run.

    Punctuation separates tokens, so ``"GPT-4"`` gives ``gpt`` and ``4`` and ``"Nvidia's"``
    gives ``nvidia`` and ``s``; ``text[start:end]`` is the token as written.
    """
    result = []
    for match in _TOKEN.finditer(text):
        folded = fold(match.group()).replace(" ", "")
        if folded:
            result.append((match.start(), match.end(), folded))
    return result


def detect_language(text: str) -> str:
    """``"pt"`` or ``"en"``: whichever language's function words occur more often.

    Ties (including texts with no function words at all) count as English.
    """
    pt = en = 0
    for match in _WORD.finditer(text):
        word = match.group().casefold()
        pt += word in PT_WORDS
        en += word in EN_WORDS
    return "pt" if pt > en else "en"


__all__ = ["Sentence", "detect_language", "fold", "split_sentences", "tokens"]
