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
entity, and the summaries' labels as a sorted table). A page decodes its own slice only.

A slice is ``{"funding": {"organizations", "investors"}, "compute": {"clusters",
"organizations", "chip_models"}, "trained": [[model, cluster, status]]}``; cluster and
organisation rows keep only the fields the charts read. Each row is written as JSON once and a
slice joins its rows' texts: at 10M quads the 56k rows are named by 70k entities, 280k in all
(a chip maker's slice holds nearly every cluster), and writing every slice's objects again took
minutes and gigabytes. The labels (:class:`Names`: the summaries' own, the fall-back of a name
the projection lacks) are one table for all the slices.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
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
                         "trained": []}
"""The slice of an entity the summaries do not name (no chart)."""


def _ascending(ids: list[str]) -> bool:
    """Whether ``ids`` are sorted and distinct (what the lookups by bisection need)."""
    return all(a < b for a, b in zip(ids, ids[1:]))


class Names(Mapping[str, str]):
    """The summaries' labels by id (sorted ``ids``, their ``labels``): the fall-back of
    :func:`graph.site.chartdata.namer` for an id the projection does not name."""

    def __init__(self, ids: list[str], labels: list[str]) -> None:
        if len(ids) != len(labels) or not _ascending(ids):
            raise ValueError("the slices' names are not sorted ids with one label each")
        self.ids, self.labels = ids, labels

    def get(self, ident: str, default: str | None = None) -> str | None:
        at = bisect.bisect_left(self.ids, ident)
        return self.labels[at] if at < len(self.ids) and self.ids[at] == ident else default

    def __getitem__(self, ident: str) -> str:
        found = self.get(ident)
        if found is None:
            raise KeyError(ident)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


class Slices:
    """Slices by entity id: sorted ``ids``, ``offsets`` (one more than ids) into ``blob``,
    the slices' JSON texts one after the other, and the summaries' ``names``."""

    def __init__(self, ids: list[str], offsets: np.ndarray, blob: bytes, names: Names) -> None:
        if (offsets.ndim != 1 or offsets.dtype.kind not in "iu" or len(offsets) != len(ids) + 1
                or offsets[0] != 0 or offsets[-1] != len(blob)
                or bool(np.any(np.diff(offsets) < 0))):
            raise ValueError("the slices' offsets do not fit their ids and texts")
        if not _ascending(ids):
            raise ValueError("the slices' ids are not sorted and distinct")
        self.ids, self.offsets, self.blob, self.names = ids, offsets, blob, names

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
        """The slices of every entity the summaries (and training relations) name: each row
        written as JSON once, a slice joining the texts of its rows."""
        rows = _rows(funding, compute, trained)
        texts = {part: [_text(row, fields) for row in items]
                 for part, (items, fields) in _parts(funding, compute, trained).items()}
        rounds = _RoundTexts(funding["organizations"])
        ids = sorted(rows)
        offsets, at = [0], 0
        out = bytearray()
        for ident in ids:
            found = rows[ident]
            joined = {part: b",".join(texts[part][k] for k in sorted(found.get(part, ())))
                      for part in texts}
            if found.get("f_round"):  # an investor: the other companies' rounds it was in
                joined["f_org"] = rounds.organizations(found.get("f_org", set()),
                                                       found["f_round"], texts["f_org"])
            text = LAYOUT % tuple(joined[part] for part in PARTS)
            out += text
            at += len(text)
            offsets.append(at)
        labelled = sorted(_labels(funding, compute))
        return cls(ids, np.array(offsets, np.int64), bytes(out),
                   Names([i for i, _ in labelled], [label for _, label in labelled]))


PARTS = ("f_org", "f_inv", "c_cluster", "c_org", "c_chip", "trained")
LAYOUT = (b'{"funding":{"organizations":[%s],"investors":[%s]},"compute":{"clusters":[%s],'
          b'"organizations":[%s],"chip_models":[%s]},"trained":[%s]}')
"""A slice's JSON, its rows' texts put in (in :data:`PARTS` order)."""


def _parts(funding: dict[str, Any], compute: dict[str, Any],
           trained: list[tuple[str, str, str | None]]
           ) -> dict[str, tuple[list[Any], tuple[str, ...] | None]]:
    """Part of the summaries → (its rows, the fields a slice keeps of each; ``None``: all)."""
    return {"f_org": (funding["organizations"], None), "f_inv": (funding["investors"], None),
            "c_cluster": (compute["clusters"], CLUSTER_FIELDS),
            "c_org": (compute["organizations"], ORGANIZATION_FIELDS),
            "c_chip": (compute["chip_models"], None), "trained": (trained, None)}


