"""The quad store and everything that reads or writes it as a whole.

Owns: the store seam (:mod:`~graph.store.base`: the interface every other package uses, and the
canonical N-Quads behind content hashes), the embedded pyoxigraph backend
(:mod:`~graph.store.embedded`, the only module that touches ``pyoxigraph.Store``), the change
journal, loading RDF, installing the ontology, shapes and seeds, export, the inventory, Graph
Store Protocol semantics, SHACL validation, the per-generation memo and the named, prepared
SPARQL queries (:mod:`~graph.store.queries`: bindings, never string concatenation).

May import: the top-level modules (``graph.errors``, ``graph.iris``, ``graph.vocab``,
``graph.settings``) and nothing else of ``graph``.
"""
