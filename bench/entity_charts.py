"""An entity page's charts after a restart, side by side: from the whole summaries or from the
entity's slice. ``python -m bench.entity_charts --store DIR [--ids a,b,…]``.

Over a store an ``aikg serve`` has left with its kept answers (``python -m bench.scale … --work
W`` then ``--store W/store``; no server running on it), for the store's state now:

* **whole**: the compute and funding summaries read back from their kept files and decoded
  (what the first entity page after a restart did before the slices), then the charts of each
  entity drawn from them;
* **slices**: the kept slices read back (:mod:`graph.site.chart_slices`), then each entity's
  slice decoded and its charts drawn.

Both draw the same charts (checked here too); the projection (for the labels) is read from its
snapshot first and shared. Each way is timed from a fresh read (the read, then each entity's
charts), and the two alternate ``--repeat`` times. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path
from typing import Any

from bench.synthetic import HUB
from graph.analytics.compute import compute_summary
from graph.analytics.funding import funding_summary
from graph.projection.cache import projection
from graph.site.chart_slices import CODEC, chart_slices
from graph.site.chartdata import namer
from graph.site.charts import charts_about
from graph.site.compute_charts import trained_on
from graph.store import kept
from graph.store.embedded import EmbeddedStore


def name_of(func: Any) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def whole(directory: Path, state: dict[str, Any], kg: Any, ids: list[str]
          ) -> tuple[list[Any], list[float]]:
    """The charts of ``ids`` and the seconds: reading both summaries, then each entity's."""
    start = time.perf_counter()
    funding = kept.read(directory, name_of(funding_summary), state, kept.AS_JSON)
    compute = kept.read(directory, name_of(compute_summary), state, kept.AS_JSON)
    if kept.MISSING in (funding, compute):
        raise SystemExit("no kept summaries of this store's state (start aikg serve on it)")
    names = {o["id"]: o["label"] for o in (*funding["organizations"], *funding["investors"])}
    name = namer(kg, "en", names, compute["labels"])
    trained = trained_on(kg, None)
    seconds, drawn = [time.perf_counter() - start], []
    for ident in ids:
        start = time.perf_counter()
        drawn.append(charts_about(ident, funding, compute, trained, "en", name))
        seconds.append(time.perf_counter() - start)
    return drawn, seconds


def sliced(directory: Path, state: dict[str, Any], kg: Any, ids: list[str]
           ) -> tuple[list[Any], list[float]]:
    """The charts of ``ids`` and the seconds: reading the slices, then each entity's."""
    start = time.perf_counter()
    slices = kept.read(directory, name_of(chart_slices), state, CODEC)
    if slices is kept.MISSING:
        raise SystemExit("no kept slices of this store's state (start aikg serve on it)")
    seconds, drawn = [time.perf_counter() - start], []
    for ident in ids:
        start = time.perf_counter()
        part = slices.get(ident)
        drawn.append(charts_about(ident, part["funding"], part["compute"], part["trained"],
                                  "en", namer(kg, "en", slices.names)))
        seconds.append(time.perf_counter() - start)
    return drawn, seconds


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--ids", default=f"{HUB}", help="entity ids, comma-separated")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    ids = [i for i in args.ids.split(",") if i]
    kg = EmbeddedStore.open(args.store)
    try:
        state = kept.key(kg)
        directory = kept.place(kg)
        projection(kg, wait=3600)  # the labels, shared by both ways
        trained_on(kg, None)
        found: dict[str, list[list[float]]] = {"whole": [], "slices": []}
        for _ in range(args.repeat):
            gc.collect()
            a, seconds = whole(directory, state, kg, ids)
            found["whole"].append(seconds)
            gc.collect()
            b, seconds = sliced(directory, state, kg, ids)
            found["slices"].append(seconds)
            if a != b:
                raise SystemExit("the charts differ between the two ways")
        sizes = {name: (directory / f"{name}{suffix}").stat().st_size for name, suffix in (
            (name_of(compute_summary), ".json"), (name_of(funding_summary), ".json"),
            (name_of(chart_slices), CODEC.suffix))}
    finally:
        kg.close()
    mib = 2 ** 20
    summaries = (sizes[name_of(compute_summary)] + sizes[name_of(funding_summary)]) / mib
    print("| after a restart, seconds (each run) | whole summaries | slices |")
    print("|---|---:|---:|")
    rows = [f"read back ({summaries:,.1f} / {sizes[name_of(chart_slices)] / mib:,.1f} MiB)",
            *(f"charts of {i}" for i in ids)]
    for k, row in enumerate(rows):
        cells = [", ".join(f"{runs[k]:.3f}" for runs in found[way]) for way in found]
        print(f"| {row} | {cells[0]} | {cells[1]} |")
    return {"seconds": found, "bytes": sizes, "charts": len(a[0]) if a else 0}


if __name__ == "__main__":
    main()
