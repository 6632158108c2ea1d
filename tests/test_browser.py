"""The built book in a real browser: headless Chromium, every other host blocked.

Pages must show their exercise forms, show no console errors, let a reader reveal every
answer without a kernel, and pass axe-core with no violation of any impact, forms included.
No page loads a widget manager, and no font is fetched twice.
On a phone (390 x 844 CSS px, touch, pixel ratio 2), in light and dark mode, every exercise control
must lie on screen and be a target a finger can hit, charts must keep their text at 12 px
or more, reference pages must show no code, the catalogue must stay short, and every Chinese
character must sit inside an element marked as Chinese. Every page runs under its own
Content-Security-Policy (_ext/page_policy.py): whatever it refuses, in any test, fails that
test (conftest.py), and search, print, full screen, dark mode and the answer checker's Pyodide
must work under it. With CI=true these tests always run; elsewhere they skip when Chromium is
not installed.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
import yaml

from conftest import IN_CI, POLICY_VIOLATIONS, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
PAGES = [f"{name}.html" for name in [  # every page of the book
    TOC["root"],
    *(chapter["file"] for part in TOC.get("parts", []) for chapter in part.get("chapters", [])),
    "search", "genindex",
]]
PHONE_PAGES = [
    "index.html",
    "chapters/02-partnership.html",
    "exercises/02-partnership-exercises.html",
    "reference/data-catalogue.html",
    "reference/how-to-use.html",
    "reference/glossary.html",
    "reference/timeline.html",
    "reference/instructor-guide.html",
    "reference/bibliography.html",
]
EXERCISE_PAGES = PHONE_PAGES[1:3]
CONTROL_PAGES = [*EXERCISE_PAGES, "reference/timeline.html"]  # every page with form controls
REFERENCE_PAGES = [page for page in PHONE_PAGES if page.startswith("reference/")]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "has_touch": True, "is_mobile": True}
MIN_TARGET_PX = 24      # WCAG 2.5.8, target size (minimum)
CHECK_BUTTON_PX = 44    # WCAG 2.5.5, target size (enhanced): the button that submits an answer
MIN_TEXT_BOX_PX = 120   # about 10 em: wide enough to see what one has typed
MAX_FIELD_PX = 96       # a one-line box or menu taller than two targets is a layout fault
MIN_CHART_TEXT_PX = 12
CATALOGUE_MAX_PX = 20000
WIDGET_MANAGER = ("require.js", "embed-amd.js", "html-manager")
AXE_ADDRESS = "/_axe-core/axe.min.js"  # axe served as if from the book: its policy allows no other
# Every refusal of the page's Content-Security-Policy, reported to the test (conftest.py).
REPORT_VIOLATIONS = """window.addEventListener("securitypolicyviolation", (event) => {
  window.reportPolicyViolation(`${location.pathname}: ${event.effectiveDirective} refused `
    + `${event.blockedURI || "?"} (${event.sourceFile || "the page"}:${event.lineNumber})`);
}, true);"""


def _require(condition: bool, message: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message + " (set CI=true to make this a failure)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_html: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require(Path(CHROMIUM).is_file(), "Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - listed in requirements-test.txt
        _require(False, "Playwright is not installed (pip install -r requirements-test.txt)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


def _wait_until(page: object, predicate: str, timeout: float = 20000, arg: object = None) -> None:
    """Wait until the page's ``predicate`` (a JavaScript expression, or a function of ``arg``)
    is true.

    Playwright's ``wait_for_function`` rebuilds its predicate inside the page from a string,
    which the page's Content-Security-Policy rightly refuses as eval; ``evaluate`` is not
    subject to the policy, so the predicate is polled from here instead. A refusal by the
    policy ends the wait at once, with what was refused.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(predicate, arg):
        if POLICY_VIOLATIONS:  # what the page waits for was refused: it will not come
            raise AssertionError("the page's Content-Security-Policy refused:\n"
                                 + "\n".join(dict.fromkeys(POLICY_VIOLATIONS)))
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout / 1000:.0f} s: {predicate.strip()[:200]}")
        page.wait_for_timeout(100)


