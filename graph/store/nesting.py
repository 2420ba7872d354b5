"""How deeply an input nests, measured before a recursive parser sees it.

pyoxigraph's JSON-LD parser overflows its stack on objects nested ~4,000 deep (60 KB of
``{"p":{"p":…``), RDF 1.2 triple terms nested 50,000 deep crash the engine and 5,000 deep
fail inside it, and Python's ``json`` raises ``RecursionError`` at ~1,000 levels. So every
RDF payload and JSON body is scanned once, linearly, and refused with 400 ``payload_too_deep``
past :data:`MAX_DEPTH` — far above what real data needs (JSON-LD and Turtle rarely nest more
than ten levels) and far below what breaks a parser.

The scan reads whole tokens (strings, IRIs, comments), so brackets inside data do not count.
"""

from __future__ import annotations

import re

from graph.errors import ForbiddenInput

MAX_DEPTH = 128

_JSON = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_TURTLE = re.compile(
    rb"""\#[^\n\r]*
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*'
      | <<\(? | \)?>>
      | <[^<>"{}|^`\\\x00-\x20]*>
      | [\[\](){}]""",
    re.VERBOSE | re.DOTALL,
)
_OPEN = frozenset({b"[", b"(", b"{", b"<<", b"<<("})
_CLOSE = frozenset({b"]", b")", b"}", b">>", b")>>"})
_SCANNERS = {"json": _JSON, "jsonld": _JSON, "turtle": _TURTLE, "trig": _TURTLE,
             "ntriples": _TURTLE, "nquads": _TURTLE, "n3": _TURTLE}


def nesting_depth(data: bytes, syntax: str) -> int:
    """Deepest bracket nesting of ``data`` in a syntax of :data:`_SCANNERS` (0 for others,
    such as RDF/XML, whose parser does not recurse on nesting)."""
    scanner = _SCANNERS.get(syntax)
    if scanner is None:
        return 0
    depth = deepest = 0
    for match in scanner.finditer(data):
        token = match.group()
        if token in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif token in _CLOSE:
            depth = max(depth - 1, 0)
    return deepest


def check_depth(data: bytes, syntax: str, *, limit: int = MAX_DEPTH) -> None:
    """Raise ``ForbiddenInput`` (``payload_too_deep``) when ``data`` nests deeper than ``limit``."""
    depth = nesting_depth(data, syntax)
    if depth > limit:
        raise ForbiddenInput(f"the {syntax} input nests {depth} levels deep; the limit is "
                             f"{limit}", code="payload_too_deep")
