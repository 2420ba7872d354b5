"""Whether a query's answer can be given again while the store is unchanged.

SPARQL's ``RAND()``, ``NOW()``, ``UUID()``, ``STRUUID()`` and ``BNODE()`` give another value at
each evaluation, so an answer that used them must not be reused
(:mod:`graph.engine.answers`). The test is deliberately coarse: any bare word of those names in
the escape-decoded text (outside strings, IRIs and comments) makes the query unrepeatable, so
what a parser would accept as one of these calls is never missed.
"""

from __future__ import annotations

from graph.errors import KGError
from graph.sparql.tokens import decode_escapes, tokens

UNREPEATABLE = frozenset({"RAND", "NOW", "UUID", "STRUUID", "BNODE"})
"""Built-in functions (SPARQL 1.1 section 17.4) whose value differs at each call."""


def repeatable(text: str) -> bool:
    """``True`` when evaluating ``text`` twice on the same data gives the same answer (up to
    blank node labels); ``False`` for a text that names a function above, or cannot be read."""
    try:
        decoded = decode_escapes(text)
    except KGError:
        return False
    upper = decoded.upper()
    if not any(name in upper for name in UNREPEATABLE):
        return True  # the common case, without tokenizing
    return not any(kind == "word" and match.group().upper() in UNREPEATABLE
                   for kind, match, _ in tokens(decoded))
