"""The projection as arrays: what a snapshot file holds (:mod:`graph.projection.snapshot`).

:func:`encode` turns a projection into a JSON header and named numpy arrays, :func:`decode`
turns them back into an equal ``MultiDiGraph`` (same nodes, edges, edge keys, attribute dicts
and ``G.graph``; only the order in which neighbours are iterated may differ, as after an
incremental refresh). Nothing is pickled. Layout:

* ``node_ids``: the node keys (a string table); ``edge_src``/``edge_dst`` (node numbers) and
  ``edge_key``: every edge, in the graph's adjacency order;
* attribute dicts by column, for nodes and for edges: ``<side>_schema`` numbers, per node or
  edge, which list of attribute names (in order) its dict has; every attribute name has an
  array of codes (``<side>.<name>``) into a table of its distinct values — a string table when
  all of them are strings or ``None`` (code -1), else a list of ``[type, value]`` pairs in the
  header (numbers, booleans, lists of strings);
* a string table of *n* strings is their UTF-8 joined by NUL (``<name>_text``), *n* in the
  header.

:func:`decode` checks what it reads (counts, lengths, code ranges, value types, unique nodes and
edge keys) and raises :class:`~graph.errors.SnapshotUnusable` on any mismatch.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

import networkx as nx
import numpy as np

from graph.errors import SnapshotUnusable
from graph.projection.acyclic import Projection
from graph.projection.records import records

SEPARATOR = "\x00"
SAMPLE = 100
_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool,
                           "NoneType": type(None), "list": list}
Arrays = dict[str, np.ndarray]


def encode(graph: nx.MultiDiGraph) -> tuple[dict[str, Any], Arrays]:
    """The header and arrays of ``graph`` (raises :class:`SnapshotUnusable` for a value it
    cannot store: only strings, numbers, booleans, ``None`` and lists of strings can be)."""
    extra = set(graph.graph) - {"generation", "properties", "superclasses"}
    if extra:
        raise SnapshotUnusable(f"cannot store graph attributes {sorted(extra)}")
    nodes = list(graph._node)
    index = {n: i for i, n in enumerate(nodes)}
    src, dst, keys, edges = [], [], [], []
    for u, targets in graph._succ.items():
        for v, parallel in targets.items():
            for k, data in parallel.items():
                src.append(index[u])
                dst.append(index[v])
                keys.append(k)
                edges.append(data)
    header: dict[str, Any] = {
        "nodes": len(nodes), "edges": len(edges), "columns": {},
        "graph": {"properties": graph.graph.get("properties", {}),
                  "superclasses": {c: sorted(s) for c, s in
                                   graph.graph.get("superclasses", {}).items()}}}
    arrays: Arrays = {"edge_src": _ints(src), "edge_dst": _ints(dst), "edge_key": _ints(keys)}
    _strings(header, arrays, "node_ids", nodes)
    for side, dicts in (("node", list(graph._node.values())), ("edge", edges)):
        schemas: dict[tuple[str, ...], int] = {}
        arrays[f"{side}_schema"] = _ints([schemas.setdefault(tuple(d), len(schemas))
                                          for d in dicts])
        header[f"{side}_schemas"] = [list(s) for s in schemas]
        for name in dict.fromkeys(n for s in schemas for n in s):
            _column(header, arrays, f"{side}.{name}", [d.get(name) for d in dicts])
    return header, arrays


def decode(header: dict[str, Any], arrays: Arrays) -> nx.MultiDiGraph:
    """The graph of :func:`encode`'s header and arrays, checked (``generation`` not set)."""
    try:
        return _decode(header, arrays)
    except SnapshotUnusable:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise SnapshotUnusable(f"malformed snapshot: {type(exc).__name__}: {exc}") from None


def _decode(header: dict[str, Any], arrays: Arrays) -> nx.MultiDiGraph:
    n, m = _count(header["nodes"]), _count(header["edges"])
    nodes = _unpack(header, arrays, "node_ids")
    if len(nodes) != n or len(set(nodes)) != n:
        raise SnapshotUnusable("node ids are not the nodes")
    own = dict(zip(nodes, nodes))  # one string object per IRI, shared by attributes
    node_dicts = _dicts(header, arrays, "node", n, own)
    edge_dicts = _dicts(header, arrays, "edge", m, own)
    src, dst, keys = (_codes(arrays, name, m, 0, n - 1 if name != "edge_key" else None)
                      for name in ("edge_src", "edge_dst", "edge_key"))
    graph = Projection()
    graph.graph.update(properties=header["graph"]["properties"],
                       superclasses={c: set(s) for c, s in
                                     header["graph"]["superclasses"].items()})
    graph._node = dict(zip(nodes, node_dicts))
    succ: dict[str, dict] = {node: {} for node in nodes}
    pred: dict[str, dict] = {node: {} for node in nodes}
    table = np.array(nodes + [None], dtype=object)
    for u, v, k, data in zip(table[src].tolist(), table[dst].tolist(), keys.tolist(),
                             edge_dicts):
        parallel = succ[u].get(v)
        if parallel is None:
            parallel = succ[u][v] = pred[v][u] = {}
        if k in parallel:
            raise SnapshotUnusable(f"edge key {k} repeated between two nodes")
        parallel[k] = data
    graph._adj = succ  # also sets _succ (as graph.projection.delta does)
    graph._pred = pred
    return graph


