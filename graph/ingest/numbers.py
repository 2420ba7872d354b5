"""Numbers, money and counted amounts in news text (pt-PT, pt-BR, English), with offsets.

Scale conventions (every scale word has one value, whatever the variant of Portuguese):

* English is **short scale**: ``thousand`` 10^3, ``million`` 10^6, ``billion`` 10^9,
  ``trillion`` 10^12;
* pt-PT is **long scale**: ``mil`` 10^3, ``milhão``/``milhões`` 10^6, ``mil milhões`` 10^9,
  ``bilião``/``biliões`` 10^12, ``trilião``/``triliões`` 10^18;
* pt-BR is **short scale** and spells the words differently: ``bilhão``/``bilhões`` 10^9,
  ``trilhão``/``trilhões`` 10^12. So ``bilhão`` (BR spelling) is 10^9 and ``bilião``
  (PT spelling) 10^12;
* abbreviations: ``k`` 10^3, ``m``/``mn``/``mln``/``mi`` 10^6, ``b``/``bn``/``bi`` 10^9,
  ``tn``/``trn``/``tri`` 10^12. The one-letter ones count only when glued to the digits
  ("$500m", "200k"), the others also after a space ("6 bi", "24 bn").

Scale words multiply: "1,5 mil milhões" = 1.5 × 10^3 × 10^6, "two hundred thousand" =
2 × 100 × 1000. Number words: one..twenty / um..vinte, "cem", "mil", "a hundred", "a dozen";
"um"/"uma"/"one"/"a"/"an" count only before a scale word ("um milhão"), never alone.

Vague amounts ("centenas de milhares", "hundreds of thousands", "milhares", "dozens") carry
their lower bound (10^5, 10^5, 10^3, 12) and ``vague=True``; "tens" needs "of ...".

Currency comes from a prefix (``US$``, ``R$``, ``$``, ``€``, ``£``, ISO codes) or a suffix
("de dólares", "dollars", "euros", "reais", "USD", "€"); a plain ``$`` and "dólares"/"dollars"
are USD. A counted unit directly after the number (optionally after "de"/"of") is normalised
to English ("unidades" → "units", "%" → "percent"). Anything in between ends the phrase:
"100,000 H100 chips" is the amount "100,000" with unit ``None``, so rules find the chip model
right after it.

Matching runs on :func:`fold` (lower case, accents stripped), which keeps every offset. Input
is expected in NFC (decomposed accents would not fold).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from math import prod


@dataclass(frozen=True)
class Amount:
    """A number phrase: ``text[start:end]`` is the whole phrase with currency and unit words."""

    start: int
    end: int
    value: Decimal
    currency: str | None
    unit: str | None
    vague: bool = False
    year_like: bool = False


_WORDS = {
    "pt": dict(zip(
        "dois tres quatro cinco seis sete oito nove dez onze doze treze catorze quinze dezasseis "
        "dezassete dezoito dezanove vinte".split(), range(2, 21)),
        duas=2, quatorze=14, dezesseis=16, dezessete=17, dezenove=19, cem=100, mil=1000,
        um=1, uma=1),
    "en": dict(zip(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split(), range(1, 21))),
}
"""Number words per language (folded). ``um``/``uma``/``one`` need a scale word."""
_ARTICLES = {"pt": (), "en": ("a", "an")}
"""Words read as 1 before a scale word only ("a hundred", "a million")."""
_NEEDS_SCALE = frozenset({"um", "uma", "one", "a", "an"})
_SCALES = {
    "pt": {"mil": 10**3, "milhao": 10**6, "milhoes": 10**6, "mi": 10**6, "bilhao": 10**9,
           "bilhoes": 10**9, "bi": 10**9, "biliao": 10**12, "bilioes": 10**12,
           "trilhao": 10**12, "trilhoes": 10**12, "tri": 10**12, "triliao": 10**18,
           "trilioes": 10**18},
    "en": {"hundred": 100, "dozen": 12, "thousand": 10**3, "million": 10**6, "mn": 10**6,
           "mln": 10**6, "billion": 10**9, "bn": 10**9, "trillion": 10**12, "tn": 10**12,
           "trn": 10**12},
}
_GLUED = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "mi": 10**6, "b": 10**9,
          "bn": 10**9, "bi": 10**9, "tn": 10**12, "trn": 10**12, "tri": 10**12}
"""Abbreviations written right after the digits ("200k", "$500m", "24bn")."""
_VAGUE = {
    "pt": {"dezenas": 10, "centenas": 100, "milhares": 10**3, "milhoes": 10**6,
           "bilhoes": 10**9, "bilioes": 10**12},
    "en": {"dozens": 12, "tens": 10, "hundreds": 100, "thousands": 10**3, "millions": 10**6,
           "billions": 10**9, "trillions": 10**12},
}
_CURRENCY_PREFIX = {"us$": "USD", "r$": "BRL", "hk$": "HKD", "c$": "CAD", "a$": "AUD",
                    "s$": "SGD", "$": "USD", "€": "EUR", "£": "GBP"}
_CODES = ("usd", "eur", "brl", "gbp", "jpy", "cny", "chf", "cad", "aud", "inr", "krw")
_CURRENCY_WORDS = {
    "pt": {r"dolar(?:es)?(?:\s+(?:norte-)?americanos)?": "USD", r"euros?": "EUR",
           r"reais": "BRL", r"libras(?:\s+esterlinas)?": "GBP", r"ienes": "JPY",
           r"yuans?|iuanes": "CNY"},
    "en": {r"(?:us\s+|u\.s\.\s+)?dollars?": "USD", r"euros?": "EUR",
           r"pounds(?:\s+sterling)?": "GBP", r"yen": "JPY", r"yuan|renminbi": "CNY"},
}
_UNITS = {
    "chips": "chips", "chip": "chips", "gpus": "gpus", "gpu": "gpus", "unidades": "units",
    "unidade": "units", "units": "units", "unit": "units", "dias": "days", "dia": "days",
    "days": "days", "day": "days", "meses": "months", "mes": "months", "months": "months",
    "month": "months", "anos": "years", "ano": "years", "years": "years", "year": "years",
    "semanas": "weeks", "semana": "weeks", "weeks": "weeks", "week": "weeks",
    "horas": "hours", "hora": "hours", "hours": "hours", "hour": "hours",
    "pessoas": "people", "people": "people", "funcionarios": "employees",
    "trabalhadores": "employees", "employees": "employees", "workers": "employees",
    "utilizadores": "users", "usuarios": "users", "users": "users", "servidores": "servers",
    "servers": "servers", "parametros": "parameters", "parameters": "parameters",
    "tokens": "tokens", "aceleradores": "accelerators", "accelerators": "accelerators",
    "megawatts": "megawatts", "mw": "megawatts", "gigawatts": "gigawatts", "gw": "gigawatts",
}
"""Counted units (folded) → English unit names."""


def _alt(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _pattern(lang: str) -> re.Pattern[str]:
    esc = [re.escape(w) for w in _CURRENCY_PREFIX]
    return re.compile(
        r"(?<![\w.,])(?<!\w-)"
        rf"(?:(?P<pre>{_alt(esc + list(_CODES))})\s?)?"
        rf"(?:(?P<vague>(?:{_alt(_VAGUE[lang])})(?:\s+(?:de|of)\s+(?:{_alt(_VAGUE[lang])}))*)\b"
        r"|(?P<num>\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![.,]\d)"
        rf"|(?P<word>{_alt([*_WORDS[lang], *_ARTICLES[lang]])})\b)"
        rf"(?:(?P<glued>{_alt(_GLUED)})(?!\w)|(?P<scales>(?:\s+(?:{_alt(_SCALES[lang])})\b)+))?"
        rf"(?:\s?(?P<code>{_alt(_CODES)}|€)(?!\w)"
        rf"|\s+(?:(?:de|of)\s+)?(?P<cur>{_alt(_CURRENCY_WORDS[lang])})\b"
        r"|\s?(?P<pct>%)|\s+(?P<pct2>por\s+cento|percent|per\s+cent)\b"
        rf"|\s+(?:(?:de|of)\s+)?(?P<unit>{_alt(_UNITS)})\b)?"
        r"(?!\w)")


_FOLD_CACHE: dict[str, str] = {}


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents letter by letter, keeping its length.

    Parameters
    ----------
    text : str
        Any text (NFC).

    Returns
    -------
    str
        A string of the same length where ``"Milhões"`` reads ``"milhoes"``, so offsets found
        in it are offsets into ``text``.
    """
    out = []
    for char in text:
        if char.isascii():
            out.append(char.lower())
            continue
        if char not in _FOLD_CACHE:
            base = "".join(c for c in unicodedata.normalize("NFKD", char)
                           if not unicodedata.combining(c))
            folded = base.lower() if char.isalpha() and len(base) == 1 else char.lower()
            _FOLD_CACHE[char] = folded if len(folded) == 1 else char
        out.append(_FOLD_CACHE[char])
    return "".join(out)


