"""Restart and whole-graph analytics at scale: ``python -m bench.restart --triples N``.

Times, side by side, what a restart costs with and without a projection snapshot
(:mod:`graph.projection.snapshot`), and what the projection and its analytics cost:

1. **restart to a hub page**: ``aikg serve`` is started over the store (a real process) and
   ``GET /entities/<hub>`` asked every 0.1 s until it answers 200, counting the 503s meanwhile,
   then PageRank and the communities in turn (:func:`routes`) — first with no snapshot (the
   projection is built from the store, Louvain is run), then, once that process has written its
   snapshot and been stopped, again (the snapshot and the kept communities are read);
2. in this process, over the same store: reading the snapshot (and the memory it adds, RSS),
   saving it, its size; the CSR arrays (:mod:`graph.analytics.compact`): building them,
   PageRank and degree on them, PageRank by plain networkx on the same graph (up to
   ``--networkx-max`` quads), one Louvain run (what a write used to cost, now run on a
   schedule).

The store is made from the synthetic generator (``bench.synthetic``) in a temporary directory,
or reused from ``--store DIR`` (made there if missing). Seeds are copied first so that a seed
file edited meanwhile does not count as a write between the two starts.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import networkx as nx

from bench.synthetic import HUB, generate
from graph.analytics import community_file
from graph.analytics.communities import SEED, louvain
from graph.analytics.compact import Compact, degree, directed, pagerank, simple_graph
from graph.explore import label_file
from graph.explore.label_index import LabelIndex, label_index
from graph.projection import snapshot
from graph.projection.build import PROVENANCE_CLASSES, relationship_view
from graph.settings import PROJECT_ROOT, Settings
from graph.store import kept
from graph.store.embedded import EmbeddedStore
from graph.store.formats import rdf_format
from graph.store.loading import load_bytes
from graph.store.seeding import ensure_seeded
from graph.switching import collection_paused


def rss() -> int:
    """Resident memory of this process in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def make_store(path: Path, triples: int, seed: int, seeds: Path) -> None:
    kg = EmbeddedStore.open(path)
    ensure_seeded(kg, Settings(store_path=path, seeds_dir=seeds))
    if triples:
        data, _ = generate(triples, seed)
        load_bytes(kg, data, rdf_format("nquads"), source="synthetic")
    kg.close()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def routes(hub: str) -> list[str]:
    """What is asked after each start, in order: the hub's page, then analytics."""
    return [f"/entities/{hub}", "/analytics/centrality?measure=pagerank&limit=5",
            "/analytics/communities"]


def restart(store: Path, seeds: Path, hub: str, log: Path, *, wait_snapshot: bool
            ) -> dict[str, Any]:
    """Start ``aikg serve`` over ``store``; seconds until /health and each of
    :func:`routes` answer 200 (asked in turn), 503s meanwhile; with ``wait_snapshot``, also
    until its snapshot is written."""
    port = free_port()
    env = {**os.environ, "AIKG_STORE": str(store), "AIKG_SEEDS_DIR": str(seeds),
           "PYTHONPATH": str(PROJECT_ROOT)}
    base = f"http://127.0.0.1:{port}"
    found: dict[str, Any] = {"health_s": None, "snapshot_s": None, "routes": {}}
    with log.open("ab") as out:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port)],
                                env=env, stdout=out, stderr=subprocess.STDOUT)

    def until_200(path: str) -> tuple[float, int]:
        refused = 0
        while time.monotonic() - started < 3600:
            try:
                status = httpx.get(f"{base}{path}", timeout=120).status_code
            except httpx.HTTPError:
                status = 0
            if status == 200:
                return time.monotonic() - started, refused
            if status not in (0, 429, 503):
                raise SystemExit(f"GET {path} answered {status}")
            refused += status == 503
            time.sleep(0.1 if status != 429 else 1.0)  # 429: an earlier call is still running
        raise SystemExit(f"GET {path} did not answer within an hour")

    try:
        found["health_s"] = until_200("/health")[0]
        for path in routes(hub):
            found["routes"][path] = until_200(path)
        target = store / snapshot.FILE
        while wait_snapshot and time.monotonic() - started < 3600:
            if target.exists() and not list(store.glob(f"{snapshot.FILE}.*.tmp")):
                found["snapshot_s"] = time.monotonic() - started
                break
            time.sleep(0.2)
    finally:
        stop(proc, 60)
    found["hub_s"], found["503s"] = found["routes"][routes(hub)[0]]
    return found