def _dicts(header: dict[str, Any], arrays: Arrays, side: str, size: int,
           own: dict[str, str]) -> list[dict[str, Any]]:
    schemas = [tuple(s) for s in header[f"{side}_schemas"]]
    which = _codes(arrays, f"{side}_schema", size, 0, len(schemas) - 1)
    columns = {name: _values(header, arrays, f"{side}.{name}", size, own)
               for name in dict.fromkeys(n for s in schemas for n in s)}
    found: list[dict[str, Any]] = [None] * size  # type: ignore[list-item]
    for number, names in enumerate(schemas):
        at = np.flatnonzero(which == number)
        values = [columns[name][at].tolist() for name in names]
        lists = [i for i, name in enumerate(names) if any(
            kind == "list" for kind, _ in header["columns"][f"{side}.{name}"].get("values", ()))]
        for i in lists:  # never share a list between two dicts
            values[i] = [list(v) if type(v) is list else v for v in values[i]]
        rows = zip(*values) if values else repeat((), len(at))
        for position, made in zip(at.tolist(), records(names, rows)):
            found[position] = made
    return found


def _values(header: dict[str, Any], arrays: Arrays, name: str, size: int,
            own: dict[str, str]) -> np.ndarray:
    """The value of column ``name`` for every node or edge (an object array)."""
    spec = header["columns"][name]
    if spec["kind"] == "str":
        table = [*_shared(_unpack(header, arrays, name), own), None]
        return np.array(table, dtype=object)[_codes(arrays, name, size, -1, len(table) - 2)]
    table = []
    for kind, value in spec["values"]:
        if type(value) is not _TYPES[kind] and not (kind == "float" and type(value) is int):
            raise SnapshotUnusable(f"a value of {name} is not a {kind}")
        table.append(float(value) if kind == "float" else value)
    objects = np.empty(len(table), dtype=object)
    objects[:] = table
    return objects[_codes(arrays, name, size, 0, len(table) - 1)]


def _shared(strings: list[str], own: dict[str, str]) -> list[str]:
    """``strings``, each one that is a node id replaced by the node's own string object (one
    object per IRI in memory). A column whose first :data:`SAMPLE` strings hold no node id is
    taken as it is (looking up all of them costs ~1 s at 10M quads, and only node ids repeat)."""
    if len(strings) == len(own) and strings == list(own):  # the nodes' own ids, in order
        return list(own)
    if not any(s in own for s in strings[:SAMPLE]):
        return strings
    return [*map(own.get, strings, strings)]


def _column(header: dict[str, Any], arrays: Arrays, name: str, values: list[Any]) -> None:
    kinds = set(map(type, values))
    if kinds <= {str, type(None)}:
        strings: dict[str | None, int] = {None: -1}
        arrays[name] = _ints([strings.setdefault(v, len(strings) - 1) for v in values])
        header["columns"][name] = {"kind": "str"}
        _strings(header, arrays, name, list(strings)[1:])  # type: ignore[arg-type]
        return
    unknown = {k.__name__ for k in kinds} - set(_TYPES)
    if unknown or any(type(v) is list and not all(type(x) is str for x in v) for v in values):
        raise SnapshotUnusable(f"cannot store values of {name}: {sorted(unknown) or 'lists'}")
    table: dict[tuple[str, Any], int] = {}  # typed keys: 1, 1.0 and True stay apart
    arrays[name] = _ints([table.setdefault((type(v).__name__,
                                            tuple(v) if type(v) is list else v), len(table))
                          for v in values])
    header["columns"][name] = {"kind": "json", "values": [
        [kind, list(v) if kind == "list" else v] for kind, v in table]}


def _strings(header: dict[str, Any], arrays: Arrays, name: str, strings: list[str]) -> None:
    text = SEPARATOR.join(strings)
    if text.count(SEPARATOR) != max(len(strings) - 1, 0):
        raise SnapshotUnusable(f"a string of {name} holds a NUL character")
    arrays[f"{name}_text"] = np.frombuffer(text.encode("utf-8", "surrogatepass"), np.uint8)
    header["columns"].setdefault(name, {})["strings"] = len(strings)


def _unpack(header: dict[str, Any], arrays: Arrays, name: str) -> list[str]:
    count = _count(header["columns"][name]["strings"])
    data = arrays[f"{name}_text"]
    if data.dtype != np.uint8 or data.ndim != 1:
        raise SnapshotUnusable(f"{name}: not a string table")
    strings = data.tobytes().decode("utf-8", "surrogatepass").split(SEPARATOR) if count else []
    if len(strings) != count:
        raise SnapshotUnusable(f"{name}: {len(strings)} strings, not {count}")
    return strings


def _codes(arrays: Arrays, name: str, size: int, low: int, high: int | None) -> np.ndarray:
    """The integer array ``name``, checked: ``size`` long, values in ``[low, high]``."""
    codes = arrays[name]
    if codes.dtype.kind != "i" or codes.shape != (size,):
        raise SnapshotUnusable(f"{name}: {codes.dtype} array of shape {codes.shape}, "
                               f"not {size} integers")
    if size and (codes.min() < low or (high is not None and codes.max() > high)):
        raise SnapshotUnusable(f"{name}: a code out of range")
    return codes


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise SnapshotUnusable(f"not a count: {value!r}")
    return value


def _ints(values: list[int]) -> np.ndarray:
    """``values`` in the smallest signed integer type that holds them."""
    array = np.array(values, dtype=np.int64)
    if not len(array):
        return array.astype(np.int8)
    low, high = int(array.min()), int(array.max())
    for dtype in (np.int8, np.int16, np.int32):
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return array.astype(dtype)
    return array
