"""Time the static page's answer checker as a reader meets it, on a phone and on a laptop.

Part of `make bench` (tools/bench.py calls report()), and runnable alone to compare two builds:

    python tools/bench_checker.py [_build/html] [--runs 3] [--json FILE] [--shots DIR]

A reader opens a chapter, scrolls to its first exercise, answers and presses Check. What they
wait for is: the exercise's Check button on screen, then a verdict. Both depend on how much
the page loads and when (widget scripts, the Pyodide core), so they are timed in headless
Chromium on two machines: a mid-range phone (4× CPU slowdown; 150 ms latency and 9 Mb/s each
way, through the Chrome DevTools Protocol) and a laptop (no throttling). Each run starts from
a fresh browser context, whose cache is empty. Figures, each the median of the runs:

1. Check button on screen: from navigation start until the first exercise's Check button is
   on screen, the exercise scrolled into view just after the load event. On a page whose
   exercises are widgets this includes loading the widget manager.
2. First verdict, pressed at once: an answer given and Check pressed as soon as the button
   shows; from the press to a verdict.
3. First verdict after 10 s near the exercise: scrolled to it, 10 s, then pressed.
4. Next page, warm cache: in the same context right after (3), a second chapter is opened and
   its first exercise pressed at once; from the press to a verdict.
5. Bytes: what the network delivered (the sum of CDP Network.loadingFinished
   encodedDataLength: compressed bodies plus headers; a response from the browser's cache
   counts nothing) after the load event and 2 s with no scrolling, and by the first verdict.

Also timed: the load event, a second press on the same exercise, and how long the page's
main thread was busy from navigation start to the first verdict (the sum of its tasks, CDP
Performance.getMetrics TaskDuration): while it is busy the page answers no tap or scroll.

The exercise is found the same way whatever draws it: the first `.techstate-exercise`, its
button named "Check", and a `.techstate-feedback` inside it whose text does not contain
"Loading". Times are taken in the page (performance.now, the click event's timeStamp), so the
benchmark's own round trips do not count. A verdict that has not come 60 s after the press
is a failure, reported as such. The message that the browser cannot run the checker is one
too.

The book is served by tools/serve.py's gzip server with `cache_static` (files under _static/
may be kept for an hour, as on a static host; without it the second page would fetch the
checker again). Every other host fails to resolve in Chromium. Not Playwright's routing: a
routed context has its HTTP cache switched off, which would make the warm page a cold one.

Also reported, as before: the bytes of the checker and of the widget scripts, raw and
gzip-compressed, and the size of each explorer's pre-rendered views.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import make_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
FIRST_PAGE = "chapters/02-partnership.html"
NEXT_PAGE = "chapters/04-misaligned-incentives.html"
RUNS = 3
NEAR_SECONDS = 10
IDLE_SECONDS = 2
VERDICT_TIMEOUT_S = 60
UNAVAILABLE = "cannot run the answer checker"  # techstate-checks.js, when Pyodide fails


@dataclass(frozen=True)
class Profile:
    """A reader's machine: its screen, and the CPU and network slowdown Chromium applies."""

    name: str
    viewport: tuple[int, int]
    scale: float
    mobile: bool
    cpu_slowdown: float | None = None
    latency_ms: float | None = None
    bytes_per_s: float | None = None  # each way

    def describe(self) -> str:
        throttled = (f"{self.cpu_slowdown:g}× CPU slowdown, {self.latency_ms:g} ms latency, "
                     f"{self.bytes_per_s * 8 / 1e6:g} Mb/s down and up" if self.cpu_slowdown
                     else "no throttling")
        return f"{self.viewport[0]} × {self.viewport[1]} at {self.scale:g}×, {throttled}"


PHONE = Profile("phone", (412, 823), 1.75, True, cpu_slowdown=4, latency_ms=150,
                bytes_per_s=9_000_000 / 8)
LAPTOP = Profile("laptop", (1280, 900), 1.0, False)
PROFILES = (PHONE, LAPTOP)

