"""A real SPARQL engine per test module and engine (:mod:`tests.remote.engines`): every suite of
this folder that asks for ``engine_server`` runs once over ``oxigraph serve`` and once over
Virtuoso, each started empty (aikg seeds it on first use)."""

from __future__ import annotations

import pytest

from tests.remote.engines import start

ENGINES = ("oxigraph", "virtuoso")


@pytest.fixture(scope="module", params=ENGINES)
def engine_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """An empty engine of this module's own."""
    server = start(request.param, tmp_path_factory.mktemp(request.param) / "data")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory):
    """An empty ``oxigraph serve`` of this module's own, for tests of Oxigraph alone."""
    server = start("oxigraph", tmp_path_factory.mktemp("oxigraph") / "data")
    yield server
    server.stop()
