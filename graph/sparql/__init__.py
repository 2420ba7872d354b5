"""SPARQL from outside: guarded, executed, serialised — protocol-free.

Owns: the text guard (:mod:`~graph.sparql.guard`, with its tokenizer :mod:`~graph.sparql.tokens`
and the dataset-clause reading of :mod:`~graph.sparql.clauses`), execution of queries and
updates with the union default graph and the row cap (:mod:`~graph.sparql.execute`), result
writers (:mod:`~graph.sparql.results`; SELECT/ASK by pyoxigraph's own serializer in
:mod:`~graph.sparql.native`; ``SELECT *`` columns in query order by
:mod:`~graph.sparql.columns`), the W3C service description (:mod:`~graph.sparql.description`)
and SHACL-checked writes (:mod:`~graph.sparql.guarded_writes`).

May import: :mod:`graph.store` and the top-level modules.
"""
