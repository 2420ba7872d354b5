"""Build the source seeds from the review files: ``python -m graph.ingest.seed_build``.

Every ``seeds/review/*.json`` file is replayed (:func:`graph.ingest.replay.replay`) in order of
publication over an in-memory store holding the ontology and the hand-written seeds, so later
sources link to the entities earlier ones brought. Each source's accepted graph
(``g:doc-<id>``: the article's outlet, URL, date and language, its facts and the entities it
introduced) is written to ``seeds/source-<slug>.trig``; files of sources no longer reviewed
are removed. The review log — per source, proposals accepted as they were, corrected,
rejected, and facts and entities added by hand — is written to ``seeds/review/log.json``.

The build is deterministic (ingestion ids are hashes of the digests, blank nodes are labelled
canonically), so building twice writes the same bytes; a test rebuilds and compares.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput, KGError
from graph.ingest.replay import replay
from graph.ingest.review_log import review_log
from graph.settings import PROJECT_ROOT, Settings
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.export import export
from graph.store.formats import rdf_format
from graph.store.seeding import ensure_seeded
from graph.vocab import GRAPH

__all__ = ["GENERATED", "build", "records", "replay_all"]

GENERATED = "source-*.trig"
"""Seed files this build writes (and may remove)."""


def records(review_dir: Path) -> list[dict[str, Any]]:
    """The review files of ``review_dir`` in the order they are replayed: by publication
    date, then slug."""
    found = [json.loads(path.read_text(encoding="utf-8"))
             for path in sorted(review_dir.glob("*.json")) if path.name != "log.json"]
    return sorted(found, key=lambda r: (r["published"], r["slug"]))


def replay_all(kg: KnowledgeStore, review_dir: Path) -> list[tuple[dict, dict]]:
    """Replay every review file into ``kg``: ``[(record, reviewed ingestion)]``.

    Raises:
        InvalidInput: naming every file that could not be replayed, and why (the others are
            replayed all the same, so one run shows every problem).
    """
    done, problems = [], []
    for record in records(review_dir):
        try:
            done.append((record, replay(kg, record)))
        except KGError as error:
            detail = "; ".join(f"{v.get('focus', '')} {v.get('message', '')}"
                               for v in error.details.get("violations", []))
            problems.append(f"{record.get('slug')}: {error} {detail}".strip())
    if problems:
        raise InvalidInput(f"{len(problems)} review file(s) failed:\n" + "\n".join(problems))
    return done


def build(seeds_dir: Path = PROJECT_ROOT / "seeds", *,
          ontology_dir: Path | None = None) -> dict[str, Any]:
    """Rebuild ``seeds_dir/source-*.trig`` and ``seeds_dir/review/log.json``; returns the log."""
    with tempfile.TemporaryDirectory() as base:
        for path in seeds_dir.glob("*.trig"):
            if not path.match(GENERATED):
                (Path(base) / path.name).symlink_to(path.resolve())
        kg = EmbeddedStore.memory()
        settings = Settings(store_path=None, seeds_dir=Path(base),
                            **({"ontology_dir": ontology_dir} if ontology_dir else {}))
        ensure_seeded(kg, settings)
        done = replay_all(kg, seeds_dir / "review")
    trig = rdf_format("trig")
    written = set()
    for record, result in done:
        target = seeds_dir / f"source-{record['slug']}.trig"
        graph = f"{GRAPH}doc-{result['id']}"
        target.write_bytes(export(kg, trig, graph=graph))
        written.add(target.name)
    for stale in seeds_dir.glob(GENERATED):
        if stale.name not in written:
            stale.unlink()
    log = review_log(kg)
    slugs = {result["id"]: record["slug"] for record, result in done}
    log["ingestions"] = [{"slug": slugs[item["id"]], **item} for item in log["ingestions"]
                         if item["id"] in slugs]
    (seeds_dir / "review" / "log.json").write_text(
        json.dumps(log, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return log


if __name__ == "__main__":  # pragma: no cover - a developer's command
    result = build()
    print(json.dumps(result["totals"], indent=1), file=sys.stdout)
