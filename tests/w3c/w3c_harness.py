"""The W3C SPARQL conformance runner: manifests, a live server, HTTP, result comparison.

Everything here talks to ``aikg serve`` over real HTTP on loopback; nothing imports the service.
See the docstring of ``conftest.py`` for the harness as a whole and its deviations from the
suites' letter.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote, urljoin

import httpx
import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.compare import graph_diff, isomorphic

from graph.settings import PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"
RDF_TESTS = SHARED / "w3c-rdf-tests"
SPARQL11 = RDF_TESTS / "sparql" / "sparql11"
KASEI = RDF_TESTS / "kasei-data"
KASEI_BASE = "http://kasei.us/2009/09/sparql/data/"
RESULTS_DIR = Path(__file__).resolve().parent / "results"

#: Manifests are parsed with this base, as Oxigraph's test suite does, so test files, graph
#: names and relative IRIs in data and queries get stable public IRIs (not file: paths).
BASE = "https://w3c.github.io/rdf-tests/sparql/sparql11/"
TOKEN = "w3c-token"
RESULT_FORMAT_MANIFESTS = ["json-res/manifest.ttl", "csv-tsv-res/manifest.ttl"]
SUMMARY: list[str] = []
"""One line per suite run in this session, printed at the end by conftest.py."""
EMPTY_GRAPH = "urn:w3c:empty"
"""A graph that never holds data: the default graph of tests that have no ``qt:data``."""
SERVICE_GRAPH_PREFIX = "https://w3id.org/aikg/"
"""Graphs of the service itself (ontology, shapes, seeds): ignored when comparing stores."""

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
RDFS_LABEL = rdflib.RDFS.label
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

RESULT_MEDIA = {
    "srj": "application/sparql-results+json",
    "srx": "application/sparql-results+xml",
    "tsv": "text/tab-separated-values",
    "csv": "text/csv",
}
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDFLIB_FORMATS = {
    "text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
    "application/ld+json": "json-ld", "application/n-quads": "nquads",
    "application/trig": "trig", "text/n3": "n3",
}


# --------------------------------------------------------------------------------------------
# Outcomes and reports


class Mismatch(Exception):
    """The server answered, but not as the test expects (status ``fail``)."""


@dataclass
class Outcome:
    status: str
    """``pass``, ``fail`` (the server's answer is wrong) or ``error`` (the test could not run:
    connection refused, unreadable test file, …)."""
    reason: str = ""
    name: str = ""


def run_cases(cases: Iterable[Case], run: Callable[[Case], None]) -> dict[str, Outcome]:
    """Run each case in order; ``Mismatch`` is a failure, any other exception an error."""
    outcomes: dict[str, Outcome] = {}
    for case in cases:
        try:
            run(case)
            outcome = Outcome("pass")
        except Mismatch as exc:
            outcome = Outcome("fail", clip(str(exc)))
        except Exception as exc:  # noqa: BLE001 - one broken test must not stop the suite
            outcome = Outcome("error", clip(f"{type(exc).__name__}: {exc}"))
        outcome.name = case.name
        outcomes[case.id] = outcome
    return outcomes


def clip(text: str, limit: int = 600) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def write_report(suite: str, outcomes: dict[str, Outcome], seconds: float,
                 extra: dict | None = None) -> Path:
    """Overwrite ``results/<suite>.json`` with per-test outcomes and counts."""
    RESULTS_DIR.mkdir(exist_ok=True)
    counts = Counter(o.status for o in outcomes.values())
    commit = (RDF_TESTS / "COMMIT").read_text().strip() if (RDF_TESTS / "COMMIT").exists() \
        else None
    report = {
        "suite": suite,
        "rdf_tests_commit": commit,
        "seconds": round(seconds, 2),
        "counts": {"total": len(outcomes), "pass": counts["pass"], "fail": counts["fail"],
                   "error": counts["error"]},
        **(extra or {}),
        "tests": {tid: {"status": o.status, "name": o.name,
                        **({"reason": o.reason} if o.reason else {})}
                  for tid, o in outcomes.items()},
    }
    path = RESULTS_DIR / f"{suite}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def gate(suite: str, outcomes: dict[str, Outcome], expected: dict[str, str]) -> list[str]:
    """Problems with an all-pass-except-listed gate (empty when the gate holds)."""
    problems = []
    for tid, outcome in outcomes.items():
        if outcome.status != "pass" and tid not in expected:
            problems.append(f"{tid} {outcome.status}s: {outcome.reason}")
    for tid in expected:
        if tid not in outcomes:
            problems.append(f"remove {tid} from expected failures: {suite} has no such test")
        elif outcomes[tid].status == "pass":
            problems.append(f"remove {tid} from expected failures: it passes now")
    return problems


# --------------------------------------------------------------------------------------------
# Manifests


def iri_of(path: Path) -> str:
    """The public IRI a local test file is known by."""
    return BASE + path.resolve().relative_to(SPARQL11.resolve()).as_posix()


def path_of(iri: str) -> Path:
    """The local file behind a test-file IRI."""
    if not iri.startswith(BASE):
        raise ValueError(f"{iri} is not a file of the SPARQL 1.1 test suite")
    return SPARQL11 / iri[len(BASE):]


def read_manifest(rel: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(SPARQL11 / rel, format="turtle", publicID=BASE + rel)
    return graph


def included(rel: str) -> list[str]:
    """The manifests a top manifest includes (``mf:include``), relative to sparql11/."""
    graph = read_manifest(rel)
    out = []
    for head in graph.objects(None, MF.include):
        out += [str(m)[len(BASE):] for m in Collection(graph, head)]
    return out


def entries(graph: rdflib.Graph) -> list[rdflib.term.Node]:
    out = []
    for head in graph.objects(None, MF.entries):
        out += list(Collection(graph, head))
    return out


@dataclass
class Case:
    """One test of a manifest."""

    id: str
    """``<folder of the manifest>#<local name>``, e.g. ``protocol#query_get``."""
    name: str
    kind: str
    node: rdflib.term.Node
    graph: rdflib.Graph = field(repr=False)
    manifest: str = ""


