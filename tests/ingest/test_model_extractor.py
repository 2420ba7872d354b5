"""The optional model-backed extractor (graph.ingest.model_extractor), against a local fake that
speaks the OpenAI chat-completions protocol: what it sends, how its answer is linked, checked
and proposed (never accepted), and the clear errors when the model cannot be asked."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from graph.errors import ExtractorFailed
from graph.ingest.model_extractor import ModelSettings, ask_model, model_facts
from graph.ingest.pipeline import ingest, store_gazetteer
from graph.vocab import GRAPH, ID
from tests.conftest import AUTH, _client_over_copy, free_port

TEXT = ("Nvidia reportedly invested in Acme Robotics in March 2025. Acme Robotics develops the "
        "Atlas Brain model. Jensen Huang is the chief executive of Nvidia.")
ANSWER = {
    "entities": [{"name": "Acme Robotics", "class": "Company"},
                 {"name": "Atlas Brain", "class": "LanguageModel"},
                 {"name": "Nvidia", "class": "Company"}],
    "facts": [
        {"type": "relation", "subject": "Nvidia", "predicate": "investedIn",
         "object": "Acme Robotics", "status": "Actual", "time": "2025-03",
         "evidence": "Nvidia reportedly invested in Acme Robotics in March 2025"},
        {"type": "relation", "subject": "Acme Robotics", "predicate": "develops",
         "object": "Atlas Brain", "time": "2025-03",
         "evidence": "Acme Robotics develops the Atlas Brain model"},
        {"type": "relation", "subject": "Nobody Known", "predicate": "ceoOf",
         "object": "Nvidia", "evidence": "Jensen Huang is the chief executive of Nvidia"},
        {"type": "relation", "subject": "Nvidia", "predicate": "competesWith",
         "object": "Acme Robotics", "evidence": "words the article never says"},
    ]}


class FakeModel:
    """An OpenAI-compatible chat endpoint on a free port answering ``answer`` (or ``status``)."""

    def __init__(self, answer: object, status: int = 200, fenced: bool = False) -> None:
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server protocol
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append({"path": self.path, "body": body,
                                      "auth": self.headers.get("Authorization")})
                content = json.dumps(answer) if not isinstance(answer, str) else answer
                if fenced:
                    content = f"```json\n{content}\n```"
                data = json.dumps({"choices": [{"message": {"role": "assistant",
                                                            "content": content}}]}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    model = FakeModel(ANSWER)
    yield model
    model.close()


def test_it_asks_for_json_under_the_schema(fake):
    answer = ask_model(TEXT, "en", ModelSettings(fake.url, "tiny", "k3y", 5))
    assert answer == ANSWER
    (sent,) = fake.requests
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer k3y"
    assert sent["body"]["model"] == "tiny" and sent["body"]["temperature"] == 0
    assert sent["body"]["response_format"]["type"] == "json_schema"
    assert TEXT in sent["body"]["messages"][-1]["content"]


def test_a_fenced_answer_is_read_too():
    model = FakeModel(ANSWER, fenced=True)
    try:
        assert ask_model(TEXT, "en", ModelSettings(model.url)) == ANSWER
    finally:
        model.close()


@pytest.mark.parametrize(("answer", "status", "words"), [
    (ANSWER, 500, "HTTP 500"), ("this is not json", 200, "not a chat completion"),
    ({"facts": "many"}, 200, "no list of facts")])
def test_a_model_that_cannot_answer_is_a_clear_error(answer, status, words):
    model = FakeModel(answer, status=status)
    try:
        with pytest.raises(ExtractorFailed, match=words):
            ask_model(TEXT, "en", ModelSettings(model.url))
    finally:
        model.close()


def test_an_unreachable_model_is_a_clear_error():
    with pytest.raises(ExtractorFailed, match="did not answer"):
        ask_model(TEXT, "en", ModelSettings(f"http://127.0.0.1:{free_port()}/v1", timeout=2))


def test_names_are_linked_quotes_checked_and_cues_give_the_status(fresh):
    facts, new = model_facts(ANSWER, TEXT, store_gazetteer(fresh), model="tiny", rules=[])
    by_predicate = {f.predicate: f for f in facts}
    assert set(by_predicate) == {"investedIn", "develops"}  # unlinkable / unquoted: dropped
    invested = by_predicate["investedIn"]
    assert (invested.subject, invested.object) == (f"{ID}nvidia", f"{ID}acme-robotics")
    assert invested.status == "Reported"  # "reportedly" wins over the model's "Actual"
    assert (invested.method, invested.confidence) == ("model:tiny", 0.6)
    assert TEXT[invested.start:invested.end] == ANSWER["facts"][0]["evidence"]
    assert set(new) == {f"{ID}acme-robotics", f"{ID}atlas-brain"}  # Nvidia is known
    assert new[f"{ID}atlas-brain"].class_guess.endswith("#LanguageModel")


def test_what_the_rules_found_is_not_proposed_twice(fresh):
    gazetteer = store_gazetteer(fresh)
    first, _ = model_facts(ANSWER, TEXT, gazetteer, model="tiny", rules=[])
    again, _ = model_facts(ANSWER, TEXT, gazetteer, model="tiny", rules=first)
    assert again == []


def test_model_facts_are_proposals_reviewed_like_the_rules(fresh):
    result, _ = ingest(fresh, TEXT, lang="en", published="2025-03-20", model=("tiny", ANSWER))
    said = [(f["summary"].split(" (")[0], f["method"]) for f in result["facts"]]
    assert ("Nvidia —investedIn→ Acme Robotics", "model:tiny") in said
    develops = [m for s, m in said if s == "Acme Robotics —develops→ Atlas Brain"]
    assert len(develops) == 1  # proposed once, by the rules or the model
    assert all(f["state"] == "pending" for f in result["facts"])
    graphs = {r["g"].value for r in fresh.select(
        f"SELECT ?g WHERE {{ GRAPH ?g {{ <{ID}acme-robotics> ?p ?o }} }}")}
    assert graphs and all(g.startswith(f"{GRAPH}pending-") for g in graphs)  # not in the graph


def test_over_http_the_model_joins_the_rules_and_a_broken_one_stages_nothing(tmp_path,
                                                                            seeded_store_dir):
    model = FakeModel(ANSWER)
    broken = FakeModel(ANSWER, status=503)
    try:
        for client in _client_over_copy(seeded_store_dir, tmp_path / "a", extractor_url=model.url,
                                         extractor_model="tiny"):
            created = client.post("/ingest", headers=AUTH, json={"text": TEXT, "lang": "en"})
            assert created.status_code == 201
            methods = {f["method"] for f in created.json()["facts"]}
            assert "model:tiny" in methods
            assert len(model.requests) == 1
        for client in _client_over_copy(seeded_store_dir, tmp_path / "b",
                                         extractor_url=broken.url):
            refused = client.post("/ingest", headers=AUTH, json={"text": TEXT, "lang": "en"})
            assert refused.status_code == 502
            assert refused.json()["error"] == "extractor_failed"
            assert client.get("/ingest").json() == []
    finally:
        model.close()
        broken.close()


def test_the_cli_says_in_one_line_when_the_model_is_away(runner, tmp_path, monkeypatch):
    from api.cli.main import cli
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    monkeypatch.setenv("AIKG_EXTRACTOR_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("AIKG_EXTRACTOR_TIMEOUT", "2")
    result = runner.invoke(cli, ["ingest", str(article), "--lang", "en"])
    assert result.exit_code == 1
    assert "extractor" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
