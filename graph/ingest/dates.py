"""Dates in news text (pt-PT, pt-BR, English), resolved against the publication date.

A mention keeps the precision of the text: a year is ``gYear`` ("2024"), a month
``gYearMonth`` ("2024-09"), a day ``date`` ("2024-09-12"). ``text[start:end]`` is the whole
phrase, with its leading preposition ("em setembro", "in September 2023", "no início de 2025").

Resolution rules (``published`` = P, its year Y and month PM):

* absolute dates ("12 de setembro de 2024", "September 2023", "2024-09-12", "em 2023",
  "early 2025", "no terceiro trimestre de 2026" and "the second half of 2026" at year
  precision) need no P and have ``relative=False``; early/mid/late keep year (or month)
  precision; a future absolute date is still ``kind="point"`` (whether it is a plan is the
  rules' business);
* a month without a year ("em setembro", "12 de setembro") is in Y, unless it comes after PM:
  news talks about the past, so "em dezembro" published 2024-11-27 is 2023-12. A future cue
  in the phrase ("até", "a partir de", "by", "until", "till", "starting") or "this"/"deste"
  keeps it in Y ("até dezembro" → 2024-12); "next"/"próximo" takes the first such month after
  PM, "last"/"passado"/"último" the last one before PM;
* "deste ano"/"this year" → Y, "do ano passado"/"last year" → Y-1, "do próximo ano"/"next
  year" → Y+1, also after a month ("em maio deste ano" → 2024-05);
* "este mês"/"this month" → PM, "mês passado"/"last month" → PM-1; "recente(s)",
  "recentemente", "recent(ly)" → PM (``gYearMonth``);
* "nos próximos meses"/"in the coming months"/"in the next few months" → ``kind="upcoming"``
  from PM to PM + :data:`UPCOMING_MONTHS` ("nos próximos 3 meses" → PM + 3);
  "no próximo ano"/"next year" → ``kind="upcoming"`` from Y+1 to Y+1 (``gYear``).

Everything resolved against P has ``relative=True``; with ``published=None`` those mentions
are skipped and only absolute dates are returned. English month names must be capitalised
("May", "Sept."); Portuguese ones may be ("Setembro") and may lack accents ("marco").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from graph.ingest.numbers import base_language, fold, parse_number

UPCOMING_MONTHS = 6
"""Horizon of "in the coming months" / "nos próximos meses": publication month + 6."""


@dataclass(frozen=True)
class TimeMention:
    """A time phrase ``text[start:end]`` and its ISO lexical form ``value``."""

    start: int
    end: int
    value: str
    datatype: str
    kind: str
    until: str | None = None
    relative: bool = False


_MONTHS = {
    "pt": dict(zip("janeiro fevereiro marco abril maio junho julho agosto setembro outubro "
                   "novembro dezembro".split(), range(1, 13))),
    "en": dict(zip("january february march april may june july august september october "
                   "november december".split(), range(1, 13)))
    | dict(zip("jan feb mar apr jun jul aug sep oct nov dec".split(),
               [*range(1, 5), *range(6, 13)])) | {"sept": 9},
}
_PREP = {
    "pt": r"em|no|na|desde|ate\s+ao|ate\s+o|ate\s+a|ate|a\s+partir\s+de|durante|antes\s+de|apos"
          r"|depois\s+de",
    "en": r"in|on|since|by|until|till|through|during|from|before|after|starting(?:\s+in)?|as\s+of",
}
_PART = {
    "pt": r"(?:inicio|comeco|final|fim|meados)\s+de\s+",
    "en": r"(?:early|late|mid)(?:-|\s+)|(?:the\s+)?(?:start|beginning|end|middle)\s+of\s+",
}
_REL_YEAR = {
    "pt": r"(?:n|d)?este\s+ano|do\s+ano\s+(?:corrente|passado|anterior|que\s+vem)"
          r"|do\s+proximo\s+ano",
    "en": r"(?:of\s+)?(?:this|last|next)\s+year",
}
_QUARTER = (r"(?:(?:primeiro|segundo|terceiro|quarto|first|second|third|fourth|1st|2nd|3rd|4th)"
            r"\s+(?:trimestre|quarter)|(?:primeira|segunda|first|second)\s+(?:metade|half)"
            r"|q[1-4]|h[12]|[1-4]t)")
"""A quarter or half of a year ("no terceiro trimestre de 2026", "the second half of 2026",
"Q3 2026"): the year, at year precision (no XSD type holds a quarter)."""
_FUTURE = frozenset({"ate", "a", "by", "until", "till", "starting"})
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\w-]|[.,]\d)"


def _month_pattern(lang: str) -> re.Pattern[str]:
    months = "|".join(sorted(_MONTHS[lang], key=len, reverse=True))
    if lang == "pt":
        return re.compile(
            rf"(?<!\w)(?:(?P<prep>{_PREP[lang]})\s+)?(?:(?:o\s+)?dia\s+)?"
            rf"(?:(?P<day>\d{{1,2}})(?:\.?o)?\s+de\s+|(?P<part>{_PART[lang]}))?"
            rf"(?P<month>{months})\b"
            rf"(?:\s+(?:de\s+)?{_YEAR}|\s+(?P<ry>{_REL_YEAR[lang]})\b"
            r"|\s+(?P<cue>passado|proximo|ultimo)\b)?")
    return re.compile(
        rf"(?<!\w)(?:(?P<prep>{_PREP[lang]})\s+)?(?:(?P<cue>last|this|next)\s+)?"
        r"(?:(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"|(?P<part>{_PART[lang]}))?(?P<month>{months})\b\.?"
        r"(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?\b)?"
        rf"(?:,?\s+(?:of\s+)?{_YEAR}|\s+(?P<ry>{_REL_YEAR[lang]})\b)?")


def _patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    pt = lang == "pt"
    relative = {
        "last_year": r"(?:(?:n|d)?o\s+)?ano\s+(?:passado|anterior)" if pt else r"last\s+year",
        "this_year": r"(?:n|d)?este\s+ano|(?:n|d)?o\s+ano\s+corrente" if pt
        else r"(?:(?:earlier|later)\s+)?this\s+year",
        "next_year": r"(?:(?:n|d)?o\s+)?(?:proximo\s+ano|ano\s+que\s+vem)" if pt
        else r"(?:(?:in|by|early|late|later)\s+)?next\s+year",
        "this_month": r"(?:n|d)?este\s+mes" if pt else r"this\s+month",
        "last_month": r"(?:(?:n|d)?o\s+)?mes\s+passado" if pt else r"last\s+month",
        "recent": r"recente(?:s|mente)?" if pt else r"recent(?:ly)?",
        "coming": r"(?:(?:n|d)?os\s+|durante\s+os\s+|ao\s+longo\s+dos\s+)?proximos\s+"
                  r"(?:(?P<n>\d{1,2}|[a-z]+)\s+)?meses" if pt
        else r"(?:(?:in|over|during|within)\s+)?(?:the\s+)?(?:coming|next)\s+"
             r"(?:(?P<n>few|several|\d{1,2}|[a-z]+)\s+)?months|(?:in\s+)?the\s+months\s+ahead",
    }
    found = [(kind, re.compile(rf"(?<!\w)(?:{rx})(?!\w)")) for kind, rx in relative.items()]
    prep = rf"(?:(?P<prep>{_PREP[lang]})\s+)?"
    year = (rf"{prep}(?:(?:o\s+)?ano\s+de\s+)?(?P<part>{_PART[lang]})?{_YEAR}" if pt
            else rf"{prep}(?:the\s+year\s+)?(?P<part>{_PART[lang]})?{_YEAR}")
    return found + [("month", _month_pattern(lang)),
                    ("year", re.compile(rf"(?<!\w){year}")),
                    ("quarter", re.compile(rf"(?<!\w){prep}(?:(?:o|a|the)\s+)?{_QUARTER}"
                                           rf"\s+(?:de\s+|of\s+)?{_YEAR}")),
                    ("iso", re.compile(rf"(?<![\w-]){prep}(?P<iso>\d{{4}}-\d\d-\d\d)(?![\w-])"))]


_PATTERNS = {lang: _patterns(lang) for lang in _MONTHS}


def _shift(year: int, month: int, months: int) -> str:
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _first_word(text: str | None) -> str:
    return text.split()[0] if text else ""


def _month_year(month: int, m: re.Match[str], published: date) -> int:
    year, now = published.year, published.month
    cue = m.group("cue") or ""
    if cue in ("next", "proximo"):
        return year if month > now else year + 1
    if cue in ("last", "passado", "ultimo"):
        return year if month < now else year - 1
    if cue == "this" or _first_word(m.group("prep")) in _FUTURE:
        return year
    return year - 1 if month > now else year


def _month(m: re.Match[str], text: str, lang: str, published: date) -> TimeMention | None:
    if lang == "en" and not text[m.start("month")].isupper():
        return None
    day = m.group("day") or (m.groupdict().get("day2"))
    if not (day or m.group("year") or m.group("ry") or m.group("cue") or m.group("prep")):
        return None
    month = _MONTHS[lang][m.group("month")]
    relative = not m.group("year")
    if not relative:
        year = int(m.group("year"))
    elif m.group("ry"):
        ry = m.group("ry")
        year = published.year + (-1 if re.search(r"passado|anterior|last", ry)
                                 else 1 if re.search(r"proximo|que\s+vem|next", ry) else 0)
    else:
        year = _month_year(month, m, published)
    if day:
        try:
            value = date(year, month, int(day)).isoformat()
        except ValueError:
            return None
        return TimeMention(m.start(), m.end(), value, "date", "point", relative=relative)
    return TimeMention(m.start(), m.end(), f"{year:04d}-{month:02d}", "gYearMonth", "point",
                       relative=relative)


def _resolve(kind: str, m: re.Match[str], text: str, lang: str,
             published: date) -> TimeMention | None:
    start, end = m.start(), m.end()
    if kind == "month":
        return _month(m, text, lang, published)
    if kind == "year":
        if not (m.group("prep") or m.group("part")):
            return None
        return TimeMention(start, end, m.group("year"), "gYear", "point")
    if kind == "quarter":
        return TimeMention(start, end, m.group("year"), "gYear", "point")
    if kind == "iso":
        try:
            return TimeMention(start, end, date.fromisoformat(m.group("iso")).isoformat(),
                               "date", "point")
        except ValueError:
            return None
    year, month = published.year, published.month
    if kind in ("last_year", "this_year"):
        return TimeMention(start, end, str(year - (kind == "last_year")), "gYear", "point",
                           relative=True)
    if kind == "next_year":
        return TimeMention(start, end, str(year + 1), "gYear", "upcoming", str(year + 1), True)
    if kind in ("this_month", "last_month", "recent"):
        return TimeMention(start, end, _shift(year, month, -(kind == "last_month")),
                           "gYearMonth", "point", relative=True)
    count = parse_number(m.group("n"), lang) if m.groupdict().get("n") else None
    horizon = int(count) if count and count == int(count) else UPCOMING_MONTHS
    return TimeMention(start, end, _shift(year, month, 0), "gYearMonth", "upcoming",
                       _shift(year, month, horizon), True)


def _longest(mentions: list[TimeMention]) -> list[TimeMention]:
    kept: list[TimeMention] = []
    for t in sorted(mentions, key=lambda t: (t.start - t.end, t.start)):
        if all(t.end <= k.start or k.end <= t.start for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: t.start)


_ANY_DAY = date(2000, 6, 15)
"""Stands in for a missing publication date while phrases compete for the longest match."""


def find_times(text: str, lang: str, published: date | None) -> list[TimeMention]:
    """Time mentions in ``text``, resolved against ``published`` (see the module rules).

    Parameters
    ----------
    text : str
        The text.
    lang : str
        ``"pt"`` (pt-PT and pt-BR) or ``"en"``.
    published : datetime.date or None
        The publication date; ``None`` returns absolute dates only.

    Returns
    -------
    list of TimeMention
        Sorted by start, non-overlapping; the longest phrase wins.
    """
    lang, folded = base_language(lang), fold(text)
    found = (_resolve(kind, m, text, lang, published or _ANY_DAY)
             for kind, rx in _PATTERNS[lang] for m in rx.finditer(folded))
    mentions = _longest([t for t in found if t is not None])
    return mentions if published else [t for t in mentions if not t.relative]


def time_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every phrase :func:`find_times` reads as a time, whatever the date.

    Used to keep the numbers of "12 de setembro de 2024" or "em 2024" out of the amounts.
    """
    return [(t.start, t.end) for t in find_times(text, lang, _ANY_DAY)]