def cases(rel: str) -> list[Case]:
    """The tests of one manifest, in manifest order."""
    graph = read_manifest(rel)
    folder = rel.rsplit("/", 1)[0] if "/" in rel else rel
    out = []
    for node in entries(graph):
        local = str(node).rsplit("#", 1)[-1] if "#" in str(node) else str(node).rsplit("/")[-1]
        kinds = [str(t).rsplit("#", 1)[-1] for t in graph.objects(node, rdflib.RDF.type)]
        out.append(Case(id=f"{folder}#{local}", name=str(graph.value(node, MF.name) or local),
                        kind=kinds[0] if kinds else "", node=node, graph=graph, manifest=rel))
    return out


# --------------------------------------------------------------------------------------------
# The live server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quads_of(path: Path, graph: str | None, base: str | None = None) -> list[ox.Quad]:
    """Parse an RDF file (relative IRIs against ``base``, default its public IRI) into quads
    of ``graph`` (the default graph when ``None``); blank nodes get fresh labels."""
    base = base or iri_of(path)
    target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    triples = ox.parse(path=path, format=ox.RdfFormat.from_extension(path.suffix[1:]),
                       base_iri=base, rename_blank_nodes=True)
    return [ox.Quad(t.subject, t.predicate, t.object, target) for t in triples]


class LiveServer:
    """``python -m api --store DIR serve`` on a free loopback port, with data pre-loaded by
    ``python -m api --store DIR load``, and an HTTP client that sends the write token."""

    def __init__(self, name: str, workdir: Path, preload: list[ox.Quad]) -> None:
        self.name = name
        self.workdir = workdir
        self.store = workdir / "store"
        self.preload = preload
        self.proc: subprocess.Popen | None = None
        self.base = ""
        self.client: httpx.Client | None = None
        self.log = workdir / "server.log"
        # The developer's own AIKG_* settings (read-only mode, row caps, timeouts) stay out.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AIKG_")}
        self.env["AIKG_TOKEN"] = TOKEN

    def _cli(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "api", "--store", str(self.store), *args]

    def start(self) -> LiveServer:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.preload:
            data = self.workdir / "preload.nq"
            data.write_bytes(ox.serialize(self.preload, format=ox.RdfFormat.N_QUADS))
            done = subprocess.run(self._cli("load", str(data)), cwd=PROJECT_ROOT, env=self.env,
                                  capture_output=True, text=True, timeout=120)
            if done.returncode != 0:
                raise RuntimeError(f"{self.name}: preload failed: {done.stderr.strip()}")
        port = free_port()
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                self._cli("serve", "--host", "127.0.0.1", "--port", str(port)),
                cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        self.client = httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"},
                                   timeout=httpx.Timeout(30.0), follow_redirects=False)
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name}: server exited with {self.proc.returncode}: "
                                   f"{self.log_tail()}")
            try:
                if self.client.get(self.base + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name}: /health not 200 within 30 s: "
                                   f"{self.log_tail()}")
            time.sleep(0.1)

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)

    # HTTP helpers -------------------------------------------------------------------------

    def request(self, method: str, path: str, *, headers: Iterable[tuple[str, str]] = (),
                content: bytes | None = None) -> httpx.Response:
        """Send ``path`` exactly as written (no re-encoding of its query string)."""
        assert self.client is not None
        request = self.client.build_request(method, httpx.URL(self.base + path),
                                            headers=list(headers), content=content)
        return self.client.send(request)

    def update(self, text: str | bytes) -> httpx.Response:
        body = text.encode("utf-8") if isinstance(text, str) else text
        return self.request("POST", "/sparql", content=body,
                            headers=[("Content-Type", "application/sparql-update")])

    def query(self, text: str | bytes, *, accept: str, default: Iterable[str] = (),
              named: Iterable[str] = ()) -> httpx.Response:
        """POST ``application/sparql-query`` with the dataset in the URL."""
        params = [("default-graph-uri", g) for g in default] + \
                 [("named-graph-uri", g) for g in named]
        qs = "&".join(f"{k}={quote(v, safe='')}" for k, v in params)
        body = text.encode("utf-8") if isinstance(text, str) else text
        return self.request("POST", "/sparql" + (f"?{qs}" if qs else ""), content=body,
                            headers=[("Content-Type", "application/sparql-query"),
                                     ("Accept", accept)])