# (key, label, unit) of each timed figure, in the order of the report.
FIGURES = [
    ("box_visible", "Check button on screen, from navigation start (scrolled to at load)", "s"),
    ("first_verdict", "first verdict, pressed as soon as the button shows (from the press)", "s"),
    ("later_verdict", "a second press on the same exercise (from the press)", "s"),
    ("near_verdict", f"first verdict after {NEAR_SECONDS} s near the exercise (from the press)", "s"),
    ("next_box_visible", "next page, warm cache: Check button on screen, from navigation start", "s"),
    ("next_verdict", "next page, warm cache: first verdict, pressed at once (from the press)", "s"),
    ("load", "load event, from navigation start (first page)", "s"),
    ("main_thread", "main thread busy, from navigation start to the first verdict (pressed at once)", "s"),
    ("bytes_before", f"bytes transferred before any interaction (load + {IDLE_SECONDS} s, no scrolling)",
     "bytes"),
    ("bytes_first_verdict", "bytes transferred by the first verdict (pressed at once)", "bytes"),
    ("bytes_next", "next page, warm cache: bytes transferred by its first verdict", "bytes"),
]

# Watches the page from its first script on: when the first exercise's Check button is on
# screen, when Check is pressed, and when a verdict replaces what its feedback showed.
WATCH = r"""
(() => {
  if (window !== window.top) return;
  const state = window.__bench = {
    drawn: null, visible: null, press: null, loading: null, verdict: null,
    verdictText: null, verdictClass: null, presses: 0, scrolled: false, rescrolls: 0,
  };
  const exercise = () => document.querySelector(".techstate-exercise");
  const checkButton = (box) => box && Array.from(box.querySelectorAll("button"))
    .find((b) => (b.getAttribute("aria-label") || b.textContent).trim() === "Check") || null;
  const onScreen = (el) => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) return false;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  };
  // Once the benchmark has scrolled to the exercise (SCROLL sets state.scrolled), a button
  // drawn off screen is scrolled to, as a reader would whose exercise appears beside the
  // screen (a widget drawn above the text in view is pushed up by the browser's scroll
  // anchoring).
  const watch = () => {
    const button = checkButton(exercise());
    if (button) {
      const r = button.getBoundingClientRect();
      if (state.drawn === null && r.width && r.height) state.drawn = performance.now();
      if (onScreen(button)) { state.visible = performance.now(); return; }
      if (state.drawn !== null && state.scrolled && state.rescrolls < 5) {
        state.rescrolls += 1;
        button.scrollIntoView({ block: "center" });
      }
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);

  const feedback = (box) => Array.from(box.querySelectorAll(".techstate-feedback"));
  const text = (el) => el.textContent.trim();
  let before = new Map();
  let observer = null;
  const look = () => {
    const box = exercise();
    if (!box || state.verdict !== null) return;
    for (const el of feedback(box)) {
      const t = text(el);
      if (!t || before.get(el) === t) continue;
      if (t.includes("Loading")) {
        if (state.loading === null) state.loading = performance.now();
        continue;
      }
      state.verdict = performance.now();
      state.verdictText = t.slice(0, 300);
      state.verdictClass = String(el.className);
      observer.disconnect();
      return;
    }
  };
  document.addEventListener("click", (event) => {
    const box = exercise();
    const button = checkButton(box);
    if (!button || !(event.target instanceof Node) || !button.contains(event.target)) return;
    Object.assign(state, { press: event.timeStamp, loading: null, verdict: null,
                           verdictText: null, verdictClass: null, presses: state.presses + 1 });
    before = new Map(feedback(box).map((el) => [el, text(el)]));
    if (observer) observer.disconnect();
    observer = new MutationObserver(look);
    observer.observe(box, { childList: true, subtree: true, characterData: true });
  }, true);
})();
"""

# Scrolls the first exercise into view as a reader would. Before a widget manager has drawn
# it there is no `.techstate-exercise` yet: then its place is the target, the output that
# holds its answer (the widget is drawn just above it).
SCROLL = """() => {
  let target = document.querySelector(".techstate-exercise");
  if (!target) {
    const data = document.querySelector("script.techstate-exercise-data");
    target = data && data.parentElement;
  }
  if (!target) return false;
  target.scrollIntoView({ block: "center" });
  window.__bench.scrolled = true;
  return true;
}"""


