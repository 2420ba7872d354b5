"""Each entity's slice of the funding and compute summaries (graph.site.chart_slices): the
charts drawn from a slice are those drawn from the whole summaries, for every entity and both
languages; the slices are kept beside an on-disk store and read back, never trusted when
damaged."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bench.synthetic import generate
from graph.analytics.compute import compute_summary
from graph.analytics.funding import funding_summary
from graph.site import chart_slices as slices_module
from graph.site.chart_slices import CODEC, EMPTY, Names, Slices, chart_slices
from graph.site.charts import _summaries, charts_about, entity_charts
from graph.site.compute_charts import trained_on
from graph.store import kept
from graph.store.embedded import EmbeddedStore
from graph.store.formats import rdf_format
from graph.store.loading import load_bytes

SEED_CHARTED = ("xai", "colossus", "nvidia", "nvidia-h100", "grok",
                "andreessen-horowitz")


def whole(kg, ident: str, lang: str) -> list[dict]:
    """The entity's charts drawn from the whole summaries, as before the slices."""
    funding, compute, name = _summaries(kg, None, lang, 30)
    return charts_about(ident, funding, compute, trained_on(kg, None), lang, name)


@pytest.fixture(scope="module")
def synthetic():
    """A seeded store with 20k synthetic quads: clusters, holdings, rounds and investors
    shared by many entities."""
    from graph.settings import Settings
    from graph.store.seeding import ensure_seeded

    kg = EmbeddedStore.memory()
    ensure_seeded(kg, Settings(store_path=None))
    data, _ = generate(20000, 5)
    load_bytes(kg, data, rdf_format("nquads"), source="synthetic")
    return kg


def test_seed_charts_from_slices_are_the_whole_summaries_charts(seeded) -> None:
    drawn = {ident: entity_charts(seeded, ident, wait=30) for ident in SEED_CHARTED}
    assert all(drawn.values()), [i for i, c in drawn.items() if not c]
    for lang in ("en", "pt"):
        for ident in chart_slices(seeded).ids:
            assert entity_charts(seeded, ident, lang=lang, wait=30) == whole(seeded, ident, lang)


def test_every_synthetic_entity_charts_the_same_from_its_slice(synthetic) -> None:
    slices = chart_slices(synthetic)
    assert len(slices) > 200
    drawn = 0
    for lang in ("en", "pt"):
        for ident in [*slices.ids, "no-such-entity"]:
            charts = entity_charts(synthetic, ident, lang=lang, wait=30)
            assert charts == whole(synthetic, ident, lang), ident
            drawn += bool(charts)
    assert drawn > 200
    assert slices.get("no-such-entity") is EMPTY


def test_a_slice_holds_its_rows_only(seeded) -> None:
    part = chart_slices(seeded).get("colossus")
    assert [c["id"] for c in part["compute"]["clusters"]] == ["colossus"]
    assert set(part["compute"]["clusters"][0]) == {"id", "chips"}  # no states: no chart reads them
    assert part["funding"] == {"organizations": [], "investors": []}
    names = chart_slices(seeded).names
    assert names["colossus"] == "Colossus" and names.get("no-such-entity") is None
    assert list(names) == sorted(names) and len(names) == len(list(names))
    everything = compute_summary(seeded)
    assert len(part["compute"]["clusters"]) < len(everything["clusters"]) or \
        len(everything["clusters"]) == 1
    assert funding_summary(seeded)["organizations"]


def test_the_codec_round_trips_and_refuses_damage(seeded) -> None:
    slices = chart_slices(seeded)
    back = CODEC.decode(CODEC.encode(slices))
    assert back.ids == slices.ids and back.blob == slices.blob
    assert (back.names.ids, back.names.labels) == (slices.names.ids, slices.names.labels)
    assert np.array_equal(back.offsets, slices.offsets)
    assert back.get("xai") == slices.get("xai")
    ids, offsets, blob, names = slices.ids, slices.offsets, slices.blob, slices.names
    damaged = [
        (ids[:-1], offsets, blob, names),                      # one id short
        (list(reversed(ids)), offsets, blob, names),           # not sorted
        ([ids[0], *ids[:-1]], offsets, blob, names),           # repeated
        (ids, offsets[::-1].copy(), blob, names),              # offsets going back
        (ids, offsets, blob[:-1], names),                      # text cut short
        (ids, offsets.astype(np.float64), blob, names),        # not integers
    ]
    for parts in damaged:
        with pytest.raises(ValueError):
            Slices(*parts)
    for parts in ((names.ids[:-1], names.labels), (names.ids[::-1], names.labels[::-1])):
        with pytest.raises(ValueError):  # a label short; not sorted
            Names(*parts)
    with pytest.raises(ValueError):
        CODEC.decode(b"not an npz")
    strings = np.frombuffer(b"[]", np.uint8)
    with pytest.raises((ValueError, KeyError)):  # an id that is no string
        CODEC.decode(kept.ARRAYS.encode({"ids": np.frombuffer(b"[1]", np.uint8),
                                         "offsets": np.zeros(2, np.int64),
                                         "blob": np.zeros(0, np.uint8), "name_ids": strings,
                                         "labels": strings}))
    with pytest.raises(KeyError):  # no labels
        CODEC.decode(kept.ARRAYS.encode({"ids": strings, "offsets": np.zeros(1, np.int64),
                                         "blob": np.zeros(0, np.uint8)}))


@pytest.fixture
def path(tmp_path: Path, seeded_store_dir: Path) -> Path:
    shutil.copytree(seeded_store_dir, tmp_path / "store")
    return tmp_path / "store"


def file_of(path: Path) -> Path:
    return path / kept.DIRECTORY / f"{slices_module.__name__}.chart_slices.bin"


def charts_after_start(path: Path, monkeypatch) -> tuple[list[dict], int]:
    """Colossus's and xAI's charts from a store opened afresh, and how many times the
    slices were cut."""
    cut = []
    build = Slices.build.__func__
    monkeypatch.setattr(Slices, "build",
                        classmethod(lambda cls, *a: cut.append(1) or build(cls, *a)))
    kg = EmbeddedStore.open(path)
    try:
        return [entity_charts(kg, i, wait=30) for i in ("colossus", "xai")], len(cut)
    finally:
        kg.close()


def test_slices_are_kept_and_read_back_never_trusted_damaged(path: Path, monkeypatch) -> None:
    first, cut = charts_after_start(path, monkeypatch)
    assert cut == 1 and file_of(path).exists() and all(first)
    assert charts_after_start(path, monkeypatch) == (first, 0)  # read back, not cut again
    text = file_of(path).read_bytes()
    file_of(path).write_bytes(text[:-10] + b"0123456789")  # same length, other bytes
    assert charts_after_start(path, monkeypatch) == (first, 1)  # its check failed: cut again
    assert charts_after_start(path, monkeypatch) == (first, 0)  # and kept again