def media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def describe(response: httpx.Response) -> str:
    return f"{response.status_code} {clip(response.text, 200)!r}" if response.content \
        else str(response.status_code)


# --------------------------------------------------------------------------------------------
# Comparing results


def term_key(term: object) -> tuple:
    if isinstance(term, ox.NamedNode):
        return ("I", term.value)
    if isinstance(term, ox.BlankNode):
        return ("B", term.value)
    if isinstance(term, ox.Literal):
        return ("L", term.value, term.datatype.value, term.language or "")
    return ("?", str(term))


def show(term: object) -> str:
    return str(term) if term is not None else "UNDEF"


Row = dict[str, object]


def rows_of(solutions: Iterable[ox.QuerySolution], variables: list[str]) -> list[Row]:
    return [{v: s[v] for v in variables if s[v] is not None} for s in solutions]


def same_solutions(expected: list[Row], actual: list[Row], ordered: bool) -> str | None:
    """``None`` when the two sequences of solutions are equal as bags (or as lists when
    ``ordered``) up to a renaming of blank nodes; otherwise what differs."""
    if len(expected) != len(actual):
        return f"{len(actual)} solutions, expected {len(expected)}" + _diff(expected, actual)

    def has_bnode(rows: list[Row]) -> bool:
        return any(isinstance(t, ox.BlankNode) for r in rows for t in r.values())

    if not has_bnode(expected) and not has_bnode(actual):
        keys_e = [tuple(sorted((v, term_key(t)) for v, t in r.items())) for r in expected]
        keys_a = [tuple(sorted((v, term_key(t)) for v, t in r.items())) for r in actual]
        if ordered:
            if keys_e == keys_a:
                return None
            if Counter(keys_e) == Counter(keys_a):
                return "same solutions in another order (the query has ORDER BY)"
        elif Counter(keys_e) == Counter(keys_a):
            return None
        return "solutions differ" + _diff(expected, actual)
    if _canonical(expected, ordered) == _canonical(actual, ordered):
        return None
    if ordered and _canonical(expected, False) == _canonical(actual, False):
        return "same solutions in another order (the query has ORDER BY)"
    return "solutions differ (up to blank-node renaming)" + _diff(expected, actual)


def _canonical(rows: list[Row], ordered: bool) -> set:
    """Rows as a canonicalised dataset: each row a blank node with one edge per binding."""
    quads = []
    for i, row in enumerate(rows):
        node = ox.BlankNode()
        if not row:
            quads.append(ox.Quad(node, ox.NamedNode("urn:w3c:row"), ox.Literal("")))
        for var, term in row.items():
            quads.append(ox.Quad(node, ox.NamedNode(f"urn:w3c:var:{var}"), term))
        if ordered:
            quads.append(ox.Quad(node, ox.NamedNode("urn:w3c:index"), ox.Literal(str(i))))
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


def _diff(expected: list[Row], actual: list[Row], limit: int = 3) -> str:
    def text(row: Row) -> str:
        return "{" + ", ".join(f"?{v}={show(t)}" for v, t in sorted(row.items())) + "}"
    exp, act = Counter(text(r) for r in expected), Counter(text(r) for r in actual)
    missing, extra = list((exp - act).elements())[:limit], list((act - exp).elements())[:limit]
    out = ""
    if missing:
        out += "; missing " + " ".join(missing)
    if extra:
        out += "; unexpected " + " ".join(extra)
    return out


def same_graph(expected: Iterable[ox.Triple | ox.Quad],
               actual: Iterable[ox.Triple | ox.Quad]) -> str | None:
    """``None`` when two graphs are isomorphic (RDFC-1.0 canonical forms are equal)."""
    def canonical(triples: Iterable) -> set[str]:
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        return {str(q) for q in dataset}
    exp, act = canonical(expected), canonical(actual)
    if exp == act:
        return None
    missing, extra = sorted(exp - act)[:3], sorted(act - exp)[:3]
    return (f"graphs differ ({len(act)} triples, expected {len(exp)})"
            + (f"; missing {' '.join(missing)}" if missing else "")
            + (f"; unexpected {' '.join(extra)}" if extra else ""))


def _numeric_key(term: object) -> object:
    """TSV terms compared with xsd:double/xsd:float by value (``1.0e6`` = ``1.0E6``)."""
    if isinstance(term, ox.Literal) and term.datatype.value in (XSD + "double", XSD + "float"):
        try:
            return ox.Literal(repr(float(term.value)), datatype=term.datatype)
        except ValueError:
            return term
    return term


