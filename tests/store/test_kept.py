"""Whole-store answers kept beside an on-disk store across restarts (graph.store.kept)."""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

import pytest

import graph.explore.source_index  # noqa: F401  (registers their kept answers, as the worker does)
import graph.site.analytics_page  # noqa: F401
import graph.sparql.description  # noqa: F401
from graph.analytics import questions
from graph.analytics.compute import compute_json, compute_summary
from graph.analytics.funding import funding_json, funding_summary
from graph.store import kept
from graph.store.embedded import EmbeddedStore
from graph.store.memo import MISS

NAME = "graph.analytics.compute.compute_summary"


@pytest.fixture
def store_dir(tmp_path: Path, seeded_store_dir: Path) -> Path:
    shutil.copytree(seeded_store_dir, tmp_path / "store")
    return tmp_path / "store"


def reopen(kg: EmbeddedStore) -> EmbeddedStore:
    """The same directory opened again, as a restarted worker does (a new store object, so
    nothing remembered in memory applies)."""
    path = kg.path
    kg.close()
    return EmbeddedStore.open(path)


def rewrite(path: Path, change) -> None:
    """Change the kept answer at ``path`` and give it a matching check, as a valid file."""
    header, body = path.read_bytes().split(b"\n", 1)
    body = json.dumps(change(json.loads(body))).encode()
    meta = json.loads(header)
    meta["crc"] = zlib.crc32(body)
    path.write_bytes(json.dumps(meta).encode() + b"\n" + body)


def test_an_answer_is_read_back_after_a_restart_until_the_next_write(store_dir: Path) -> None:
    kg = EmbeddedStore.open(store_dir)
    first = compute_summary(kg)
    file = store_dir / kept.DIRECTORY / f"{NAME}.json"
    assert file.exists()
    rewrite(file, lambda answer: {**answer, "as_of": "read from the file"})
    kg = reopen(kg)
    assert compute_summary(kg) == {**first, "as_of": "read from the file"}
    kg.update('INSERT DATA { <https://w3id.org/aikg/id/x> '
              '<http://www.w3.org/2000/01/rdf-schema#label> "x" }')
    assert compute_summary(kg) == first  # another state of the store: computed again
    kg = reopen(kg)
    assert compute_summary(kg) == first  # and kept for the new state
    assert json.loads(file.read_bytes().split(b"\n", 1)[1]) == first
    kg.close()


def test_the_json_of_an_answer_is_its_kept_text_for_the_state_now(store_dir: Path) -> None:
    """What a route sends: the kept file's own bytes (nothing encoded again), only for the
    store's state now and default options; otherwise the answer encoded."""
    kg = EmbeddedStore.open(store_dir)
    first = compute_summary(kg)
    file = store_dir / kept.DIRECTORY / f"{NAME}.json"
    rewrite(file, lambda answer: {**answer, "as_of": "the kept text"})
    kept_text = file.read_bytes().split(b"\n", 1)[1]
    assert compute_json(kg) == kept_text
    kg = reopen(kg)  # a restart: sent from the file before the answer is read into memory
    assert compute_json(kg) == kept_text and compute_summary.remembered.peek(kg) is MISS
    assert json.loads(compute_json(kg, as_of="2024-06-30")) == compute_summary(
        kg, as_of="2024-06-30")  # options: never the kept text
    kg.update('INSERT DATA { <https://w3id.org/aikg/id/x> '
              '<http://www.w3.org/2000/01/rdf-schema#label> "x" }')
    assert json.loads(compute_json(kg)) == first  # another state: the new answer
    assert json.loads(funding_json(kg)) == funding_summary(kg)
    kg.close()


def test_the_json_of_an_answer_in_memory_is_the_answer_encoded(seeded) -> None:
    assert json.loads(compute_json(seeded)) == compute_summary(seeded)
    assert json.loads(funding_json(seeded, as_of="2024-06-30")) == funding_summary(
        seeded, as_of="2024-06-30")


