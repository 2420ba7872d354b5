"""One machine at scale, as a user runs it: ``python -m bench.scale --triples N``.

The steps a user takes, each timed with the memory of its whole process tree (sampled every
0.5 s: the largest sum of resident memory over the tree, and each process's own peak):

1. **generate** the synthetic graph (:func:`bench.synthetic.generate_to`, streamed to a file);
2. **load** it with ``aikg load`` into a fresh store (the seeds are installed first, by
   ``aikg load`` itself); the store's size on disk afterwards;
3. **serve**: ``aikg serve`` over the store, timed to ``/health`` (started), to the hub's page
   (the projection built: every REST route answers), to ``/analytics/communities`` (Louvain
   done) and to the snapshot written beside the store;
4. **every route once, then ``--rounds`` times**: the REST routes, analytics, views and pages of
   :func:`routes` (the calls of :mod:`bench.rest_latency` and the rest of the API), cold time
   and status, then p50/p99;
5. **restart**: the service stopped, once its background work is done (its process tree
   idle: everything it keeps beside the store written), and started again, timed to the hub's
   page (from the snapshot) and to every route's first 200;
6. with ``--clients``, **a restart under many clients**: started once more, with every route
   of :func:`routes` asked by its own client every 0.5 s until it answers 200 (27 clients at
   once, as a wall of dashboards would after a deploy): each route's first 200, the 503/429
   answers on the way, and how many times the engine's worker was killed (``/health``).

Prints a markdown table and writes the figures as JSON beside the store
(``--work DIR``, kept; default a temporary directory, removed). ``--reuse`` serves the store an
earlier run left in ``--work`` again (steps 3 to 5 only: a start and a restart with whatever
that run kept beside the store).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from bench.peers import tree_memory, wait_idle
from bench.rest_latency import calls, dir_size, percentile
from bench.restart import free_port, stop
from bench.synthetic import generate_to
from graph.projection import snapshot
from graph.settings import PROJECT_ROOT


class Watch:
    """Samples the memory of a process tree every 0.5 s while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_tree, self.peaks = pid, 0, {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            rows = tree_memory(self.pid)
            self.peak_tree = max(self.peak_tree, sum(r["rss"] for r in rows))
            for r in rows:
                self.peaks[r["pid"]] = max(self.peaks.get(r["pid"], 0), r["hwm"])
            self._done.wait(0.5)

    def stop(self) -> dict[str, int]:
        self._done.set()
        self._thread.join()
        return {"peak_tree_bytes": self.peak_tree,
                "peak_process_bytes": max(self.peaks.values(), default=0)}


def routes(ids: dict[str, str]) -> list[tuple[str, str]]:
    """(name, URL) of every call timed: :func:`bench.rest_latency.calls` and the rest of the
    read API (listing, communities, the other analytics, views, pages, VoID)."""
    hub, person, model = ids["hub"], ids["person"], ids["model"]
    return calls(ids) + [
        ("GET /entities?limit=50", "/entities?limit=50"),
        ("GET /entities/{hub}/neighbours?depth=2", f"/entities/{hub}/neighbours?depth=2"),
        ("GET /analytics/communities?limit=10&members=10",
         "/analytics/communities?limit=10&members=10"),
        ("GET /analytics/communities/1?limit=100", "/analytics/communities/1?limit=100"),
        ("GET /analytics/centrality?measure=degree", "/analytics/centrality?measure=degree"),
        ("GET /analytics/funding", "/analytics/funding"),
        ("GET /analytics/rounds", "/analytics/rounds"),
        ("GET /analytics/leaders", "/analytics/leaders"),
        ("GET /analytics/suppliers", "/analytics/suppliers"),
        ("GET /analytics/disagreements", "/analytics/disagreements"),
        ("GET /sources", "/sources"),
        ("GET /.well-known/void", "/.well-known/void"),
        (f"view GET /view/entity/{{hub}} ({hub})", f"/view/entity/{hub}"),
        ("view GET /view/path", f"/view/path?from={quote(person)}&to={quote(model)}"),
        ("page GET /analytics", "/analytics"),
    ]


def until_200(base: str, path: str, started: float, limit: float = 7200) -> float:
    """Seconds from ``started`` until ``GET path`` answers 200 (503/429/no answer: ask again)."""
    while time.monotonic() - started < limit:
        try:
            status = httpx.get(f"{base}{path}", timeout=120).status_code
        except httpx.HTTPError:
            status = 0
        if status == 200:
            return time.monotonic() - started
        if status not in (0, 429, 503):
            raise SystemExit(f"GET {path} answered {status}")
        time.sleep(0.2 if status != 429 else 1.0)
    raise SystemExit(f"GET {path} did not answer 200 within {limit:.0f} s")


def until_every_route(base: str, ids: dict[str, str], started: float, limit: float,
                      ) -> dict[str, Any]:
    """Ask every route of :func:`routes` in turn, again and again, until each has answered 200
    once: seconds from ``started`` to each one's first 200, and to the last of them
    (``None``, and the routes still waiting, when ``limit`` seconds pass first)."""
    waiting = dict(routes(ids))
    first: dict[str, float] = {}
    with httpx.Client(timeout=120) as http:
        while waiting and time.monotonic() - started < limit:
            for name, url in list(waiting.items()):
                try:
                    status = timed_call(http, base, url)[1]
                except httpx.HTTPError:
                    status = 0
                if status == 200:
                    first[name] = time.monotonic() - started
                    del waiting[name]
            if waiting:
                time.sleep(0.2)
    return {"first_200_s": first, "every_route_s": None if waiting else max(first.values()),
            "still_waiting": sorted(waiting)}


def until_every_route_at_once(base: str, ids: dict[str, str], started: float, limit: float,
                              every: float = 0.5) -> dict[str, Any]:
    """:func:`until_every_route` with one client per route, each asking every ``every``
    seconds until its first 200; also the other answers seen on the way, by status."""
    first: dict[str, float] = {}
    statuses: dict[str, int] = {}
    lock = threading.Lock()

    def client(name: str, url: str) -> None:
        with httpx.Client(timeout=120) as http:
            while time.monotonic() - started < limit:
                try:
                    status = timed_call(http, base, url)[1]
                except httpx.HTTPError:
                    status = 0
                with lock:
                    statuses[str(status)] = statuses.get(str(status), 0) + 1
                if status == 200:
                    first[name] = time.monotonic() - started
                    return
                time.sleep(every)

    threads = [threading.Thread(target=client, args=pair, daemon=True) for pair in routes(ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    waiting = sorted(set(dict(routes(ids))) - set(first))
    return {"first_200_s": first, "every_route_s": None if waiting else max(first.values()),
            "still_waiting": waiting, "statuses": statuses, "clients": len(threads)}


def timed_call(http: httpx.Client, base: str, url: str) -> tuple[float, int]:
    headers = {"Accept": "application/json"} if url.startswith("/sparql") else {}
    start = time.perf_counter()
    status = http.get(f"{base}{url}", headers=headers).status_code
    return (time.perf_counter() - start) * 1000, status


def serve(store: Path, env: dict[str, str], ids: dict[str, str], rounds: int,
          log: Path, clients: bool = False) -> dict[str, Any]:
    """Start ``aikg serve``; the times to ready, every route's cold time and p50/p99, memory;
    ``clients``: every route asked at once by its own client instead
    (:func:`until_every_route_at_once`)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    found: dict[str, Any] = {}
    with log.open("ab") as out:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port),
                                 "--no-access-log"], env=env, stdout=out, stderr=subprocess.STDOUT)
    watch = Watch(proc.pid)
    try:
        found["health_s"] = until_200(base, "/health", started)
        if clients:
            found.update(until_every_route_at_once(base, ids, started, limit=1800))
            found["ready_s"] = found["first_200_s"].get(routes(ids)[0][0])
            found["engine_restarts"] = httpx.get(f"{base}/health", timeout=60).json().get(
                "engine_restarts")
            return found
        found["ready_s"] = until_200(base, f"/entities/{ids['hub']}", started)
        found["communities_s"] = until_200(base, "/analytics/communities?limit=1", started)
        found.update(until_every_route(base, ids, started, limit=1800))
        if rounds:
            found["routes"] = measure_routes(base, ids, rounds)
        while not (store / snapshot.FILE).exists() and time.monotonic() - started < 7200:
            time.sleep(0.5)
        found["snapshot_s"] = time.monotonic() - started
        # stopped only once its background work is done (everything it keeps beside the store
        # written): a restart measured after a stop in the middle of that work recomputed
        # what was lost, and the restarts varied 3-4x with it
        wait_idle(proc.pid, window=2.0, limit=1800)
        found["settled_s"] = time.monotonic() - started
    finally:
        stop(proc, 120)
        found.update(watch.stop())
    return found


def measure_routes(base: str, ids: dict[str, str], rounds: int) -> list[dict[str, Any]]:
    rows = []
    with httpx.Client(timeout=120) as http:
        cold = [(name, url, *timed_call(http, base, url)) for name, url in routes(ids)]
        for name, url, first_ms, status in cold:
            times = [timed_call(http, base, url) for _ in range(rounds)]
            rows.append({"call": name, "cold_ms": first_ms, "status": status,
                         "statuses": sorted({s for _, s in times}),
                         "p50_ms": percentile([t for t, _ in times], 0.5),
                         "p99_ms": percentile([t for t, _ in times], 0.99)})
    return rows


def run(triples: int, work: Path, rounds: int, seed: int = 1, reuse: bool = False,
        clients: bool = False) -> dict[str, Any]:
    seeds = work / "seeds"
    if not seeds.exists():  # a copy: a seed file edited meanwhile must not count as a write
        shutil.copytree(os.environ.get("AIKG_SEEDS_DIR") or PROJECT_ROOT / "seeds", seeds,
                        ignore=shutil.ignore_patterns("review"))
    store, data, log = work / "store", work / "data.nq", work / "serve.log"
    env = {**os.environ, "AIKG_STORE": str(store), "AIKG_SEEDS_DIR": str(seeds),
           "PYTHONPATH": str(PROJECT_ROOT)}
    figures: dict[str, Any] = {"triples": triples, "reused": reuse and store.exists()}
    if figures["reused"]:  # the same data again (the ids only): no load, no first build
        info = generate_to(Path(os.devnull), triples, seed)
        figures.update(quads=info.triples, ids={"hub": info.hub, **info.sample},
                       store_bytes=dir_size(store))
        figures["first_start"] = serve(store, env, figures["ids"], rounds, log)
        (work / "figures.json").write_text(json.dumps(figures, indent=1))
        figures["restart"] = serve(store, env, figures["ids"], 0, log)
        if clients:
            figures["restart_clients"] = serve(store, env, figures["ids"], 0, log, clients=True)
        return figures
    start = time.monotonic()
    info = generate_to(data, triples, seed)
    figures.update(quads=info.triples, generate_s=time.monotonic() - start,
                   file_bytes=data.stat().st_size)
    ids = {"hub": info.hub, **info.sample}
    figures["ids"] = ids
    shutil.rmtree(store, ignore_errors=True)
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "api", "load", str(data), "--format",
                             "nquads"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    watch = Watch(proc.pid)
    output = proc.communicate()[0].decode(errors="replace")
    load_memory = watch.stop()
    if proc.returncode:
        raise SystemExit(f"aikg load failed: {output.strip()[-500:]}")
    figures.update(load_s=time.monotonic() - start, load_memory=load_memory,
                   store_bytes=dir_size(store))
    data.unlink()  # the disk the store needs, not twice that
    figures["first_start"] = serve(store, env, ids, rounds, log)
    (work / "figures.json").write_text(json.dumps(figures, indent=1))  # so far, if stopped
    figures["restart"] = serve(store, env, ids, 0, log)
    if clients:
        figures["restart_clients"] = serve(store, env, ids, 0, log, clients=True)
    return figures


def _seconds(value: float | None) -> str:
    return "never (see below)" if value is None else f"{value:.1f} s"


def report(f: dict[str, Any]) -> str:
    gib = 2 ** 30
    first, again = f["first_start"], f["restart"]
    made = (f"- the store of an earlier run served again (`--reuse`): {f['store_bytes'] / gib:.2f}"
            " GiB on disk" if f.get("reused") else
            f"- generate {f['generate_s']:.0f} s ({f['file_bytes'] / gib:.2f} GiB of N-Quads); "
            f"`aikg load` {f['load_s']:.0f} s, peak {f['load_memory']['peak_tree_bytes'] / gib:.2f}"
            f" GiB; store on disk {f['store_bytes'] / gib:.2f} GiB")
    lines = [f"## One machine at {f['quads']:,} quads",
             "",
             made,
             f"- `aikg serve`: /health after {first['health_s']:.1f} s; ready (hub page, every "
             f"REST route) after {first['ready_s']:.0f} s; communities after "
             f"{first['communities_s']:.0f} s; snapshot written after {first['snapshot_s']:.0f} s, "
             f"background work done after {first.get('settled_s', 0):.0f} s;"
             f" peak {first['peak_tree_bytes'] / gib:.2f} GiB over the process tree "
             f"(largest process {first['peak_process_bytes'] / gib:.2f} GiB)",
             f"- restart from the snapshot: ready after {again['ready_s']:.1f} s, communities "
             f"after {again['communities_s']:.1f} s, every route (200) after "
             f"{_seconds(again['every_route_s'])}, peak {again['peak_tree_bytes'] / gib:.2f} GiB",
             f"- every route answered 200 after: first start {_seconds(first['every_route_s'])};"
             f" still waiting: first start {first['still_waiting'] or 'none'}, restart "
             f"{again['still_waiting'] or 'none'}",
             "",
             "| call | cold ms | p50 ms | p99 ms | status |",
             "|---|---:|---:|---:|---|"]
    for row in first.get("routes", []):
        statuses = ",".join(str(s) for s in sorted({row["status"], *row["statuses"]}))
        lines.append(f"| {row['call']} | {row['cold_ms']:.1f} | {row['p50_ms']:.1f} | "
                     f"{row['p99_ms']:.1f} | {statuses} |")
    crowd = f.get("restart_clients")
    if crowd:
        lines[6:6] = [f"- restart under {crowd['clients']} clients (one per route, every 0.5 s): "
                      f"hub page after {_seconds(crowd['ready_s'])}, every route after "
                      f"{_seconds(crowd['every_route_s'])}, still waiting "
                      f"{crowd['still_waiting'] or 'none'}; answers on the way "
                      f"{crowd['statuses']}; worker killed {crowd['engine_restarts']} times; "
                      f"peak {crowd['peak_tree_bytes'] / gib:.2f} GiB"]
    lines += ["", "| call | first 200 after the first start s | after the restart s |"
              + (" under many clients s |" if crowd else ""),
              "|---|---:|---:|" + ("---:|" if crowd else "")]
    for name, seconds in sorted(again["first_200_s"].items(), key=lambda kv: kv[1]):
        before = first["first_200_s"].get(name)
        row = f"| {name} | {'–' if before is None else f'{before:.1f}'} | {seconds:.1f} |"
        if crowd:
            many = crowd["first_200_s"].get(name)
            row += f" {'–' if many is None else f'{many:.1f}'} |"
        lines.append(row)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="keep the store and figures here")
    parser.add_argument("--reuse", action="store_true",
                        help="serve the store already in --work (made by an earlier run with "
                             "the same --triples and --seed) instead of generating and loading")
    parser.add_argument("--clients", action="store_true",
                        help="restart once more with every route asked at once by its own "
                             "client")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aikg-scale-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        figures = run(args.triples, work, args.rounds, args.seed, args.reuse, args.clients)
        (work / "figures.json").write_text(json.dumps(figures, indent=1))
    print(report(figures))
    return figures


if __name__ == "__main__":
    main()
