"""Markdown tables of :mod:`bench.http_sparql` (kept apart so each module stays short)."""

from __future__ import annotations

import datetime
import sys
from typing import Any

from bench import loadgen, peers

MIB = 2 ** 20


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:,.0f}"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def _measured(result: dict[str, Any] | None) -> loadgen.Run | None:
    return result.get("run") if result else None


def _cell_row(shape: str, engine: str, result: dict[str, Any], reference: str | None) -> str:
    run = _measured(result)
    rows = "–" if result["rows"] is None else f"{result['rows']:,}"
    if reference and result.get("answer") and result["answer"] != reference:
        rows += " **(answer differs from aikg's)**"
    if run is None:
        note = result.get("note", "")
        if result.get("probe_status") not in (200, 0):
            note = f"probe answered {result['probe_status']}; {note}".strip("; ")
        return (f"| {shape} | {engine} | {rows} | – | {_ms(result['probe_s'] * 1000)} "
                f"(1 request) | – | – | {note} |")
    note = [run.note] if run.note else []
    if run.client.startswith("python") and loadgen.have_wrk():
        note.append(f"slow probe ({result['probe_s']:.2f} s): bounded Python client, "
                    f"{run.requests} requests in {run.seconds:.1f} s")
    if result.get("drain_s", 0) > 1:
        note.append(f"drained {result['drain_s']:.1f} s")
    if result.get("probe_status") != 200:
        note.append(f"probe answered {result['probe_status']}")
    if result.get("remembered"):
        hits, misses = result["remembered"]
        note.append(f"answered from memory {hits:,}, by the engine {misses:,}")
    return (f"| {shape} | {engine} | {rows} | {run.rate:,.1f} | {_ms(run.p50_ms)} | "
            f"{_ms(run.p99_ms)} | {run.errors:,} / {run.requests:,} | {'; '.join(note)} |")


def _role(command: str) -> str:
    """A command line without the interpreter's path, shortened."""
    words = command.split()
    if words and "python" in words[0].rsplit("/", 1)[-1]:
        words = words[1:]
    elif words:
        words[0] = words[0].rsplit("/", 1)[-1]
    return " ".join(words)[:48]


def _memory_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for engine, procs in report["memory"].items():
        rss = sum(p["rss"] for p in procs)
        hwm = sum(p["hwm"] for p in procs)
        lines.append(f"| {engine} | {len(procs)} | {rss / MIB:,.0f} | {hwm / MIB:,.0f} | "
                     + "; ".join(f"{p['pid']} `{_role(p['command'])}` {p['hwm'] / MIB:,.0f}"
                                 for p in procs)
                     + " |")
    return lines


def markdown(report: dict[str, Any], shapes: list[str], engines: list[str],
             duration: float) -> str:
    ran = [e for e in engines if e not in report["skipped"]]
    generator = ("wrk (2 threads, 8 connections)" if loadgen.have_wrk()
                 else "Python threads (wrk not installed: `apt-get install wrk`)")
    out = [f"### SPARQL over HTTP, {report['quads']:,} quads (synthetic {report['triples']:,}"
           " + seed graph)\n",
           f"`{report['command']}` — {datetime.date.today().isoformat()}, Python "
           f"{sys.version.split()[0]}, {duration:g} s per cell, 8 concurrent clients\n",
           f"- load generator: {generator}; uvicorn (aikg and rdflib-endpoint) runs "
           f"{peers.uvicorn_flavour()}",
           f"- data: `aikg load` {report['aikg_load_s']:.1f} s (fresh store, seeding "
           "included; see the load ratio for the comparison); the peers load a dump of that "
           "store (identical quads); ready after: "
           + ", ".join(f"{e} {s:.1f} s" for e, s in report["started"].items())
           + "; idle (background work done: under 5% of a core for two windows in a row) "
           "after a further "
           + ", ".join(f"{e} {s:.1f} s" for e, s in report["idle_after"].items())]
    if "ceiling" in report:
        against, runs = report["ceiling"]
        out.append(f"- client ceiling (`ASK {{}}` on {against}, same machine): "
                   + ", ".join(f"{name} {run.rate:,.0f} req/s" for name, run in runs.items()))
    if "centrality" in report:
        status, took = report["centrality"]
        out.append(f"- aikg: `/analytics/centrality` (projection build) answered {status} after "
                   f"{took:.1f} s, before the cells; the service runs with "
                   "`max_requests_per_client` = 8 (default 2 would answer 6 of 8 concurrent "
                   f"requests from one address with 429) and `max_rows` = {peers.MAX_ROWS:,} "
                   "(default 10,000 would truncate the hub's 1-hop at 1M); remembered answers "
                   + ("**on** (`--remember`: a query sent again is answered from memory)"
                      if report.get("remember") else "off (every request reaches the engine, "
                      "as in the peers; `--remember` turns them on)"))
    for engine, why in report["skipped"].items():
        out.append(f"- **{engine} skipped**: {why}")
    out.append("\n| shape | engine | rows | req/s | p50 ms | p99 ms | errors / requests | "
               "note |\n|---|---|---:|---:|---:|---:|---:|---|")
    for shape in shapes:
        for engine in ran:
            if (engine, shape) in report["cells"]:
                ours = report["cells"].get(("aikg", shape)) or {}
                out.append(_cell_row(shape, engine, report["cells"][(engine, shape)],
                                     ours.get("answer")))
    peers_ran = [e for e in ran if e != "aikg"]
    if "aikg" in ran and peers_ran:
        head = " | ".join(f"aikg/{p} req/s | aikg/{p} p50" for p in peers_ran)
        out.append(f"\n| shape | {head} |\n|---|" + "---:|" * (2 * len(peers_ran)))
        for shape in shapes:
            ours = _measured(report["cells"].get(("aikg", shape)))
            cols = []
            for peer in peers_ran:
                theirs = _measured(report["cells"].get((peer, shape)))
                cols.append(_ratio(ours and ours.rate, theirs and theirs.rate))
                cols.append(_ratio(ours and ours.p50_ms, theirs and theirs.p50_ms))
            out.append(f"| {shape} | " + " | ".join(cols) + " |")
        out.append("\n(req/s ratio > 1: aikg serves more; p50 ratio > 1: aikg is slower.)")
    seq = report.get("sequential_p50_ms", {})
    if "aikg" in seq and seq["aikg"] is not None:
        local = report["inprocess_p50_ms"]
        out.append(f"\nPoint lookup, one sequential client, p50: in-process pyoxigraph (query + "
                   f"SPARQL JSON) {local:.3f} ms; over HTTP: "
                   + ", ".join(f"{e} {_ms(v)} ms" for e, v in seq.items())
                   + f". **aikg's added latency: {seq['aikg'] - local:.2f} ms.**")
    if report["memory"]:
        out.append("\n| memory after the cells | processes | VmRSS MiB (sum) | VmHWM MiB (sum) "
                   "| VmHWM per process MiB |\n|---|---:|---:|---:|---|")
        out.extend(_memory_lines(report))
    return "\n".join(out)