def _text(row: Any, fields: tuple[str, ...] | None) -> bytes:
    kept = {f: row[f] for f in fields} if fields else row
    return json.dumps(kept, separators=(",", ":")).encode()


class _RoundTexts:
    """Each funding round's JSON, written once, for the slices of its investors: an investor's
    slice holds, of a company it invested in, only the rounds it was in (a hub company's row
    is megabytes at 10M, and thousands of investors took part in one of its rounds)."""

    def __init__(self, organizations: list[dict[str, Any]]) -> None:
        self.orgs = organizations
        self.texts: dict[tuple[int, int], bytes] = {}

    def organizations(self, own: set[int], taken: set[tuple[int, int]],
                      whole: list[bytes]) -> bytes:
        """The ``organizations`` of a slice: the rows ``own`` whole, the others with the
        rounds ``taken`` ((row, round) positions) only, in the summary's order."""
        chosen: dict[int, list[int]] = defaultdict(list)
        for k, j in sorted(taken):
            chosen[k].append(j)
        parts = []
        for k in sorted(own | set(chosen)):
            if k in own:
                parts.append(whole[k])
            else:
                org = self.orgs[k]
                rounds = b",".join(self._text(k, j) for j in chosen[k])
                parts.append(b'{"id":%s,"rounds":[%s],"valuations":[]}'
                             % (json.dumps(org["id"]).encode(), rounds))
        return b",".join(parts)

    def _text(self, k: int, j: int) -> bytes:
        text = self.texts.get((k, j))
        if text is None:
            text = self.texts[(k, j)] = json.dumps(self.orgs[k]["rounds"][j],
                                                   separators=(",", ":")).encode()
        return text


def _rows(funding: dict[str, Any], compute: dict[str, Any],
          trained: list[tuple[str, str, str | None]]) -> dict[str, dict[str, set[Any]]]:
    """id → part of the summaries → positions of the rows that name it (``f_round``: (row,
    round) positions of the funding rounds an investor took part in)."""
    rows: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for k, org in enumerate(funding["organizations"]):
        rows[org["id"]]["f_org"].add(k)
        for j, rnd in enumerate(org["rounds"]):
            for investor in rnd["investors"]:
                if investor["id"] != org["id"]:
                    rows[investor["id"]]["f_round"].add((k, j))
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


def _labels(funding: dict[str, Any], compute: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(id, label) the charts fall back on, in the order :func:`graph.site.chartdata.namer`
    tries them: the funding summary's organisations and investors, then the compute labels
    (an empty label is no label)."""
    own = {o["id"]: o["label"] for o in (*funding["organizations"], *funding["investors"])}
    for ident in {*own, *compute["labels"]}:
        label = own.get(ident) or compute["labels"].get(ident)
        if label:
            yield ident, label


def _strings(values: list[str]) -> np.ndarray:
    return np.frombuffer(json.dumps(values).encode(), np.uint8)


def _list(data: np.ndarray) -> list[str]:
    found = json.loads(data.tobytes())
    if not isinstance(found, list) or not all(isinstance(i, str) for i in found):
        raise ValueError("not a list of strings")
    return found


def _encode(slices: Slices) -> bytes:
    return npz_bytes({"ids": _strings(slices.ids), "offsets": slices.offsets,
                      "blob": np.frombuffer(slices.blob, np.uint8),
                      "name_ids": _strings(slices.names.ids),
                      "labels": _strings(slices.names.labels)})


def _decode(body: bytes) -> Slices:
    arrays = npz_arrays(body)
    return Slices(_list(arrays["ids"]), arrays["offsets"], arrays["blob"].tobytes(),
                  Names(_list(arrays["name_ids"]), _list(arrays["labels"])))


CODEC = Codec(_encode, _decode, binary=True)


@bounded(BUILD_WAIT, keep=CODEC)
def chart_slices(kg: KnowledgeStore) -> Slices:
    """Every entity's slice of the summaries of the store as it is now (computed on a
    background thread after a write; kept across restarts)."""
    return Slices.build(funding_summary.remembered(kg),  # type: ignore[attr-defined]
                        compute_summary.remembered(kg),  # type: ignore[attr-defined]
                        trained_on(kg, None))
