"""Acceptance tables 7.1-7.7 of shared/design/reliability.md, over HTTP against a private store.
Each row checks the status and the error code; refused writes also check NL (quad count and
content hash unchanged, /health still 200). SSRF rows assert zero hits on a loopback canary.
Not here: P2, P3, P5, P6, P15, P16 (already in tests/api/test_api_sparql.py); A3 (aikg has no token
scopes: one write token, open reads); I4 (no /search route). I1-I3 run against the routes that
take IRIs today (/store?graph=, default-graph-uri, named-graph-uri; there is no /entities).
Every error body of this module is collected for A9 (no tracebacks, paths or token).
"""

from __future__ import annotations

import hmac
import json
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store.inventory import content_hash

TOKEN = "secret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FORM = {"content-type": "application/x-www-form-urlencoded"}
QUERY = {"content-type": "application/sparql-query"}
UPDATE = {"content-type": "application/sparql-update", **AUTH}
TURTLE = {"content-type": "text/turtle", **AUTH}
SECRET, CANARY_DATA = "top-secret-canary-literal", "canary-served-literal"
LEAKS = ("Traceback", "/work/", "/tmp/", ".py", TOKEN)
ERROR_BODIES: list[str] = []


def record(response) -> None:
    """httpx response hook: keep every error body for A9."""
    if response.status_code >= 400:
        ERROR_BODIES.append(response.read().decode("utf-8", "replace"))


@pytest.fixture
def api(module_app_client):
    module_app_client.event_hooks = {"response": [record]}
    return module_app_client


@contextmanager
def variant(client, **changes):
    """A second app over the same engine with changed settings (read-only, CORS, caps)."""
    with TestClient(create_app(client.engine, replace(client.app.state.settings,
                                                      **changes))) as other:
        other.event_hooks, other.engine = {"response": [record]}, client.engine
        yield other


@pytest.fixture(scope="module")
def canary_server():
    """A loopback HTTP listener recording every hit: ``(base_url, hits)``."""
    hits: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append((self.command, self.path))
            body = f'<urn:canary:s> <urn:canary:p> "{CANARY_DATA}" .\n'.encode()
            self.send_response(200)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_PUT = do_GET
        log_message = lambda self, *args: None  # noqa: E731

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urllib.request.urlopen(f"{base}/self-test", timeout=5).read()  # the canary does record
    assert hits == [("GET", "/self-test")]
    yield base, hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def canary(canary_server):
    """The canary's base URL; the test fails if anything reaches it."""
    base, hits = canary_server
    hits.clear()
    yield base
    assert hits == [], "the service reached the canary"


@pytest.fixture(scope="module")
def secret(tmp_path_factory):
    path = tmp_path_factory.mktemp("secrets") / "secret.ttl"
    path.write_text(f'<urn:secret:s> <urn:secret:p> "{SECRET}" .\n')
    return path


def expect(response, status, code):
    """Assert the status and the JSON error code (each one value or a tuple of them)."""
    statuses, codes = (v if isinstance(v, tuple) else (v,) for v in (status, code))
    assert response.status_code in statuses, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"] in codes and body["message"], body
    return body


def nl(client, method, url, **kwargs):
    """Send a request that must not write: NL afterwards, and /health still answers."""
    before = client.engine.call(content_hash)
    response = client.request(method, url, **kwargs)
    assert client.engine.call(content_hash) == before, "a refused request changed the store"
    assert client.get("/health").status_code == 200
    return response


def absent(client, *literals: str) -> None:
    for literal in literals:
        found = client.get("/sparql", params={"query": f'ASK {{ ?s ?p "{literal}" }}'})
        assert found.json()["boolean"] is False, f"{literal} reached the store"


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def entity_bomb(levels: int) -> str:
    """The "billion laughs" RDF/XML of reliability.md section 10 (9 levels abort pyoxigraph)."""
    entities = "".join(['<!ENTITY e0 "lol">'] + [f'<!ENTITY e{i} "' + f"&e{i - 1};" * 10 + '">'
                                                 for i in range(1, levels + 1)])
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{entities}]>\n<rdf:RDF xmlns:rdf='
            '"http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/"><rdf:Description '
            f'rdf:about="http://ex/s"><ex:p>&e{levels};</ex:p></rdf:Description></rdf:RDF>')


