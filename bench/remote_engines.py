"""aikg over each store, side by side: embedded pyoxigraph, ``oxigraph serve`` and Virtuoso.

    python -m bench.remote_engines [--triples 1000000] [--engines embedded,oxigraph,virtuoso]
                                   [--rounds 20] [--seed 1] [-o FILE]

The same synthetic quads (:mod:`bench.synthetic`) go to each store by its own bulk loader:
:func:`graph.store.loading.load_bytes` (one transaction) for the embedded store, ``oxigraph
load`` before ``oxigraph serve`` starts, Virtuoso's ``ld_dir`` + ``rdf_loader_run()`` +
``checkpoint`` (Debian's ``virtuoso-opensource``, a private database and ini made here, 5 GiB of
buffers). Then aikg seeds the store (:func:`graph.store.seeding.ensure_seeded`, the same catalog
over all three) and runs over it as ``aikg serve`` does: an :class:`~graph.engine.supervisor.Engine`
(its worker opens the store of :func:`graph.store.backends.open_store`) under the FastAPI app.

Measured per store, one store at a time (the others are stopped): load, seed; the point lookup
and the 2-hop join of :mod:`bench.http_sparql` sent straight to the engine (in process for the
embedded store, HTTP POST otherwise) and through aikg's ``/sparql``; the projection's first
build (what a start costs before REST answers); REST entity,
neighbours and paths. Over Virtuoso the projection's queries are read in partitions past its
row limit (at most 1,048,576 rows an answer; :mod:`graph.store.remote_reads`). Latencies are
p50/p95 of ``--rounds`` sequential calls after one warm-up
call; the answers' row counts are printed so that differing answers show.
"""

from __future__ import annotations

import argparse
import json
import datetime
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

import httpx
from fastapi.testclient import TestClient

from api.app import create_app
from bench.http_sparql import PREFIXES, shapes
from bench.peers import free_port
from bench.rest_latency import dir_size, warm
from bench.synthetic import HUB, generate
from graph.engine.supervisor import Engine
from graph.settings import Settings
from graph.store.embedded import EmbeddedStore
from graph.store.formats import rdf_format
from graph.store.loading import load_bytes
from graph.store.seeding import ensure_seeded
from graph.store.backends import open_store
from graph.store.engine_profiles import PROFILES

