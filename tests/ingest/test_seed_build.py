"""The source seeds are what the review files give: rebuilding them from seeds/review through
ingestion and review (python -m graph.ingest.seed_build) writes the same graphs and log."""

from __future__ import annotations

import json
import shutil

import pytest

from graph.ingest.seed_build import GENERATED, build
from graph.settings import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"


@pytest.mark.slow
def test_rebuilding_the_source_seeds_gives_the_committed_ones(tmp_path):
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy, ignore=shutil.ignore_patterns(GENERATED, "log.json"))
    log = build(copy)
    built = sorted(p.name for p in copy.glob(GENERATED))
    assert built == sorted(p.name for p in SEEDS.glob(GENERATED))
    for name in built:  # exports are canonical (RDFC-1.0 labels, sorted): bytes compare
        assert (copy / name).read_bytes() == (SEEDS / name).read_bytes(), name
    assert log == json.loads((SEEDS / "review" / "log.json").read_text(encoding="utf-8"))
