"""The front-end library every view inlines: vis-network 9.1.2 as shipped inside the pyvis
package (read from the installed package, never from a CDN), the URL strings it contains, and
the options a view gives it (:func:`vis_options`).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

VIS_DIR = "templates/lib/vis-9.1.2"
LIBRARY_URLS = (
    "https://visjs.github.io/vis-network/", "http://almende.com", "https://github.com/visjs",
    "http://www.apache.org/licenses/LICENSE-2.0", "http://opensource.org/licenses/MIT",
    "http://www.w3.org/2000/svg", "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE")
"""``http(s)://`` strings inside the inlined vis-network: license notices, an error message
and the SVG XML namespace. None is ever requested by the page."""


def vis_assets() -> tuple[str, str]:
    """(JS, CSS) of vis-network 9.1.2 as shipped inside the pyvis package."""
    base = resources.files("pyvis").joinpath(VIS_DIR)
    return (base.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
            base.joinpath("vis-network.css").read_text(encoding="utf-8"))


def vis_options(physics_on: bool, drawn: int) -> dict[str, Any]:
    """vis-network's options for a view of ``drawn`` nodes, with physics on or off.

    Labels stay apart: strong repulsion and long springs, node labels wrapped at 130 pixels
    (the full label is the tooltip), small fonts but for the focus. (``avoidOverlap`` would
    help too, but with it vis-network never comes to rest: nodes drift ~80 px a second.)"""
    options: dict[str, Any] = {
        "physics": {"enabled": physics_on, "stabilization": {"iterations": 250},
                    "barnesHut": {"gravitationalConstant": -6000, "springLength": 150,
                                  "springConstant": 0.03}},
        "layout": {"randomSeed": 7, "improvedLayout": physics_on and drawn <= 100},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics_on},
        "edges": {"font": {"size": 10, "align": "middle"},
                  "smooth": physics_on and {"type": "dynamic"}},
        "nodes": {"borderWidth": 1, "widthConstraint": {"maximum": 130}},
    }
    if not physics_on:
        # Big views: stroked edge labels make every software-canvas redraw (each click, hover
        # or pan) take over a second at 2,000 nodes; a plain background box costs a fraction,
        # and edge labels only appear once zoomed in past 0.8.
        options["edges"]["font"].update(strokeWidth=0, background="rgba(255,255,255,0.85)")
        options["edges"]["scaling"] = {"label": {"drawThreshold": 8}}
    return options
