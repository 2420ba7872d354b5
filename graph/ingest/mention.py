"""A name found in a text: where it is, and which entity it links to (or why it links to none).

Its own module so that the linking steps (:mod:`graph.ingest.linking`,
:mod:`graph.ingest.compounds`) and the rules share it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """A name in a text: ``text[start:end] == surface``, without articles or quotes (but for a
    first name that shares a surname: "Dario" in "Dario e Daniela Amodei" is "Dario Amodei")."""

    start: int
    end: int
    surface: str
    entity: str | None
    """The linked IRI; for a new name the proposed IRI; ``None`` when ambiguous."""
    candidates: tuple[str, ...]
    """Every matching IRI (sorted) when ambiguous, else ``()``."""
    new: bool
    class_guess: str | None
    """For new names, the guessed class IRI."""
    confidence: float