def read_tsv(text: str) -> tuple[list[str], list[Row]]:
    """SPARQL TSV results: a ``?var`` header, then one row of Turtle terms per line; an empty
    cell is unbound. Every cell is parsed as the object of a Turtle triple, all in one
    document so blank-node labels keep their identity across rows."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise Mismatch("empty TSV document")
    variables = [v[1:] if v.startswith(("?", "$")) else v for v in lines[0].split("\t")]
    doc, where = [], []
    for i, line in enumerate(lines[1:]):
        cells = line.split("\t")
        if len(cells) != len(variables):
            raise Mismatch(f"TSV row {i + 1} has {len(cells)} cells for {len(variables)} "
                           "variables")
        for var, cell in zip(variables, cells):
            if cell != "":
                doc.append(f"<urn:w3c:r{i}> <urn:w3c:v> {cell} .")
                where.append((i, var))
    rows: list[Row] = [{} for _ in lines[1:]]
    try:
        triples = list(ox.parse("\n".join(doc), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise Mismatch(f"TSV cell is not a Turtle term: {exc}") from None
    for (i, var), triple in zip(where, triples):
        rows[i][var] = _numeric_key(triple.object)
    return variables, rows


def read_csv(text: str) -> tuple[list[str], list[Row]]:
    """SPARQL CSV results: lexical values only. ``_:x`` cells are blank nodes (compared up to
    renaming); an empty cell is unbound (CSV cannot tell it from an empty string)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    table = [r for r in reader if r]
    if not table:
        raise Mismatch("empty CSV document")
    variables = table[0]
    rows: list[Row] = []
    for cells in table[1:]:
        if len(cells) != len(variables):
            raise Mismatch(f"CSV row has {len(cells)} cells for {len(variables)} variables")
        row: Row = {}
        for var, cell in zip(variables, cells):
            if cell.startswith("_:"):
                row[var] = ox.BlankNode(cell[2:])
            elif cell != "":
                row[var] = ox.Literal(cell)
        rows.append(row)
    return variables, rows


def lexical_rows(rows: list[Row]) -> list[Row]:
    """Rows of full terms reduced to what CSV keeps: the lexical form (IRIs as text)."""
    out = []
    for row in rows:
        new: Row = {}
        for var, term in row.items():
            new[var] = term if isinstance(term, ox.BlankNode) else ox.Literal(term.value)
        out.append(new)
    return out


@dataclass
class Results:
    """Parsed query results: a boolean, solutions or a graph."""

    boolean: bool | None = None
    variables: list[str] | None = None
    rows: list[Row] | None = None
    triples: list | None = None


