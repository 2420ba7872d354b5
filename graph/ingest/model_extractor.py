"""An optional model-backed extractor: any OpenAI-compatible chat endpoint (llama.cpp server,
Ollama, vLLM, a hosted API) asked for an article's facts as JSON under a schema.

:func:`ask_model` sends one chat completion request (``POST <url>/chat/completions``, the
system prompt below, ``response_format`` a JSON schema) and returns the model's answer;
:func:`model_facts` turns that answer into the extractor's own fact records, which join the
rules' facts in :func:`graph.ingest.pipeline.propose` and go through the same review, SHACL
check and acceptance — never straight into the graph. The model only *names* things: every
name is linked by the store's gazetteer (a known entity by label or alias) or becomes a
proposed new entity of the class the model gave; every fact must quote its evidence from the
article (facts whose quote is not in the text are dropped); a sentence whose words report,
plan or hedge gives its status over an unhedged "Actual" (the rules' status cues); specs are
checked by :func:`graph.ingest.fact_spec.to_fact`. Facts the rules already proposed are not
proposed twice. The asking happens outside the store's write lock (the HTTP route and the CLI
call :func:`ask_model` first), so a slow model never holds up other writes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import httpx

from graph.errors import ExtractorFailed, InvalidInput
from graph.ingest.fact_spec import RELATIONS, one_direction, to_fact
from graph.ingest.facts import Fact
from graph.ingest.linking import Gazetteer
from graph.ingest.mention import Mention
from graph.ingest.sentence import FUTURE, PLANNED, REPORTED
from graph.ingest.text import detect_language
from graph.vocab import AIKG, ID

__all__ = ["ModelSettings", "SCHEMA", "ask_model", "consult", "model_facts"]

CLASSES = ("Person", "Company", "InvestmentFirm", "Organization", "MediaOutlet", "ChipModel",
           "LanguageModel", "AIModel", "ComputeCluster", "Product")
_NAME = {"type": "string"}
_MONEY = {"type": "object", "properties": {"value": {"type": "number"},
                                           "currency": {"type": "string"}},
          "required": ["value", "currency"]}
SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["entities", "facts"],
    "properties": {
        "entities": {"type": "array", "items": {
            "type": "object", "required": ["name", "class"],
            "properties": {"name": _NAME, "class": {"enum": list(CLASSES)}}}},
        "facts": {"type": "array", "items": {
            "type": "object", "required": ["type", "evidence"],
            "properties": {
                "type": {"enum": ["relation", "round", "cluster", "holding"]},
                "subject": _NAME, "predicate": {"enum": list(RELATIONS)}, "object": _NAME,
                "organization": _NAME, "amount": _MONEY, "post_money": _MONEY,
                "pre_money": _MONEY, "investors": {"type": "array", "items": _NAME},
                "lead": {"type": "array", "items": _NAME}, "label": {"type": "string"},
                "cluster": _NAME, "total": {"type": "integer"},
                "chips": {"type": "array", "items": {"type": "object", "properties": {
                    "chip": _NAME, "quantity": {"type": "integer"},
                    "status": {"type": "string"}}}},
                "holder": _NAME, "chip": _NAME, "manufacturer": _NAME,
                "quantity": {"type": "integer"}, "exact": {"type": "boolean"},
                "status": {"enum": ["Actual", "Planned", "Reported", "Claimed"]},
                "time": {"type": "string"}, "evidence": {"type": "string"}}}}}}
"""The JSON schema the model's answer follows (sent as ``response_format``)."""
PROMPT = (
    "You extract facts about the AI industry from a news article. Answer with JSON only, "
    "following the schema. Name every entity exactly as the article writes it and list it "
    "under entities with its class. Facts: relation (subject, predicate, object), round "
    "(organization, amount, post_money, pre_money, investors, lead, label), cluster (cluster, "
    "chips with quantity, total), holding (holder, chip or manufacturer, quantity, exact). "
    "Each fact has a status (Actual, Planned, Reported, Claimed), a time (YYYY, YYYY-MM or "
    "YYYY-MM-DD) when the article gives one, and evidence: the exact words of the article "
    "that state it. State only what the article states.")
_ENTITY_KEYS = ("subject", "object", "organization", "cluster", "holder", "chip",
                "manufacturer")
CONFIDENCE = 0.6
"""Confidence of a model's fact (the rules' range is 0.6–0.9)."""


@dataclass(frozen=True)
class ModelSettings:
    """Where the model is: ``url`` of the OpenAI-compatible API (``…/v1``), ``model`` name,
    an optional bearer ``key`` and the ``timeout`` of one request in seconds."""

    url: str
    model: str = "default"
    key: str | None = field(default=None, repr=False)
    timeout: float = 60.0


def consult(settings: Any, text: str, lang: str = "auto", *,
            transport: httpx.BaseTransport | None = None) -> tuple[str, dict[str, Any]] | None:
    """``(model name, answer)`` from the model ``settings`` (a :class:`graph.settings.Settings`)
    names in ``extractor_url``, or ``None`` when none is configured."""
    url = getattr(settings, "extractor_url", None)
    if not url:
        return None
    model = ModelSettings(url, settings.extractor_model, settings.extractor_key,
                          settings.extractor_timeout)
    language = detect_language(text) if lang in (None, "", "auto") else lang
    return model.model, ask_model(text, language, model, transport=transport)


