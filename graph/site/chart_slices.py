"""Each entity's part of the funding and compute summaries: what its page's charts are drawn
from, kept beside an on-disk store and read one entity at a time.

An entity's charts (:func:`graph.site.charts.entity_charts`) need a few rows of the funding and
compute summaries (~110 MB of JSON at 10M quads): its own organisation, cluster or chip model,
the rounds it invested in, the clusters and holdings its chips are in, the clusters its models
were trained on. Decoding both summaries whole for the first entity page after a restart took
~5 s of the worker's interpreter while every other route waited for it. So, for the store as
it is now (no ``as_of``), :func:`chart_slices` cuts the summaries once into a slice per entity
named anywhere in them — the same rows, in the same order, so the charts drawn from a slice are
the charts drawn from the whole — and keeps them (:mod:`graph.store.kept`, file
``graph.site.chart_slices.chart_slices.bin``: the sorted ids, offsets and one JSON text per
entity). A page decodes its own slice only.

A slice is ``{"funding": {"organizations", "investors"}, "compute": {"clusters",
"organizations", "chip_models"}, "trained": [[model, cluster, status]], "names": {id:
label}}`` (``names``: the summaries' own labels of the ids it holds, the fall-back of a name
the projection lacks). Cluster and organisation rows keep only the fields the charts read.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import numpy as np

from graph.analytics.compute import compute_summary
from graph.analytics.funding import funding_summary
from graph.projection.cache import BUILD_WAIT
from graph.site.compute_charts import trained_on
from graph.store.base import KnowledgeStore
from graph.store.kept import Codec
from graph.store.memo import bounded
from graph.store.npz import npz_arrays, npz_bytes

CLUSTER_FIELDS = ("id", "chips")
ORGANIZATION_FIELDS = ("id", "chips", "at_least", "holdings")
EMPTY: dict[str, Any] = {"funding": {"organizations": [], "investors": []},
                         "compute": {"clusters": [], "organizations": [], "chip_models": []},
                         "trained": [], "names": {}}
"""The slice of an entity the summaries do not name (no chart)."""


class Slices:
    """Slices by entity id: sorted ``ids``, ``offsets`` (one more than ids) into ``blob``,
    the slices' JSON texts one after the other."""

    def __init__(self, ids: list[str], offsets: np.ndarray, blob: bytes) -> None:
        if (offsets.ndim != 1 or offsets.dtype.kind not in "iu" or len(offsets) != len(ids) + 1
                or offsets[0] != 0 or offsets[-1] != len(blob)
                or bool(np.any(np.diff(offsets) < 0))):
            raise ValueError("the slices' offsets do not fit their ids and texts")
        if any(a >= b for a, b in zip(ids, ids[1:])):
            raise ValueError("the slices' ids are not sorted and distinct")
        self.ids, self.offsets, self.blob = ids, offsets, blob

    def __len__(self) -> int:
        return len(self.ids)

    def get(self, ident: str) -> dict[str, Any]:
        """The slice of ``ident`` (:data:`EMPTY` for an id the summaries do not name)."""
        at = bisect.bisect_left(self.ids, ident)
        if at == len(self.ids) or self.ids[at] != ident:
            return EMPTY
        return json.loads(self.blob[int(self.offsets[at]):int(self.offsets[at + 1])])

    @classmethod
    def build(cls, funding: dict[str, Any], compute: dict[str, Any],
              trained: list[tuple[str, str, str | None]]) -> Slices:
        """The slices of every entity the summaries (and training relations) name."""
        rows = _rows(funding, compute, trained)
        names = {i: label for i, label in _labels(funding, compute)}
        ids = sorted(rows)
        texts, offsets, at = [], [0], 0
        for ident in ids:
            text = json.dumps(_slice(ident, rows[ident], funding, compute, trained, names),
                              separators=(",", ":")).encode()
            texts.append(text)
            at += len(text)
            offsets.append(at)
        return cls(ids, np.array(offsets, np.int64), b"".join(texts))


