"""Reading the structure of a guarded SPARQL text with :mod:`graph.sparql.tokens`: whether a
query names its own dataset (:func:`has_dataset_clause`, so the union default graph does not
override its ``FROM``), and where the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` become
``USING`` clauses of an update (:func:`with_using_clauses`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from graph.errors import QueryRefused
from graph.iris import checked_iri
from graph.sparql.tokens import decode_escapes, keywords, tokens


def has_dataset_clause(text: str) -> bool:
    """Whether a query names its own dataset (``FROM`` or ``FROM NAMED``).

    Only the bare keyword counts: ``?from``, ``ex:from``, ``"from"``, ``<http://x/FROM>`` and
    comments do not. Call it on text the guard accepted.
    """
    if "FROM" not in text.upper() and "\\" not in text:  # cheap: no such word, no escapes
        return False
    return "FROM" in keywords(text)


def has_update_dataset_clause(text: str) -> bool:
    """Whether an update names its own dataset (``USING``, ``USING NAMED`` or ``WITH``)."""
    return not {"USING", "WITH"}.isdisjoint(keywords(text))


def modify_where_positions(decoded: str) -> list[int]:
    """Offsets of the ``WHERE`` keywords that open the pattern of a Modify operation
    (``DELETE {…} INSERT {…} WHERE``, ``INSERT {…} WHERE``, ``DELETE {…} WHERE``) in an
    escape-decoded update.

    Operations are the ``;``-separated parts at bracket depth 0. A WHERE counts when a
    ``DELETE {`` or ``INSERT {`` template came before it in the same operation, so the pattern
    of ``DELETE WHERE {…}``, and ``INSERT DATA`` / ``DELETE DATA`` / graph management
    operations, never do; nor do keywords inside brackets, strings, IRIs or comments.
    """
    positions: list[int] = []
    template = False  # a DELETE/INSERT template was read in this operation
    pending = False  # DELETE or INSERT was just read: DATA, WHERE or a template follows
    for kind, match, depth in tokens(decoded):
        if depth:
            continue
        token = match.group()
        word = token.upper() if kind == "word" else ""
        if kind == "other" and token == ";":
            template = pending = False
            continue
        if pending:
            pending = False
            if token == "{":
                template = True
                continue
            if word in ("DATA", "WHERE"):  # INSERT DATA, DELETE DATA, DELETE WHERE
                continue
        if word in ("DELETE", "INSERT"):
            pending = True
        elif word == "WHERE" and template:
            positions.append(match.start())
            template = False
    return positions


def with_using_clauses(text: str, using: Iterable[str] = (),
                       using_named: Iterable[str] = ()) -> str:
    """An update with ``USING <iri>`` / ``USING NAMED <iri>`` clauses before the ``WHERE`` of
    every Modify operation: the SPARQL protocol's ``using-graph-uri`` and
    ``using-named-graph-uri``. Returns the escape-decoded text with the clauses (equivalent to
    the original: SPARQL applies codepoint escapes before parsing), or ``text`` itself when no
    IRI is given or the update has no Modify operation.

    IRIs are checked by :func:`graph.iris.checked_iri` and written as N-Triples terms, never
    raw, so they cannot change the update's structure.

    Raises:
        QueryRefused: ``malformed_request`` when the update names its own dataset with
            ``USING``, ``USING NAMED`` or ``WITH`` (the protocol forbids both at once).
        InvalidIRI: an IRI is not an absolute IRI of an allowed scheme.
    """
    clauses = [f"USING {ox.NamedNode(checked_iri(iri))} " for iri in using]
    clauses += [f"USING NAMED {ox.NamedNode(checked_iri(iri))} " for iri in using_named]
    if not clauses:
        return text
    if has_update_dataset_clause(text):
        raise QueryRefused("the update names its dataset with USING, USING NAMED or WITH; do "
                           "not also send using-graph-uri or using-named-graph-uri",
                           code="malformed_request")
    decoded = decode_escapes(text)
    positions = modify_where_positions(decoded)
    if not positions:
        return text
    insert = "".join(clauses)
    parts, last = [], 0
    for position in positions:
        parts += [decoded[last:position], insert]
        last = position
    parts.append(decoded[last:])
    return "".join(parts)
