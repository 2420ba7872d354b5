"""The attack suite: ``python -m bench.chaos`` runs the service as an attacker would and prints
the figures that docs/deployment.md ("Reliability") quotes.

Parts (``--only``, comma-separated; all by default):

* ``fairness`` (:mod:`bench.chaos.fairness`): one client loops the worst query it can find
  while seven others make ordinary requests; the others' success rate;
* ``kill9`` (:mod:`bench.chaos.kill9`): the whole service SIGKILLed under write load, restarted;
  acknowledged writes present, none torn;
* ``load`` (:mod:`bench.chaos.load`): a mixed load of 8 clients (2 minutes; ``--duration``);
  statuses, unexpected 5xx and the memory growth of the service process (and of the tree);
* ``schema`` (:mod:`bench.chaos.schema`): schemathesis over the OpenAPI schema, no server error;
* ``headers`` (:mod:`bench.chaos.headers`): a 64 MB header's cost in memory, and point-lookup
  throughput with uvicorn's httptools protocol, aikg's bounded one and h11.

Each part runs a real ``aikg serve`` on loopback (:mod:`bench.chaos.service`); clients that must
look like different machines connect from different loopback addresses (127.0.0.x), as
admission control and fairness tell clients apart by address. The slow tests
(``tests/test_chaos.py``) run the same parts, shorter, and assert their figures.
"""
