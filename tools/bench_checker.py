"""Measure the static page's answer checker and explorer views (part of `make bench`).

Serves the built book on 127.0.0.1, opens a chapter in headless Chromium with every other host
blocked, and times the first press of a Check button (which loads the Pyodide core) and a later
press. Also counts the bytes the checker loads, raw and gzip-compressed as a static host would
serve them, and the size of each explorer's pre-rendered views. Prints Markdown.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
CHECKER = HTML / "_static" / "checker"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
PAGE = "chapters/02-partnership.html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def checker_bytes(html: Path = HTML) -> tuple[int, int]:
    """Bytes of every file the checker loads: raw, and gzip-compressed."""
    files = [path for path in (html / CHECKER.relative_to(HTML)).rglob("*") if path.is_file()]
    raw = sum(path.stat().st_size for path in files)
    packed = sum(len(gzip.compress(path.read_bytes(), compresslevel=6)) for path in files)
    return raw, packed


def view_sizes(html: Path = HTML) -> dict[str, int]:
    """Bytes of each explorer's views, by page and explorer."""
    sizes = {}
    for folder in sorted((html / "_views").glob("**/*")):
        if folder.is_dir() and any(child.is_file() for child in folder.iterdir()):
            sizes[str(folder.relative_to(html / "_views"))] = sum(
                child.stat().st_size for child in folder.iterdir() if child.is_file())
    return sizes


def feedback_times(runs: int = 3, html: Path = HTML) -> tuple[list[float], list[float]]:
    """Seconds from a press of Check to its feedback: the first press of a page, and a later one."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    first, later = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 390, "height": 844})
                context.route("**/*", lambda route: route.continue_()
                              if urlparse(route.request.url).netloc == urlparse(base).netloc
                              else route.abort())
                page = context.new_page()
                page.goto(f"{base}/{PAGE}", wait_until="networkidle")
                # The widget scripts load when the reader reaches a widget: scroll to one.
                page.evaluate("document.querySelector('script[type=\"application/vnd.jupyter"
                              ".widget-view+json\"]').parentElement.scrollIntoView()")
                page.wait_for_selector("[data-techstate-wired]", timeout=30000)
                box = page.locator(".techstate-exercise").filter(has=page.locator("input[type=text]")).first
                area = box.locator(".widget-html-content").last
                for answer, times in (("1", first), ("2", later)):
                    box.locator("input[type=text]").fill(answer)
                    area.evaluate("el => { el.innerHTML = ''; }")
                    start = time.perf_counter()
                    box.locator("button.widget-button").click()
                    page.wait_for_function("el => el.querySelector('.techstate-feedback:not(.techstate-invalid)') "
                                           "|| el.textContent.includes('Not quite')",
                                           arg=area.element_handle(), timeout=120000)
                    times.append(time.perf_counter() - start)
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return first, later


def report(html: Path = HTML) -> str:
    """The checker's part of the benchmark report, as Markdown, for the book built in ``html``."""
    raw, packed = checker_bytes(html)
    first, later = feedback_times(html=html)
    lines = [
        "## Answer checker on the static page",
        "",
        "| figure | median | runs |",
        "|---|---|---|",
        f"| first feedback after the first press (loads the checker) | {statistics.median(first):.2f} s | "
        + ", ".join(f"{t:.2f}" for t in first) + " |",
        f"| a later press | {statistics.median(later) * 1000:.0f} ms | "
        + ", ".join(f"{t * 1000:.0f}" for t in later) + " |",
        f"| bytes the checker loads, once | {raw / 1e6:.1f} MB raw, {packed / 1e6:.1f} MB gzip | |",
        "",
        "| explorer views (page/explorer) | bytes |",
        "|---|---|",
        *(f"| {name} | {size / 1024:.0f} KiB |" for name, size in view_sizes(html).items()),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(report())
