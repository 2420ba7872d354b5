"""Generated hostile SPARQL: whatever the guard accepts must not crash the engine.

A hypothesis strategy builds texts from the recursive productions of the SPARQL grammar (unary
and binary operators, function calls, property paths, group patterns with OPTIONAL / UNION /
MINUS / FILTER EXISTS, sub-selects, blank-node property lists, collections and RDF 1.2 triple
terms), nested and chained far past what pyoxigraph survives on an 8 MiB stack. Each text is
measured by the guard; each accepted one is run by a child process on a thread with the
default stack (not the worker's larger one), so a text the guard lets through that would take
the engine down fails the test. A text still running after a few seconds is slow, not a crash:
the service's deadline bounds those. The examples are derandomized so CI sees the same 200 texts
each run; set ``derandomize=False`` locally to explore further.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import QueryRefused
from graph.sparql.guard import guard_sparql

LIMIT = 60_000  # characters: room for chains far past the guard, without exhausting memory


def fit(count: int, *parts: str) -> int:
    """``count`` lowered so that ``count`` copies of ``parts`` stay within :data:`LIMIT`."""
    return max(1, min(count, LIMIT // max(1, sum(map(len, parts)))))


def chain(separator: str, count: int, inner: str) -> str:
    return separator.join([inner] * fit(count, separator, inner))


def nest(opening: str, count: int, inner: str, closing: str) -> str:
    count = fit(count, opening, closing, inner)
    return opening * count + inner + closing * count


EXPRESSIONS = st.recursive(
    st.sampled_from(["1", "true", "?o", '"a"', "<urn:x>"]),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["!", "-", "+"]), st.integers(1, 3000), inner).map(
            lambda t: nest(t[0], t[1], t[2], "")),
        st.tuples(st.sampled_from([" || ", " && ", " + ", " * ", " = ", " < "]),
                  st.integers(2, 3000), inner).map(lambda t: "(" + chain(t[0], t[1], t[2]) + ")"),
        st.tuples(st.sampled_from(["STR", "ABS", "COALESCE", "BOUND", "isIRI"]),
                  st.integers(1, 400), inner).map(
            lambda t: nest(f"{t[0]}(", t[1], t[2], ")")),
        st.tuples(st.integers(1, 400), inner).map(lambda t: nest("(", t[0], t[1], ")")),
        inner.map(lambda e: f"IF({e}, 1, 0)"),
    ),
    max_leaves=6,
)

PATHS = st.recursive(
    st.sampled_from(["<urn:p>", "^<urn:p>", "<urn:p>*", "!<urn:q>"]),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["/", "|"]), st.integers(2, 3000), inner).map(
            lambda t: "(" + chain(t[0], t[1], t[2]) + ")"),
        st.tuples(st.integers(1, 3000), inner).map(lambda t: nest("^", t[0], t[1], "")),
    ),
    max_leaves=4,
)


def _term(depth: int, kind: str) -> str:
    if kind == "bnode":
        return nest("[ <urn:p> ", depth, "?o", " ]")
    if kind == "list":
        return nest("( ", depth, "?o", " )")
    return nest("<<( ?s <urn:p> ", depth, "?o", " )>>")


TERMS = st.builds(_term, st.integers(1, 3000), st.sampled_from(["bnode", "list", "triple"]))

PATTERNS = st.recursive(
    st.one_of(
        st.just("?s <urn:p> ?o"),
        st.builds(lambda p: f"?s {p} ?o", PATHS),
        st.builds(lambda t: f"?s <urn:p> {t}", TERMS),
        st.builds(lambda e: f"FILTER({e})", EXPRESSIONS),
        st.builds(lambda e: f"BIND({e} AS ?b)", EXPRESSIONS),
    ),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from([" OPTIONAL { %s }", " MINUS { %s }", " FILTER EXISTS { %s }",
                                   " FILTER NOT EXISTS { %s }", " UNION { %s }"]),
                  st.integers(1, 2000), inner).map(
            lambda t: "{ ?s ?p ?o }" + chain("", t[1], t[0] % t[2])),
        # long basic graph patterns cost time (joins are planned in polynomial time: 200
        # patterns take ~10 s), which the engine's deadline bounds, not its stack
        st.tuples(st.integers(1, 40), inner).map(lambda t: chain(" . ", t[0], t[1])),
        st.tuples(st.sampled_from(["{ %s }", "{ SELECT * WHERE { %s } }", "FILTER EXISTS { %s }"]),
                  st.integers(1, 300), inner).map(
            lambda t: nest(*t[0].split("%s")[:1], t[1], t[2], t[0].split("%s")[1])),
    ),
    max_leaves=5,
)

QUERIES = PATTERNS.map(lambda p: "ASK { " + p + " }")

CHILD = textwrap.dedent("""
    import sys, threading
    import pyoxigraph as ox
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o")))
    def run(text):
        try:
            store.query(text)
        except Exception:  # a syntax or evaluation error is an answer, not a crash
            pass
    thread = threading.Thread(target=run, args=(sys.stdin.read(),))
    thread.start()
    thread.join()
    print("survived")
""")
SLOW = 5.0  # seconds: a text still running then is slow (the service's deadline bounds it),
            # not a crash


def accepted(texts: list[str]) -> list[str]:
    kept = []
    for text in texts:
        try:
            guard_sparql(text)
        except QueryRefused:
            continue
        kept.append(text)
    return kept


def outcome(text: str) -> str:
    """``survived``, ``slow`` or ``crashed (exit …)`` for one text run by a fresh child."""
    try:
        child = subprocess.run([sys.executable, "-c", CHILD], input=text, text=True,
                               capture_output=True, timeout=SLOW)
    except subprocess.TimeoutExpired:
        return "slow"
    if child.returncode == 0 and "survived" in child.stdout:
        return "survived"
    return f"crashed (exit {child.returncode}): {child.stderr[-300:]}"


def test_every_text_the_guard_accepts_runs_without_crashing_the_engine():
    texts: list[str] = []

    @settings(max_examples=200, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(QUERIES)
    def collect(text: str) -> None:
        texts.append(text)

    collect()
    kept = accepted(texts)
    assert len(kept) < len(texts), "the generator must reach past the guard's limits"
    assert kept, "the generator must also make texts the guard accepts"
    with ThreadPoolExecutor(2) as pool:
        outcomes = dict(zip(kept, pool.map(outcome, kept)))
    crashed = {text[:200]: result for text, result in outcomes.items()
               if result.startswith("crashed")}
    assert not crashed, crashed


def test_the_child_does_crash_on_what_the_guard_refuses():
    """The check above can fail: a child dies on one chain the guard refuses."""
    hostile = "ASK { FILTER(" + "!" * 20_000 + "true) }"
    assert accepted([hostile]) == []
    assert outcome(hostile).startswith("crashed")
