"""One example question of the query page (:class:`Example`), and how examples are written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Example:
    """One example question."""

    id: str
    title: dict[str, str]
    description: dict[str, str]
    query: str

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The example as JSON: every language, or only ``lang``'s title and description."""
        if lang is None:
            return {"id": self.id, "title": self.title, "description": self.description,
                    "query": self.query}
        return {"id": self.id, "title": self.title[lang],
                "description": self.description[lang], "query": self.query}


def make(id: str, title_en: str, title_pt: str, about_en: str, about_pt: str,
         query: str) -> Example:
    """An example from its id, English and Portuguese title and description, and query."""
    return Example(id, {"en": title_en, "pt": title_pt}, {"en": about_en, "pt": about_pt},
                   query.strip() + "\n")