def policed_context(browser: object, **options: object) -> object:
    """A browser context whose pages report every refusal of their policy to the test."""
    context = browser.new_context(**options)
    context.expose_function("reportPolicyViolation", lambda report: POLICY_VIOLATIONS.append(report))
    context.add_init_script(REPORT_VIOLATIONS)
    return context


def _open(browser: object, server: str, page_path: str, device: dict | None = None,
          theme: str | None = None, requested: list[str] | None = None,
          init_script: str = "") -> tuple[object, list[str], list[str]]:
    """Open a page with every other host blocked; return it, its errors and blocked URLs.

    ``device`` is a set of Playwright context options (a laptop by default); ``theme``
    ("light" or "dark") is stored where the book's theme looks for the reader's choice;
    ``init_script`` runs before the page's own scripts. Every URL requested is appended to
    ``requested``.
    Whatever the page's Content-Security-Policy refuses, then or later, fails the test.
    """
    context = policed_context(browser, **(device or DESKTOP))
    if theme:
        context.add_init_script(f"localStorage.setItem('mode', '{theme}');"
                                f"localStorage.setItem('theme', '{theme}');")
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    errors: list[str] = []
    blocked: list[str] = []
    requested = [] if requested is None else requested
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def guard(route: object) -> None:
        requested.append(route.request.url)
        if route.request.url == server + AXE_ADDRESS:
            route.fulfill(path=str(AXE), content_type="text/javascript")
        elif urlparse(route.request.url).netloc == urlparse(server).netloc:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(f"{server}/{page_path}", wait_until="networkidle")
    return page, errors, blocked


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_cleanly_and_passes_axe(browser: object, server: str, page_path: str) -> None:
    _require(AXE.is_file(), "axe-core is not installed (npm ci)")
    requested: list[str] = []
    page, errors, blocked = _open(browser, server, page_path, requested=requested)
    assert blocked == [], f"requests to other hosts: {blocked}"
    assert errors == [], f"console errors: {errors}"
    manager = [url for url in requested if any(name in url for name in WIDGET_MANAGER)]
    assert manager == [], f"the page loads a widget manager: {manager}"
    fonts = [urlparse(url).path for url in requested if re.search(r"\.(woff2?|ttf|eot)$", urlparse(url).path)]
    names = [Path(font).name for font in fonts]
    assert len(names) == len(set(names)), f"a font fetched twice: {sorted(fonts)}"
    assert not [f for f in fonts if "vendor/fontawesome" in f], f"an icon missing from _static/icons: {fonts}"
    page.add_script_tag(url=AXE_ADDRESS)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert violations == [], "\n".join(violations)
    page.context.close()


@pytest.mark.parametrize("page_path", EXERCISE_PAGES)
def test_forms_show_and_answers_reveal_without_a_kernel(
    browser: object, server: str, page_path: str
) -> None:
    page, _errors, _blocked = _open(browser, server, page_path)
    buttons = page.get_by_role("button", name="Check", exact=True)
    menus = page.locator(".cell_output").get_by_role("combobox")
    assert buttons.count() >= 3 and buttons.first.is_visible()
    assert menus.count() >= 1 and menus.first.is_visible()
    if page_path.startswith("chapters/"):
        slider = page.get_by_role("slider")
        assert slider.count() >= 1 and slider.first.is_visible()
        assert page.locator("form[data-techstate-exercise]").get_by_role("radio").count() >= 2
        charts = page.locator("figure.techstate-chart img")
        assert charts.count() >= 3
        assert all(charts.nth(i).get_attribute("alt") for i in range(charts.count()))
        _load_charts(page)
        report = page.evaluate(PAGE_REPORT)   # on a laptop: the wide drawings, still readable
        assert not any(c["phoneDrawing"] for c in report["charts"])
        assert chart_problems(report) == []
    answers = page.locator("details.techstate-solution")
    assert answers.count() >= 3
    for i in range(answers.count()):
        block = answers.nth(i)
        block.scroll_into_view_if_needed()
        assert not block.locator("p").first.is_visible()
        block.locator("summary").click()
        assert block.locator("p").first.is_visible()
        assert "Answer:" in block.inner_text()
    page.context.close()


