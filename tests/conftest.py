"""Shared fixtures: settings pointing at the real ontology and seeds, seeded stores, CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.seeding import ensure_seeded
from graph.settings import PROJECT_ROOT, Settings
from graph.store import KnowledgeStore

SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeded() -> KnowledgeStore:
    """An in-memory store with the real ontology, shapes and seeds (read-only in tests)."""
    kg = KnowledgeStore.memory()
    ensure_seeded(kg, Settings(store_path=None))
    return kg


@pytest.fixture
def fresh(tmp_path: Path) -> KnowledgeStore:
    """A writable, seeded in-memory store for one test."""
    kg = KnowledgeStore.memory()
    ensure_seeded(kg, Settings(store_path=None))
    return kg


@pytest.fixture
def project_copy(tmp_path: Path) -> Settings:
    """Settings over a private copy of ontology/ and seeds/ and an on-disk store in tmp_path."""
    shutil.copytree(PROJECT_ROOT / "ontology", tmp_path / "ontology")
    shutil.copytree(PROJECT_ROOT / "seeds", tmp_path / "seeds")
    return Settings(store_path=tmp_path / "store", ontology_dir=tmp_path / "ontology",
                    seeds_dir=tmp_path / "seeds")


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner whose default store lives in tmp_path."""
    monkeypatch.setenv("AIKG_STORE", str(tmp_path / "cli-store"))
    for name in ("AIKG_ONTOLOGY_DIR", "AIKG_SEEDS_DIR", "AIKG_MAX_ROWS"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()
