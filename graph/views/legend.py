"""What a graph view's legend and labels say: the style of each class (colour, shape, English and
Portuguese names), which statuses are drawn dashed, the page's words in both languages, and
the label of a node in the chosen language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.errors import InvalidInput

LANGS = ("en", "pt")
ONT = "https://w3id.org/aikg/ont#"
CLASS_STYLES: tuple[tuple[str, str, str, str, str], ...] = (
    # (class local name, English, Portuguese, colour, vis-network shape); specific before general
    ("Person", "Person", "Pessoa", "#f4a261", "dot"),
    ("InvestmentFirm", "Investment firm", "Empresa de investimento", "#2a9d8f", "diamond"),
    ("MediaOutlet", "Media outlet", "Meio de comunicação", "#8d99ae", "triangleDown"),
    ("Company", "Company", "Empresa", "#457b9d", "square"),
    ("Organization", "Organisation", "Organização", "#6c8ebf", "square"),
    ("ChipModel", "Chip model", "Modelo de chip", "#e63946", "triangle"),
    ("LanguageModel", "Language model", "Modelo de linguagem", "#9b5de5", "star"),
    ("AIModel", "AI model", "Modelo de IA", "#b388eb", "star"),
    ("ComputeCluster", "Compute cluster", "Cluster de computação", "#fb8500", "hexagon"),
    ("Article", "Article", "Artigo", "#adb5bd", "box"),
    ("Product", "Product", "Produto", "#90be6d", "ellipse"),
)
OTHER_STYLE = ("Other", "Other", "Outro", "#cccccc", "dot")
DASHED = frozenset({"Planned", "Reported", "Claimed", "Implied", "Editorial"})
DERIVED_COLOR, EDGE_COLOR, HIGHLIGHT_COLOR = "#7b2cbf", "#8a8a8a", "#d62828"
WORDS = {
    "en": {"legend": "Legend", "details": "Details", "click": "Click a node or an edge.",
           "derived": "derived", "showing": "showing {n} of {m} nodes",
           "summary": "{n} nodes, {e} edges", "actual": "actual fact",
           "dashed": "planned, reported, claimed or implied", "path": "highlighted path",
           "classes": "classes", "status": "status", "time": "time", "source": "source",
           "wikidata": "Wikidata"},
    "pt": {"legend": "Legenda", "details": "Detalhes", "click": "Clique num nó ou numa aresta.",
           "derived": "derivado", "showing": "a mostrar {n} de {m} nós",
           "summary": "{n} nós, {e} arestas", "actual": "facto atual",
           "dashed": "planeado, noticiado, alegado ou implícito", "path": "caminho destacado",
           "classes": "classes", "status": "estado", "time": "data", "source": "fonte",
           "wikidata": "Wikidata"},
}


def check_lang(lang: str) -> str:
    """``en`` or ``pt``, else ``InvalidInput``."""
    if lang not in LANGS:
        raise InvalidInput("lang must be en or pt", parameter="lang")
    return lang


def local_name(iri: str | None) -> str:
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def class_style(classes: Iterable[str]) -> tuple[str, str, str, str, str]:
    names = {local_name(c) for c in classes}
    return next((s for s in CLASS_STYLES if s[0] in names), OTHER_STYLE)


def node_label(data: dict[str, Any], lang: str, fallback: str) -> str:
    return str(data.get(f"label_{lang}") or data.get("label_en") or data.get("label")
               or data.get("id") or fallback)
