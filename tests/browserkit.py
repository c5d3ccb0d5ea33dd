"""Shared for the browser tests: Debian's Chromium driven by Playwright, and an axe-core scan."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@contextmanager
def error_free_page(browser, **options) -> Iterator:
    """A page in a fresh browser context (German locale); on leaving, the context closes and
    no script error may have reached the page."""
    context = browser.new_context(locale="de-DE", **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# The element that has focus, looking into shadow roots (document.activeElement stops at the
# widget's host element).
DEEP_FOCUS = """() => { let e = document.activeElement;
    while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
    return e; }"""


class PageServer:
    """A web page of another origin (a city's CMS): serves fixed HTML pages by path, each with
    its own headers, from a thread. ``with PageServer(origin) as site: site.pages[...] = ...``"""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.pages: dict[str, tuple[str, dict[str, str]]] = {}

    def add(self, path: str, html: str, **headers: str) -> str:
        self.pages[path] = (html, headers)
        return self.origin + path

    def __enter__(self) -> PageServer:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                html, headers = pages.get(self.path, ("Nicht gefunden", {}))
                body = html.encode()
                self.send_response(200 if self.path in pages else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        host, port = self.origin.removeprefix("http://").split(":")
        self.server = ThreadingHTTPServer((host, int(port)), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
