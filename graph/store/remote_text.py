"""SPARQL text the remote store sends: prologues, ``VALUES`` blocks for bindings, data blocks and
the journal's bump, every RDF term written by pyoxigraph's own N-Triples serialisation.

Nothing here pastes raw text from outside into SPARQL: IRIs are :class:`pyoxigraph.NamedNode`
objects (validated when made), literals are escaped by pyoxigraph, prefix names are checked, and
the only free text, a caller's query or update, is sent as it is after it parsed locally.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from graph.vocab import GRAPH

JOURNAL = ox.NamedNode(f"{GRAPH}journal")
"""The named graph where every write aikg makes records itself (:func:`journal_bump`)."""
JOURNAL_GENERATION = ox.NamedNode(f"{JOURNAL.value}#generation")
JOURNAL_WRITER = ox.NamedNode(f"{JOURNAL.value}#writer")
_PREFIX_NAME = re.compile(r"(?:[A-Za-z][\w.-]*)?\Z")


def term(value: object) -> str:
    """An RDF term in SPARQL syntax (blank nodes keep their labels)."""
    if isinstance(value, ox.Triple):
        return f"<<( {term(value.subject)} {term(value.predicate)} {term(value.object)} )>>"
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return str(value)
    raise TypeError(f"not an RDF term: {value!r}")


def prologue(prefixes: dict[str, str] | None, base_iri: str | None) -> str:
    """``BASE`` and ``PREFIX`` declarations, put before a text (its own declarations, later,
    win)."""
    lines = [f"BASE {ox.NamedNode(base_iri)}"] if base_iri else []
    for name, namespace in (prefixes or {}).items():
        if not _PREFIX_NAME.match(name):
            raise ValueError(f"not a prefix name: {name!r}")
        lines.append(f"PREFIX {name}: {ox.NamedNode(namespace)}")
    return "".join(f"{line}\n" for line in lines)


def values_block(substitutions: dict[ox.Variable, object]) -> str:
    """A ``VALUES`` clause binding each variable to its term.

    A blank node cannot be named in another request (its label means nothing to the engine),
    so a binding to one gives a clause with no row, and the query no solution.
    """
    names = " ".join(str(v) for v in substitutions)
    if any(isinstance(t, ox.BlankNode) for t in substitutions.values()):
        return f" VALUES ({names}) {{ }} "
    row = " ".join(term(t) for t in substitutions.values())
    return f" VALUES ({names}) {{ ({row}) }} "


_TOKEN = re.compile(r"""
    (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:[^\\]|\\.)*?'''|\"\"\"(?:[^\\]|\\.)*?\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<comment>\#[^\n]*)
  | (?P<var>[?$]\w+) | (?P<name>[\w.-]*:[\w.:-]*)
  | (?P<open>\{) | (?P<close>\}) | (?P<word>[A-Za-z]+) | (?P<semi>;)
""", re.VERBOSE | re.DOTALL)


def bind_in_where(text: str, substitutions: dict[ox.Variable, object]) -> str:
    """``text`` with a ``VALUES`` clause binding ``substitutions`` first in its ``WHERE`` group:
    the variables take their values before anything else, as pyoxigraph's substitutions do
    (also under ``GROUP BY``, where a trailing ``VALUES`` would only meet the groups). Engines
    that refuse a trailing ``VALUES`` (Virtuoso 7) take this one.

    The group is found by reading tokens (IRIs, strings and comments skipped): the first
    top-level ``{``, or for ``CONSTRUCT {template}`` the one after its template. ``text`` is a
    query pyoxigraph parsed, so its braces balance. The short ``CONSTRUCT WHERE {…}``, whose
    group is also its template, takes a trailing clause.
    """
    depth, skip_template, last_word = 0, False, ""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            last_word = match.group().upper()
            if depth == 0 and last_word == "CONSTRUCT":
                skip_template = True
            elif depth == 0 and last_word == "WHERE" and skip_template:
                return text + "\n" + values_block(substitutions)
        elif kind == "open":
            if depth == 0 and not (skip_template and last_word == "CONSTRUCT"):
                at = match.end()
                return text[:at] + values_block(substitutions) + text[at:]
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0:
                skip_template, last_word = False, ""
    raise ValueError("no WHERE group found in the query")


_MAY_FAIL = frozenset({"DROP", "CLEAR", "CREATE", "LOAD", "ADD", "MOVE", "COPY"})


def may_fail_after_first(text: str) -> bool:
    """Whether an update holds, after its first operation, one that can fail as it runs (a
    graph operation without ``SILENT``: ``DROP``, ``CLEAR``, ``CREATE``, ``LOAD``, ``ADD``,
    ``MOVE``, ``COPY``) — on an engine that applies operations one by one without undoing
    (Virtuoso), the operations before it would stay applied. ``text`` parsed already."""
    depth, operation, expecting = 0, 0, False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "semi" and depth == 0:
            operation += 1
        elif kind == "word" and depth == 0:
            word = match.group().upper()
            if expecting:
                if word != "SILENT":
                    return True
                expecting = False
            elif operation > 0 and word in _MAY_FAIL:
                expecting = True
    return expecting


def ask_as_select(text: str) -> str:
    """An ``ASK`` query as a ``SELECT`` of at most one row (the answer: whether it has one),
    for engines whose ``ASK`` answer is not the protocol's (Virtuoso 7 writes a SELECT's, one
    ``__ASK_RETVAL`` column). ``text`` parsed already."""
    depth, limit, at = 0, False, None
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        depth += (kind == "open") - (kind == "close")
        word = match.group().upper() if kind == "word" else ""
        if depth == 0 and word == "ASK" and at is None:
            at = match
        limit = limit or (depth == 0 and word == "LIMIT")
    if at is None:
        raise ValueError("not an ASK query")
    select = text[:at.start()] + "SELECT (1 AS ?aikgAsk)" + text[at.end():]
    return select if limit else select + "\nLIMIT 1"


def drops_as_clears(text: str) -> str:
    """``text`` with each ``DROP`` operation made a ``CLEAR`` (the same graphs): for engines
    whose graphs exist only through their triples, where the two mean the same, but whose
    ``DROP`` fails, or with ``SILENT`` does nothing, on a graph not made by ``CREATE``
    (Virtuoso). ``text`` parsed already."""
    depth, out, at = 0, [], 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        depth += (kind == "open") - (kind == "close")
        if kind == "word" and depth == 0 and match.group().upper() == "DROP":
            out += [text[at:match.start()], "CLEAR"]
            at = match.end()
    return "".join(out) + text[at:]


_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


def template_term(value: object) -> str:
    """A term for an ``INSERT`` template: an ``xsd:decimal`` written with a fraction, for
    Virtuoso evaluates a template's ``"2"^^xsd:decimal`` to the integer 2 (its datatype lost),
    while ``"2.0"^^xsd:decimal`` stays a decimal."""
    if isinstance(value, ox.Literal) and value.datatype == _DECIMAL and "." not in value.value:
        return term(ox.Literal(value.value + ".0", datatype=_DECIMAL))
    return term(value)


def data_block(keyword: str, quads: Sequence[ox.Quad], block: int | None = None) -> str:
    """``INSERT DATA`` / ``DELETE DATA`` of ``quads``, grouped by graph; ``INSERT`` gives the
    template form ``INSERT {…} WHERE {}`` (one solution: the same effect, blank nodes fresh and
    shared within the request), for engines that refuse blank nodes in ``INSERT DATA``.
    ``block``: most triples per ``GRAPH`` block (a graph's triples then span several)."""
    by_graph: dict[object, list[str]] = {}
    obj = template_term if keyword == "INSERT" else term
    for quad in quads:
        line = f"{term(quad.subject)} {term(quad.predicate)} {obj(quad.object)} .\n"
        by_graph.setdefault(quad.graph_name, []).append(line)
    parts = []
    for graph, lines in by_graph.items():
        size = block or len(lines) or 1
        for start in range(0, len(lines), size):
            body = "".join(lines[start:start + size])
            parts.append(body if isinstance(graph, ox.DefaultGraph)
                         else f"GRAPH {term(graph)} {{\n{body}}}\n")
    where = " WHERE {}" if keyword == "INSERT" else ""
    return f"{keyword} {{\n{''.join(parts)}}}{where}"


def drop_graphs(graphs: Iterable[ox.NamedNode]) -> list[str]:
    """``DROP SILENT GRAPH`` operations."""
    return [f"DROP SILENT GRAPH {term(g)}" for g in graphs]


def journal_bump(writer: str) -> str:
    """The update operation that counts one more write in :data:`JOURNAL` and records
    ``writer`` (a fresh token) as its author: sent in the same request as the write."""
    j, gen, who = term(JOURNAL), term(JOURNAL_GENERATION), term(JOURNAL_WRITER)
    return (f"DELETE {{ GRAPH {j} {{ {j} {gen} ?old . {j} {who} ?writer }} }}\n"
            f"INSERT {{ GRAPH {j} {{ {j} {gen} ?new . {j} {who} {term(ox.Literal(writer))} }} }}\n"
            f"WHERE {{ OPTIONAL {{ GRAPH {j} {{ {j} {gen} ?old }} }}\n"
            f"        OPTIONAL {{ GRAPH {j} {{ {j} {who} ?writer }} }}\n"
            f"        BIND(COALESCE(?old + 1, 1) AS ?new) }}")


def check_update(text: str, prefixes: dict[str, str] | None = None,
                  base_iri: str | None = None) -> None:
    """Raise pyoxigraph's ``SyntaxError`` if ``text`` is not an update. It runs on an empty
    scratch store, where only a syntax error counts (dropping a graph the scratch store lacks
    is no mistake of the text)."""
    try:
        ox.Store().update(text, prefixes=prefixes, base_iri=base_iri)
    except SyntaxError:
        raise
    except Exception:  # an error of execution on the scratch store, not of syntax
        pass


def parses(text: str) -> bool:
    """Whether ``text`` is an update pyoxigraph parses."""
    try:
        check_update(text)
    except SyntaxError:
        return False
    return True


JOURNAL_READ = (f"SELECT ?generation ?writer WHERE {{ GRAPH {term(JOURNAL)} {{\n"
                f"  {term(JOURNAL)} {term(JOURNAL_GENERATION)} ?generation ;\n"
                f"    {term(JOURNAL_WRITER)} ?writer }} }}")
"""The query reading the journal (constants of aikg's own, no outside value)."""
