"""Ingestion quality and speed: ``python -m bench.ingest_quality``.

Scores the extractor on the shared development set's 32 articles (``bench/ingest_devset.py``;
``--set dev`` or ``--set held-out`` for one part, ``--set none`` to skip, ``--detail`` for the
development articles' misses), then (:mod:`graph.ingest`) on the seed article and on our own articles in
``tests/data/articles`` against their curated facts, per core fact type (precision, recall),
and times one proposal per article (median of five, one core). The gazetteer holds only the
ontology and the seed's entities, as in ``tests/ingest/test_ingest_quality.py``.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from bench import ingest_devset
from graph.ingest import quality
from graph.ingest.linking import Gazetteer
from graph.ingest.pipeline import propose
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "articles"
SEED = ROOT.parent / "shared" / "seed" / "article-126747c0c0c83b3e.pt.txt"
OWN = {"mistral-funding.en": "2023-12-11", "meta-compute.en": "2024-10-02",
       "anthropic-amazon.en": "2023-09-25", "openai-round.pt": "2024-10-03",
       "xai-series-b.en": "2024-05-27", "nvidia-blackwell.en": "2024-03-18",
       "mistral-round.pt": "2024-06-12", "figure-robots.en": "2024-02-28",
       "colossus-memphis.pt": "2024-09-04"}


def gazetteer() -> Gazetteer:
    kg = EmbeddedStore.memory()
    for path in (ROOT / "ontology" / "aikg.ttl", ROOT / "seeds" / "entities.trig"):
        kg.load(path.read_bytes(), ox.RdfFormat.TRIG)
    return Gazetteer.from_store(kg)


def articles() -> list[tuple[str, str, str, Graph | Dataset]]:
    """(name, text, publication date, curated facts) of every scored article."""
    out = []
    if SEED.exists():
        curated = Dataset()
        curated.parse(ROOT / "seeds" / "article-126747c0c0c83b3e.trig", format="trig")
        out.append(("seed (pt)", SEED.read_text(encoding="utf-8"), "2024-11-27", curated))
    for name, published in OWN.items():
        expected = Graph().parse(ARTICLES / f"{name.rsplit('.', 1)[0]}.expected.ttl")
        out.append((name, (ARTICLES / f"{name}.txt").read_text(encoding="utf-8"), published,
                    expected))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_quality",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("all", "dev", "held-out", "none"), default="all",
                        help="which part of ../shared/ingest-dev to score (default: all)")
    parser.add_argument("--detail", action="store_true",
                        help="list the development articles' missed and wrong facts")
    args = parser.parse_args(argv)
    gz = gazetteer()
    if args.set != "none":
        ingest_devset.main(gz, args.set, args.detail)
        print()
    total: dict[str, quality.Score] = {}
    print("| article | curated | proposed | matched | precision | recall | ms (median) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, text, published, curated in articles():
        date = datetime.date.fromisoformat(published)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            _, proposal = propose(text, gz, published=date)
            times.append((time.perf_counter() - started) * 1000)
        scores = quality.score(quality.fact_keys(curated), quality.fact_keys(proposal))
        s = scores["all"]
        print(f"| {name} | {s.expected} | {s.proposed} | {s.matched} | {s.precision:.2f} | "
              f"{s.recall:.2f} | {statistics.median(times):.0f} |")
        for kind, score in scores.items():
            if kind != "all" and name.startswith("seed"):
                total[kind] = score
    print("\nSeed article by fact type:\n")
    print(quality.table(total | {"all": quality.Score(
        sum(s.matched for s in total.values()), sum(s.proposed for s in total.values()),
        sum(s.expected for s in total.values()))}))


if __name__ == "__main__":
    main()