class Failure(Exception):
    """A figure that could not be measured in this run; the report says why."""


# ----------------------------------------------------------------------------- files

def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def file_bytes(files: list[Path]) -> tuple[int, int]:
    """Bytes of ``files``: raw, and gzip-compressed as a static host would serve them."""
    return sum(path.stat().st_size for path in files), sum(_gzip_size(path) for path in files)


def checker_files(html: Path = HTML) -> list[Path]:
    """Every file of the answer checker (Pyodide core, answers.py)."""
    return sorted(path for path in (html / "_static" / "checker").rglob("*") if path.is_file())


def widget_files(html: Path = HTML) -> list[Path]:
    """The widget JavaScript the pages load: require.js, the widget manager and its assets."""
    static = html / "_static"
    files = [static / "require.js"] if (static / "require.js").is_file() else []
    for folder in ("widgets", "@jupyter-widgets"):
        files += sorted(path for path in (static / folder).rglob("*") if path.is_file())
    return files


def checker_bytes(html: Path = HTML) -> tuple[int, int]:
    """Bytes of every file the checker loads: raw, and gzip-compressed."""
    return file_bytes(checker_files(html))


def view_sizes(html: Path = HTML) -> dict[str, int]:
    """Bytes of each explorer's views, by page and explorer."""
    sizes = {}
    for folder in sorted((html / "_views").glob("**/*")):
        if folder.is_dir() and any(child.is_file() for child in folder.iterdir()):
            sizes[str(folder.relative_to(html / "_views"))] = sum(
                child.stat().st_size for child in folder.iterdir() if child.is_file())
    return sizes


# ----------------------------------------------------------------------------- browser

@contextmanager
def served(html: Path):
    """The built book on 127.0.0.1, assets under _static/ cacheable, for the block."""
    server = make_server(html, cache_static=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Tab:
    """A page in a fresh browser context, throttled as ``profile`` says, counting bytes."""

    def __init__(self, browser, profile: Profile, base: str) -> None:
        self.context = browser.new_context(
            viewport={"width": profile.viewport[0], "height": profile.viewport[1]},
            device_scale_factor=profile.scale, is_mobile=profile.mobile, has_touch=profile.mobile)
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.page.set_default_timeout(VERDICT_TIMEOUT_S * 1000)
        self.profile = profile
        self.host = urlparse(base).netloc
        self.bytes = 0
        self.other_hosts: list[str] = []
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.send("Network.enable")
        self.cdp.send("Performance.enable")
        # A dedicated worker (a checker may run in one) is a target of its own: its requests
        # are not in the page's Network events, and it starts unthrottled. Attach to each
        # (the older, unflattened way: Playwright's session object cannot address a child
        # session), count its bytes, and ask for the CPU slowdown, which Chromium refuses
        # for workers; the report says how many ran at full speed.
        self.workers = 0
        self.unthrottled_workers = 0
        self._ids = itertools.count(1)
        self._throttle_requests: set[int] = set()
        self.cdp.on("Target.attachedToTarget", self._attached)
        self.cdp.on("Target.receivedMessageFromTarget", self._from_target)
        self.cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                               "flatten": False})
        if profile.cpu_slowdown:
            self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
        if profile.latency_ms is not None:
            self.cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": profile.latency_ms,
                "downloadThroughput": profile.bytes_per_s, "uploadThroughput": profile.bytes_per_s})

    def _to_target(self, session: str, method: str, params: dict | None = None) -> int:
        number = next(self._ids)
        self.cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": json.dumps(
            {"id": number, "method": method, "params": params or {}})})
        return number

    def _attached(self, event: dict) -> None:
        session = event["sessionId"]
        if event["targetInfo"]["type"] == "worker":
            self.workers += 1
            self._to_target(session, "Network.enable")
            if self.profile.cpu_slowdown:
                self._throttle_requests.add(self._to_target(
                    session, "Emulation.setCPUThrottlingRate", {"rate": self.profile.cpu_slowdown}))
        self._to_target(session, "Runtime.runIfWaitingForDebugger")

    def _from_target(self, event: dict) -> None:
        message = json.loads(event["message"])
        if message.get("id") in self._throttle_requests and "error" in message:
            self.unthrottled_workers += 1
        elif message.get("method") == "Network.loadingFinished":
            self._finished(message["params"])
        elif message.get("method") == "Network.requestWillBeSent":
            self._sent(message["params"])

    def _finished(self, event: dict) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    def _sent(self, event: dict) -> None:
        url = event["request"]["url"]
        if url.startswith("http") and urlparse(url).netloc != self.host:
            self.other_hosts.append(url)

    def task_seconds(self) -> float:
        """Seconds the page's main thread has spent on tasks since its document opened."""
        metrics = self.cdp.send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "TaskDuration")

    def close(self) -> None:
        self.context.close()


