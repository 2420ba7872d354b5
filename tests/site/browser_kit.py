"""What the browser tests of the web pages share: a Chromium tab whose requests outside
localhost are aborted and recorded, with its console errors (CSP violations included), and an
axe-core accessibility check (axe-core vendored under ``vendor/``, for the tests only)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""
"""Collects the page's CSP violations in ``window.__csp`` (they also reach the console)."""


class Tab:
    """A page whose outside requests are aborted and recorded, with its console errors."""

    def __init__(self, browser, *, width: int = 1280, height: int = 900, **options) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           **options)
        self.refused: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.add_init_script(CSP_LISTENER)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("websocket", lambda ws: self.refused.append(ws.url))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _guard(self, route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS or \
                parts.scheme in ("data", "blob", "about"):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def open(self, url: str):
        response = self.page.goto(url)
        assert response is not None and response.ok, (url, response and response.status)
        return response

    def clean(self) -> None:
        """Nothing left localhost and nothing was logged as an error."""
        assert self.refused == []
        assert all(urlsplit(u).hostname in LOCAL_HOSTS for u in self.requests
                   if urlsplit(u).scheme in ("http", "https"))
        assert self.errors == []

    def close(self) -> None:
        self.context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """The axe-core violations of the page at these impacts, as ``rule: target`` lines."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                       nodes: v.nodes.map(n => n.target.join(' '))}));
    }""")
    return [f"{v['id']} ({v['impact']}): {', '.join(v['nodes'][:3])}"
            for v in result if v["impact"] in impacts]
