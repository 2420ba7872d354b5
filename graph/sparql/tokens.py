"""The SPARQL tokenizer shared by the guard and the clause readers.

Comments, strings, IRIs, variables, numbers, language tags and prefixed names are read as whole
tokens, so only bare words can be keywords; brackets (``{ ( [`` and RDF 1.2's ``<<``) and
operators are tokens of their own. :func:`decode_escapes` applies SPARQL codepoint escapes
first (SPARQL 1.1 section 19.2), as every engine does before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.errors import QueryRefused

ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
TOKEN = re.compile(
    r"""(?P<comment>\#[^\n\r]*)
      | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
      | (?P<string>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$]\w+)
      | (?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
      | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
      | (?P<pname>(?:[A-Za-z_][\w\-.]*)?:(?:[\w\-:%]|\.(?=[\w\-:%]))*)
      | (?P<word>[A-Za-z_]\w*)
      | (?P<open>[{(\[]|<<)
      | (?P<close>[})\]]|>>)
      | (?P<operator>\|\||&&|!=|<=|>=|\^\^|[!|/^+\-*=<>])
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


_SKIPPED = frozenset({"space", "comment"})


def decode_escapes(text: str) -> str:
    """Apply SPARQL ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes (invalid code points refused)."""
    if "\\" not in text:  # nothing to decode (most queries): no regex pass
        return text
    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryRefused(f"invalid codepoint escape {match.group(0)}",
                               code="malformed_query")
        return chr(code)

    return ESCAPE.sub(replace, text)


def tokens(decoded: str) -> Iterator[tuple[str, re.Match[str], int]]:
    """``(kind, match, depth)`` for each token of an escape-decoded text.

    ``depth`` is the bracket nesting the token sits at: an opening bracket at depth 0 starts a
    group, and its closing bracket is back at depth 0. Whitespace and comments are left out.
    """
    depth = 0
    for match in TOKEN.finditer(decoded):
        kind = match.lastgroup or "other"
        if kind in _SKIPPED:
            continue
        if kind == "close":
            depth = max(depth - 1, 0)
        yield kind, match, depth
        if kind == "open":
            depth += 1


def keywords(text: str) -> set[str]:
    """The bare words of a text, upper-cased (keywords, never data)."""
    return {m.group().upper() for kind, m, _ in tokens(decode_escapes(text)) if kind == "word"}
