"""The development set's report for ``python -m bench.ingest_quality`` (issue 13).

Runs the ingester on the 32 articles of ``../shared/ingest-dev`` (read at run time, never
copied) with a gazetteer of the ontology and ``seeds/entities.trig`` — what a new user's store
knows — and prints precision and recall per core fact type and per language (en, pt-BR,
pt-PT) plus new-entity precision, for the 24 development articles and, separately, for the 8
held-out ones (numbers that are multiples of 4). ``--detail`` lists, for development articles
only, every missed and wrong key and every wrong new entity.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from rdflib import Dataset, Graph

from graph.ingest import devset, quality
from graph.ingest.linking import Gazetteer
from graph.ingest.pipeline import propose

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "ingest-dev"


def store_names() -> dict[str, set[str]]:
    """Folded labels and aliases of the entities the gazetteer is built from."""
    data = Dataset()
    data.parse(ROOT / "seeds" / "entities.trig", format="trig")
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return devset.names_of(union)


def run(articles: list[devset.Article], gazetteer: Gazetteer) -> list[devset.Result]:
    """Propose and score every article."""
    names = store_names()
    results = []
    for article in articles:
        lang = "en" if article.variant == "en" else "pt"
        _, proposal = propose(article.text, gazetteer, lang=lang,
                              published=datetime.date.fromisoformat(article.published))
        results.append(devset.score_article(article, proposal, names))
    return results


def _line(label: str, s: quality.Score) -> str:
    return (f"| {label} | {s.expected} | {s.proposed} | {s.matched} | {s.precision:.2f} | "
            f"{s.recall:.2f} |")


def report(title: str, results: list[devset.Result], detail: bool = False) -> None:
    """Print per-type, per-language and new-entity figures for ``results``."""
    print(f"\n### {title} ({len(results)} articles)\n")
    print("| fact type | gold | proposed | matched | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, s in devset.total(results).items():
        print(_line(f"**{kind}**" if kind == "all" else kind, s))
    print("\n| language | gold | proposed | matched | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for variant in ("en", "pt-BR", "pt-PT"):
        some = [r for r in results if r.article.variant == variant]
        if some:
            print(_line(f"{variant} ({len(some)})", devset.total(some)["all"]))
    right = sum(r.new_right for r in results)
    proposed = sum(r.new_total for r in results)
    print(f"\nnew entities proposed: {proposed}, right: {right}, "
          f"precision {right / proposed if proposed else 1.0:.2f}")
    if detail:
        for r in results:
            _detail(r)


def _detail(r: devset.Result) -> None:
    s = r.scores["all"]
    print(f"\n#### {r.article.ident} ({r.article.variant}) P {s.precision:.2f} "
          f"R {s.recall:.2f}")
    for kind in quality.CORE_TYPES:
        for key in sorted(r.missed[kind]):
            print(f"  missed {kind}: {key}")
        for key in sorted(r.wrong[kind]):
            print(f"  wrong  {kind}: {key}")
    bad = [label for label, right in r.judged if not right]
    if bad:
        print(f"  wrong new entities: {bad}")


def main(gazetteer: Gazetteer, which: str, detail: bool) -> None:
    """Report on the development articles, the held-out ones, or both (``which``)."""
    if not DEVSET.exists():
        print(f"\n{DEVSET} is not beside the checkout: development-set figures skipped")
        return
    articles = devset.load(DEVSET)
    dev = [a for a in articles if not a.held_out]
    held = [a for a in articles if a.held_out]
    if which in ("all", "dev"):
        report("Development articles (number not a multiple of 4)", run(dev, gazetteer),
               detail)
    if which in ("all", "held-out"):
        report("Held-out articles (04, 08 … 32)", run(held, gazetteer))
    if which == "all":
        report("All 32 articles", run(articles, gazetteer))
