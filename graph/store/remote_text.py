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
    """A trailing ``VALUES`` clause binding each variable to its term: joined with the query's
    solutions before its modifiers, like pyoxigraph's substitutions of projected variables.

    A blank node cannot be named in another request (its label means nothing to the engine),
    so a binding to one gives a clause with no row, and the query no solution.
    """
    names = " ".join(str(v) for v in substitutions)
    if any(isinstance(t, ox.BlankNode) for t in substitutions.values()):
        return f"\nVALUES ({names}) {{ }}\n"
    row = " ".join(term(t) for t in substitutions.values())
    return f"\nVALUES ({names}) {{ ({row}) }}\n"


def data_block(keyword: str, quads: Sequence[ox.Quad]) -> str:
    """``INSERT DATA`` / ``DELETE DATA`` of ``quads``, grouped by graph."""
    by_graph: dict[object, list[str]] = {}
    for quad in quads:
        line = f"{term(quad.subject)} {term(quad.predicate)} {term(quad.object)} .\n"
        by_graph.setdefault(quad.graph_name, []).append(line)
    parts = []
    for graph, lines in by_graph.items():
        body = "".join(lines)
        parts.append(body if isinstance(graph, ox.DefaultGraph)
                     else f"GRAPH {term(graph)} {{\n{body}}}\n")
    return f"{keyword} {{\n{''.join(parts)}}}"


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
