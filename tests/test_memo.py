"""Per-generation memo: the same answer object until a write, a fresh one after it."""

from __future__ import annotations

import pyoxigraph as ox

from graph.compute import compute_summary


def test_summary_is_remembered_until_a_write(fresh):
    first = compute_summary(fresh)
    assert compute_summary(fresh) is first
    assert compute_summary(fresh, as_of="2024-06-01") is not first
    fresh.extend([ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c"),
                          ox.NamedNode("urn:x:g"))])
    second = compute_summary(fresh)
    assert second is not first and second == first  # recomputed, same content