# -- refused requests: 7.1 P1-P14, 7.2 S1-S5, 7.3 B3-B9, 7.6 I1-I3, 7.7 U2 --------------------

def fill(value, canary: str, secret):
    """``value`` with @CANARY@ and @SECRET@ replaced by the canary's URL and the secret's."""
    if isinstance(value, str):
        return value.replace("@CANARY@", canary).replace("@SECRET@", secret.as_uri())
    if isinstance(value, dict):
        return {k: fill(v, canary, secret) for k, v in value.items()}
    return tuple(fill(v, canary, secret) for v in value) if isinstance(value, tuple) else value


def get(query, param="query", **params):
    return "GET", "/sparql", {"params": {param: query, **params}, "headers": AUTH}


def post(body, media="application/sparql-update", url="/sparql"):
    """A POST carrying the write token, so only what is tested can refuse it."""
    return "POST", url, {"content": body, "headers": {"content-type": media, **AUTH}}


EITHER = ("unsupported_media_type", "malformed_request")
FORM_TYPE, QUERY_TYPE = FORM["content-type"], QUERY["content-type"]
NESTED = "SELECT * WHERE " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500
PARENS = "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
PAD = "#" + "x" * (40 * 1024) + "\n"
INSERT_5000 = "INSERT DATA { " + " ".join(  # 266 KiB
    f"<urn:b9:subject-number-{i}> <urn:b9:predicate> {i} ." for i in range(5000)) + " }"