ENGINES = ("embedded", "oxigraph", "virtuoso")
DEADLINES: dict[str, Any] = {"query_timeout": 1800.0, "max_timeout": 7200.0}
"""Each query (a whole projection query over HTTP at 10M quads included) gets 1,800 s, not
10 s: what is timed here is each store's speed, not aikg's deadline (at 10M one of Virtuoso's
projection reads took over 480 s on a busy machine)."""
QUERIES = ("point lookup", "2-hop join")
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 680000
MaxDirtyBuffers = 500000
DirsAllowed = ., {db}, {data}
MaxSortedTopRows = 100000000
MaxQueryMem = 8G
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {db}
MaxClientConnections = 10
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 1800
"""


class Server:
    """An engine process on loopback: its SPARQL URL and how to stop it."""

    def __init__(self, command: list[str], url: str, log: Path, cwd: Path) -> None:
        self.url, self.log = url, log
        with log.open("wb") as out:
            self.proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.post(url, data={"query": "ASK {}"}, timeout=5).is_success:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"{command[0]} did not start: {log.read_text(errors='replace')[-800:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def isql(port: int, statements: str) -> None:
    done = subprocess.run(["isql-vt", str(port), "dba", "dba", f"exec={statements}"],
                          capture_output=True, text=True, timeout=7200)
    if done.returncode != 0 or "Error" in done.stdout:
        raise SystemExit(f"isql failed: {done.stdout[-800:]} {done.stderr[-800:]}")


def seed(settings: Settings) -> float:
    """Seed the store as ``aikg serve`` does on first use; the seconds it took."""
    start = time.perf_counter()
    kg = open_store(settings)
    try:
        ensure_seeded(kg, settings)
    finally:
        kg.close()
    return time.perf_counter() - start


def prepare(engine: str, work: Path, nquads: Path, rounds: int, ids: dict[str, str]
            ) -> tuple[Settings, Server | None, dict[str, Any]]:
    """A new store of ``engine``, seeded by aikg, then given ``nquads`` by its bulk loader (the
    synthetic data shares ``g:entities`` and ``g:meta`` with the seeds, so seeding goes first);
    its settings, its server and what that cost."""
    data = work / engine
    if engine == "embedded":
        settings = Settings(store_path=data, **DEADLINES)
        row = {"seed_s": seed(settings)}
        kg = EmbeddedStore.open(data)
        try:
            start = time.perf_counter()
            load_bytes(kg, nquads.read_bytes(), rdf_format("nquads"), source="synthetic")
            row["load_s"] = time.perf_counter() - start
            row["quads"] = len(kg)
            for name in QUERIES:  # in process, before the engine's worker takes the lock
                query = PREFIXES + shapes(ids["company"])[name]
                row[f"direct {name}"] = timed(lambda q=query: len(kg.select(q)), rounds)
        finally:
            kg.close()
        return settings, None, row
    port = free_port()
    url = f"http://127.0.0.1:{port}/" + ("query" if engine == "oxigraph" else "sparql")
    settings = Settings(store_url=url, store_engine=engine, store_path=None, **DEADLINES)
    if engine == "oxigraph":
        binary = str(Path(sys.executable).with_name("oxigraph"))
        command = [binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"]
        server = Server(command, url, work / "oxigraph.log", work)
        row = {"seed_s": seed(settings)}
        server.stop()  # `oxigraph load` wants the store to itself
        start = time.perf_counter()
        subprocess.run([binary, "load", "--location", str(data), "--file", str(nquads)],
                       check=True, capture_output=True)
        row["load_s"] = time.perf_counter() - start
        server = Server(command, url, work / "oxigraph.log", work)
    else:
        data.mkdir()
        sql_port = free_port()
        (data / "virtuoso.ini").write_text(VIRTUOSO_INI.format(
            db=data, data=nquads.parent, sql_port=sql_port, http_port=port))
        server = Server(["/usr/bin/virtuoso-t", "-f", "-c", str(data / "virtuoso.ini")],
                        url, work / "virtuoso.log", data)
        isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL"; '
                       "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")
        row = {"seed_s": seed(settings)}
        start = time.perf_counter()
        isql(sql_port, f"ld_dir('{nquads.parent}', '{nquads.name}', "
                       "'urn:aikg:bench:default'); rdf_loader_run(); checkpoint;")
        row["load_s"] = time.perf_counter() - start
    for name in QUERIES:
        row[f"direct {name}"] = timed(direct(settings, PREFIXES + shapes(ids["company"])[name]),
                                      rounds)
    return settings, server, row


def timed(func: Callable[[], Any], rounds: int) -> tuple[float, float, Any]:
    """p50 and p95 in ms of ``rounds`` calls after a warm-up, and the warm-up's result."""
    result = func()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))], \
        result


def direct(settings: Settings, query: str) -> Callable[[], int]:
    """A call that sends ``query`` straight to a remote engine, returning the row count."""
    params = PROFILES[settings.store_engine].union_params  # the union default graph, as aikg asks
    client = httpx.Client(timeout=600)  # kept open, as aikg keeps its connections

    def remote() -> int:
        answer = client.post(settings.store_url, data={"query": query, **params},  # type: ignore[arg-type]
                             headers={"Accept": "application/sparql-results+json"})
        answer.raise_for_status()
        return len(answer.json()["results"]["bindings"])
    return remote