def _exact(value: Decimal) -> Decimal:
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def parse_number(token: str, lang: str) -> Decimal | None:
    """Read one number token: digits with separators, or a number word of ``lang``.

    The digit rule is the same for both languages (news copy mixes conventions):

    * no separator: an integer ("6", "2024");
    * both ``.`` and ``,``: the last one is the decimal mark, the other groups thousands
      ("1.234,5" and "1,234.5" → 1234.5);
    * one kind of separator, several times: thousands ("1.000.000", "1,000,000");
    * one separator, once: thousands when exactly three digits follow it and one to three
      digits, not ``0``, precede it ("100.000", "100,000", "1.500" and "1,500" → 1500);
      otherwise the decimal mark ("1,5", "1.5", "0,125", "1234.567");
    * thousand groups must have three digits, else ``None`` ("1.23.456");
    * a space (also no-break or narrow no-break) groups thousands only before exactly three
      digits ("100 000", pt-PT style); it is never a decimal mark.

    ``lang`` ("pt" or "en", a region suffix like "pt-BR" is ignored) selects the number
    words: "dois" → 2 in Portuguese, "two" → 2 in English, "mil"/"cem" → 1000/100.

    Parameters
    ----------
    token : str
        The token, e.g. ``"100.000"``, ``"1,5"``, ``"dois"``.
    lang : str
        ``"pt"`` or ``"en"``.

    Returns
    -------
    Decimal or None
        The exact value (integral values as integers: ``Decimal(100000)``), or ``None``
        when ``token`` is not a number.
    """
    token = token.strip()
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?", token):
        token = re.sub(r"[ \u00a0\u202f]", "", token)
    word = _WORDS[base_language(lang)].get(fold(token))
    if word is not None:
        return Decimal(word)
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", token):
        return None
    seps = [c for c in token if c in ".,"]
    if not seps:
        return Decimal(int(token))
    if len(set(seps)) == 2:
        decimal_mark = token[max(token.rfind("."), token.rfind(","))]
        grouped, _, fraction = token.rpartition(decimal_mark)
        if decimal_mark in grouped:
            return None
    elif len(seps) > 1 or re.fullmatch(r"[1-9]\d{0,2}[.,]\d{3}", token):
        grouped, fraction = token, ""
    else:
        grouped, _, fraction = token.partition(seps[0])
    groups = re.split(r"[.,]", grouped)
    if any(len(g) != 3 for g in groups[1:]) or (len(groups) > 1 and len(groups[0]) > 3):
        return None
    try:
        return _exact(Decimal("".join(groups) + ("." + fraction if fraction else "")))
    except InvalidOperation:
        return None