# What a reader meets, measured in the page: one script, so that every check reads the same
# layout, and so that the checks can be shown to fail on a page built to fail them.
PAGE_REPORT = r"""() => {
  const width = document.documentElement.clientWidth;
  const box = (element) => element.getBoundingClientRect();
  const name = (element) => (element.closest('label, .techstate-field, button')
    || element).textContent.trim().replace(/\s+/g, ' ').slice(0, 60) || element.outerHTML.slice(0, 60);
  const controls = document.querySelectorAll(
    '.cell_output :is(form, .techstate-notes) :is(input, select, textarea, button)');
  const targets = [...controls].map((control) => {
    // A radio button or checkbox is hit through its label, which wraps it.
    const target = ['radio', 'checkbox'].includes(control.type) ? control.closest('label') || control : control;
    const r = box(target);
    return {name: name(control), kind: control.type || control.getAttribute('role') || control.tagName.toLowerCase(),
            check: control.classList.contains('techstate-check'),
            left: r.left, right: r.right, width: r.width, height: r.height};
  });
  const charts = [...document.querySelectorAll('figure.techstate-chart img')].map((img) => {
    const sources = [...(img.closest('picture') || img).querySelectorAll('source')];
    const address = (s) => new URL(s.srcset.trim().split(/\s+/)[0], document.baseURI).href;
    const chosen = sources.find((s) => address(s) === img.currentSrc) || img;
    const textPx = parseFloat(chosen.dataset.textPx);
    return {alt: img.alt.slice(0, 60), phoneDrawing: chosen !== img, loaded: img.complete && img.naturalWidth > 0,
            shownTextPx: textPx * box(img).width / img.naturalWidth};
  });
  const han = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/;
  const untagged = [];
  const tagged = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!han.test(node.data) || node.parentElement.closest('script, style, template, noscript')) continue;
    const marked = node.parentElement.closest('[lang]');
    const lang = marked ? marked.getAttribute('lang') : '';
    // Han characters are Chinese, or kanji inside Japanese text (tagged ja).
    if (/^(zh|ja)(-|$)/i.test(lang)) tagged.push(marked); else untagged.push(node.data.trim().slice(0, 40) + ` [lang=${lang}]`);
  }
  const zh = tagged.find((element) => /^zh-Hans/.test(element.getAttribute('lang')));
  return {
    theme: document.documentElement.dataset.theme || '',
    viewport: width,
    scrollWidth: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    targets, charts, untagged,
    chineseFont: zh ? getComputedStyle(zh).fontFamily : '',
    codeCells: document.querySelectorAll('.cell_input, .cell .highlight').length,
  };
}"""


