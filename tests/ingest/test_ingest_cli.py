"""The ingestion commands of the CLI: ingest, proposals, accept, reject (api/cli/ingest.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rdflib

from api.cli import cli
from graph.ingest.staging import stage
from graph.settings import Settings
from graph.store.embedded import EmbeddedStore
from graph.store.seeding import ensure_seeded
from graph.vocab import ID
from tests.ingest.test_ingest_staging import build

ARTICLE = "Jensen Huang is the CEO of Nvidia. Nvidia manufactures the H100.\n"
IID = "2000000000000001"


@pytest.fixture
def store(runner, tmp_path: Path) -> Path:
    """The CLI's store, seeded, with the hand-built proposal ``IID`` staged."""
    path = tmp_path / "cli-store"
    kg = EmbeddedStore.open(path)
    try:
        ensure_seeded(kg, Settings(store_path=path))
        stage(kg, IID, build(IID))
        stage(kg, "2000000000000002", build("2000000000000002", break_allocation=True))
    finally:
        kg.close()
    return path


def test_ingest_a_file_then_again(runner, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, "utf-8")
    args = ["ingest", str(article), "--lang", "en", "--published", "2024-09-05",
            "--source", "https://example.org/nvidia", "--title", "Nvidia"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    iid = re.match(r"ingestion ([0-9a-f]{16}): pending; (\d+) fact", first).group(1)
    facts = [line for line in result.output.splitlines() if re.match(r"p\d\d  ", line)]
    assert len(facts) == int(re.search(r"pending; (\d+) fact", first).group(1))
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["id"] == iid and body["article"]["title"] == "Nvidia"
    result = runner.invoke(cli, ["ingest", "-"], input=ARTICLE)
    assert result.exit_code == 0 and f"ingestion {iid} (already ingested)" in result.output


def test_ingest_errors_are_one_line(runner, tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Ação na Nvidia".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", "utf-8")
    for args, message in (
            (["ingest", str(latin)], "is not UTF-8 text"),
            (["ingest", str(tmp_path / "missing.txt")], "cannot read"),
            (["ingest", str(empty)], "text: the article text is empty"),
            (["ingest", "-", "--published", "2024-13-01"], "published:"),
            (["ingest", "-", "--source", "file:///etc/passwd"], "source:")):
        result = runner.invoke(cli, args, input=ARTICLE)
        assert result.exit_code == 1, result.output
        assert message in result.output and len(result.output.strip().splitlines()) == 1
    result = runner.invoke(cli, ["ingest", "-", "--lang", "fr"], input=ARTICLE)
    assert result.exit_code == 2  # click refuses the choice


def test_proposals_list_and_show(runner, store):
    result = runner.invoke(cli, ["proposals"])
    assert result.exit_code == 0, result.output
    assert re.search(rf"{IID}\s+pending\s+3\s+3\s+0\s+Chips and money", result.output)
    listed = json.loads(runner.invoke(cli, ["proposals", "--format", "json"]).output)
    assert [i["id"] for i in listed] == [IID, "2000000000000002"]
    result = runner.invoke(cli, ["proposals", IID])
    assert result.exit_code == 0, result.output
    assert "Elon Musk —ceoOf→ Tesla" in result.output
    assert "new InvestmentFirm: Acme Capital" in result.output
    assert "ambiguous: 'Musk' could be Elon Musk, kimbal-musk" in result.output
    shown = json.loads(runner.invoke(cli, ["proposals", IID, "--format", "json"]).output)
    assert [f["id"] for f in shown["facts"]] == ["p01", "p02", "p03"]
    turtle = runner.invoke(cli, ["proposals", IID, "--format", "turtle"]).output
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert {ID[f"{IID}-p{n:02d}"] for n in (1, 2, 3)} <= set(graph.subjects())
    result = runner.invoke(cli, ["proposals", "--format", "turtle"])
    assert result.exit_code == 2
    for bad, code in (("XYZ", "16 lowercase hexadecimal"), ("ffffffffffffffff", "no ingestion")):
        result = runner.invoke(cli, ["proposals", bad])
        assert result.exit_code == 1 and code in result.output


def test_accept_reject_and_conflict(runner, store):
    result = runner.invoke(cli, ["accept", IID, "--fact", "p01", "--fact", "p03"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("accepted p01, p03\n")
    assert "(1 pending, 2 accepted)" in result.output
    result = runner.invoke(cli, ["accept", IID, "--fact", "p09"])
    assert result.exit_code == 1 and "p09" in result.output
    result = runner.invoke(cli, ["reject", IID])
    assert result.exit_code == 0 and f"ingestion {IID}: accepted" in result.output
    result = runner.invoke(cli, ["accept", IID, "--fact", "p02"])
    assert result.exit_code == 1 and "rejected" in result.output


def test_accept_lists_violations_and_moves_nothing(runner, store):
    result = runner.invoke(cli, ["accept", "2000000000000002"])
    assert result.exit_code == 1
    assert "2000000000000002-p02-a2" in result.output and "chipModel" in result.output
    assert "nothing was accepted" in result.output
    result = runner.invoke(cli, ["proposals", "2000000000000002"])
    assert "(3 pending, 0 accepted)" in result.output