def ask_model(text: str, lang: str, settings: ModelSettings, *,
              transport: httpx.BaseTransport | None = None) -> dict[str, Any]:
    """The model's answer for ``text``: ``{"entities": [...], "facts": [...]}``.

    Raises:
        ExtractorFailed: the endpoint could not be reached, answered with an error status or
            did not answer JSON of the schema's shape (the message says which).
    """
    body = {"model": settings.model, "temperature": 0,
            "messages": [{"role": "system", "content": PROMPT},
                         {"role": "user", "content": f"Article ({lang}):\n\n{text}"}],
            "response_format": {"type": "json_schema", "json_schema": {
                "name": "aikg_facts", "schema": SCHEMA, "strict": False}}}
    headers = {"Authorization": f"Bearer {settings.key}"} if settings.key else {}
    url = settings.url.rstrip("/") + "/chat/completions"
    try:
        with httpx.Client(timeout=settings.timeout, transport=transport) as client:
            response = client.post(url, json=body, headers=headers)
    except httpx.HTTPError as error:
        raise ExtractorFailed(f"the extractor at {settings.url} did not answer: "
                              f"{type(error).__name__}") from None
    if response.status_code != 200:
        raise ExtractorFailed(f"the extractor at {settings.url} answered HTTP "
                              f"{response.status_code}")
    try:
        content = response.json()["choices"][0]["message"]["content"]
        answer = json.loads(_unfenced(content))
    except (ValueError, KeyError, IndexError, TypeError):
        raise ExtractorFailed("the extractor's answer is not a chat completion whose message "
                              "is JSON") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("facts"), list) \
            or not isinstance(answer.get("entities", []), list):
        raise ExtractorFailed("the extractor's JSON has no list of facts")
    return answer


def model_facts(answer: dict[str, Any], text: str, gazetteer: Gazetteer, *, model: str,
                rules: list[Fact]) -> tuple[list[Fact], dict[str, Mention]]:
    """Fact records and proposed new entities (by IRI) from a model's answer; facts that do
    not quote the text, name nothing linkable or fail the spec checks are left out, and so
    are facts the rules' ``rules`` already state."""
    kinds = {str(e.get("name", "")).strip(): e.get("class") for e in answer.get("entities", [])
             if isinstance(e, dict) and e.get("class") in CLASSES}
    new: dict[str, Mention] = {}
    seen = {_key(f) for f in rules}
    out: list[Fact] = []
    for spec in answer["facts"]:
        if not isinstance(spec, dict) or not isinstance(spec.get("evidence"), str):
            continue
        start = text.find(spec["evidence"].strip()) if spec["evidence"].strip() else -1
        if start < 0:
            continue
        end = start + len(spec["evidence"].strip())
        linked = _linked(spec, text, gazetteer, kinds, new)
        if linked is None:
            continue
        linked["status"] = _status(text[start:end], spec.get("status") or "Actual")
        if linked.get("time") and not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?",
                                                   str(linked["time"])):
            linked.pop("time")
        try:
            fact = to_fact(linked, start=start, end=end, method=f"model:{model}",
                           confidence=CONFIDENCE)
        except InvalidInput:
            continue
        if _key(fact) not in seen:
            seen.add(_key(fact))
            out.append(fact)
    used = {iri for f in out for iri in _iris(f)}
    return out, {iri: m for iri, m in new.items() if iri in used}


def _linked(spec: dict, text: str, gazetteer: Gazetteer, kinds: dict[str, str],
            new: dict[str, Mention]) -> dict | None:
    """``spec`` with every name replaced by an entity IRI, or ``None`` when a name links to
    nothing (not known, and no class for a new entity)."""
    out = {k: v for k, v in spec.items() if k != "evidence"}

    def link(name: object) -> str | None:
        name = str(name or "").strip()
        if not name or len(name) > 200:
            return None
        whole = [m for m in gazetteer.find_mentions(name, "en") if m.start == 0
                 and m.end == len(name) and m.entity and not m.new]
        if whole:
            return whole[0].entity
        kind = kinds.get(name)
        if kind is None:
            return None
        iri = next((i for i, m in new.items() if m.surface == name), None) \
            or gazetteer.new_iri(name)
        at = text.find(name)
        new.setdefault(iri, Mention(max(at, 0), max(at, 0) + len(name), name, iri, (), True,
                                    str(getattr(AIKG, kind)), CONFIDENCE))
        return iri

    for key in _ENTITY_KEYS:
        if out.get(key):
            out[key] = link(out[key])
            if out[key] is None:
                return None
    for key in ("investors", "lead"):
        if key in out:
            out[key] = [link(n) for n in out[key] or []]
            if None in out[key]:
                return None
    if isinstance(out.get("chips"), list):
        chips = [{**c, "chip": link(c.get("chip"))} for c in out["chips"] if isinstance(c, dict)]
        if any(c["chip"] is None for c in chips):
            return None
        out["chips"] = chips
    return out


def _status(evidence: str, said: str) -> str:
    """The rules' status cues win over an unhedged answer."""
    if said != "Actual":
        return said
    if REPORTED.search(evidence):
        return "Reported"
    if PLANNED.search(evidence) or FUTURE.search(evidence):
        return "Planned"
    return said


def _iris(fact: Fact) -> list[str]:
    values = [getattr(fact, k, None) for k in ("subject", "object", "organization", "cluster",
                                               "holder", "chip", "manufacturer")]
    values += list(getattr(fact, "investors", []) or [])
    values += [a.chip for a in getattr(fact, "allocations", []) or []]
    return [v for v in values if isinstance(v, str) and v.startswith(str(ID))]


def _key(fact: Fact) -> tuple:
    """What makes two facts the same statement, whoever proposed them."""
    kind = type(fact).__name__
    if kind == "Relation":
        return kind, *one_direction(fact.subject, fact.predicate, fact.object)
    return (kind, *sorted(_iris(fact)))


def _unfenced(content: str) -> str:
    """A JSON text, without the Markdown code fence some models put around it."""
    match = re.fullmatch(r"\s*```(?:json)?\s*(.*?)\s*```\s*", content, re.S)
    return match.group(1) if match else content
