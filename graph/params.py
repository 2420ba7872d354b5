"""Range checks of numeric request parameters (limits, offsets), shared by every front door's
library function: one message shape, ``400 invalid_parameter`` naming the parameter."""

from __future__ import annotations

from graph.errors import InvalidInput

MAX_OFFSET = 10**9
"""Largest offset any page accepts."""


def check_limit(value: int, name: str, maximum: int, minimum: int = 1) -> int:
    """``value`` if ``minimum <= value <= maximum``, else ``InvalidInput``."""
    if not isinstance(value, int) or not minimum <= value <= maximum:
        raise InvalidInput(f"{name} must be between {minimum} and {maximum}", parameter=name)
    return value
