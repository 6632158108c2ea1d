"""Page figures for `make bench` (see tools/bench.py): Lighthouse and axe-core in Chromium.

Every page is served with gzip by tools/serve.py on 127.0.0.1. Chromium resolves no other
host, so a request to one fails at once and is counted, instead of waiting on a network
the machines do not have.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from serve import make_server

CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
METRICS = {  # Lighthouse audit id -> name in the report
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "cumulative-layout-shift": "cls",
    "speed-index": "si_ms",
    "total-byte-weight": "bytes",
    "dom-size": "dom",
}


@dataclass
class Lighthouse:
    """One Lighthouse run of one page."""

    scores: dict[str, float]  # performance, accessibility, best-practices (0-100)
    metrics: dict[str, float]
    failed_audits: list[str]  # accessibility and best-practices audits below 1
    other_hosts: list[str]
    not_found: list[str]
    console_errors: list[str]
    long_tasks: list[tuple[str, float]]


@dataclass
class PageFigures:
    runs: list[Lighthouse] = field(default_factory=list)

    def median(self, key: str) -> float:
        values = [run.scores[key] if key in run.scores else run.metrics[key] for run in self.runs]
        return statistics.median(values)


@contextmanager
def served(root: Path) -> Iterator[str]:
    """The folder ``root`` on a gzip server on 127.0.0.1, for the duration of the block."""
    server = make_server(root)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(lighthouse_bin: Path, url: str, out: Path) -> Lighthouse:
    """Run Lighthouse (mobile, simulated throttling, its defaults) on one URL."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [str(lighthouse_bin), url, f"--chrome-flags={' '.join(CHROME_FLAGS)}",
         "--only-categories=performance,accessibility,best-practices", "--output=json",
         f"--output-path={out}", "--quiet", "--disable-full-page-screenshot"],
        check=True, env=env, capture_output=True, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    scores = {key: round(category["score"] * 100) for key, category in report["categories"].items()
              if category["score"] is not None}
    metrics = {name: audits[audit]["numericValue"] for audit, name in METRICS.items() if audit in audits}
    failed = [audit["id"] for key in ("accessibility", "best-practices")
              for ref in report["categories"][key]["auditRefs"]
              if (audit := audits[ref["id"]]).get("score") is not None and audit["score"] < 1
              and ref.get("weight", 0) > 0]
    requests = audits["network-requests"]["details"]["items"]
    host = urlparse(url).netloc
    other = [r["url"] for r in requests
             if urlparse(r["url"]).scheme in ("http", "https") and urlparse(r["url"]).netloc != host]
    missing = [r["url"] for r in requests if (r.get("statusCode") or 0) >= 400]
    errors = [item.get("description", "") for item in
              audits["errors-in-console"].get("details", {}).get("items", [])]
    tasks = [(item.get("url", ""), item["duration"]) for item in
             audits.get("long-tasks", {}).get("details", {}).get("items", [])]
    return Lighthouse(scores, metrics, failed, other, missing, errors, tasks)


def axe(base: str, pages: list[str], axe_js: Path) -> dict[str, dict[str, list[str]]]:
    """axe-core on every page, at a phone's and a laptop's size.

    Returns, per page and viewport, the violations (``id (impact): targets``) and any
    console or page errors.
    """
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, list[str]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS[1:])
        for label, viewport in (("phone", {"width": 412, "height": 823}),
                                ("laptop", {"width": 1280, "height": 900})):
            for path in pages:
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                errors: list[str] = []
                page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda x, e=errors: e.append(str(x)))
                # The page's policy runs no inline script: axe comes as a file of the book's own.
                page.route(f"{base}/_axe-core/axe.min.js",
                           lambda route: route.fulfill(path=str(axe_js), content_type="text/javascript"))
                page.goto(f"{base}/{path}", wait_until="networkidle")
                page.add_script_tag(url="/_axe-core/axe.min.js")
                found = page.evaluate("""async () => (await axe.run(document,
                    {resultTypes: ['violations']})).violations.map(v =>
                    `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)""")
                results.setdefault(path, {})[label] = found
                results[path][f"{label} errors"] = errors
                context.close()
        browser.close()
    return results
