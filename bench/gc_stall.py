"""The interpreter stall after a projection build, with and without freezing the new projection:
``python -m bench.gc_stall --triples N``.

Each mode runs in a fresh process: load ``N`` synthetic quads into an in-memory store, build the
projection (:func:`graph.projection.cache.build_projection`), then for ``--seconds`` allocate
as requests do while a thread that sleeps 2 ms at a time records the longest gap between its
wake-ups — how long a request waiting on another thread could be held. ``nofreeze`` replaces
:func:`graph.projection.acyclic.settle` with nothing: the first collections after the build
then walk every object of the new projection with the interpreter lock held.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import threading
import time

MODES = ("freeze", "nofreeze")


def measure(triples: int, mode: str, seconds: float) -> dict[str, float | int | str]:
    import pyoxigraph as ox

    from bench.synthetic import generate
    from graph.projection import acyclic, cache
    from graph.settings import Settings
    from graph.store.embedded import EmbeddedStore
    from graph.store.seeding import ensure_seeded

    if mode == "nofreeze":
        acyclic.settle = lambda: None
    kg = EmbeddedStore.memory()
    ensure_seeded(kg, Settings(store_path=None))
    data, _ = generate(triples)
    kg.load(data, ox.RdfFormat.N_QUADS)
    del data
    start = time.perf_counter()
    graph = cache.build_projection(kg)
    built = time.perf_counter() - start
    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.002)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    junk: list[list[dict[str, int]]] = []
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:  # short-lived objects, as requests make
        junk.append([{"i": i} for i in range(1000)])
        if len(junk) > 50:
            junk.clear()
    done.set()
    ticker.join()
    return {"mode": mode, "triples": len(kg), "build_s": round(built, 2),
            "objects": graph.number_of_nodes() + graph.number_of_edges(),
            "frozen": gc.get_freeze_count(), "max_stall_ms": round(max(gaps) * 1000, 1)}


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.mode:
        print(json.dumps(measure(args.triples, args.mode, args.seconds)))
        return []
    rows = []
    for mode in MODES:
        out = subprocess.run([sys.executable, "-m", "bench.gc_stall", "--triples",
                              str(args.triples), "--seconds", str(args.seconds), "--mode", mode],
                             check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    print("| mode | quads | build s | nodes + edges | objects frozen | longest stall ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['mode']} | {r['triples']:,} | {r['build_s']} | {r['objects']:,} | "
              f"{r['frozen']:,} | {r['max_stall_ms']} |")
    return rows


if __name__ == "__main__":
    main()
