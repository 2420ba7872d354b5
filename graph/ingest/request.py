"""The arguments of an ingestion request, checked once for both front doors (HTTP and CLI).

:func:`check_request` returns the keyword arguments of :func:`graph.ingest.pipeline.ingest`, or
raises :class:`~graph.errors.InvalidInput` with a ``field`` detail naming what is wrong.
"""

from __future__ import annotations

import re
from datetime import date

from graph.errors import InvalidInput, KGError
from graph.iris import checked_iri

MAX_TEXT_CHARS = 200_000
"""Longest article text accepted, in characters."""
LANGUAGES = ("auto", "pt", "en")
"""``lang`` values: guess, Portuguese or English."""
MAX_TITLE_CHARS = 1_000

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WEB = frozenset({"http", "https"})


class TextTooLong(InvalidInput):
    """An article text over :data:`MAX_TEXT_CHARS` characters (HTTP 413)."""

    code = "payload_too_large"
    http_status = 413


def check_request(text: object = None, *, lang: object = "auto", published: object = None,
                  source: object = None, title: object = None,
                  outlet: object = None) -> dict[str, object]:
    """``{"text", "lang", "published", "source", "title", "outlet"}`` checked (empty optional
    values become ``None``).

    Raises:
        InvalidInput: with ``field``: text empty or not a string, ``lang`` not one of
            :data:`LANGUAGES`, ``published`` not a real ``YYYY-MM-DD`` date, ``source`` not
            an http(s) IRI, ``title`` not a one-line string of at most 1,000 characters,
            ``outlet`` (the publisher's name) not a one-line string of at most 200.
        TextTooLong: ``text`` over :data:`MAX_TEXT_CHARS` characters.
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("text: the article text is empty", field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLong(f"text: {len(text):,} characters; at most {MAX_TEXT_CHARS:,} are "
                          "accepted", field="text")
    lang = "auto" if lang in (None, "") else lang
    if lang not in LANGUAGES:
        raise InvalidInput(f"lang: {str(lang)[:20]!r} is not one of {', '.join(LANGUAGES)}",
                           field="lang")
    return {"text": text, "lang": lang, "published": _published(published),
            "source": _source(source), "title": _title(title), "outlet": _outlet(outlet)}


def _published(value: object) -> str | None:
    if value in (None, ""):
        return None
    try:
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidInput(f"published: {str(value)[:40]!r} is not a date (YYYY-MM-DD)",
                           field="published") from None


def _source(value: object) -> str | None:
    if value in (None, ""):
        return None
    try:
        if not isinstance(value, str):
            raise InvalidInput("not a string")
        return checked_iri(value, schemes=_WEB)
    except KGError as exc:
        raise InvalidInput(f"source: must be an http(s) URL ({exc})", field="source") from None


def _title(value: object) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > MAX_TITLE_CHARS or "\n" in value:
        raise InvalidInput(f"title: one line of at most {MAX_TITLE_CHARS:,} characters",
                           field="title")
    return value.strip() or None


def _outlet(value: object) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 200 or "\n" in value or not value.strip():
        raise InvalidInput("outlet: the publisher's name, one line of at most 200 characters",
                           field="outlet")
    return value.strip()
