"""The front-end library every view inlines: vis-network 9.1.2 as shipped inside the pyvis
package (read from the installed package, never from a CDN), and the URL strings it contains.
"""

from __future__ import annotations

from importlib import resources

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
