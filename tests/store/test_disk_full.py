"""A full disk under the store: writes get 507 ``insufficient_storage`` (never a 400 or 500),
reads go on, ``/health`` says ``degraded`` with the reason, and once space is freed the next
writes succeed with no restart by anyone, every acknowledged write kept.

The service test fills a real, small tmpfs (``mount -t tmpfs``, root in CI); where mounting is
not allowed it is skipped, and the write seam is still checked with a simulated ENOSPC."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.engine.supervisor import Engine
from graph.errors import StorageFull
from graph.settings import Settings
from graph.store.disk_space import disk_writes, room_to_reopen
from graph.store.embedded import EmbeddedStore
from tests.conftest import AUTH, TOKEN

UPDATE = {"content-type": "application/sparql-update", **AUTH}


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 24 MB tmpfs mounted in tmp_path (unmounted afterwards); skipped if mounting fails."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Take every free byte of ``disk`` with one file; returns it."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def insert(client: TestClient, i: int) -> int:
    text = f'INSERT DATA {{ GRAPH <urn:x:d> {{ <urn:x:s{i}> <urn:x:p> "{"x" * 20_000}" }} }}'
    return client.post("/sparql", content=text, headers=UPDATE).status_code


def stored(client: TestClient) -> set[int]:
    rows = client.get("/sparql", params={
        "query": "SELECT ?s WHERE { GRAPH <urn:x:d> { ?s ?p ?o } }"},
        headers={"accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    return {int(r["s"]["value"].removeprefix("urn:x:s")) for r in rows}


def test_full_disk_is_507_degraded_and_recovers_by_itself(small_disk, seeded_store_dir):
    store = small_disk / "store"
    shutil.copytree(seeded_store_dir, store)
    engine = Engine(Settings(store_path=store, token=TOKEN)).start()
    try:
        with TestClient(create_app(engine)) as client:
            acked = {i for i in range(3) if insert(client, i) == 204}
            assert len(acked) == 3
            filler = fill(small_disk)
            statuses = []
            for i in range(3, 400):  # the write-ahead log's last free block fills up first
                status = insert(client, i)
                statuses.append(status)
                if status == 204:
                    acked.add(i)
                elif status == 507:
                    break
            assert statuses[-1] == 507 and set(statuses) <= {204, 507}, statuses
            refused = client.post("/sparql", content="INSERT DATA { <urn:x:a> <urn:x:b> 1 }",
                                  headers=UPDATE)
            assert refused.status_code == 507
            assert refused.json()["error"] == "insufficient_storage"
            assert "full" in refused.json()["message"]
            health = client.get("/health")
            assert health.status_code == 200
            assert health.json()["status"] == "degraded"
            assert "full" in health.json()["reason"]
            assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
            filler.unlink()
            deadline = time.monotonic() + 10
            while (status := insert(client, 1000)) != 204 and time.monotonic() < deadline:
                assert status == 507
                time.sleep(0.2)
            assert status == 204  # no restart by anyone
            acked.add(1000)
            assert client.get("/health").json()["status"] == "ok"
            assert acked <= stored(client)
    finally:
        engine.close()


def test_the_write_seam_turns_a_full_disk_into_storage_full(tmp_path):
    """The simulated twin of the test above (for machines that cannot mount a tmpfs): the
    message RocksDB gives on ENOSPC becomes StorageFull; other I/O errors stay what they are."""
    with pytest.raises(StorageFull) as caught:
        with disk_writes(tmp_path):
            raise OSError("IO error: No space left on device: While appending to file: "
                          "/store/000008.log: No space left on device")
    assert caught.value.code == "insufficient_storage"
    with pytest.raises(OSError, match="Permission denied"):
        with disk_writes(tmp_path):
            raise OSError("IO error: Permission denied")
    kg = EmbeddedStore.open(tmp_path / "store")
    assert room_to_reopen(tmp_path / "store")
    kg.close()