def _rows(funding: dict[str, Any], compute: dict[str, Any],
          trained: list[tuple[str, str, str | None]]) -> dict[str, dict[str, set[int]]]:
    """id → part of the summaries → positions of the rows that name it."""
    rows: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for k, org in enumerate(funding["organizations"]):
        rows[org["id"]]["f_org"].add(k)
        for rnd in org["rounds"]:
            for investor in rnd["investors"]:
                rows[investor["id"]]["f_org"].add(k)
    for k, investor in enumerate(funding["investors"]):
        rows[investor["id"]]["f_inv"].add(k)
    cluster_at = {c["id"]: k for k, c in enumerate(compute["clusters"])}
    for k, cluster in enumerate(compute["clusters"]):
        rows[cluster["id"]]["c_cluster"].add(k)
        for chips in cluster["chips"].values():
            for ident in (*chips["by_model"], *chips["by_manufacturer"]):
                rows[ident]["c_cluster"].add(k)
    for k, org in enumerate(compute["organizations"]):
        rows[org["id"]]["c_org"].add(k)
        for held in (*org["holdings"], *org["at_least"]):
            for ident in (held["chip"], held["manufacturer"]):
                if ident:
                    rows[ident]["c_org"].add(k)
    for k, chip in enumerate(compute["chip_models"]):
        rows[chip["id"]]["c_chip"].add(k)
    for k, (model, cluster, _) in enumerate(trained):
        rows[model]["trained"].add(k)
        if cluster in cluster_at:
            rows[model]["c_cluster"].add(cluster_at[cluster])
    return rows


def _slice(ident: str, found: dict[str, set[int]], funding: dict[str, Any],
           compute: dict[str, Any], trained: list[tuple[str, str, str | None]],
           names: dict[str, str]) -> dict[str, Any]:
    def pick(items: list[Any], part: str, fields: tuple[str, ...] | None = None) -> list[Any]:
        chosen = [items[k] for k in sorted(found.get(part, ()))]
        return [{f: item[f] for f in fields} for item in chosen] if fields else chosen

    part = {"funding": {"organizations": pick(funding["organizations"], "f_org"),
                        "investors": pick(funding["investors"], "f_inv")},
            "compute": {"clusters": pick(compute["clusters"], "c_cluster", CLUSTER_FIELDS),
                        "organizations": pick(compute["organizations"], "c_org",
                                              ORGANIZATION_FIELDS),
                        "chip_models": pick(compute["chip_models"], "c_chip")},
            "trained": pick(trained, "trained")}
    part["names"] = {i: names[i] for i in sorted({ident, *_strings(part)}) if i in names}
    return part


def _labels(funding: dict[str, Any], compute: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(id, label) the charts fall back on, in the order :func:`graph.site.chartdata.namer`
    tries them: the funding summary's organisations and investors, then the compute labels
    (an empty label is no label)."""
    own = {o["id"]: o["label"] for o in (*funding["organizations"], *funding["investors"])}
    for ident in {*own, *compute["labels"]}:
        label = own.get(ident) or compute["labels"].get(ident)
        if label:
            yield ident, label


def _strings(value: Any) -> Iterator[str]:
    """Every string in ``value`` (dict keys included): the ids a chart may name."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def _encode(slices: Slices) -> bytes:
    return npz_bytes({"ids": np.frombuffer(json.dumps(slices.ids).encode(), np.uint8),
                      "offsets": slices.offsets,
                      "blob": np.frombuffer(slices.blob, np.uint8)})


def _decode(body: bytes) -> Slices:
    arrays = npz_arrays(body)
    ids = json.loads(arrays["ids"].tobytes())
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ValueError("the slices' ids are not a list of strings")
    return Slices(ids, arrays["offsets"], arrays["blob"].tobytes())


CODEC = Codec(_encode, _decode, binary=True)


@bounded(BUILD_WAIT, keep=CODEC)
def chart_slices(kg: KnowledgeStore) -> Slices:
    """Every entity's slice of the summaries of the store as it is now (computed on a
    background thread after a write; kept across restarts)."""
    return Slices.build(funding_summary.remembered(kg),  # type: ignore[attr-defined]
                        compute_summary.remembered(kg),  # type: ignore[attr-defined]
                        trained_on(kg, None))