def _state(page) -> dict:
    return page.evaluate("() => ({ ...window.__bench })")


def _open(tab: Tab, url: str) -> float:
    """Open ``url`` up to its load event; seconds from navigation start to that event."""
    tab.page.goto(url, wait_until="load", timeout=120_000)
    return tab.page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventStart") / 1000


def _scroll(page) -> None:
    if not page.evaluate(SCROLL):
        raise Failure("the page has no exercise")


def _wait_visible(page) -> tuple[float, int]:
    """Seconds from navigation start until the first exercise's Check button was on screen,
    and how often it had to be scrolled to after it was drawn."""
    try:
        page.wait_for_function("() => window.__bench.visible !== null", polling=100,
                               timeout=VERDICT_TIMEOUT_S * 1000)
    except Exception as error:
        if "Timeout" not in str(error):
            raise
        state = _state(page)
        raise Failure("the Check button was never on screen" if state["drawn"] is None
                      else "the Check button was drawn but not on screen") from None
    state = _state(page)
    return state["visible"] / 1000, state["rescrolls"]


def _answer(page, attempt: int) -> None:
    """Give an answer, as a reader would before pressing: a different one on each attempt."""
    box = page.locator(".techstate-exercise").first
    radios = box.locator("input[type=radio]")
    if radios.count():
        radios.nth(attempt % radios.count()).check()
        return
    texts = box.locator("input[type=text], input[type=number], input:not([type]), textarea")
    if texts.count():
        texts.first.fill(str(attempt + 1))
        return
    selects = box.locator("select")
    for index in range(selects.count()):
        select = selects.nth(index)
        options = select.locator("option").count()
        if options > 1:
            select.select_option(index=1 + (index + attempt) % (options - 1))


def _press(page, attempt: int) -> tuple[float, dict]:
    """Answer, press Check, and wait for the verdict: seconds from the press, and its state."""
    _answer(page, attempt)
    box = page.locator(".techstate-exercise").first
    presses = _state(page)["presses"]
    box.get_by_role("button", name="Check", exact=True).click()
    try:
        page.wait_for_function(f"() => window.__bench.presses > {presses} && window.__bench.verdict !== null",
                               polling=100, timeout=VERDICT_TIMEOUT_S * 1000 + 5000)
    except Exception as error:
        if "Timeout" not in str(error):
            raise
        state = _state(page)
        if state["presses"] <= presses:
            raise Failure("the press of Check did not reach the exercise") from None
        raise Failure(f"no verdict within {VERDICT_TIMEOUT_S} s"
                      + (" (still loading)" if state["loading"] is not None else "")) from None
    state = _state(page)
    seconds = (state["verdict"] - state["press"]) / 1000
    if UNAVAILABLE in (state["verdictText"] or ""):
        raise Failure("the page said it cannot run the checker")
    if seconds > VERDICT_TIMEOUT_S:
        raise Failure(f"no verdict within {VERDICT_TIMEOUT_S} s (came after {seconds:.0f} s)")
    return seconds, state


def _reason(failure: Exception) -> str:
    if isinstance(failure, Failure):
        return str(failure)
    return f"{type(failure).__name__}: {str(failure).splitlines()[0] if str(failure) else ''}"


