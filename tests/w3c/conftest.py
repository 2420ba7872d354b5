"""W3C SPARQL 1.1 conformance, run against a live ``aikg serve`` over real HTTP.

The official suites (w3c/rdf-tests, snapshot in ``../shared/w3c-rdf-tests``; every test here
skips when that folder is missing) are read from their manifests with rdflib and replayed
through HTTP against servers started as subprocesses on free loopback ports, so the runner
depends on nothing inside the service but its command line and its HTTP interface:

``python -m api --store <tmp>/store load <tmp>/preload.nq`` pre-loads test data (one N-Quads
file, written with pyoxigraph, holding each data file in its graph: one load instead of dozens,
and the kasei RDF/XML files need a base IRI the CLI does not take), then
``python -m api --store <tmp>/store serve --host 127.0.0.1 --port <free>`` runs with
``AIKG_TOKEN=w3c-token`` (and no other ``AIKG_*`` variable of the caller); the harness waits
for ``GET /health`` = 200 (30 s at most) and terminates the server at the end of the session.
Four servers, each with its own store:

* **protocol** (``protocol/manifest.ttl``, 34 tests, in manifest order, then
  ``service-description/manifest.ttl``, 3 tests): pre-loaded with the protocol folder's
  ``data1-3.nt`` under the graph IRIs the manifest's ``ut:graphData`` labels give, and
  ``kasei-data/data0-3.rdf`` under ``http://kasei.us/2009/09/sparql/data/dataN.rdf``.
* **gsp** (``graph-store-protocol/manifest-direct.ttl`` + ``manifest-indirect.ttl``, 13 tests):
  reset before every test with ``DROP ALL`` (or, while updates are refused, ``DELETE`` of each
  graph the test touches), because several tests expect ``201 Created`` on their first PUT.
* **query** (``json-res``, ``csv-tsv-res`` and the ``manifest-sparql11-query.ttl`` suites):
  every ``qt:data``/``qt:graphData`` file is pre-loaded into a graph named by the file's IRI.
* **update** (``manifest-sparql11-update.ttl`` suites): reset with ``DROP ALL`` before every
  test, set up with Graph Store Protocol ``PUT`` (``INSERT DATA`` while ``/store`` is missing).

Gates (``test_w3c_conformance.py``): protocol, graph store, service description, json-res and
csv-tsv-res must all pass except the tests listed in ``expected_failures.py``; a listed test
that passes fails the run ("remove X from expected failures"), so the list stays honest. The
query and update evaluation suites gate on no regression: passes >= the baselines stored in
``expected_failures.py``. Every suite writes ``results/<suite>.json`` (per test: pass, fail or
error, and why), overwritten on each run, and a one-line summary at the end of the session.

Deviations from the suites' letter, all deliberate:

* Every request carries ``Authorization: Bearer w3c-token`` (the server's write token), also the
  protocol tests' own requests, which the manifests send without credentials.
* Paths are rewritten: ``/sparql/…`` → ``/sparql…``; ``/gsp…`` → ``/store…`` (``/gsp?graph=``,
  ``/gsp?default``, direct ``/gsp/person/1.ttl`` → ``/store/person/1.ttl``). The manifests'
  only placeholder, ``$LOCATION$`` (``mf:expectedLocation``), is replaced by the ``Location`` of
  the response, resolved against the request URL. ``ht:connectionAuthority`` (www.example) is
  ignored; requests go to the live server.
* Test files get public IRIs under ``https://w3c.github.io/rdf-tests/sparql/sparql11/`` (as in
  Oxigraph's test suite); queries and updates are sent with ``BASE <their file IRI>`` prefixed
  so relative IRIs resolve as the suite intends.
* The server's default graph is the union of all graphs, so query evaluation names the dataset
  explicitly: ``default-graph-uri`` = each ``qt:data`` file's graph (``urn:w3c:empty`` when
  there is none) and ``named-graph-uri`` = each ``qt:graphData`` file's graph; a query with its
  own ``FROM``/``FROM NAMED`` gets no protocol dataset (the protocol's would override it).
  Update tests set their data up in the real default graph and named graphs, as the manifests say.
* Update results are compared graph by graph (isomorphism), ignoring the service's own graphs
  (``https://w3id.org/aikg/…``). Queries see the union, so the default graph alone is read with
  ``GET /store?default`` or, until the Graph Store Protocol exists, copied first with
  ``COPY DEFAULT TO <urn:w3c:default-graph-snapshot>``. Setup uses GSP ``PUT`` and falls back to
  ``INSERT DATA`` while ``/store`` answers 404/405/501 (the report counts which was used).
* Solutions compare as bags up to blank-node renaming (RDFC-1.0 via pyoxigraph), as lists when
  the query has ``ORDER BY``; literals compare as terms (``"a"`` = ``"a"^^xsd:string``). CSV
  compares lexical values only; TSV compares terms, ``xsd:double``/``xsd:float`` by value (the
  suite's ``1.0e6`` against data ``1.0E6``). Graph bodies of the protocol suites compare by
  ``rdflib.compare.isomorphic``; a ``Content-Type`` compares by media type, and by charset when
  both sides give one.
* Service description: ``GET /sparql`` with ``Accept: text/turtle`` must give RDF
  ("returns-rdf"), containing ``?s sd:endpoint <the request URL>`` ("has-endpoint-triple"),
  with an ``sd:Service`` that has an ``sd:endpoint`` and only known ``sd:supportedLanguage``
  values ("conforms-to-schema").

Nothing is marked ``slow``: the seven suites (545 tests) run in about 15 s including the four
server start-ups (each suite's own run: 0.1-2 s). Reproduce: ``python -m pytest tests/w3c -q``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import w3c_harness as h


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if h.SUMMARY:
        terminalreporter.section("W3C SPARQL conformance")
        for line in h.SUMMARY:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def w3c_suites() -> Path:
    if not h.SPARQL11.is_dir():
        pytest.skip(f"W3C test suites not found at {h.SPARQL11}")
    return h.SPARQL11


def _serve(name: str, tmp_path_factory: pytest.TempPathFactory,
           preload: list) -> Iterator[h.LiveServer]:
    server = h.LiveServer(name, tmp_path_factory.mktemp(f"w3c-{name}"), preload)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def protocol_preload() -> list:
    """The protocol folder's ``ut:graphData`` files under their labels, and the kasei.us
    RDF/XML files (relative ``rdf:about=""``) under their own IRIs."""
    quads = []
    for case in h.cases("protocol/manifest.ttl"):
        for gd in case.graph.objects(case.node, h.UT.graphData):
            graph = str(case.graph.value(gd, h.RDFS_LABEL))
            quads += h.quads_of(h.path_of(str(case.graph.value(gd, h.UT.graph))), graph)
    for path in sorted(h.KASEI.glob("data*.rdf")):
        iri = h.KASEI_BASE + path.name
        quads += h.quads_of(path, iri, base=iri)
    return list({str(q): q for q in quads}.values())


@pytest.fixture(scope="session")
def protocol_server(w3c_suites: Path,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[h.LiveServer]:
    yield from _serve("protocol", tmp_path_factory, protocol_preload())


@pytest.fixture(scope="session")
def gsp_server(w3c_suites: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[h.LiveServer]:
    yield from _serve("gsp", tmp_path_factory, [])


@pytest.fixture(scope="session")
def query_server(w3c_suites: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[tuple[h.LiveServer, dict[str, str]]]:
    """The server for result-format and query-evaluation tests, and the data files that could
    not be parsed (their tests are errors)."""
    files = h.data_files(h.RESULT_FORMAT_MANIFESTS + h.included("manifest-sparql11-query.ttl"))
    quads, broken = h.preload_files(files)
    for server in _serve("query", tmp_path_factory, quads):
        yield server, broken


@pytest.fixture(scope="session")
def update_server(w3c_suites: Path,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[h.LiveServer]:
    yield from _serve("update", tmp_path_factory, [])
