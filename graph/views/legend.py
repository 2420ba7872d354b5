"""What a graph view's legend and labels say: the style of each class (colour, shape, English and
Portuguese names), which statuses are drawn dashed, the page's words in both languages, the
label of a node in the chosen language, and the little shape drawn before each class in the
legend (:func:`shape_svg`: the shape is drawn, never written out as a word).
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
ALTERNATIVE_COLOR = "#f08c8c"
"""Edges of the other paths of a path view: lighter than the shortest path's."""
WORDS = {
    "en": {"legend": "Legend", "details": "Details", "click": "Click a node or an edge.",
           "derived": "derived", "showing": "showing {n} of {m} nodes",
           "summary": "{n} nodes, {e} edges", "actual": "actual fact",
           "dashed": "planned, reported, claimed or implied", "path": "highlighted path",
           "classes": "classes", "status": "status", "time": "time", "source": "source",
           "wikidata": "Wikidata", "home": "Home", "search": "Search entities",
           "go": "Search", "open": "Open the entity page", "relations": "Relations",
           "shortest": "shortest path", "others": "other paths ({n})"},
    "pt": {"legend": "Legenda", "details": "Detalhes", "click": "Clique num nó ou numa aresta.",
           "derived": "derivado", "showing": "a mostrar {n} de {m} nós",
           "summary": "{n} nós, {e} arestas", "actual": "facto atual",
           "dashed": "planeado, noticiado, alegado ou implícito", "path": "caminho destacado",
           "classes": "classes", "status": "estado", "time": "data", "source": "fonte",
           "wikidata": "Wikidata", "home": "Início", "search": "Procurar entidades",
           "go": "Procurar", "open": "Abrir a página da entidade", "relations": "Relações",
           "shortest": "caminho mais curto", "others": "outros caminhos ({n})"},
}
_SHAPES = {
    "dot": '<circle cx="7" cy="7" r="6"/>', "ellipse": '<ellipse cx="7" cy="7" rx="6.5" ry="4.5"/>',
    "square": '<rect x="1" y="1" width="12" height="12"/>',
    "box": '<rect x="0.5" y="3" width="13" height="8" rx="2"/>',
    "diamond": '<polygon points="7,0.5 13.5,7 7,13.5 0.5,7"/>',
    "triangle": '<polygon points="7,1 13.5,13 0.5,13"/>',
    "triangleDown": '<polygon points="0.5,1 13.5,1 7,13"/>',
    "hexagon": '<polygon points="3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7"/>',
    "star": '<polygon points="7,0.5 8.8,5 13.5,5.2 9.8,8.2 11.1,13 7,10.2 2.9,13 4.2,8.2 '
            '0.5,5.2 5.2,5"/>',
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


def shape_svg(shape: str, color: str) -> str:
    """A 14-pixel inline SVG of a vis-network node shape in ``color`` (both from
    :data:`CLASS_STYLES`, never from data), decorative (``aria-hidden``)."""
    inner = _SHAPES.get(shape, _SHAPES["dot"])
    return (f'<svg class="shape" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" '
            f'fill="{color}" stroke="#555" stroke-width="0.8">{inner}</svg>')