class Run:
    """One scenario in one browser context: its figures, and what went wrong or was odd."""

    def __init__(self, browser, profile: Profile, base: str, shots: Path | None, tag: str) -> None:
        self.tab = Tab(browser, profile, base)
        self.base, self.shots, self.tag = base, shots, tag
        self.figures: dict[str, float] = {}
        self.failures: list[str] = []
        self.notes: list[str] = []

    def open(self, page: str) -> float:
        return _open(self.tab, f"{self.base}/{page}")

    def visible(self, key: str, page: str) -> bool:
        """Scroll to the exercise and record when its Check button shows, as ``key``."""
        try:
            _scroll(self.tab.page)
            self.figures[key], rescrolls = _wait_visible(self.tab.page)
        except Exception as failure:  # a timeout or a page gone wrong: a failed figure, not a crash
            self.failures.append(f"{key}: {_reason(failure)}")
            return False
        if rescrolls:
            self.notes.append(f"{page}: the Check button was drawn off screen and scrolled to")
        self.shot(key)
        return True

    def verdict(self, key: str, page: str, attempt: int = 0) -> bool:
        """Answer, press Check, and record the seconds to the verdict as ``key``."""
        try:
            self.figures[key], state = _press(self.tab.page, attempt)
        except Exception as failure:
            self.failures.append(f"{key}: {_reason(failure)}")
            return False
        self.notes.append(f"{page}, {key}: verdict {state['verdictClass']!r}: {state['verdictText'][:80]!r}")
        self.shot(key)
        return True

    def shot(self, key: str) -> None:
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            self.tab.page.screenshot(path=str(self.shots / f"{self.tag}-{key}.png"))

    def close(self) -> None:
        if self.tab.unthrottled_workers:
            self.notes.append(f"{self.tab.unthrottled_workers} of {self.tab.workers} dedicated workers "
                              "ran without the CPU slowdown")
        if self.tab.other_hosts:
            self.notes.append(f"{len(self.tab.other_hosts)} requests to other hosts (blocked): "
                              + ", ".join(sorted(set(self.tab.other_hosts))[:5]))
        self.tab.close()


def at_once(run: Run, first: str) -> None:
    """Figures 1 and 2, and a later press: open, scroll to the exercise, press as soon as it shows."""
    run.figures["load"] = run.open(first)
    if run.visible("box_visible", first) and run.verdict("first_verdict", first):
        run.figures["bytes_first_verdict"] = run.tab.bytes
        run.figures["main_thread"] = run.tab.task_seconds()
        run.verdict("later_verdict", first, attempt=1)


def near_then_next(run: Run, first: str, next_page: str) -> None:
    """Bytes before any interaction, figures 3 and 4: idle, 10 s near the exercise, a next page."""
    run.open(first)
    run.tab.page.wait_for_timeout(IDLE_SECONDS * 1000)
    run.figures["bytes_before"] = run.tab.bytes
    scrolled = time.monotonic()
    if run.visible("near_box_visible", first):
        run.tab.page.wait_for_timeout(max(0.0, NEAR_SECONDS - (time.monotonic() - scrolled)) * 1000)
        run.verdict("near_verdict", first)
    before = run.tab.bytes
    run.open(next_page)
    if run.visible("next_box_visible", next_page) and run.verdict("next_verdict", next_page):
        run.figures["bytes_next"] = run.tab.bytes - before


def _scenario(browser, base: str, profile: Profile, shots: Path | None, tag: str, action) -> Run:
    run = Run(browser, profile, base, shots, tag)
    try:
        action(run)
    except Exception as failure:
        run.failures.append(_reason(failure))
    finally:
        run.close()
    return run