@pytest.mark.parametrize("damage", ["check", "key", "code", "truncated", "not json"])
def test_a_damaged_or_stale_answer_is_ignored_and_replaced(store_dir: Path, damage: str,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          ) -> None:
    kg = EmbeddedStore.open(store_dir)
    first = compute_summary(kg)
    file = store_dir / kept.DIRECTORY / f"{NAME}.json"
    header, body = file.read_bytes().split(b"\n", 1)
    meta = json.loads(header)
    if damage == "check":
        body = body.replace(b'"clusters"', b'"clusterz"')
    elif damage == "key":
        meta["key"]["writes"] -= 1
    elif damage == "truncated":
        body = body[: len(body) // 2]
    elif damage == "not json":
        header = b"\x00garbage"
    file.write_bytes((header if damage == "not json" else json.dumps(meta).encode())
                     + b"\n" + body)
    if damage == "code":  # a new version of aikg: its code digest differs
        monkeypatch.setattr(kept, "code_digest", lambda: "another version")
    kg = reopen(kg)
    assert compute_summary(kg) == first
    state = kept.key(kg)
    assert json.loads(file.read_bytes().split(b"\n", 1)[0])["key"] == state  # written again
    kg.close()


def test_answers_with_options_and_stores_in_memory_are_not_kept(store_dir: Path,
                                                                seeded) -> None:
    kg = EmbeddedStore.open(store_dir)
    compute_summary(kg, as_of="2024-06-30")
    assert not (store_dir / kept.DIRECTORY).exists()
    kg.close()
    assert kept.place(seeded) is None
    assert compute_summary(seeded)["clusters"]


def test_an_answer_asked_with_its_default_options_spelled_out_is_kept(store_dir: Path) -> None:
    """The analytics page's charts are asked with ``lang="en"``, the default: kept, and read
    back after a restart; in another language they are made again."""
    from graph.site.analytics_page import chart_sets

    kg = EmbeddedStore.open(store_dir)
    english = chart_sets(kg, lang="en")
    file = store_dir / kept.DIRECTORY / "graph.site.analytics_page.chart_sets.json"
    assert english["funding"] and english["compute"] and file.exists()
    assert kept.defaults(compute_summary)({"as_of": None})
    assert not kept.defaults(chart_sets)({"lang": "pt"})
    rewrite(file, lambda answer: {**answer, "funding": []})
    kg = reopen(kg)
    assert chart_sets(kg) == {**english, "funding": []}
    assert chart_sets(kg, lang="en") == {**english, "funding": []}
    portuguese = chart_sets(kg, lang="pt")
    assert portuguese["funding"] and portuguese != english
    assert json.loads(file.read_bytes().split(b"\n", 1)[1])["funding"] == []
    kg.close()


def test_every_kept_answer_reads_back_equal(store_dir: Path) -> None:
    """Each registered codec turns its answer into JSON and back without losing anything (a
    tuple, a non-string key or a set would come back different)."""
    kg = EmbeddedStore.open(store_dir)
    names = [entry.name for entry in kept._registered]
    assert {NAME, "graph.analytics.funding.funding_summary",
            "graph.explore.source_index.source_index", "graph.sparql.description.statistics",
            "graph.site.analytics_page.chart_sets",
            "graph.site.chart_slices.chart_slices"} <= set(names)
    assert {f"graph.analytics.questions.{q}" for q in
            ("_rounds", "_suppliers", "_leaders", "_disagreements")} <= set(names)
    for entry in kept._registered:
        answer = entry.call(kg, 60)
        if entry.codec.binary:  # arrays and bytes: the same bytes once read back
            body = bytes(entry.codec.encode(answer))
            assert bytes(entry.codec.encode(entry.codec.decode(body))) == body, entry.name
        else:
            back = entry.codec.decode(json.loads(json.dumps(entry.codec.encode(answer))))
            assert back == answer, entry.name
        assert (store_dir / kept.DIRECTORY / f"{entry.name}{entry.codec.suffix}").exists()
    kg.close()


def test_the_question_routes_answer_from_kept_answers(store_dir: Path) -> None:
    kg = EmbeddedStore.open(store_dir)
    leaders = questions.serial_leaders(kg)
    kg = reopen(kg)
    assert questions.serial_leaders(kg) == leaders
    kg.close()


def test_warm_up_reads_what_is_kept_and_computes_the_rest_on_large_graphs(
        store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kg = EmbeddedStore.open(store_dir)
    compute_summary(kg)
    kg = reopen(kg)
    asked = []
    monkeypatch.setattr(kept, "_registered", [
        kept.Kept(entry.name, entry.codec, lambda kg, wait, e=entry: asked.append(e.name))
        for entry in kept._registered])
    kept.warm(kg, built=lambda: asked.append("built") or kept.WARM_FROM_NODES - 1).join(30)
    assert asked == ["built", NAME]  # the projection first; then, on a small graph, only the
    #                                  kept answer is read back
    asked.clear()
    kept.warm(kg, built=lambda: kept.WARM_FROM_NODES).join(30)
    assert asked[0] == NAME and sorted(asked) == sorted(e.name for e in kept._registered)
    kg.close()


def test_the_code_digest_reads_what_answers_depend_on_but_not_the_engine() -> None:
    names = {path.relative_to(Path(kept.__file__).parent.parent).as_posix()
             for path in kept.digested()}
    assert {"analytics/compute.py", "store/kept.py", "projection/build.py"} <= names
    assert any(name.endswith(".rq") for name in names)
    assert not any(name.startswith("engine/") for name in names)


def test_an_answer_sent_as_its_kept_text_is_not_read_at_start(
        store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/analytics/compute sends the kept file's own text: reading ~50 MB of it at every start
    (10M) only cost the restart time and memory. It is computed at start when missing."""
    import dataclasses

    entry = next(e for e in kept._registered if e.name == NAME)
    assert not entry.read_at_start
    kg = EmbeddedStore.open(store_dir)
    asked: list[str] = []
    monkeypatch.setattr(kept, "_registered", [
        dataclasses.replace(entry, call=lambda kg, wait: asked.append("asked"))])
    kept.warm(kg, built=lambda: kept.WARM_FROM_NODES).join(30)
    assert asked == ["asked"]  # missing: computed
    compute_summary(kg)
    kg = reopen(kg)
    asked.clear()
    kept.warm(kg, built=lambda: kept.WARM_FROM_NODES).join(30)
    assert asked == []  # kept: not read
    assert json.loads(compute_summary.json(kg)) == compute_summary(kg)
    kg.close()


def test_suppliers_and_disagreements_are_sent_as_their_kept_text(store_dir: Path) -> None:
    """Their routes send the whole answer: after a restart, the kept file's own bytes (at 10M,
    ~12 MB the worker decoded at every start and the serving process encoded at every call),
    and neither is read back at start."""
    from graph.analytics import questions

    names = {f"graph.analytics.questions.{n}": n for n in ("_suppliers", "_disagreements")}
    assert {e.name for e in kept._registered if not e.read_at_start} >= set(names)
    kg = EmbeddedStore.open(store_dir)
    answers = {n: json.loads(json.dumps(getattr(questions, n.strip("_"))(kg)))
               for n in names.values()}
    kg = reopen(kg)
    for name, short in names.items():
        text = (store_dir / kept.DIRECTORY / f"{name}.json").read_bytes().split(b"\n", 1)[1]
        sent = getattr(questions, f"{short.strip('_')}_json")(kg)
        assert sent == text and json.loads(sent) == answers[short]
        assert getattr(questions, short).remembered.peek(kg) is MISS  # nothing decoded
    kg.close()


def test_a_binary_answer_is_kept_as_bytes_checked_and_replaces_its_json(tmp_path: Path) -> None:
    codec = kept.Codec(lambda value: value.encode("utf-8"), lambda body: body.decode("utf-8"),
                       binary=True)
    state = {"code": "c", "store": "s", "writes": 3}
    (tmp_path / "answer.json").write_text('{"key": {}, "crc": 0}\n[]')  # an older version's
    kept.write(tmp_path, "answer", state, codec, "caf\u00e9 \x00 bytes")
    assert not (tmp_path / "answer.json").exists()
    header, body = (tmp_path / "answer.bin").read_bytes().split(b"\n", 1)
    assert body == "caf\u00e9 \x00 bytes".encode() and json.loads(header)["crc"] == zlib.crc32(body)
    assert kept.read(tmp_path, "answer", state, codec) == "caf\u00e9 \x00 bytes"
    assert kept.read(tmp_path, "answer", {**state, "writes": 4}, codec) is kept.MISSING
    (tmp_path / "answer.bin").write_bytes(header + b"\n" + body[:-1] + b"X")  # damaged
    assert kept.read(tmp_path, "answer", state, codec) is kept.MISSING