def measure(engine: str, work: Path, nquads: Path, ids: dict[str, str], rounds: int
            ) -> dict[str, Any]:
    settings, server, row = prepare(engine, work, nquads, rounds, ids)
    row["engine"], row["ids"] = engine, ids
    try:
        if "quads" not in row:
            kg = open_store(settings)
            row["quads"] = len(kg)
            kg.close()
        engine_proc = Engine(settings, start_timeout=600, **DEADLINES).start()
        try:
            row["projection first"] = engine_proc.call(warm, timeout=7200)
            with TestClient(create_app(engine_proc), raise_server_exceptions=False) as client:
                for name, url in calls(ids):
                    def get(url: str = url) -> tuple[int, int]:
                        answer = client.get(url, headers={"Accept": "application/json"})
                        return answer.status_code, len(answer.content)
                    row[name] = timed(get, rounds)
        finally:
            engine_proc.close()
        row["disk_bytes"] = dir_size(work / engine)
    except Exception:
        for log in (work / f"{engine}.log", work / engine / "virtuoso.log"):
            if log.exists():  # the engine's side of a failure, before the work dir goes
                print(f"--- {log}\n{log.read_text(errors='replace')[-4000:]}", file=sys.stderr)
        raise
    finally:
        if server is not None:
            server.stop()
    return row


def calls(ids: dict[str, str]) -> list[tuple[str, str]]:
    hub, company = HUB, ids["company"]
    return [(f"/sparql {name}", "/sparql?query=" + quote(PREFIXES + shapes(company)[name]))
            for name in QUERIES] + [
        (f"GET /entities/{hub}", f"/entities/{hub}"),
        (f"GET /entities/{company}", f"/entities/{company}"),
        (f"GET /entities/{company}/neighbours", f"/entities/{company}/neighbours?depth=1"),
        (f"GET /paths {ids['person']}→{ids['model']}",
         f"/paths?from={ids['person']}&to={ids['model']}&max_hops=4"),
    ]


def table(rows: list[dict[str, Any]], ids: dict[str, str]) -> list[str]:
    engines = [r["engine"] for r in rows]
    lines = ["| | " + " | ".join(engines) + " |", "|---|" + "---:|" * len(engines)]

    def line(label: str, cell: Callable[[dict[str, Any]], str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in rows) + " |")

    line("quads after seeding", lambda r: f"{r['quads']:,}")
    line("bulk load, s (quads/s)", lambda r: f"{r['load_s']:.1f} ({r['quads'] / r['load_s']:,.0f})")
    line("seeding by aikg, s", lambda r: f"{r['seed_s']:.1f}")
    line("on disk, MiB", lambda r: f"{r['disk_bytes'] / 2**20:,.0f}")
    for name in QUERIES:
        line(f"{name} straight to the engine, p50/p95 ms (rows)",
             lambda r, n=name: "{:.1f} / {:.1f} ({})".format(*r[f"direct {n}"]))
    for name, _ in calls(ids):
        line(f"{name}, p50/p95 ms (status)",
             lambda r, n=name: "{:.1f} / {:.1f} ({})".format(r[n][0], r[n][1], r[n][2][0]))
    line("projection build at start, s", lambda r: f"{r['projection first']['seconds']:.1f}")
    line("projection nodes / edges", lambda r: "{:,} / {:,}".format(
        r["projection first"]["nodes"], r["projection first"]["edges"]))
    return lines


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines {sorted(unknown)}; choose from {', '.join(ENGINES)}")
    with tempfile.TemporaryDirectory(prefix="aikg-remote-bench-") as tmp:
        work = Path(tmp)
        (work / "data").mkdir()
        nquads = work / "data" / "synthetic.nq"
        data, info = generate(args.triples, args.seed)
        nquads.write_bytes(data)
        del data
        ids = dict(info.sample)
        rows = []
        for engine in engines:
            print(f"[{datetime.datetime.now():%H:%M:%S}] {engine}…", file=sys.stderr, flush=True)
            rows.append(measure(engine, work, nquads, ids, args.rounds))
            if args.output:  # what is measured so far survives a later engine's failure
                args.output.with_suffix(".json").write_text(json.dumps(rows, default=str))
    command = "python -m bench.remote_engines " + shlex.join(
        argv if argv is not None else sys.argv[1:])
    text = "\n".join([f"### aikg over three stores, {args.triples:,} synthetic quads + seeds\n",
                      f"`{command}` — {datetime.date.today().isoformat()}, {args.rounds} rounds, "
                      f"Python {sys.version.split()[0]}\n", *table(rows, ids)])
    print(text)
    if args.output:
        args.output.write_text(text + "\n")
    return rows


if __name__ == "__main__":
    main()
