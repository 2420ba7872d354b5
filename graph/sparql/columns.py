"""The column order of ``SELECT *`` answers.

SPARQL 1.1 (section 18.2.4.1, and the results formats' ``head``) lists the columns of
``SELECT *`` as the in-scope variables in the order they appear in the query; pyoxigraph sorts
them by name (``SELECT * { ?z ?y ?x }`` comes back as ``x, y, z``). :func:`star_order` reads the
query's variables in the order they appear after ``SELECT *``; :func:`ordered` puts the
engine's own variable list (which decides *which* columns there are) in that order, and
:func:`reorder_head` rewrites the head of a SPARQL JSON or XML answer written by pyoxigraph's
serializer (bindings are keyed by name in both formats, so only the head carries the order).
Explicit projections (``SELECT ?b ?a``) already keep their order and are left alone.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

from graph.errors import QueryRefused
from graph.sparql.tokens import decode_escapes, tokens

_MODIFIERS = frozenset({"DISTINCT", "REDUCED"})


def star_order(text: str) -> list[str] | None:
    """The variables of a ``SELECT *`` query (the outermost SELECT) in order of first
    appearance after the ``*``; ``None`` for any other query (or text the tokenizer refuses)."""
    try:
        decoded = decode_escapes(text)
    except QueryRefused:  # a bad escape: the guard reports it, not this helper
        return None
    if "*" not in decoded:  # no SELECT * (most queries): no tokenizing
        return None
    found = list(tokens(decoded))
    for position, (kind, match, _) in enumerate(found):
        if kind == "word" and match.group().upper() in ("ASK", "CONSTRUCT", "DESCRIBE"):
            return None
        if kind == "word" and match.group().upper() == "SELECT":
            break
    else:
        return None
    rest = found[position + 1:]
    while rest and rest[0][0] == "word" and rest[0][1].group().upper() in _MODIFIERS:
        rest = rest[1:]
    if not rest or rest[0][1].group() != "*":
        return None
    names = (match.group()[1:] for kind, match, _ in rest[1:] if kind == "var")
    return list(dict.fromkeys(names))


def ordered(names: list[str] | tuple[str, ...], order: list[str] | None) -> tuple[str, ...]:
    """``names`` (the engine's columns) in the order of ``order``; names it lacks keep their
    place after the others."""
    if not order:
        return tuple(names)
    rank = {name: i for i, name in enumerate(order)}
    return tuple(sorted(names, key=lambda n: (rank.get(n, len(rank)), names.index(n))))


def reorder_head(body: bytes, json_format: bool, order: list[str] | None) -> bytes:
    """A serialised SELECT answer (SPARQL JSON when ``json_format``, else XML) with its head's
    variables in the order of ``order`` (see :func:`ordered`); other answers unchanged."""
    if not order:
        return body
    if json_format:
        start = body.find(b'"vars":')
        if start < 0:
            return body
        start = body.index(b"[", start)
        end = body.index(b"]", start) + 1  # names are SPARQL variable names: no "]" inside
        names = json.loads(body[start:end])
        head = json.dumps(list(ordered(names, order)), ensure_ascii=False, separators=(",", ":"))
    else:
        start, end = body.find(b"<head>"), body.find(b"</head>")
        if start < 0 or end < 0:
            return body
        start += len(b"<head>")
        names = [part.split('"', 2)[1]
                 for part in body[start:end].decode("utf-8").split("<variable ")[1:]]
        head = "".join(f"<variable name={quoteattr(n)}/>" for n in ordered(names, order))
    return body[:start] + head.encode("utf-8") + body[end:]
