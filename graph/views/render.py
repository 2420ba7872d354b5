"""A networkx graph → one self-contained, offline HTML page (vis-network through pyvis).

:func:`render_html` is the only renderer. It fixes what pyvis 0.3.2 gets wrong for a service
(see ``../shared/design/service-bar.md`` §2 items 10–13):

* **Offline.** pyvis's own template loads Bootstrap from jsdelivr in every mode and vis-network
  from cdnjs unless ``cdn_resources="in_line"``, and prints the heading twice. We render through
  pyvis's ``Network.generate_html`` (never ``write_html``, which copies a ``lib/`` folder into the
  working directory) but with our own template (``graph/views/templates/view.html``): one ``<h1>``, no
  external ``<script src>`` or ``<link href>``, and vis-network's JS and CSS inlined from the copy
  shipped inside the pyvis package. The only ``http(s)://`` strings left besides data IRIs are
  the library's own license notices and the SVG namespace (:data:`graph.views.assets.LIBRARY_URLS`), never fetched.
* **Fast.** pyvis's ``add_node``/``add_edge`` are quadratic (list membership tests, and an edge
  scan per edge on undirected networks): the node and edge lists are filled directly.
* **Safe tooltips.** vis-network 9 shows a string ``title`` with ``innerText``, so tooltips are
  plain text (newlines for lines), never HTML; the data is embedded with Jinja's ``tojson``, which
  escapes ``<``, ``>``, ``&`` and ``'``, so a label cannot close the ``<script>``.
* **Big graphs.** At most ``max_nodes`` nodes are drawn (focus and highlighted nodes first, then by
  degree), with a visible "showing N of M nodes" note. Past :data:`LAYOUT_THRESHOLD` drawn nodes
  (or when ``physics=False``) the layout is computed here — a seeded Fruchterman–Reingold with
  the grid (cut-off) repulsion of the original paper, vectorised with numpy and a k-d tree — and
  sent as fixed ``x``/``y`` with physics off, so the browser draws at once.
* **Deterministic.** Same graph and arguments → same bytes: seeded layout rounded to whole
  pixels, nodes and edges in sorted order, JSON with sorted keys, no random ids.

Styling: node colour and shape by class (:data:`CLASS_STYLES`, most specific known class wins)
with a legend (shapes drawn); node size by degree (or a numeric node attribute); edge labels
from the predicate's label in ``lang`` with chip quantities (:mod:`graph.views.details`);
planned, reported, claimed, implied and editorial facts dashed; derived facts violet and
labelled "(derived)"; highlighted edges thick red, ``other_edges`` lighter red; parallel edges
fanned out. Each page has a header (home link, search form). Clicking a node shows its
details (link to its entity page, relations, each row once), an edge its tooltip text; in a
capped view, clicking a node also draws up to ``expand_limit`` of its hidden neighbours.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader

from graph.errors import InvalidInput
from graph.views.assets import vis_assets, vis_options
from graph.views.details import (
    colour,
    edge_text,
    entity_href,
    home_href,
    relation_rows,
    status_word,
    stored_as,
)
from graph.views.embedded import embedded, embedded_expansion  # noqa: F401  (re-exported)
from graph.views.layout import layout
from graph.views.legend import (
    ALTERNATIVE_COLOR,
    CLASS_STYLES,
    DASHED,
    DERIVED_COLOR,
    EDGE_COLOR,
    HIGHLIGHT_COLOR,
    WORDS,
    check_lang,
    class_style,
    local_name,
    node_label,
    shape_svg,
)
from graph.views.pyvis_class import network_class

TEMPLATES = Path(__file__).with_name("templates")
LAYOUT_THRESHOLD = 300
"""More drawn nodes than this: server-side layout and physics off (unless ``physics=True``)."""
MAX_NODES = 10_000
MAX_EXPAND = 100
"""Most hidden neighbours one click may add (``expand_limit``)."""
def _select(graph: nx.Graph, max_nodes: int, keep: list[Any]) -> list[Any]:
    """The nodes to draw: ``keep`` first, then by degree (highest first), then by name."""
    if graph.number_of_nodes() <= max_nodes:
        return sorted(graph, key=str)
    chosen = list(dict.fromkeys(n for n in keep if n in graph))[:max_nodes]
    taken = set(chosen)
    rest = sorted((n for n in graph if n not in taken), key=lambda n: (-graph.degree(n), str(n)))
    return sorted(chosen + rest[:max_nodes - len(chosen)], key=str)


def render_html(graph: nx.Graph, *, title: str, lang: str = "en",
                highlight_edges: Iterable[tuple[Any, ...]] = (), focus: Any = None,
                other_edges: Iterable[tuple[Any, Any, Any]] = (),
                size_by: str = "degree", max_nodes: int = 1500, physics: bool | None = None,
                notes: Iterable[str] = (), height: str = "780px",
                expand_limit: int = 10, other_paths: int = 0) -> str:
    """One self-contained HTML page drawing ``graph`` (see the module docstring).

    Args:
        graph: any networkx graph; projection attributes are used when present (nodes:
            ``label_en``/``label_pt``, ``id``, ``classes``, ``wikidata``; edges: ``predicate``,
            ``label_en``/``label_pt``, ``status``, ``time``, ``time_property``, ``source``).
        title: the page's single heading (escaped).
        highlight_edges: ``(u, v)`` (every edge between u and v, either way) or ``(u, v, key)``
            tuples to draw thick and red; their end nodes are always drawn.
        other_edges: ``(u, v, key)`` edges drawn highlighted but lighter (the other paths of
            a path view); their end nodes are always drawn too.
        focus: a node (or list of nodes) drawn larger with a thick border and always kept.
        size_by: ``"degree"`` or the name of a numeric node attribute.
        max_nodes: most nodes drawn (1–10,000); the page says "showing N of M nodes" when capped.
        physics: ``None`` = on up to :data:`LAYOUT_THRESHOLD` drawn nodes, else off with fixed
            server-side coordinates; ``True``/``False`` force it.
        notes: extra sentences shown under the heading (e.g. "result truncated").
        expand_limit: when the view is capped, clicking a drawn node draws at most this many
            (0–:data:`MAX_EXPAND`) of its hidden neighbours, most connected first, with the
            edges between drawn nodes. For each drawn node the records of at most
            ``expand_limit`` hidden neighbours (and the edges joining them to drawn or other
            embedded nodes) are embedded in the page, which stays offline; 0 turns it off.
        other_paths: how many other paths ``other_edges`` hold (the legend says it).

    Node attributes ``details`` (lines of text) and ``color`` (``#rrggbb``) and edge attribute
    ``details`` are honoured too (query views use them).
    """
    check_lang(lang)
    if not isinstance(max_nodes, int) or not 1 <= max_nodes <= MAX_NODES:
        raise InvalidInput(f"max_nodes must be between 1 and {MAX_NODES}", parameter="max_nodes")
    if not isinstance(expand_limit, int) or not 0 <= expand_limit <= MAX_EXPAND:
        raise InvalidInput(f"expand_limit must be between 0 and {MAX_EXPAND}",
                           parameter="expand_limit")
    Network = network_class()
    words = WORDS[lang]
    focused = [] if focus is None else list(focus) if isinstance(focus, (list, tuple, set,
                                                                          frozenset)) else [focus]
    wanted_pairs, wanted_keys = set(), set()
    for item in highlight_edges:
        (wanted_keys if len(item) == 3 else wanted_pairs).add(tuple(item))
    lighter = {tuple(item) for item in other_edges} - wanted_keys
    ends = [n for item in sorted(wanted_pairs | wanted_keys, key=str) + sorted(lighter, key=str)
            for n in item[:2]]
    drawn = _select(graph, max_nodes, focused + ends)
    drawn_set = set(drawn)
    sub = graph.subgraph(drawn)
    multi = sub.is_multigraph()
    edge_rows = sorted(sub.edges(keys=True, data=True) if multi else
                       ((u, v, 0, d) for u, v, d in sub.edges(data=True)),
                       key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    physics_on = len(drawn) <= LAYOUT_THRESHOLD if physics is None else bool(physics)
    positions = {} if physics_on else layout(drawn, [(u, v) for u, v, _, _ in edge_rows])

    if size_by == "degree":
        metric = {n: float(sub.degree(n)) for n in drawn}
    else:
        metric = {n: float(sub.nodes[n].get(size_by) or 0) for n in drawn}
    top = max(metric.values(), default=0.0) or 1.0

    total = graph.number_of_nodes()
    hidden_of: dict[Any, list[Any]] = {}
    if expand_limit and len(drawn) < total:
        rank = {}
        for n in drawn:
            around = {m for m in nx.all_neighbors(graph, n) if m not in drawn_set}
            for m in around:
                if m not in rank:
                    rank[m] = (-graph.degree(m), str(m))
            if around:
                hidden_of[n] = sorted(around, key=rank.__getitem__)[:expand_limit]
    hidden = sorted({m for ms in hidden_of.values() for m in ms}, key=str)
    node_ids = {n: i for i, n in enumerate(drawn + hidden)}
    legend: dict[str, dict[str, Any]] = {}

    def node_record(n: Any) -> dict[str, Any]:
        data = graph.nodes[n]
        style = class_style(data.get("classes") or ())
        if n in drawn_set:
            name = style[1] if lang == "en" else style[2]
            entry = legend.setdefault(style[0], {
                "name": name, "color": style[3], "shape": style[4], "count": 0,
                "order": CLASS_STYLES.index(style) if style in CLASS_STYLES
                else len(CLASS_STYLES)})
            entry["count"] += 1
            value = metric[n]
        elif size_by == "degree":
            value = min(float(graph.degree(n)), top)
        else:
            value = min(float(data.get(size_by) or 0), top)
        label = node_label(data, lang, str(n))
        lines = [label, f"id: {data.get('id', n)}"]  # the tooltip: the full label, on hover
        if data.get("classes"):
            lines.append(f"{words['classes']}: " + ", ".join(local_name(c) for c in data["classes"]))
        if data.get("wikidata"):
            lines.append(f"{words['wikidata']}: {data['wikidata']}")
        lines += [str(line) for line in data.get("details") or ()]
        node = {"id": node_ids[n], "key": str(data.get("id", n)), "label": label,
                "title": "\n".join(lines), "color": colour(data.get("color")) or style[3],
                "shape": style[4],
                "size": round(10 + 25 * math.sqrt(max(value, 0.0) / top), 1),
                "font": {"size": 12}, "rows": relation_rows(graph, n, lang)}
        href = entity_href(n, lang)
        if href:
            node["href"] = href
        if n in focused:
            node["borderWidth"] = 4
            node["size"] = max(node["size"], 30)
            node["font"] = {"size": 16, "bold": True}
        if n in positions:
            node["x"], node["y"] = positions[n]
        return node

    def edge_record(number: int, u: Any, v: Any, key: Any, data: dict[str, Any]
                    ) -> dict[str, Any]:
        status = data.get("status") or "Actual"
        text = edge_text(data, lang)
        derived = status == "Derived"
        if derived:
            text += f" ({words['derived']})"
        hot = (u, v, key) in wanted_keys or (u, v) in wanted_pairs or (v, u) in wanted_pairs
        other = not hot and (u, v, key) in lighter
        lines = [f"{node_label(graph.nodes[u], lang, str(u))} —{text}→ "
                 f"{node_label(graph.nodes[v], lang, str(v))}",
                 f"{words['status']}: {status_word(status, lang)}"]
        if data.get("time"):
            lines.append(f"{words['time']}: {data.get('time_property') or ''} {data['time']}"
                         .replace(":  ", ": "))
        if data.get("source"):
            lines.append(f"{words['source']}: {data['source']}")
        lines += [str(line) for line in data.get("details") or ()]
        lines += [line for line in [stored_as(data)] if line]
        edge = {"id": number, "from": node_ids[u], "to": node_ids[v], "label": text,
                "title": "\n".join(lines), "status": status, "arrows": "to",
                "color": HIGHLIGHT_COLOR if hot else ALTERNATIVE_COLOR if other
                else DERIVED_COLOR if derived else EDGE_COLOR,
                "width": 5 if hot else 3 if other else 1.5, "dashes": status in DASHED}
        pair = (u, v) if str(u) <= str(v) else (v, u)
        bend = parallel[pair] = parallel.get(pair, -1) + 1
        if bend:  # parallel edges fan out, so their labels do not sit on each other
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if bend % 2 else "curvedCCW",
                              "roundness": round(0.2 * ((bend + 1) // 2), 2)}
        if hot:
            edge["highlight"] = True
        elif other:
            edge["alternative"] = True
        return edge

    parallel: dict[tuple[Any, Any], int] = {}

    net_nodes = [node_record(n) for n in drawn]
    net_edges = [edge_record(number, u, v, key, data)
                 for number, (u, v, key, data) in enumerate(edge_rows)]
    expansion = None
    if hidden:
        hidden_set = set(hidden)
        near = drawn_set | hidden_set
        views = ([graph.out_edges, graph.in_edges] if graph.is_directed() else [graph.edges])
        found: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
        for view in views:
            rows = (view(hidden, keys=True, data=True) if multi else
                    ((u, v, 0, d) for u, v, d in view(hidden, data=True)))
            for u, v, key, data in rows:
                if u in near and v in near and (v, u, key) not in found:
                    found[(u, v, key)] = data
        extra_rows = sorted(((u, v, key, data) for (u, v, key), data in found.items()),
                            key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
        expansion = {
            "limit": expand_limit, "total": total,
            "note": words["showing"], "summary": words["summary"],
            "nodes": {node_ids[n]: node_record(n) for n in hidden},
            "edges": [edge_record(len(net_edges) + i, u, v, key, data)
                      for i, (u, v, key, data) in enumerate(extra_rows)],
            "more": {node_ids[n]: [node_ids[m] for m in ms] for n, ms in hidden_of.items()}}

    options = vis_options(physics_on, len(drawn))
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    env.globals.update(
        lang=lang, words=words, expansion=expansion,
        summary=words["summary"].format(n=len(drawn), e=len(net_edges)),
        showing=words["showing"].format(n=len(drawn), m=total) if len(drawn) < total else "",
        note=" ".join(str(x) for x in notes),
        legend=[{**e, "svg": shape_svg(e["shape"], e["color"])}
                for e in sorted(legend.values(), key=lambda e: e["order"])],
        home=home_href(lang), edge_legend=[
            {"name": words["actual"], "color": EDGE_COLOR, "style": "solid", "width": 2},
            {"name": words["dashed"], "color": EDGE_COLOR, "style": "dashed", "width": 2},
            {"name": words["derived"], "color": DERIVED_COLOR, "style": "solid", "width": 2},
            *([{"name": words["shortest" if lighter else "path"], "color": HIGHLIGHT_COLOR,
                "style": "solid", "width": 5}] if wanted_pairs or wanted_keys else []),
            *([{"name": words["others"].format(n=other_paths), "color": ALTERNATIVE_COLOR,
                "style": "solid", "width": 3}] if lighter else [])])
    net = Network(height=height, width="calc(100% - 24em)", directed=True, heading=title,
                  cdn_resources="in_line")
    net.templateEnv = env
    net.path = "view.html"
    net.nodes, net.edges = net_nodes, net_edges
    net.node_ids = [node["id"] for node in net_nodes]
    net.options = options
    page = net.generate_html()
    js, css = vis_assets()
    head, marker, rest = page.partition("/*@AIKG_VIS_CSS@*/")
    page = head + css + rest
    head, marker, rest = page.partition("/*@AIKG_VIS_JS@*/")
    return head + js + rest
