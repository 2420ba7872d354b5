"""Validation of IRIs that come from users before they are used as RDF terms.

An IRI from outside is checked by pyoxigraph's IRI parser (no spaces, ``<``, ``>``, quotes; must
be absolute) and against an allow-list of schemes, so it can only ever be data, never query
structure, and never names a local file or script.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.errors import InvalidIRI

ALLOWED_SCHEMES = frozenset({"http", "https", "urn", "tag", "mailto"})
MAX_IRI_LENGTH = 2048


def checked_iri(value: str, *, schemes: frozenset[str] = ALLOWED_SCHEMES) -> str:
    """Return ``value`` if it is an absolute IRI of an allowed scheme, else raise InvalidIRI."""
    if not value or len(value) > MAX_IRI_LENGTH:
        raise InvalidIRI(f"an IRI must have 1 to {MAX_IRI_LENGTH} characters")
    try:
        node = ox.NamedNode(value)
    except ValueError:
        raise InvalidIRI(f"not a valid absolute IRI: {value[:200]!r}") from None
    scheme = node.value.split(":", 1)[0].lower()
    if scheme not in schemes:
        raise InvalidIRI(f"unsupported IRI scheme {scheme!r}; use one of "
                         f"{', '.join(sorted(schemes))}")
    return node.value
