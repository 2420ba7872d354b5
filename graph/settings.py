"""Where aikg finds its ontology, seeds and store, and the limits it runs under.

Settings are a frozen dataclass built explicitly (tests) or from the environment
(:meth:`Settings.from_env`, used by the CLI). Nothing is read at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def default_store_path() -> Path:
    """``$XDG_DATA_HOME/aikg/store`` (``~/.local/share/aikg/store`` when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "aikg" / "store"


@dataclass(frozen=True)
class Settings:
    """Configuration of one aikg instance.

    Args:
        store_path: directory of the on-disk Oxigraph store; ``None`` keeps the store in memory.
        ontology_dir: folder holding ``aikg.ttl`` and ``shapes.ttl``.
        seeds_dir: folder of seed TriG files loaded at first start.
        max_query_bytes: largest SPARQL text accepted.
        max_query_depth: deepest bracket nesting accepted in a SPARQL text.
        max_rows: largest number of result rows returned before truncation is signalled.
    """

    store_path: Path | None = field(default_factory=default_store_path)
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    seeds_dir: Path = PROJECT_ROOT / "seeds"
    max_query_bytes: int = 32 * 1024
    max_query_depth: int = 64
    max_rows: int = 10_000

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``AIKG_STORE``, ``AIKG_ONTOLOGY_DIR``, ``AIKG_SEEDS_DIR`` and
        ``AIKG_MAX_ROWS``; keyword overrides win over the environment."""
        env: dict[str, object] = {}
        if os.environ.get("AIKG_STORE"):
            env["store_path"] = Path(os.environ["AIKG_STORE"])
        if os.environ.get("AIKG_ONTOLOGY_DIR"):
            env["ontology_dir"] = Path(os.environ["AIKG_ONTOLOGY_DIR"])
        if os.environ.get("AIKG_SEEDS_DIR"):
            env["seeds_dir"] = Path(os.environ["AIKG_SEEDS_DIR"])
        if os.environ.get("AIKG_MAX_ROWS"):
            env["max_rows"] = int(os.environ["AIKG_MAX_ROWS"])
        env.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **env)

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "aikg.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"
