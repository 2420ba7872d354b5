"""Named, parameterised SPARQL queries used by aikg itself.

Each query is a ``.rq`` file beside this module, read once. Values from outside are passed as
bindings (pyoxigraph substitutions), never pasted into the text. The ``aikg``, ``g``, ``rdfs``
and other prefixes of :data:`graph.vocab.PREFIXES` are predeclared.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pyoxigraph as ox

from graph.store.base import KnowledgeStore, Term
from graph.vocab import PREFIXES


@cache
def load(name: str) -> str:
    """The text of ``<name>.rq``."""
    return resources.files(__package__).joinpath(f"{name}.rq").read_text(encoding="utf-8")


def select(kg: KnowledgeStore, name: str, *, union: bool = True,
           **bindings: Term) -> list[dict[str, Term]]:
    """Run the named SELECT with ``bindings`` (variable name → RDF term) and return its rows.

    Bound variables must be projected by the query (a pyoxigraph requirement).
    """
    substitutions = {ox.Variable(k): v for k, v in bindings.items()}
    return kg.select(load(name), substitutions=substitutions or None, prefixes=PREFIXES,
                     union=union)
