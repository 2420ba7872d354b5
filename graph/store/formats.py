"""Serialisation formats: one table from names, media types and file suffixes to pyoxigraph.

RDF formats are what data is loaded from and exported to; result formats are what SELECT and
ASK answers are written in. Every lookup goes through this module, so a format is spelled once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.errors import UnsupportedFormat


@dataclass(frozen=True)
class RdfFormat:
    """An RDF serialisation aikg can read and write."""

    name: str
    media_type: str
    suffixes: tuple[str, ...]
    ox_format: ox.RdfFormat
    datasets: bool
    """True when the format carries named graphs (TriG, N-Quads, JSON-LD)."""


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "text/turtle", (".ttl", ".turtle"), ox.RdfFormat.TURTLE, False),
    RdfFormat("trig", "application/trig", (".trig",), ox.RdfFormat.TRIG, True),
    RdfFormat("ntriples", "application/n-triples", (".nt",), ox.RdfFormat.N_TRIPLES, False),
    RdfFormat("nquads", "application/n-quads", (".nq",), ox.RdfFormat.N_QUADS, True),
    RdfFormat("jsonld", "application/ld+json", (".jsonld", ".json"), ox.RdfFormat.JSON_LD, True),
    RdfFormat("rdfxml", "application/rdf+xml", (".rdf", ".owl", ".xml"), ox.RdfFormat.RDF_XML,
              False),
)

_BY_NAME = {f.name: f for f in RDF_FORMATS}
_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads",
            "n-quads": "nquads", "json-ld": "jsonld", "xml": "rdfxml", "rdf/xml": "rdfxml"}


def rdf_format(name: str) -> RdfFormat:
    """The RDF format called ``name`` (``turtle``, ``trig``, ``ntriples``, ``nquads``,
    ``jsonld``, ``rdfxml`` or a common alias)."""
    key = name.strip().lower()
    found = _BY_NAME.get(_ALIASES.get(key, key))
    if found is None:
        raise UnsupportedFormat(
            f"unknown RDF format {name!r}; use one of {', '.join(_BY_NAME)}")
    return found


def rdf_format_for_path(path: Path | str) -> RdfFormat:
    """The RDF format implied by a file name's suffix."""
    suffix = Path(path).suffix.lower()
    for fmt in RDF_FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    raise UnsupportedFormat(
        f"cannot tell the RDF format of {Path(path).name!r} from its suffix; pass --format")


def rdf_format_for_media_type(media_type: str) -> RdfFormat | None:
    """The RDF format for a media type (parameters ignored), or ``None``."""
    base = media_type.split(";", 1)[0].strip().lower()
    for fmt in RDF_FORMATS:
        if fmt.media_type == base:
            return fmt
    return None