def _load_charts(page: object) -> None:
    """Wait until every chart is decoded. Charts load lazily, as the reader scrolls to them:
    load them all, to measure them all."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => { img.loading = 'eager'; })")
    _wait_until(
        page,
        """() => [...document.querySelectorAll('figure.techstate-chart img')]
                  .every((img) => img.complete && img.naturalWidth > 0)""",
        timeout=20000,
    )


@pytest.fixture(scope="module")
def phone_report(browser: object, server: str) -> object:
    """Measure a page as a phone shows it, once per page and theme."""
    reports: dict[tuple[str, str], dict] = {}

    def report(page_path: str, theme: str = "light") -> dict:
        if (page_path, theme) not in reports:
            page, _errors, blocked = _open(browser, server, page_path, PHONE, theme)
            _load_charts(page)
            reports[page_path, theme] = {**page.evaluate(PAGE_REPORT), "blocked": blocked}
            page.context.close()
        return reports[page_path, theme]

    return report


def target_problems(report: dict) -> list[str]:
    """Every exercise control that is off screen, too small to hit, or too narrow to read."""
    problems = []
    for t in report["targets"]:
        where = f"{t['kind']} '{t['name']}'"
        if t["left"] < 0 or t["right"] > report["viewport"]:
            problems.append(f"{where} lies off screen ({t['left']:.0f} to {t['right']:.0f} px)")
        smallest = CHECK_BUTTON_PX if t["check"] else MIN_TARGET_PX
        if t["width"] < smallest or t["height"] < smallest:
            problems.append(f"{where} is {t['width']:.0f} x {t['height']:.0f} px, under {smallest} px")
        if t["kind"] == "text" and t["width"] < MIN_TEXT_BOX_PX:
            problems.append(f"{where} is a text box {t['width']:.0f} px wide, under {MIN_TEXT_BOX_PX} px")
        if t["kind"] in ("text", "select-one") and t["height"] > MAX_FIELD_PX:
            problems.append(f"{where} is {t['height']:.0f} px tall, over {MAX_FIELD_PX} px")
    if report["scrollWidth"] > report["viewport"]:
        problems.append(f"the page scrolls sideways ({report['scrollWidth']} px wide)")
    return problems


def chart_problems(report: dict) -> list[str]:
    """Every chart whose text is shown below the minimum size, or whose size is unknown."""
    return [f"'{c['alt']}': text shown at {c['shownTextPx']:.1f} px" for c in report["charts"]
            if not c["loaded"] or not c["shownTextPx"] >= MIN_CHART_TEXT_PX]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("page_path", CONTROL_PAGES)
def test_exercises_fit_a_phone(phone_report: object, page_path: str, theme: str) -> None:
    report = phone_report(page_path, theme)
    assert report["theme"] == theme, "the page did not take the reader's theme"
    assert report["blocked"] == []
    assert len(report["targets"]) >= (10 if page_path in EXERCISE_PAGES else 1), "no controls were drawn"
    assert target_problems(report) == []


@pytest.mark.parametrize("page_path", PHONE_PAGES)
def test_pages_fit_a_phone(phone_report: object, page_path: str) -> None:
    """No sideways scrolling, chart text of 12 px or more, no code on reference pages."""
    report = phone_report(page_path)
    assert report["scrollWidth"] <= report["viewport"], "the page scrolls sideways"
    assert chart_problems(report) == []
    if page_path.startswith("chapters/"):
        assert len(report["charts"]) >= 4 and all(c["phoneDrawing"] for c in report["charts"])
    if page_path in REFERENCE_PAGES:
        assert report["codeCells"] == 0, "a reference page shows code"
    if page_path == "reference/data-catalogue.html":
        assert report["height"] < CATALOGUE_MAX_PX, f"the catalogue is {report['height']} px tall"


@pytest.mark.parametrize("page_path", PAGES)
def test_chinese_is_marked_as_chinese(phone_report: object, page_path: str) -> None:
    """On every page of the book, each Chinese character sits inside an element marked zh."""
    report = phone_report(page_path)
    assert report["untagged"] == [], f"Chinese outside a lang=zh element: {report['untagged'][:5]}"
    if report["chineseFont"]:
        assert "Noto Sans CJK SC" in report["chineseFont"]


def test_the_phone_checks_can_fail(browser: object) -> None:
    """A page made of the faults the issue found: each check must report its fault."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    wide = "data:image/svg+xml," + quote("<svg xmlns='http://www.w3.org/2000/svg' width='825' height='462'/>")
    page.set_content(f"""<html lang="en"><head><meta name="viewport" content="width=device-width">
      </head><body style="margin:0">
      <div class="cell"><div class="cell_input">import techstate</div></div>
      <div class="cell_output"><form style="display:flex;width:380px">
        <label style="flex:1 0 auto">Tencent + Baidu + JD.com + Alibaba, in RMB bn:</label>
        <input type="text" style="width:18px"></form>
      <form><select style="height:220px;width:300px"><option>The state sets the terms</option></select>
        <label style="display:block;height:20px"><input type="radio">A</label>
        <button class="techstate-check" style="height:30px;width:148px">Check</button></form>
      <figure class="techstate-chart"><img src="{wide}" alt="a chart" data-text-px="16.8"
        style="width:342px"></figure></div>
      <p>For Alibaba (阿里巴巴) and <span lang="zh-Hans">腾讯</span></p></body></html>""")
    report = page.evaluate(PAGE_REPORT)
    context.close()
    problems = " | ".join(target_problems(report))
    assert "text box 18 px wide" in problems and "radio 'A' is" in problems
    assert "Check" in problems and "under 44 px" in problems
    assert "220 px tall, over 96 px" in problems
    # 11 pt text in an 825 px drawing shown 342 px wide: 7 px, as the issue measured.
    assert chart_problems(report) == ["'a chart': text shown at 7.0 px"]
    assert report["codeCells"] == 1
    assert report["untagged"] == ["For Alibaba (阿里巴巴) and [lang=en]"]
    assert json.dumps(report)  # the report is plain data


