"""The label index kept beside an on-disk store (graph.explore.label_file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from graph.explore import label_file
from graph.explore.label_index import LabelIndex, index_for, label_index
from graph.explore.search import search
from graph.projection.cache import projection
from graph.store import kept
from graph.store.embedded import EmbeddedStore


def same_index(a: LabelIndex, b: LabelIndex) -> None:
    assert list(a.names) == list(b.names)
    assert [a.names[i] for i in range(len(a.names))] == list(b.names)  # one at a time too
    for name in ("_compacts", "_suffixes", "_starts"):  # sequences: lists, or made on demand
        assert list(getattr(a, name)) == list(getattr(b, name)), name
    assert a._blob == b._blob
    for name in ("lengths", "penalty", "_compact_ids", "_suffix_ids"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.fuzzy.texts == b.fuzzy.texts and list(a.fuzzy.owners) == list(b.fuzzy.owners)
    assert np.array_equal(a.fuzzy.lengths, b.fuzzy.lengths)
    assert np.array_equal(a.fuzzy.counts, b.fuzzy.counts)


@pytest.fixture
def store(tmp_path: Path, seeded_store_dir: Path):
    shutil.copytree(seeded_store_dir, tmp_path / "store")
    kg = EmbeddedStore.open(tmp_path / "store")
    yield kg
    kg.close()


def test_an_index_reads_back_equal_through_its_file(seeded) -> None:
    built = LabelIndex(label_index(projection(seeded, wait=60)))
    assert len(built.names) > 20 and any(n.field == "alias" for n in built.names)
    body = label_file.encode(built)
    assert body.startswith(b"PK")  # an .npz: arrays, nothing pickled
    back = label_file.decode(body)
    same_index(built, back)
    again = label_file.decode(label_file.encode(back))  # what was read back writes the same
    same_index(built, again)
    for query in ("jensen", "huang", "nvidia", "openai", "xai", "colossus", "jensn", "ai"):
        assert back.heads(query, query.replace(" ", ""))[0].tolist() == \
            built.heads(query, query.replace(" ", ""))[0].tolist(), query
        assert back.fuzzy.candidates(query) == built.fuzzy.candidates(query), query


def test_a_kept_index_is_read_for_the_same_state_only(tmp_path, seeded_store_dir,
                                                      monkeypatch) -> None:
    shutil.copytree(seeded_store_dir, tmp_path / "store")
    store = EmbeddedStore.open(tmp_path / "store")
    graph = projection(store, wait=60)
    # the projection's own index (started by its listener) done first, and not kept (too
    # small): with the threshold at 0 from the start it was sometimes kept before the
    # "nothing kept yet" check below
    assert index_for(graph, wait=True, timeout=60, kept=label_file.keeper(store)) is not None
    monkeypatch.setattr(label_file, "KEEP_FROM_NAMES", 0)
    built = LabelIndex(label_index(graph))
    keeper = label_file.keeper(store)
    assert keeper is not None and keeper.read(graph) is None  # nothing kept yet
    keeper.write(graph, built)
    assert (store.path / kept.DIRECTORY / f"{label_file.NAME}.bin").exists()
    same_index(keeper.read(graph), built)
    path = store.path
    store.close()
    again = EmbeddedStore.open(path)  # a restart: another generation, the same data
    try:
        graph = projection(again, wait=60)
        same_index(label_file.keeper(again).read(graph), built)
        hits = search(again, "jensen")["hits"]
        assert hits and hits[0]["id"] == "jensen-huang"
        again.update('INSERT DATA { <https://w3id.org/aikg/id/x> '
                     '<http://www.w3.org/2000/01/rdf-schema#label> "Jensenx" }')
        assert label_file.keeper(again).read(projection(again, wait=60)) is None  # a write
        assert label_file.keeper(again).read(graph) is None  # an older projection
    finally:
        again.close()


def test_a_small_index_is_not_kept(store) -> None:
    graph = projection(store, wait=60)
    label_file.keeper(store).write(graph, LabelIndex(label_index(graph)))
    assert not (store.path / kept.DIRECTORY / f"{label_file.NAME}.bin").exists()


@pytest.mark.parametrize("damage", ["repeated", "past the names", "lengths", "not strings",
                                    "owners", "counts", "sizes", "not a file"])
def test_parts_that_do_not_fit_are_refused(seeded, damage: str) -> None:
    arrays = label_file.to_arrays(LabelIndex(label_index(projection(seeded, wait=60))))
    if damage == "repeated":
        arrays["by_compact"][1] = arrays["by_compact"][0]
    elif damage == "past the names":
        arrays["suffix_ids"][0] = arrays["sizes"][0]
    elif damage == "lengths":
        arrays["text"] = arrays["text"][:arrays["text"].tolist().index(0)]  # one string
    elif damage == "not strings":
        arrays["spaced"] = arrays["spaced"].astype(np.int32)
    elif damage == "owners":
        arrays["fuzzy_sizes"][0] += 1
    elif damage == "counts":
        arrays["fuzzy_counts"] = arrays["fuzzy_counts"][:, :-1]
    elif damage == "sizes":
        arrays["sizes"] = arrays["sizes"][:2]
    with pytest.raises(ValueError):
        if damage == "not a file":
            label_file.decode(b"PK\x03\x04 not a zip")
        else:
            label_file.from_arrays(arrays)
    assert label_file.decode(label_file.encode(label_file.from_arrays(
        label_file.to_arrays(LabelIndex(label_index(projection(seeded, wait=60))))))).names