def measure(html: Path = HTML, runs: int = RUNS, first: str = FIRST_PAGE, next_page: str = NEXT_PAGE,
            shots: Path | None = None, say=print) -> dict:
    """Every timed figure, by profile, one value per run (None: that run failed)."""
    from playwright.sync_api import sync_playwright

    for page in (first, next_page):
        if not (html / page).is_file():
            raise SystemExit(f"{html / page} does not exist: build the book (make book) or name "
                             "another page with --first / --next.")
    results = {p.name: {key: [] for key, _, _ in FIGURES} for p in PROFILES}
    failures: dict[str, list[str]] = {p.name: [] for p in PROFILES}
    notes: dict[str, list[str]] = {p.name: [] for p in PROFILES}
    load_at_start = os.getloadavg()
    with served(html) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for number in range(1, runs + 1):
                for profile in PROFILES:  # interleaved, so that a busy minute hits both
                    tag = f"{profile.name}-run{number}"
                    done = [_scenario(browser, base, profile, shots, tag, lambda run: at_once(run, first)),
                            _scenario(browser, base, profile, shots, tag,
                                      lambda run: near_then_next(run, first, next_page))]
                    figures = {k: v for run in done for k, v in run.figures.items()}
                    for key, _, _ in FIGURES:
                        results[profile.name][key].append(figures.get(key))
                    failed = [text for run in done for text in run.failures]
                    failures[profile.name] += [f"run {number}: {text}" for text in failed]
                    notes[profile.name] += [f"run {number}: {text}" for run in done for text in run.notes]
                    say(f"checker run {number}/{runs}, {profile.name}: "
                        + ", ".join(f"{k} {_format(figures[k], u)}" for k, _, u in FIGURES if k in figures)
                        + (f"; failed: {'; '.join(failed)}" if failed else ""))
        finally:
            browser.close()
    return {"first_page": first, "next_page": next_page, "runs": runs,
            "profiles": {p.name: {**asdict(p), "description": p.describe()} for p in PROFILES},
            "server": "tools/serve.py make_server(cache_static=True): gzip; _static/ max-age=3600, pages no-cache",
            "bytes_measure": "sum of CDP Network.loadingFinished encodedDataLength (bodies as sent, "
                             "compressed, plus headers; cache hits count nothing)",
            "load_average": {"start": list(load_at_start), "end": list(os.getloadavg()),
                             "cores": len(os.sched_getaffinity(0))},
            "figures": results, "failures": failures, "notes": notes}


# ----------------------------------------------------------------------------- report

def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "failed"
    if unit == "bytes":
        return f"{value / 1e6:.2f} MB" if value >= 100_000 else f"{value / 1e3:.1f} kB"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _median(values: list[float | None]) -> float | None:
    good = [v for v in values if v is not None]
    return statistics.median(good) if good else None


def _runs(values: list[float | None], unit: str) -> str:
    """Every run's value, in one unit for the row."""
    good = [v for v in values if v is not None]
    if unit == "bytes":
        scale, suffix, digits = (1e6, "MB", 2) if max(good, default=0) >= 100_000 else (1e3, "kB", 1)
    else:
        scale, suffix, digits = (1e-3, "ms", 0) if max(good, default=0) < 1 else (1, "s", 2)
    return ", ".join("failed" if v is None else f"{v / scale:.{digits}f}" for v in values) + f" {suffix}"


def static_figures(html: Path = HTML) -> dict:
    raw, packed = checker_bytes(html)
    widget_raw, widget_packed = file_bytes(widget_files(html))
    return {"checker_bytes": {"raw": raw, "gzip": packed},
            "widget_js_bytes": {"raw": widget_raw, "gzip": widget_packed},
            "view_sizes": view_sizes(html)}


