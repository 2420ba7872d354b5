"""`aikg serve` runs the real service: a live uvicorn process on loopback answers SPARQL."""

from __future__ import annotations

import subprocess
import sys

import httpx


def test_served_store_answers_and_persists(live_server):
    base, store = live_server
    response = httpx.get(f"{base}/sparql", params={
        "query": "SELECT ?n WHERE { id:colossus-2024-09 aikg:totalChips ?n }"},
        headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "100000"
    assert (store / "CURRENT").exists()  # RocksDB files on disk


def test_serve_refuses_a_locked_store_in_one_line(live_server, unused_port):
    _, store = live_server
    result = subprocess.run([sys.executable, "-m", "api", "--store", str(store), "serve",
                             "--port", str(unused_port)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: the store at {store} is in use by another aikg process; stop it or use "
        "another --store path"]


def test_serve_names_the_pages_people_open(runner, unused_port, monkeypatch):
    import uvicorn

    from api.cli import cli

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(kw["port"]))
    result = runner.invoke(cli, ["serve", "--port", str(unused_port)])
    assert result.exit_code == 0, result.output
    base = f"http://127.0.0.1:{unused_port}"
    for line in (f"web pages   {base}/", f"query page  {base}/query", f"SPARQL      {base}/sparql",
                 f"API docs    {base}/docs"):
        assert line in result.stderr
    assert started == [unused_port]
