"""HTTP content negotiation for the SPARQL 1.1 endpoint (RFC 9110 section 12.5.1), stdlib only.

* A missing or empty ``Accept``, or one with no well-formed range, means ``*/*``. Pieces that are
  not ``type/subtype`` and ranges with a malformed ``q`` are dropped, never an error.
* Types, subtypes and parameter names are case-insensitive. Parameters other than ``q`` do not
  stop a range matching a bare offer, except a ``charset`` other than ``utf-8`` (matches nothing).
* An offer's quality is the ``q`` of the most specific matching range (``type/subtype;params`` >
  ``type/subtype`` > ``type/*`` > ``*/*``; equally specific: the highest ``q``); ``q=0`` excludes.
  Ties between offers go to the server's order.
* Aliases (``application/json``, ``text/xml``, ...) count only when a range names them exactly, so
  ``text/*`` gives CSV for a SELECT, not XML results via ``text/xml``. A canonical type gets the
  best ``q`` of itself and its explicitly named aliases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from graph.errors import KGError

Form = Literal["select", "ask", "graph"]

SELECT_OFFERS: tuple[str, ...] = (
    "application/sparql-results+json", "application/sparql-results+xml",
    "text/csv", "text/tab-separated-values")
SELECT_ALIASES: dict[str, str] = {"application/json": "application/sparql-results+json",
                                  "application/xml": "application/sparql-results+xml",
                                  "text/xml": "application/sparql-results+xml"}
GRAPH_OFFERS: tuple[str, ...] = (
    "text/turtle", "application/n-triples", "application/n-quads", "application/trig",
    "application/ld+json", "application/rdf+xml")
GRAPH_ALIASES: dict[str, str] = {
    "application/x-turtle": "text/turtle", "text/plain": "application/n-triples",
    "application/json": "application/ld+json", "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml"}

_SELECT_NAMES = dict(zip(("json", "xml", "csv", "tsv"), SELECT_OFFERS))
_GRAPH_NAMES = {"turtle": "text/turtle", "ttl": "text/turtle",
                "ntriples": "application/n-triples", "nt": "application/n-triples",
                "nquads": "application/n-quads", "nq": "application/n-quads",
                "trig": "application/trig", "jsonld": "application/ld+json",
                "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml",
                "json": "application/ld+json", "xml": "application/rdf+xml"}

_LABELS = {"select": "SELECT", "ask": "ASK", "graph": "graph (CONSTRUCT/DESCRIBE)"}
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9a-z-]+$")
_QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


class NotAcceptable(KGError):
    """No representation the client accepts can be produced (HTTP 406)."""

    code = "not_acceptable"


@dataclass(frozen=True)
class MediaRange:
    """One range of an ``Accept`` header, lower-cased, with its weight and position."""

    type: str
    subtype: str
    params: tuple[tuple[str, str], ...]
    q: float
    position: int

    @property
    def specificity(self) -> int:
        """0 for ``*/*``, 1 for ``type/*``, 2 for ``type/subtype``, 3 with parameters."""
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 3 if self.params else 2

    def matches(self, media_type: str) -> bool:
        """True when this range covers the bare ``media_type`` (``type/subtype``)."""
        charset = dict(self.params).get("charset")
        if charset is not None and charset.lower() != "utf-8":
            return False
        kind, _, sub = media_type.lower().partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)


def _split(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside double-quoted strings."""
    parts, current, quoted, escaped = [], [], False, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == sep and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _parse_range(piece: str, position: int) -> MediaRange | None:
    head, *raw_params = _split(piece, ";")
    kind, slash, sub = head.strip().lower().partition("/")
    if not slash or not _TOKEN.match(kind) or not _TOKEN.match(sub) or (kind == "*" != sub):
        return None
    q, params = 1.0, []
    for raw in raw_params:
        name, eq, value = raw.strip().partition("=")
        name, value = name.strip().lower(), value.strip()
        if not eq or not _TOKEN.match(name):
            continue  # stray ";" or a malformed parameter: ignore it, keep the range
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        if name == "q":
            if not _QVALUE.match(value):
                return None
            q = float(value)
        else:
            params.append((name, value))
    return MediaRange(kind, sub, tuple(params), q, position)


def parse_accept(header: str | None) -> list[MediaRange]:
    """The well-formed ranges of an ``Accept`` header in header order; ``*/*`` when none."""
    ranges = [r for i, piece in enumerate(_split(header or "", ","))
              if piece.strip() and (r := _parse_range(piece, i)) is not None]
    return ranges or [MediaRange("*", "*", (), 1.0, 0)]


def quality(ranges: Sequence[MediaRange], media_type: str, *, exact_only: bool = False) -> float:
    """The ``q`` of the most specific range matching ``media_type``, 0.0 when none matches;
    with ``exact_only`` only ranges naming the type itself count (used for aliases)."""
    found = [r for r in ranges if r.matches(media_type) and (r.specificity >= 2 or not exact_only)]
    if not found:
        return 0.0
    top = max(r.specificity for r in found)
    return max(r.q for r in found if r.specificity == top)


def _pick(ranges: list[MediaRange], offers: Sequence[str],
          aliases: dict[str, str] | None = None) -> str | None:
    best, best_q = None, 0.0
    for offer in offers:
        q = max([quality(ranges, offer)] + [quality(ranges, alias, exact_only=True)
                                            for alias, target in (aliases or {}).items()
                                            if target == offer])
        if q > best_q:
            best, best_q = offer, q
    return best


def choose(header: str | None, offers: Sequence[str]) -> str | None:
    """The acceptable offer with the highest quality, ties to the earliest; ``None`` if none."""
    return _pick(parse_accept(header), offers)


def result_offers(form: Form) -> tuple[tuple[str, ...], dict[str, str]]:
    """The canonical media types for a result form, in server preference, and their aliases."""
    if form in ("select", "ask"):
        return SELECT_OFFERS, SELECT_ALIASES
    if form == "graph":
        return GRAPH_OFFERS, GRAPH_ALIASES
    raise ValueError(f"unknown result form {form!r}; expected 'select', 'ask' or 'graph'")


def negotiate(header: str | None, form: Form) -> str:
    """The canonical media type to write a ``form`` result in, or :class:`NotAcceptable`."""
    offers, aliases = result_offers(form)
    best = _pick(parse_accept(header), offers, aliases)
    if best is None:
        raise NotAcceptable(
            f"cannot produce any of the requested media types ({header!r}) for a "
            f"{_LABELS[form]} result; available: {', '.join(offers)}",
            accept=header, available=list(offers))
    return best


def format_override(value: str | None, form: Form) -> str | None:
    """The canonical media type named by a ``format`` query parameter, ``None`` when absent.

    Accepts short names (``json``, ``csv``, ``ttl``, ...) or a media type or alias of the form."""
    if value is None or not value.strip():
        return None
    offers, aliases = result_offers(form)
    names = _GRAPH_NAMES if form == "graph" else _SELECT_NAMES
    key = value.strip().lower()
    found = names.get(key) or aliases.get(key) or (key if key in offers else None)
    if found is None:
        raise NotAcceptable(
            f"format {value!r} is not available for a {_LABELS[form]} result; "
            f"use one of {', '.join(dict.fromkeys(names))} or a media type among "
            f"{', '.join(offers)}", format=value, available=list(offers))
    return found
