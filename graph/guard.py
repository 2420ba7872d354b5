"""A guard in front of every SPARQL text, applied before any engine parses it.

pyoxigraph segfaults on ~2,500 nested brackets and lets ``SERVICE``/``LOAD`` reach the network
with no switch to turn them off; rdflib applies ``\\uXXXX`` escapes before parsing, so a keyword
blocklist on the raw text is bypassable. The guard therefore:

1. refuses texts over the byte limit;
2. decodes SPARQL codepoint escapes (SPARQL 1.1 section 19.2) first;
3. tokenises the decoded text (comments, strings, IRIs, variables, language tags and prefixed
   names are read as whole tokens, so only bare words can be keywords) and refuses the
   ``SERVICE`` and ``LOAD`` keywords unless explicitly allowed, and bracket nesting deeper than
   the limit.

Words that only look like the keywords (``?service``, ``ex:load``, ``"customer service"``,
``<http://ex/SERVICE>``) are data and pass.
"""

from __future__ import annotations

import re

from graph.errors import QueryRefused, QueryTooLarge

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n\r]*)
      | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
      | (?P<string>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$]\w+)
      | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
      | (?P<pname>(?:[A-Za-z_][\w\-.]*)?:(?:[\w\-:%]|\.(?=[\w\-:%]))*)
      | (?P<word>[A-Za-z_]\w*)
      | (?P<open>[{(\[])
      | (?P<close>[})\]])
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


def decode_escapes(text: str) -> str:
    """Apply SPARQL ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes (invalid code points refused)."""
    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryRefused(f"invalid codepoint escape {match.group(0)}",
                               code="malformed_query")
        return chr(code)

    return _ESCAPE.sub(replace, text)


def guard_sparql(text: str, *, max_bytes: int = 32 * 1024, max_depth: int = 64,
                 allow: frozenset[str] = frozenset()) -> None:
    """Raise :class:`QueryRefused` unless ``text`` is safe to hand to an engine.

    Args:
        text: a SPARQL query or update.
        max_bytes: largest UTF-8 size accepted (:class:`QueryTooLarge` beyond).
        max_depth: deepest nesting of ``{``, ``(`` and ``[`` accepted.
        allow: keywords among ``SERVICE`` and ``LOAD`` that the operator enabled.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryTooLarge(f"SPARQL text is {size} bytes; the limit is {max_bytes} bytes")
    decoded = decode_escapes(text)
    forbidden = {"SERVICE", "LOAD"} - {a.upper() for a in allow}
    depth = 0
    for match in _TOKEN.finditer(decoded):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            if word in forbidden:
                raise QueryRefused(
                    f"{word} is disabled on this endpoint",
                    code="service_disabled" if word == "SERVICE" else "load_disabled")
        elif kind == "open":
            depth += 1
            if depth > max_depth:
                raise QueryRefused(f"query nesting deeper than {max_depth}",
                                   code="query_too_deep")
        elif kind == "close":
            depth = max(depth - 1, 0)