def stop(proc: subprocess.Popen, grace: float) -> None:
    """Stop ``aikg serve`` as Ctrl-C does (it saves its snapshot); kill it after ``grace`` s."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def timed(func: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = func()
    return value, time.perf_counter() - start


def in_process(store: Path, networkx_too: bool) -> dict[str, Any]:
    """Snapshot read/save, memory and analytics times over the store at ``store``."""
    kg = EmbeddedStore.open(store)
    try:
        key = snapshot.state(kg)[1]
    finally:
        kg.close()
    gc.collect()
    before = rss()
    graph, load_s = timed(lambda: snapshot.load(store / snapshot.FILE, key))
    gc.collect()
    found: dict[str, Any] = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
                             "load_s": load_s, "projection_bytes": rss() - before,
                             "file_bytes": (store / snapshot.FILE).stat().st_size}
    with tempfile.TemporaryDirectory(prefix="aikg-bench-") as tmp:
        _, found["save_s"] = timed(lambda: snapshot.save(Path(tmp) / "s.npz", key, graph))
    G = relationship_view(graph)
    articles = {n for n, d in graph.nodes(data=True)
                if PROVENANCE_CLASSES.intersection(d.get("classes", ()))}
    arrays, found["csr_build_s"] = timed(lambda: Compact.of(graph, leave_out=articles))
    found["csr_bytes"] = sum(a.data.nbytes + a.indices.nbytes + a.indptr.nbytes
                             for a in (arrays.out, arrays.both))
    _, found["pagerank_s"] = timed(lambda: pagerank(arrays))
    _, found["degree_s"] = timed(lambda: degree(arrays))
    if networkx_too:
        _, found["nx_pagerank_s"] = timed(lambda: nx.pagerank(directed(G), alpha=0.85))
    with collection_paused():  # as the worker builds and reads it (graph/explore/label_index.py)
        index, found["label_index_s"] = timed(lambda: LabelIndex(label_index(graph)))
        with tempfile.TemporaryDirectory(prefix="aikg-bench-") as tmp:
            state = {"bench": True}
            _, found["label_save_s"] = timed(
                lambda: kept.write(Path(tmp), "labels", state, label_file.CODEC, index))
            kept_file = Path(tmp) / f"labels{label_file.CODEC.suffix}"  # .bin: arrays
            found["label_file_bytes"] = kept_file.stat().st_size
            _, found["label_read_s"] = timed(
                lambda: kept.read(Path(tmp), "labels", state, label_file.CODEC))
    found["label_names"] = len(index.names)
    _, found["louvain_s"] = timed(lambda: louvain(G))
    if networkx_too:  # the same communities through networkx's own graphs
        _, found["nx_louvain_s"] = timed(lambda: list(nx.community.louvain_partitions(
            simple_graph(arrays), seed=SEED)))
    return found


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", type=Path, help="reuse (or make and keep) the store here")
    parser.add_argument("--hub", default=HUB, help="id of the entity page to ask for")
    parser.add_argument("--networkx-max", type=int, default=1_000_000,
                        help="largest scale at which plain networkx PageRank is timed too")
    parser.add_argument("--skip-restart", action="store_true",
                        help="time only the in-process part, over the snapshot already in "
                             "--store")
    args = parser.parse_args(argv)
    if args.skip_restart:
        if args.store is None or not (args.store / snapshot.FILE).exists():
            raise SystemExit("--skip-restart needs --store with a snapshot in it")
        found = in_process(args.store, args.triples <= args.networkx_max)
        report(args, None, None, found)
        return found
    with tempfile.TemporaryDirectory(prefix="aikg-bench-") as tmp:
        seeds = Path(tmp) / "seeds"
        shutil.copytree(os.environ.get("AIKG_SEEDS_DIR") or PROJECT_ROOT / "seeds", seeds,
                        ignore=shutil.ignore_patterns("review"))
        store = args.store or Path(tmp) / "store"
        if not store.exists():
            make_store(store, args.triples, args.seed, seeds)
        for name in (snapshot.FILE, community_file.FILE):  # the first start: from scratch
            (store / name).unlink(missing_ok=True)
        shutil.rmtree(store / kept.DIRECTORY, ignore_errors=True)
        log = store.with_name(store.name + ".serve.log") if args.store else Path(tmp) / "log"
        scratch = restart(store, seeds, args.hub, log, wait_snapshot=True)
        warm = restart(store, seeds, args.hub, log, wait_snapshot=False)
        found = in_process(store, args.triples <= args.networkx_max)
        if args.store is None:
            shutil.rmtree(store)
    report(args, scratch, warm, found)
    return {"scratch": scratch, "snapshot": warm, **found}


def report(args: argparse.Namespace, scratch: dict[str, Any] | None,
           warm: dict[str, Any] | None, found: dict[str, Any]) -> None:
    print(f"{args.triples:,} synthetic quads: projection of {found['nodes']:,} nodes and "
          f"{found['edges']:,} edges\n")
    if scratch is not None and warm is not None:
        print("| restart of `aikg serve` | without a snapshot | from the snapshot |")
        print("|---|---:|---:|")
        print(f"| `/health` answers | {scratch['health_s']:.1f} s | {warm['health_s']:.1f} s |")
        for path in routes(args.hub):
            cold, hot = scratch["routes"][path], warm["routes"][path]
            print(f"| then `GET {path}` answers 200 (503s before) | {cold[0]:.1f} s ({cold[1]}) "
                  f"| {hot[0]:.1f} s ({hot[1]}) |")
        print(f"\nsnapshot written {scratch['snapshot_s']:.1f} s after the first start\n")
    print("| projection and analytics (in process) | time | size |\n|---|---:|---:|")
    analytics(found)


def analytics(found: dict[str, Any]) -> None:
    mib = 1024 * 1024
    print(f"| read the snapshot (RSS it adds) | {found['load_s']:.2f} s | "
          f"{found['projection_bytes'] / mib:,.0f} MiB |")
    print(f"| save the snapshot (file) | {found['save_s']:.2f} s | "
          f"{found['file_bytes'] / mib:,.1f} MiB |")
    print(f"| CSR arrays from the projection | {found['csr_build_s']:.2f} s | "
          f"{found['csr_bytes'] / mib:,.1f} MiB |")
    print(f"| PageRank on the CSR arrays | {found['pagerank_s']:.3f} s | |")
    if "nx_pagerank_s" in found:
        print(f"| PageRank by `nx.pagerank` (same graph, for comparison) | "
              f"{found['nx_pagerank_s']:.2f} s | |")
    print(f"| degree centrality on the CSR arrays | {found['degree_s']:.3f} s | |")
    print(f"| search's label index ({found['label_names']:,} names): build | "
          f"{found['label_index_s']:.2f} s | |")
    print(f"| label index kept: write / read back (file) | {found['label_save_s']:.2f} s / "
          f"{found['label_read_s']:.2f} s | {found['label_file_bytes'] / mib:,.1f} MiB |")
    print(f"| Louvain communities over node numbers (one run, on a schedule) | "
          f"{found['louvain_s']:.1f} s | |")
    if "nx_louvain_s" in found:
        print(f"| the same communities by networkx's `louvain_partitions` (for comparison) | "
              f"{found['nx_louvain_s']:.1f} s | |")


if __name__ == "__main__":
    main()