# The pages' Content-Security-Policy (_ext/page_policy.py) at work: what the book needs still
# works under it, and what it did not ship is refused and reported.

INJECTED = r"""async () => {
  const script = document.createElement("script");
  script.textContent = "window.injected = true;";
  document.body.append(script);
  // Later, from the page's own task: the test's evaluate itself may eval whatever it likes.
  const evaluated = await new Promise((resolve) => setTimeout(() => {
    try { resolve(eval("'ran'")); } catch (error) { resolve(error.name); }
  }, 0));
  const handler = document.createElement("button");
  handler.setAttribute("onclick", "window.handled = true;");
  document.body.append(handler);
  handler.click();
  const image = new Image();
  image.alt = "";
  const drawn = new Promise((resolve) => { image.onload = () => resolve(true); image.onerror = () => resolve(false); });
  image.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
  return {injected: window.injected === true, evaluated, handled: window.handled === true, drawn: await drawn};
}"""


def _wait_for_reports(page: object, count: int) -> list[str]:
    """The policy's reports, once ``count`` have arrived (they come after the page acts)."""
    for _ in range(50):
        if len(POLICY_VIOLATIONS) >= count:
            break
        page.wait_for_timeout(100)
    return list(POLICY_VIOLATIONS)


def test_the_policy_refuses_what_the_book_did_not_ship(browser: object, server: str) -> None:
    """An injected script, eval, an inline handler and a data: image are refused, and each
    refusal reaches the test: the check every browser test relies on can fail."""
    page, _errors, _blocked = _open(browser, server, "intro.html")
    assert page.evaluate(INJECTED) == {"injected": False, "evaluated": "EvalError", "handled": False,
                                       "drawn": False}
    reports = _wait_for_reports(page, 4)
    page.context.close()
    for directive in ("script-src-elem", "script-src", "script-src-attr", "img-src"):
        assert [r for r in reports if f": {directive} refused" in r], f"no {directive} report: {reports}"
    POLICY_VIOLATIONS.clear()  # refused on purpose: this test is about the reports


def test_search_works_under_the_policy(browser: object, server: str) -> None:
    """The search page loads Sphinx's index and tools, and shows results with their context."""
    page, errors, _blocked = _open(browser, server, "search.html?q=Tencent")
    page.wait_for_selector("#search-results li p.context", timeout=15000)
    assert page.locator("#search-results li").count() >= 5
    assert "Search finished" in page.locator("#search-results").inner_text()
    assert errors == []
    page.context.close()


def test_print_full_screen_and_dark_mode_buttons_work(browser: object, server: str) -> None:
    """The theme's buttons whose inline handlers the build replaced still do what they did."""
    page, errors, _blocked = _open(browser, server, "chapters/01-digital-dilemma.html")
    assert page.locator("[onclick]").count() == 0
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Download this page").click()
    page.locator("[data-techstate-action=print]").click()
    assert page.evaluate("window.printed") == 1
    screen = page.locator("[data-techstate-action=fullscreen]")
    screen.click()
    _wait_until(page, "document.fullscreenElement !== null", timeout=5000)
    screen.click()
    _wait_until(page, "document.fullscreenElement === null", timeout=5000)
    before = page.evaluate("document.documentElement.dataset.theme")
    page.locator("button.theme-switch-button").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") not in ("", before)
    assert errors == []
    page.context.close()