# Issue 15, finding 1: bracket-free chains the engine folds into trees as deep as they are long.
# Each of these crashed the engine (and so every other client's request) before the guard
# bounded complexity; the test asserts the worker survives.
CHAINS = {
    "B10-not": "ASK { FILTER(" + "!" * 10_000 + "true) }",
    "B10-or": "ASK { FILTER(" + " || ".join(["true"] * 2500) + ") }",
    "B10-plus": "ASK { FILTER(" + "+".join(["1"] * 8000) + " > 0) }",
    "B10-path": "ASK { ?s " + "/".join(["<urn:p>"] * 2000) + " ?o }",
    "B10-optional": "ASK { ?s ?p ?o " + "OPTIONAL{?s ?p ?o}" * 1200 + " }",
}
ALLOWED_METHODS = {"/sparql": {"GET", "POST"}, "/store": {"GET", "HEAD", "PUT", "POST", "DELETE"}}
REFUSED = {  # id: (request, status(es), code(s), *substrings of the message)
    **{key: (post(text, QUERY_TYPE), 400, "query_too_complex", "limit is 512")
       for key, text in CHAINS.items()},
    "B10-update": (post("DELETE WHERE { ?s " + "/".join(["<urn:p>"] * 2000) + " ?o }"), 400,
                   "query_too_complex"),
    # Issue 15, finding 2: payloads nested past what a recursive parser survives.
    "B11-jsonld": (("PUT", "/store?graph=urn%3Ab11%3Ag", {"content": (
        '{"@id":"urn:s","urn:p":' + '{"urn:p":' * 4000 + '"x"' + "}" * 4001).encode(),
        "headers": {**AUTH, "content-type": "application/ld+json"}}), 400, "payload_too_deep",
        "nests 4001 levels deep; the limit is 128"),
    "B11-triple-terms": (("PUT", "/store?graph=urn%3Ab11%3Ag", {"content": (
        "<urn:s> <urn:p> " + "<<( <urn:s> <urn:p> " * 5000 + "1" + " )>>" * 5000 + " .").encode(),
        "headers": TURTLE}), 400, "payload_too_deep"),
    "B11-update": (post("INSERT DATA { <urn:s> <urn:p> " + "<<( <urn:s> <urn:p> " * 100 + "1"
                        + " )>>" * 100 + " }"), 400, "query_too_deep"),
    "B11-ingest": (("POST", "/ingest", {"content": "[" * 1000 + "]" * 1000,
                                        "headers": {**AUTH, "content-type": "application/json"}}),
                   400, "payload_too_deep"),
    "B11-accept": (("POST", "/ingest/abc/accept", {"content": "[" * 1000 + "]" * 1000,
                                                   "headers": {**AUTH,
                                                               "content-type": "application/json"}}),
                   400, "payload_too_deep"),
    # Issue 15, finding 5: an unknown extension function is the client's mistake, not ours.
    "B12-function": (get("SELECT * { ?s ?p ?o BIND(<http://example/f>(?o) AS ?x) } LIMIT 1"),
                     400, "unsupported_function", "<http://example/f> is not a function"),
    # Issue 15, finding 4: request headers have a size limit.
    "B13-header": (("GET", "/sparql", {"params": {"query": "ASK {}"},
                                      "headers": {"X-Padding": "x" * 40_000}}), 431,
                   "headers_too_large", "the limit is 32768 bytes"),
    "B10-width": (post("ASK { " + "?s<urn:p>?o." * 2100 + " }", QUERY_TYPE), 400,
                   "query_too_complex", "in one group; the limit is 100"),
    "B10-groups": (post("ASK { " + "{?s ?p ?o}" * 1000 + " }", QUERY_TYPE), 400,
                    "query_too_complex", "limit is 512"),
    "B10-size": (post("ASK { " + ("{ " + "?s<urn:p>?o." * 99 + "}") * 25 + " }", QUERY_TYPE),
                 400, "query_too_complex", "pattern elements; the limit is 2000"),
    "P1": (("PUT", "/sparql?query=ASK%7B%7D", {}), 405, "method_not_allowed"),
    "P1-options": (("OPTIONS", "/sparql", {}), 405, "method_not_allowed"),
    "P1-store": (("PATCH", "/store?default", {"headers": AUTH}), 405, "method_not_allowed"),
    "P4": (("POST", "/sparql", {"content": "query=ASK%20%7B%7D"}), (415, 400), EITHER),
    "P7": (get("ASK {"), 400, "malformed_query"),
    "P8": (get("CLEAR ALL", param="update"), (400, 405), "malformed_request"),
    "P9": (post("update=CLEAR%20ALL&update=CLEAR%20ALL", FORM_TYPE), 400, "malformed_request"),
    "P10": (post("CLEAR ALL", "text/plain"), 415, "unsupported_media_type"),
    "P11": (("POST", "/sparql", {"content": "update=CLEAR%20ALL", "headers": AUTH}), (415, 400),
            EITHER),
    "P12": (post("CLEAR ALL".encode("utf-16"), "application/sparql-update; charset=UTF-16"),
            (415, 400), EITHER),
    "P13": (post("update=INSERT%20DATA%20%7B", FORM_TYPE), 400, "malformed_update"),
    "P14": (post("WITH <http://ex/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                 url="/sparql?using-named-graph-uri=http%3A%2F%2Fex%2Fg"), 400,
            "malformed_request"),
    "S1": (post("SELECT * { SERVICE <@CANARY@/sparql> { ?s ?p ?o } }", QUERY_TYPE), 400,
           "service_disabled"),
    "S2": (get("SELECT * { \\u0053ERVICE <@CANARY@/> { ?s ?p ?o } }"), 400, "service_disabled"),
    "S2U": (get("ASK { \\U00000053ERVICE <@CANARY@/> { ?s ?p ?o } }"), 400, "service_disabled"),
    "S3": (get("ASK { BIND(<@CANARY@/> AS ?u) SERVICE SILENT ?u {} }"), 400, "service_disabled"),
    "S4": (post("LOAD <@CANARY@/x.ttl>"), 400, "load_disabled"),
    "S4b": (post("INSERT DATA { <urn:x:a> <urn:x:b> 1 } ; LOAD SILENT <@CANARY@/x.ttl> INTO "
                 "GRAPH <urn:x:g>"), 400, "load_disabled"),
    "S5": (post("LOAD <file:///etc/passwd>"), 400, "load_disabled"),
    "S5b": (post("LOAD <@SECRET@> INTO GRAPH <urn:x:g>"), 400, "load_disabled"),
    "B3": (post(NESTED, QUERY_TYPE), 400, "query_too_deep", "deeper than 64"),
    "B3-update": (post("INSERT DATA " + NESTED[15:]), 400, "query_too_deep"),
    "B4": (post(PARENS, QUERY_TYPE), 400, "query_too_deep"),
    "B6": (post(PAD + "ASK {}", QUERY_TYPE), 413, "payload_too_large", "limit is 32768 bytes"),
    "B6-update": (post(PAD + "CLEAR ALL"), 413, "payload_too_large", "limit is 32768 bytes"),
    "B8": (get("ASK {} #" + "x" * 60_000), 414, "uri_too_long", "by POST"),
    "B8-gsp": (("PUT", "/store?graph=http%3A%2F%2Fex%2F" + "g" * 20_000, {"headers": TURTLE}), 414,
               "uri_too_long"),
    "B9": (post(INSERT_5000), 413, "payload_too_large"),
    "I1": (("GET", "/store", {"params": {"graph": "http://ex/a> ?p ?o } #"}}), 400, "invalid_iri"),
    "I1-dataset": (get("ASK {}", **{"default-graph-uri": "http://ex/a> ?p ?o } #"}), 400,
                   "invalid_iri"),
    "I2-file": (("DELETE", "/store?graph=file%3A%2F%2F%2Fetc%2Fpasswd", {"headers": AUTH}), 400,
                "invalid_iri"),
    "I2-js": (get("ASK {}", **{"named-graph-uri": "javascript:alert(1)"}), 400, "invalid_iri"),
    "I3": (("DELETE", "/store?graph=http%3A%2F%2Fex%2Fnone", {"headers": AUTH}), 404, "not_found"),
    "U2": (post("INSERT DATA { <urn:u2:a> <urn:u2:b> 1 } ; CREATE GRAPH <urn:u2:g> ; "
                "CREATE GRAPH <urn:u2:g>"), (400, 409), "update_failed"),
}


@pytest.mark.parametrize("row", REFUSED.values(), ids=REFUSED.keys())
def test_refused_requests_change_nothing_and_reach_nothing(api, canary, secret, row):
    request_, status, code, *texts = row
    method, url, kwargs = fill(request_, canary, secret)
    pid = api.engine.pid
    response = nl(api, method, url, **kwargs)
    body = expect(response, status, code)
    if code in ("malformed_query", "malformed_update"):
        assert isinstance(body["line"], int) and isinstance(body["column"], int), body
    assert all(text in body["message"] for text in texts), body
    if status == 405:
        # every method of every route on the path (Starlette named only the first route's)
        assert {m.strip() for m in response.headers["allow"].split(",")} == ALLOWED_METHODS[url.split("?")[0]]
    assert api.engine.pid == pid
    absent(api, SECRET, CANARY_DATA)


# -- 7.2 FROM; uploads (7.2 S8-S10, 7.3 B1-B2, 7.7 U1) -----------------------------------------

@pytest.mark.parametrize("source", ["file", "canary"], ids=["S6", "S7"])
def test_from_names_a_graph_in_the_store_and_never_fetches(api, canary, secret, source):
    iri = secret.as_uri() if source == "file" else f"{canary}/d.ttl"
    for query in (f"SELECT ?o FROM <{iri}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT ?o FROM NAMED <{iri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"):
        response = api.get("/sparql", params={"query": query})
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"] == []
    absent(api, SECRET, CANARY_DATA)


DOCTYPE = "doctype_forbidden"
UPLOADS = {  # id: (content type, body, status(es), code(s))
    "S8": ("application/ld+json", json.dumps({"@context": "@CANARY@/context.jsonld", "@id":
                                              "http://ex/a", "http://ex/p": CANARY_DATA}),
           400, "remote_context_forbidden"),
    "S9": ("application/rdf+xml", '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM '
           '"file:///etc/passwd">]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
           'syntax-ns#"/>', 400, DOCTYPE),
    "S10": ("text/turtle", "@PATH@", 400, "malformed_data"),
    "B1": ("application/rdf+xml", entity_bomb(7), 400, DOCTYPE),
    "B2": ("application/rdf+xml", entity_bomb(9), 400, DOCTYPE),
    "U1": ("text/turtle", "".join(f"<urn:u1:s{i}> <urn:u1:p> {i} .\n" for i in range(1000))
           + "<urn:u1:bad> <urn:u1:p> .\n", 400, "malformed_data"),
}


@pytest.mark.parametrize(("media", "body", "status", "code"), UPLOADS.values(),
                         ids=UPLOADS.keys())
def test_refused_uploads_add_nothing_and_reach_nothing(api, canary, secret, media, body, status,
                                                       code):
    body = body.replace("@CANARY@", canary).replace("@PATH@", str(secret))
    rss = rss_kib(pid := api.engine.pid)
    for method, url in (("PUT", "/store?graph=http%3A%2F%2Fex%2Fup"), ("POST", "/store")):
        started = time.monotonic()
        response = nl(api, method, url, content=body, headers={"content-type": media, **AUTH})
        assert time.monotonic() - started < 0.5  # B1 asks < 100 ms; slack for a busy machine
        error = expect(response, status, code)
        if "line" in error:  # S10 and U1 go wrong on their last line
            assert error["line"] == max(body.count("\n"), 1)
            assert f"at line {error['line']}, column" in error["message"]
    assert api.engine.pid == pid and rss_kib(pid) - rss < 50 * 1024
    absent(api, SECRET, CANARY_DATA)


# -- 7.3 size limits beyond the refused requests ----------------------------------------------

def test_b9_large_insert_data_is_fast_when_the_cap_allows_it(api):
    count = api.engine.call(content_hash)[0]
    with variant(api, max_query_bytes=1024 * 1024) as roomy:
        started = time.monotonic()
        assert roomy.post("/sparql", content=INSERT_5000, headers=UPDATE).status_code == 204
        assert time.monotonic() - started < 1.0
    assert api.engine.call(content_hash)[0] == count + 5000


def test_b7_chunked_upload_over_the_cap_is_413(api):
    chunks = (b"# " + b"x" * (1024 * 1024 - 3) + b"\n" for _ in range(11))  # 11 MiB, no length
    expect(nl(api, "PUT", "/store?graph=http%3A%2F%2Fex%2Fb7", content=chunks, headers=TURTLE),
           413, "payload_too_large")


# -- 7.5 authentication, authorisation, CORS ---------------------------------------------------

WRITES = {  # id: (method, url, kwargs without credentials)
    "update": ("POST", "/sparql", {"content": "CLEAR ALL", "headers": {
        "content-type": "application/sparql-update"}}),
    "form-update": ("POST", "/sparql", {"content": "update=CLEAR%20ALL", "headers": FORM}),
    "gsp-put": ("PUT", "/store?graph=http%3A%2F%2Fex%2Fa", {
        "content": "<urn:a> <urn:b> <urn:c> .", "headers": {"content-type": "text/turtle"}}),
    "gsp-post": ("POST", "/store", {"content": "<urn:a> <urn:b> <urn:c> .",
                                    "headers": {"content-type": "text/turtle"}}),
    "gsp-delete": ("DELETE", "/store?graph=https%3A%2F%2Fw3id.org%2Faikg%2Fgraph%2Fentities", {}),
}
CREDENTIALS = {"A1/A5": {}, "A2": {"Authorization": "Bearer wrong"},
               "A2b": {"Authorization": f"Basic {TOKEN}"},
               "A6": {"Cookie": f"session={TOKEN}; token={TOKEN}"}}
ALLOW = ("access-control-allow-origin", "access-control-allow-credentials")  # CORS grants


@pytest.mark.parametrize("credentials", CREDENTIALS.values(), ids=CREDENTIALS.keys())
@pytest.mark.parametrize(("method", "url", "kwargs"), WRITES.values(), ids=WRITES.keys())
def test_writes_without_a_valid_bearer_token_are_401(api, credentials, method, url, kwargs):
    headers = {**kwargs.get("headers", {}), **credentials}
    response = nl(api, method, url, **{**kwargs, "headers": headers})
    expect(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_a2_token_is_compared_in_constant_time(api, monkeypatch):
    calls = []
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or a == b)
    expect(nl(api, "POST", "/sparql", content="CLEAR ALL",
              headers={**UPDATE, "Authorization": "Bearer wrong"}), 401, "unauthorized")
    assert calls == [(b"wrong", TOKEN.encode())]


@pytest.mark.parametrize(("method", "url", "kwargs"), WRITES.values(), ids=WRITES.keys())
def test_a4_read_only_mode_refuses_valid_tokens(api, method, url, kwargs):
    with variant(api, read_only=True) as read_only:
        headers = {**kwargs.get("headers", {}), **AUTH}
        body = expect(nl(read_only, method, url, **{**kwargs, "headers": headers}), 403,
                      "read_only")
        assert "updates are disabled on this server" in body["message"]
        assert read_only.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def cors_requests(client, origin: str):
    """A preflight for POST + authorization, a simple GET, a failing GET and a 414."""
    preflight = client.options("/sparql", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    return (preflight, *(client.get("/sparql", params={"query": q}, headers={"Origin": origin})
                         for q in ("ASK {}", "ASK {", "x" * 20_000)))


def test_a7_a8_cors_is_off_by_default_and_an_allow_list_never_allows_credentials(api):
    for origin in ("https://evil.example", "https://app.example", "null"):  # A7
        for response in cors_requests(api, origin):
            assert not any(header in response.headers for header in ALLOW)
    with variant(api, cors_origins=("https://app.example",)) as cors:  # A8
        evil = cors_requests(cors, "https://evil.example")
        expect(evil[0], 400, "cors_forbidden")
        assert not any(header in r.headers for r in evil for header in ALLOW)
        preflight, *simple = cors_requests(cors, "https://app.example")
        assert [r.status_code for r in (preflight, *simple)] == [200, 200, 400, 414]
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        for response in (preflight, *simple):
            assert response.headers["access-control-allow-origin"] == "https://app.example"
            assert "access-control-allow-credentials" not in response.headers
            assert "Origin" in response.headers["vary"]


# -- 7.7 U4 (U1 with the uploads, U2 with the refused requests) --------------------------------

def graph_dumps(client) -> dict[str, str]:
    """Every graph's sorted N-Triples, by graph IRI ("default" for the default graph)."""
    rows = client.get("/sparql", params={"query": "SELECT DISTINCT ?g { GRAPH ?g {} }"}).json()
    dumps = {}
    for iri in ["default", *(r["g"]["value"] for r in rows["results"]["bindings"])]:
        url = "/store?default" if iri == "default" else "/store?graph=" + quote(iri, safe="")
        lines = client.get(url, headers={"accept": "application/n-triples"}).text.splitlines()
        dumps[iri] = "\n".join(sorted(lines))
    return dumps


def test_u4_upload_to_a_named_graph_changes_only_that_graph(api):
    before = graph_dumps(api)
    good = "".join(f"<urn:u4:s{i}> <urn:u4:p> {i} .\n" for i in range(1000))
    assert api.put("/store?graph=urn%3Au4%3Ag", content=good, headers=TURTLE).status_code == 201
    after = graph_dumps(api)
    assert after.pop("urn:u4:g").count("\n") == 999
    assert after == before


# -- A9: no error body leaks (runs last: it reads what the tests above collected) --------------

def test_a9_no_error_body_leaks_tracebacks_paths_or_the_token(api):
    api.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    api.post("/sparql", content="CLEAR ALL", headers={**UPDATE, "Authorization": "Bearer x"})
    api.get("/store", params={"graph": "http://ex/missing"})
    assert len(ERROR_BODIES) >= 3
    leaks = [(body[:200], leak) for body in ERROR_BODIES for leak in LEAKS if leak in body]
    assert leaks == []