def parse_results(data: bytes | str, media: str) -> Results:
    """Parse a response or result file of a known media type."""
    if media == "text/csv":
        variables, rows = read_csv(data.decode("utf-8") if isinstance(data, bytes) else data)
        return Results(variables=variables, rows=rows)
    if media == "text/tab-separated-values":
        variables, rows = read_tsv(data.decode("utf-8") if isinstance(data, bytes) else data)
        return Results(variables=variables, rows=rows)
    if media in RESULT_FORMATS:
        try:
            parsed = ox.parse_query_results(data, format=RESULT_FORMATS[media])
        except SyntaxError as exc:
            raise Mismatch(f"unparseable {media}: {exc}") from None
        if isinstance(parsed, ox.QueryBoolean):
            return Results(boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        return Results(variables=variables, rows=rows_of(parsed, variables))
    rdf_format = ox.RdfFormat.from_media_type(media)
    if rdf_format is None:
        raise Mismatch(f"unexpected Content-Type {media or '(none)'}")
    try:
        return Results(triples=list(ox.parse(data, format=rdf_format)))
    except SyntaxError as exc:
        raise Mismatch(f"unparseable {media}: {exc}") from None


def result_set_from_rdf(triples: list, base: str) -> Results:
    """An ``rs:ResultSet`` written in RDF (the DAWG result-set vocabulary)."""
    by_subject: dict[str, list] = {}
    for t in triples:
        by_subject.setdefault(str(t.subject), []).append(t)

    def values(subject: object, pred: str) -> list:
        return [t.object for t in by_subject.get(str(subject), []) if t.predicate.value == pred]

    sets = [t.subject for t in triples
            if t.predicate.value == RDF_TYPE and t.object.value == RS + "ResultSet"]
    if not sets:
        raise ValueError(f"{base} is neither a result set nor a plain graph")
    rs = sets[0]
    boolean = values(rs, RS + "boolean")
    if boolean:
        return Results(boolean=boolean[0].value == "true")
    variables = [v.value for v in values(rs, RS + "resultVariable")]
    rows, indexed = [], []
    for solution in values(rs, RS + "solution"):
        row: Row = {}
        for binding in values(solution, RS + "binding"):
            var = values(binding, RS + "variable")[0].value
            row[var] = values(binding, RS + "value")[0]
        index = values(solution, RS + "index")
        indexed.append((int(index[0].value) if index else 0, len(rows)))
        rows.append(row)
    rows = [rows[i] for _, i in sorted(indexed)]
    return Results(variables=variables, rows=rows)


def compare_results(expected: Results, actual: Results, *, ordered: bool,
                    check_variables: bool = True) -> None:
    """Raise :class:`Mismatch` unless the results agree."""
    if expected.boolean is not None:
        if actual.boolean is None:
            raise Mismatch("expected a boolean result")
        if actual.boolean != expected.boolean:
            raise Mismatch(f"boolean {actual.boolean}, expected {expected.boolean}")
        return
    if expected.triples is not None:
        if actual.triples is None:
            raise Mismatch("expected an RDF graph")
        problem = same_graph(expected.triples, actual.triples)
        if problem:
            raise Mismatch(problem)
        return
    if actual.rows is None:
        raise Mismatch("expected solutions, got " + ("a boolean" if actual.boolean is not None
                                                     else "a graph"))
    if check_variables and set(expected.variables or []) != set(actual.variables or []):
        raise Mismatch(f"variables {sorted(actual.variables or [])}, expected "
                       f"{sorted(expected.variables or [])}")
    problem = same_solutions(expected.rows or [], actual.rows, ordered)
    if problem:
        raise Mismatch(problem)


# --------------------------------------------------------------------------------------------
# HTTP-described tests (protocol, Graph Store Protocol)

STATUS_NAMES = {s.phrase.replace(" ", "").replace("-", "").lower(): s.value for s in HTTPStatus}


def status_matches(code: int, expected: list[str]) -> bool:
    for iri in expected:
        name = iri.rsplit("#", 1)[-1]
        match = re.fullmatch(r"StatusCode(\d)xx", name)
        if match:
            if code // 100 == int(match.group(1)):
                return True
        elif STATUS_NAMES.get(name.lower()) == code:
            return True
    return False


@dataclass
class Step:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    statuses: list[str]
    boolean: bool | None
    format: str | None
    location_var: str | None
    response_headers: list[tuple[str, str]]
    response_body: str | None


def _headers(graph: rdflib.Graph, node: rdflib.term.Node | None) -> list[tuple[str, str]]:
    if node is None:
        return []
    return [(str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
            for h in Collection(graph, node)]


def steps(case: Case, rewrite: Callable[[str], str]) -> list[Step]:
    """The ``ht:Request``s of an HTTP-described test, paths rewritten for this server."""
    g = case.graph
    action = g.value(case.node, MF.action)
    out = []
    for req in Collection(g, g.value(action, HT.requests)):
        body_node = g.value(req, HT.body)
        body = None
        if body_node is not None:
            encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
            body = str(g.value(body_node, CNT.chars)).encode(encoding)
        resp = g.value(req, HT.resp)
        boolean = g.value(resp, MF.expectedBoolean)
        resp_body = g.value(resp, HT.body)
        out.append(Step(
            method=str(g.value(req, HT.methodName)),
            path=rewrite(str(g.value(req, HT.absolutePath))),
            headers=_headers(g, g.value(req, HT.headers)),
            body=body,
            statuses=[str(s) for s in g.objects(resp, MF.expectedStatus)],
            boolean=None if boolean is None else bool(boolean.toPython()),
            format=str(g.value(resp, MF.expectedFormat) or "") or None,
            location_var=str(g.value(resp, MF.expectedLocation) or "") or None,
            response_headers=_headers(g, g.value(resp, HT.headers)),
            response_body=str(g.value(resp_body, CNT.chars)) if resp_body is not None else None,
        ))
    return out


def protocol_path(path: str) -> str:
    """``/sparql/…`` in the manifest is ``/sparql…`` here."""
    return re.sub(r"^/sparql/?", "/sparql", path)


def gsp_path(path: str) -> str:
    """``/gsp…`` in the manifest is ``/store…`` here (indirect ``?graph=``/``?default`` and
    direct ``/gsp/person/1.ttl`` alike)."""
    return re.sub(r"^/gsp", "/store", path)


def run_steps(server: LiveServer, case: Case, rewrite: Callable[[str], str]) -> None:
    """Send a test's requests in order and check each response."""
    variables: dict[str, str] = {}
    for n, step in enumerate(steps(case, rewrite), start=1):
        path, body = step.path, step.body
        for var, value in variables.items():
            path = path.replace(var, value)
            if body is not None:
                body = body.replace(var.encode(), value.encode())
        response = server.request(step.method, path, headers=step.headers, content=body)
        where = f"request {n} ({step.method} {clip(path, 120)})"
        if step.statuses and not status_matches(response.status_code, step.statuses):
            wanted = ", ".join(s.rsplit("#", 1)[-1] for s in step.statuses)
            raise Mismatch(f"{where}: status {describe(response)}, expected {wanted}")
        if step.location_var:
            location = response.headers.get("location")
            if not location:
                raise Mismatch(f"{where}: no Location header")
            variables[step.location_var] = urljoin(server.base + path, location)
        if response.status_code // 100 != 2:
            continue
        _check_format(response, step, where)
        for name, value in step.response_headers:
            _check_header(response, name, value, where)
        if step.response_body is not None and step.method != "HEAD":
            _check_rdf_body(response, step, where, server.base + path)


def _check_format(response: httpx.Response, step: Step, where: str) -> None:
    media = media_type(response)
    if step.format is None and step.boolean is None:
        return
    if step.format == "RDF":
        if media not in RDFLIB_FORMATS:
            raise Mismatch(f"{where}: Content-Type {media!r} is not an RDF format")
        parse_results(response.content, media)
        return
    if step.format == "tabular" and media not in RESULT_MEDIA.values():
        raise Mismatch(f"{where}: Content-Type {media!r} is not a SPARQL results format")
    if step.format == "boolean" and media not in (RESULT_MEDIA["srj"], RESULT_MEDIA["srx"]):
        raise Mismatch(f"{where}: Content-Type {media!r} cannot carry a boolean")
    results = parse_results(response.content, media)
    if step.format == "boolean" or step.boolean is not None:
        if results.boolean is None:
            raise Mismatch(f"{where}: not a boolean result")
        if step.boolean is not None and results.boolean != step.boolean:
            raise Mismatch(f"{where}: boolean {results.boolean}, expected {step.boolean}")
    elif step.format == "tabular" and results.rows is None:
        raise Mismatch(f"{where}: not a table of solutions")


def _check_header(response: httpx.Response, name: str, value: str, where: str) -> None:
    actual = response.headers.get(name)
    if actual is None:
        raise Mismatch(f"{where}: no {name} header")
    if name.lower() != "content-type":
        if actual != value:
            raise Mismatch(f"{where}: {name} {actual!r}, expected {value!r}")
        return
    # Media types compare without parameters; a charset, when given, must be the same.
    def split(v: str) -> tuple[str, str | None]:
        base, *params = [p.strip() for p in v.split(";")]
        charset = next((p.split("=", 1)[1].strip('"').lower() for p in params
                        if p.lower().startswith("charset=")), None)
        return base.lower(), charset
    (want, want_cs), (got, got_cs) = split(value), split(actual)
    if want != got or (got_cs is not None and want_cs is not None and got_cs != want_cs):
        raise Mismatch(f"{where}: Content-Type {actual!r}, expected {value!r}")


def _check_rdf_body(response: httpx.Response, step: Step, where: str, url: str) -> None:
    expected_type = next((v for n, v in step.response_headers if n.lower() == "content-type"),
                         "text/turtle")
    expected = rdflib.Graph().parse(data=step.response_body,
                                    format=RDFLIB_FORMATS[expected_type.split(";")[0].strip()],
                                    publicID=url)
    media = media_type(response)
    if media not in RDFLIB_FORMATS:
        raise Mismatch(f"{where}: Content-Type {media!r} is not an RDF format")
    try:
        actual = rdflib.Graph().parse(data=response.content, format=RDFLIB_FORMATS[media],
                                      publicID=url)
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds
        raise Mismatch(f"{where}: unparseable {media} body: {exc}") from None
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(expected, actual)
        def some(graph: rdflib.Graph) -> str:
            return " ".join(sorted(" ".join(t.n3() for t in triple) + " ."
                                   for triple in graph)[:3])
        raise Mismatch(f"{where}: graph not isomorphic to the expected one "
                       f"({len(actual)} triples, expected {len(expected)}); only expected: "
                       f"{some(only_expected)}; only actual: {some(only_actual)}")


# --------------------------------------------------------------------------------------------
# Service description


def run_service_description(server: LiveServer, case: Case) -> None:
    """The three prose tests, as the SPARQL 1.1 Service Description spec states them."""
    url = server.base + "/sparql"
    response = server.request("GET", "/sparql", headers=[("Accept", "text/turtle")])
    if response.status_code != 200:
        raise Mismatch(f"GET /sparql with Accept: text/turtle: {describe(response)}")
    media = media_type(response)
    if media not in RDFLIB_FORMATS:
        raise Mismatch(f"Content-Type {media!r} is not an RDF format")
    try:
        graph = rdflib.Graph().parse(data=response.content, format=RDFLIB_FORMATS[media],
                                     publicID=url)
    except Exception as exc:  # noqa: BLE001
        raise Mismatch(f"unparseable {media}: {exc}") from None
    local = case.id.rsplit("#", 1)[-1]
    if local == "returns-rdf":
        if len(graph) == 0:
            raise Mismatch("the service description is an empty graph")
    elif local == "has-endpoint-triple":
        if (None, SD.endpoint, rdflib.URIRef(url)) not in graph:
            found = sorted(str(o) for o in graph.objects(None, SD.endpoint))
            raise Mismatch(f"no ?s sd:endpoint <{url}> (sd:endpoint values: {found})")
    elif local == "conforms-to-schema":
        services = set(graph.subjects(rdflib.RDF.type, SD.Service))
        if not services:
            raise Mismatch("no sd:Service")
        for subject in graph.subjects(SD.endpoint, None):
            if subject not in services:
                raise Mismatch(f"{subject} has an sd:endpoint but is not an sd:Service")
        for service in services:
            if graph.value(service, SD.endpoint) is None:
                raise Mismatch(f"sd:Service {service} has no sd:endpoint")
            for lang in graph.objects(service, SD.supportedLanguage):
                if lang not in (SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update):
                    raise Mismatch(f"sd:supportedLanguage {lang} is not an sd:Language")
    else:
        raise ValueError(f"unknown service-description test {case.id}")


# --------------------------------------------------------------------------------------------
# Query and update evaluation


def read_text(iri: str) -> bytes:
    return path_of(iri).read_bytes()


def with_base(text: bytes, iri: str) -> bytes:
    """Prefix ``BASE <file IRI>`` so relative IRIs resolve as the suite intends."""
    return f"BASE <{iri}>\n".encode() + text


ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
FROM = re.compile(r"\bFROM\s+(NAMED\s+)?(<|[A-Za-z_][\w.-]*:)", re.IGNORECASE)


def query_dataset(case: Case) -> tuple[list[str], list[str], str, str]:
    """(default graphs, named graphs, query IRI, result IRI) of a query evaluation test."""
    g = case.graph
    action = g.value(case.node, MF.action)
    query = str(g.value(action, QT.query))
    default = [str(d) for d in g.objects(action, QT.data)]
    named = [str(d) for d in g.objects(action, QT.graphData)]
    result = g.value(case.node, MF.result)
    return default, named, query, str(result) if result is not None else ""


def data_files(manifests: Iterable[str]) -> set[str]:
    """Every ``qt:data``/``qt:graphData`` file of the given manifests (IRIs)."""
    out = set()
    for rel in manifests:
        graph = read_manifest(rel)
        for node in entries(graph):
            action = graph.value(node, MF.action)
            if isinstance(action, rdflib.term.Identifier) and \
                    not isinstance(action, rdflib.Literal):
                out |= {str(o) for p in (QT.data, QT.graphData)
                        for o in graph.objects(action, p)}
    return out


def preload_files(iris: Iterable[str]) -> tuple[list[ox.Quad], dict[str, str]]:
    """Quads of each data file in a graph named by the file's IRI; unparseable files are
    returned as ``{iri: error}``."""
    quads, broken = [], {}
    for iri in sorted(iris):
        try:
            quads += quads_of(path_of(iri), iri)
        except (SyntaxError, OSError, ValueError) as exc:
            broken[iri] = f"{type(exc).__name__}: {exc}"
    return quads, broken


def expected_results(result_iri: str) -> tuple[Results, str]:
    """Parse an expected result file; also the media type to ask the server for."""
    ext = result_iri.rsplit(".", 1)[-1]
    data = read_text(result_iri)
    if ext in RESULT_MEDIA:
        return parse_results(data, RESULT_MEDIA[ext]), RESULT_MEDIA[ext]
    triples = list(ox.parse(data, format=ox.RdfFormat.from_extension(ext), base_iri=result_iri))
    if any(t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode)
           and t.object.value == RS + "ResultSet" for t in triples):
        return result_set_from_rdf(triples, result_iri), RESULT_MEDIA["srj"]
    return Results(triples=triples), "text/turtle"


def run_query_evaluation(server: LiveServer, case: Case, broken: dict[str, str]) -> None:
    default, named, query_iri, result_iri = query_dataset(case)
    for iri in default + named:
        if iri in broken:
            raise ValueError(f"data file {iri} could not be loaded: {broken[iri]}")
    text = read_text(query_iri)
    expected, accept = expected_results(result_iri)
    if FROM.search(text.decode("utf-8", "replace")):
        default, named = [], []  # the query's own FROM / FROM NAMED name the dataset
    else:
        default = default or [EMPTY_GRAPH]
    response = server.query(with_base(text, query_iri), accept=accept,
                            default=default, named=named)
    if response.status_code != 200:
        raise Mismatch(f"status {describe(response)}")
    actual = parse_results(response.content, media_type(response))
    if expected.triples is not None and actual.triples is None:
        raise Mismatch(f"expected a graph, got {media_type(response)}")
    ordered = bool(ORDER_BY.search(text.decode("utf-8", "replace")))
    compare_results(expected, actual, ordered=ordered)


def run_result_format(server: LiveServer, case: Case) -> None:
    """json-res / csv-tsv-res: GET the query with the Accept of the result file's format and
    compare with the expected file, parsed the same way."""
    default, _named, query_iri, result_iri = query_dataset(case)
    ext = result_iri.rsplit(".", 1)[-1]
    accept = RESULT_MEDIA[ext]
    text = with_base(read_text(query_iri), query_iri).decode("utf-8")
    params = [("query", text)] + [("default-graph-uri", g) for g in default or [EMPTY_GRAPH]]
    qs = "&".join(f"{k}={quote(v, safe='')}" for k, v in params)
    response = server.request("GET", f"/sparql?{qs}", headers=[("Accept", accept)])
    if response.status_code != 200:
        raise Mismatch(f"status {describe(response)}")
    if media_type(response) != accept:
        raise Mismatch(f"Content-Type {media_type(response)!r}, asked for {accept}")
    expected = parse_results(read_text(result_iri), accept)
    actual = parse_results(response.content, accept)
    ordered = bool(ORDER_BY.search(text))
    compare_results(expected, actual, ordered=ordered)


def run_query_syntax(server: LiveServer, case: Case) -> None:
    action = str(case.graph.value(case.node, MF.action))
    positive = case.kind.startswith("Positive")
    if action.endswith(".ru"):
        return run_update_syntax(server, case)
    response = server.query(with_base(read_text(action), action),
                            accept="application/sparql-results+json, text/turtle;q=0.9",
                            default=[EMPTY_GRAPH])
    if positive and response.status_code != 200:
        raise Mismatch(f"valid query refused: {describe(response)}")
    if not positive and response.status_code != 400:
        raise Mismatch(f"invalid query answered with {describe(response)}, expected 400")


def run_update_syntax(server: LiveServer, case: Case) -> None:
    action = str(case.graph.value(case.node, MF.action))
    positive = case.kind.startswith("Positive")
    server.update("DROP SILENT ALL")
    response = server.update(with_base(read_text(action), action))
    if positive and response.status_code // 100 != 2:
        raise Mismatch(f"valid update refused: {describe(response)}")
    if not positive and response.status_code != 400:
        raise Mismatch(f"invalid update answered with {describe(response)}, expected 400")


def _update_graphs(g: rdflib.Graph, node: rdflib.term.Node | None) -> dict[str | None, list[str]]:
    """``{graph name or None for the default graph: [data file IRIs]}`` of a ``ut:`` node."""
    out: dict[str | None, list[str]] = {}
    if node is None:
        return out
    for data in g.objects(node, UT.data):
        out.setdefault(None, []).append(str(data))
    for gd in g.objects(node, UT.graphData):
        if isinstance(gd, rdflib.BNode):
            name = g.value(gd, rdflib.RDFS.label) or g.value(gd, UT.graph)
            out.setdefault(str(name), []).append(str(g.value(gd, UT.graph)))
        else:
            out.setdefault(str(gd), []).append(str(gd))
    return out


def _graph_triples(files: list[str]) -> list[ox.Triple]:
    triples = []
    for iri in files:
        triples += [ox.Triple(q.subject, q.predicate, q.object)
                    for q in quads_of(path_of(iri), None)]
    return triples


def _ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


@dataclass
class UpdateSetup:
    """How the update suite puts data into the store (recorded in its report)."""

    mechanisms: Counter = field(default_factory=Counter)


def put_graph(server: LiveServer, name: str | None, triples: list[ox.Triple],
              setup: UpdateSetup) -> None:
    """Write one graph with GSP PUT; if the Graph Store Protocol is not served, INSERT DATA."""
    path = "/store?default" if name is None else f"/store?graph={quote(name, safe='')}"
    response = server.request("PUT", path, content=_ntriples(triples),
                              headers=[("Content-Type", "application/n-triples")])
    if response.status_code // 100 == 2:
        setup.mechanisms["gsp-put"] += 1
        return
    if response.status_code not in (404, 405, 501):
        raise ValueError(f"setup: PUT {path}: {describe(response)}")
    body = _ntriples(triples).decode("utf-8")
    text = f"INSERT DATA {{ {body} }}" if name is None else \
        f"INSERT DATA {{ GRAPH <{name}> {{ {body} }} }}"
    response = server.update(text)
    if response.status_code // 100 != 2:
        raise Mismatch(f"setup: neither GSP PUT nor INSERT DATA works: {describe(response)}")
    setup.mechanisms["insert-data"] += 1


SNAPSHOT_GRAPH = "urn:w3c:default-graph-snapshot"


def store_state(server: LiveServer) -> dict[str | None, list[ox.Triple]]:
    """Every graph of the store (``None`` for the default graph), service graphs left out.

    Queries see the union of all graphs as their default graph, so the default graph alone is
    read with GSP ``GET /store?default``; without the Graph Store Protocol it is first copied
    by ``COPY DEFAULT TO <urn:w3c:default-graph-snapshot>`` and read as that named graph."""
    default: list[ox.Triple] | None = None
    response = server.request("GET", "/store?default",
                              headers=[("Accept", "application/n-triples")])
    if response.status_code == 200 and media_type(response) in RDFLIB_FORMATS:
        fmt = ox.RdfFormat.from_media_type(media_type(response))
        default = [ox.Triple(t.subject, t.predicate, t.object)
                   for t in ox.parse(response.content, format=fmt)]
    else:
        copied = server.update(f"COPY DEFAULT TO <{SNAPSHOT_GRAPH}>")
        if copied.status_code // 100 != 2:
            raise Mismatch(f"reading the default graph: {describe(copied)}")
    response = server.query(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
        accept="application/sparql-results+json")
    if response.status_code != 200:
        raise Mismatch(f"reading named graphs: {describe(response)}")
    state: dict[str | None, list[ox.Triple]] = {}
    for s in ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON):
        name = s["g"].value
        if name.startswith(SERVICE_GRAPH_PREFIX):
            continue
        key = None if name == SNAPSHOT_GRAPH and default is None else name
        state.setdefault(key, []).append(ox.Triple(s["s"], s["p"], s["o"]))
    if default:
        state[None] = default
    return state


def run_update_evaluation(server: LiveServer, case: Case, setup: UpdateSetup) -> None:
    g = case.graph
    action = g.value(case.node, MF.action)
    request_iri = str(g.value(action, UT.request))
    before = _update_graphs(g, action)
    after = _update_graphs(g, g.value(case.node, MF.result))
    reset = server.update("DROP ALL")
    if reset.status_code // 100 != 2:
        raise Mismatch(f"reset: DROP ALL: {describe(reset)}")
    for name, files in before.items():
        triples = _graph_triples(files)
        if triples:
            put_graph(server, name, triples, setup)
    response = server.update(with_base(read_text(request_iri), request_iri))
    if response.status_code // 100 != 2:
        raise Mismatch(f"update refused: {describe(response)}")
    state = store_state(server)
    problems = []
    for name in sorted(set(after) | set(state), key=lambda n: n or ""):
        expected = _graph_triples(after.get(name, []))
        problem = same_graph(expected, state.get(name, []))
        if problem:
            problems.append(f"{'default graph' if name is None else '<' + name + '>'}: "
                            f"{problem}")
    if problems:
        raise Mismatch("; ".join(problems))


def suite_cases(top: str) -> Iterator[Case]:
    for rel in included(top):
        yield from cases(rel)