def markdown(results: dict, files: dict) -> str:
    """The checker's part of the benchmark report, as Markdown."""
    names = [p.name for p in PROFILES]
    lines = [
        "## Answer checker on the static page",
        "",
        f"First page {results['first_page']}, next page {results['next_page']}; median of "
        f"{results['runs']} runs, each in a fresh browser context (empty cache). "
        + "; ".join(f"{name}: {results['profiles'][name]['description']}" for name in names)
        + f". Served by {results['server']}. Bytes: {results['bytes_measure']}. A verdict that "
        f"has not come {VERDICT_TIMEOUT_S} s after the press counts as a failure; medians are of "
        "the runs that did not fail. Load average (1 min) at start and end: "
        f"{results['load_average']['start'][0]:.1f}, {results['load_average']['end'][0]:.1f} on "
        f"{results['load_average']['cores']} cores.",
        "",
        "| figure | " + " | ".join(f"{n} median | {n} runs" for n in names) + " |",
        "|---|" + "---|---|" * len(names),
    ]
    for key, label, unit in FIGURES:
        cells = []
        for name in names:
            values = results["figures"][name][key]
            failed = sum(v is None for v in values)
            median = _format(_median(values), unit)
            cells += [median + (f" ({failed} of {len(values)} failed)" if failed else ""),
                      _runs(values, unit)]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    problems = [f"- {name}, {text}" for name in names for text in results["failures"][name]]
    lines += ["", "Failures: none." if not problems else "Failures:", *problems, ""]
    rescrolled = sum("scrolled to" in text for name in names for text in results["notes"][name])
    blocked = [f"{name}, {text}" for name in names for text in results["notes"][name] if "other hosts" in text]
    lines += [f"The Check button was drawn off screen, and scrolled to as soon as it was drawn, on "
              f"{rescrolled} of {3 * results['runs'] * len(names)} page openings.", ""]
    lines += [*(f"- {text}" for text in blocked), ""] if blocked else []
    unthrottled = [f"{name}, {text}" for name in names for text in results["notes"][name] if "workers" in text]
    if unthrottled:
        lines += ["**Not throttled:** Chromium slows only a page's own threads (for a dedicated worker "
                  "Emulation.setCPUThrottlingRate answers \"only supported for pages\"), so work done in "
                  "a worker, such as starting the checker there, ran at this machine's full speed on the "
                  "phone, and the phone's figures that include it are too low (its network was throttled "
                  "and its bytes are counted):", "", *(f"- {text}" for text in unthrottled), ""]
    checker, widgets = files["checker_bytes"], files["widget_js_bytes"]
    lines += [
        "| files | raw | gzip |",
        "|---|---|---|",
        f"| bytes the checker loads, once (_static/checker/) | {checker['raw'] / 1e6:.2f} MB | "
        f"{checker['gzip'] / 1e6:.2f} MB |",
        f"| widget JavaScript and its assets (_static/require.js, widgets/, @jupyter-widgets/) | "
        f"{widgets['raw'] / 1e6:.2f} MB | {widgets['gzip'] / 1e6:.2f} MB |",
        "",
        "| explorer views (page/explorer) | bytes |",
        "|---|---|",
        *(f"| {name} | {size / 1024:.0f} KiB |" for name, size in files["view_sizes"].items()),
    ]
    return "\n".join(lines) + "\n"


def report(html: Path = HTML, runs: int = RUNS, first: str = FIRST_PAGE, next_page: str = NEXT_PAGE,
           json_path: Path | None = None, shots: Path | None = None) -> str:
    """Measure the book built in ``html`` and return the Markdown (tools/bench.py calls this)."""
    results = measure(html, runs, first, next_page, shots,
                      say=lambda text: print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr,
                                             flush=True))
    files = static_figures(html)
    if json_path is not None:
        json_path.write_text(json.dumps({**results, "files": files}, indent=2) + "\n", encoding="utf-8")
    return markdown(results, files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", type=Path, default=HTML, help="the built book (_build/html)")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs of each figure (median)")
    parser.add_argument("--first", default=FIRST_PAGE, help="page of the first visit, relative to html")
    parser.add_argument("--next", dest="next_page", default=NEXT_PAGE,
                        help="page opened next with a warm cache, relative to html")
    parser.add_argument("--json", type=Path, help="also write every figure and run to this file")
    parser.add_argument("--shots", type=Path,
                        help="save screenshots at each moment timed in this folder (they delay the "
                             "press: check with them, measure without)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not (args.html / "index.html").is_file():
        print(f"{args.html}: no index.html; build the book first (make book)", file=sys.stderr)
        return 1
    print(report(args.html, args.runs, args.first, args.next_page, args.json, args.shots))
    return 0


if __name__ == "__main__":
    sys.exit(main())
