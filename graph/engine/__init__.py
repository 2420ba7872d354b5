"""The engine: a supervised worker process that owns the store and runs library functions on it.

Owns: the supervisor in the serving process (:mod:`~graph.engine.supervisor`: deadlines, crash
isolation, a warm spare, admission of calls), the handle it keeps on each worker process
(:mod:`~graph.engine.handle`: start, activate, read answers, kill) and the worker process
(:mod:`~graph.engine.worker`: opens and seeds the store, runs each call on a thread with a large
stack, refreshes the projection after writes). Every SPARQL query, REST answer and view is
computed in the worker.

May import: every package of ``graph`` (it composes them); nothing imports it but ``api``.
"""