def base_language(lang: str) -> str:
    """``"pt"`` or ``"en"`` from a language tag (``"pt-BR"`` → ``"pt"``); else ``ValueError``."""
    base = lang.split("-")[0].split("_")[0].lower()
    if base not in _WORDS:
        raise ValueError(f"unsupported language {lang!r}: use 'pt' or 'en'")
    return base


_PATTERNS = {lang: _pattern(lang) for lang in _WORDS}
_CURRENCY_RES = {lang: [(re.compile(k), v) for k, v in words.items()]
                 for lang, words in _CURRENCY_WORDS.items()}


def _amount(m: re.Match[str], lang: str) -> Amount | None:
    g = m.groupdict()
    vague = g["vague"] is not None
    if vague:
        words = [w for w in g["vague"].split() if w not in ("de", "of")]
        if words == ["tens"]:
            return None
        value = Decimal(prod(_VAGUE[lang][w] for w in words))
        scales: list[str] = []
    else:
        scales = (g["scales"] or "").split() + ([g["glued"]] if g["glued"] else [])
        if g["word"] in _NEEDS_SCALE and not scales:
            return None
        article = g["word"] in _ARTICLES[lang]
        base = Decimal(1) if article else parse_number(g["num"] or g["word"], lang)
        if base is None:
            return None
        value = _exact(base * prod(Decimal(_SCALES[lang].get(s) or _GLUED[s]) for s in scales))
    currency = None
    if g["pre"] or g["code"]:
        code = g["pre"] or g["code"]
        currency = _CURRENCY_PREFIX.get(code, code.upper())
    elif g["cur"]:
        currency = next(iso for rx, iso in _CURRENCY_RES[lang] if rx.fullmatch(g["cur"]))
    unit = "percent" if g["pct"] or g["pct2"] else _UNITS.get(g["unit"] or "")
    year_like = bool(g["num"] and re.fullmatch(r"(?:19|20)\d\d", g["num"])
                     and not (scales or currency or unit))
    return Amount(m.start(), m.end(), value, currency, unit, vague, year_like)


def scan_amounts(text: str, lang: str) -> list[Amount]:
    """Every number phrase in ``text``, including the numbers inside dates.

    :func:`graph.ingest.quantities.find_amounts` is this without the numbers that belong to a
    date phrase ("12 de setembro de 2024", "em 2024").

    Parameters
    ----------
    text : str
        The text.
    lang : str
        ``"pt"`` (pt-PT and pt-BR) or ``"en"``.

    Returns
    -------
    list of Amount
        Sorted by start, non-overlapping; at each position the longest phrase wins.
    """
    lang = base_language(lang)
    found = (_amount(m, lang) for m in _PATTERNS[lang].finditer(fold(text)))
    return [a for a in found if a is not None]
