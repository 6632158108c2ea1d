"""On the static page, with no kernel, as a student on a phone: every Check button answers.

For every chapter and workbook page: each exercise is answered wrong, then right, through the
rendered widgets, and must show exactly the feedback the kernel's checker gives for that input;
each explorer control is changed and its chart must change; the answer checker loads from the
book itself and nothing is requested from another host. Without WebAssembly the page says what
to do instead.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from techstate import answers
from test_browser import PHONE, _draw_widgets, _open, browser, server  # noqa: F401  (fixtures)

from conftest import ROOT

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # pragma: no cover - the browser fixture then fails or skips with advice
    PlaywrightTimeout = TimeoutError

pytestmark = pytest.mark.browser

EXERCISE_PAGES = [f"{p.parent.name}/{p.stem}.html"
                  for p in sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])]
UNAVAILABLE = "cannot run the answer checker"


def _open_phone(browser: object, server: str, page_path: str) -> tuple[object, list[str], list[str], list[str]]:
    """Open a page in a phone-sized window with its widgets drawn (test_browser's ``_open``);
    return it, its errors, the requests blocked and every URL it requests, then and later."""
    requested: list[str] = []
    page, errors, blocked = _open(browser, server, page_path, device=PHONE, requested=requested)
    # The browser's own serialisation of an HTML string, to compare feedback with the kernel's.
    page.evaluate("""() => { window.normalise = (html) => {
        const t = document.createElement('template'); t.innerHTML = html; return t.innerHTML; }; }""")
    return page, errors, blocked, requested


def _checker(requested: list[str]) -> list[str]:
    """The requests for the answer checker: its Pyodide core and the book's answers.py."""
    return [url for url in requested if "pyodide" in url or "answers.py" in url]


def _specs(page: object) -> list[tuple[str, dict]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('script.techstate-exercise-data'))
        .map(s => [s.dataset.exercise, JSON.parse(s.textContent).spec])""")


def _answers_for(spec: dict) -> list[object]:
    """What a student types or picks: something invalid or wrong first, then the right answer."""
    if spec["kind"] == "number":
        right = spec["answer"]
        wrong = right + 10 * (spec.get("tolerance", 0) + 1)
        return ["abc", answers.format_number(wrong), answers.format_number(right)]
    if spec["kind"] == "choice":
        wrong = next(option for option in spec["options"] if option != spec["correct"])
        return [wrong, spec["correct"]]
    if spec["kind"] == "order":
        n = len(spec["order"])
        right = {item: str(spec["order"].index(item) + 1) for item in spec["items"]}
        return [{item: str(n - int(place) + 1) for item, place in right.items()}, right]
    if spec["kind"] == "place":
        scale, evidence = spec["scale"], spec["evidence"]
        far = {item: scale[0] if evidence[item] >= len(scale) / 2 else scale[-1] for item in spec["items"]}
        return [far, {item: scale[evidence[item]] for item in spec["items"]}]
    categories = sorted(set(spec["solution"].values()))
    wrong = {item: next(c for c in categories if c != spec["solution"][item]) for item in spec["items"]}
    return [wrong, {item: spec["solution"][item] for item in spec["items"]}]


def _enter(box: object, spec: dict, given: object) -> None:
    """Fill the rendered widget as a student would."""
    if spec["kind"] == "number":
        box.locator("input[type=text]").fill(given)
    elif spec["kind"] == "choice":
        box.locator("input[type=radio]").evaluate_all(
            "(inputs, value) => inputs.find(i => decodeURIComponent(i.dataset.value) === value).click()", given)
    else:
        selects = box.locator("select")
        for index, item in enumerate(spec["items"]):
            selects.nth(index).select_option(label=given[item])


def _feedback(box: object) -> str:
    return box.locator(".widget-html-content").last.inner_html()


@pytest.fixture(scope="module", params=EXERCISE_PAGES, ids=EXERCISE_PAGES)
def phone_page(request: pytest.FixtureRequest, browser: object, server: str) -> Iterator[tuple]:
    """A chapter or workbook page open on a phone, with its widgets drawn, shared by the tests
    of that page (pytest runs them one after the other): its path, the page, its errors, the
    requests blocked and every URL requested."""
    page, errors, blocked, requested = _open_phone(browser, server, request.param)
    yield request.param, page, errors, blocked, requested
    page.context.close()


def test_every_check_button_answers_as_the_kernel_does(phone_page: tuple, server: str) -> None:
    page_path, page, errors, blocked, requested = phone_page
    page.wait_for_selector("[data-techstate-wired]", timeout=30000)
    specs = _specs(page)
    assert specs, f"{page_path} has no exercises"
    for identifier, spec in specs:
        box = page.locator(f".techstate-ex-{identifier}")
        box.scroll_into_view_if_needed()
        for given in _answers_for(spec):
            _enter(box, spec, given)
            box.locator("button.widget-button").click()
            expected = answers.check(spec, given).to_html()
            try:
                page.wait_for_function(
                    "([el, want]) => el.innerHTML === normalise(want)",
                    arg=[box.locator(".widget-html-content").last.element_handle(), expected], timeout=60000)
            except PlaywrightTimeout:
                pass  # the assertion below says what the page shows instead
            assert _feedback(box) == page.evaluate("normalise", expected), (spec["kind"], given)
        assert "Correct." in _feedback(box)
    assert blocked == [], f"requests to other hosts: {blocked}"
    assert errors == [], f"console errors: {errors}"
    checker = _checker(requested)
    assert checker and all(url.startswith(server) for url in checker), checker


def _change(control: object, kind: str) -> None:
    """Move a control to another value, as a student would."""
    if kind == "select":
        select = control.locator("select")
        current = select.evaluate("s => s.selectedIndex")
        select.select_option(index=(current + 1) % select.locator("option").count())
    elif kind == "toggle":
        control.locator("button:not(.mod-active)").first.click()
    elif kind == "radio":
        control.locator("input[type=radio]:not(:checked)").first.click()
    else:  # slider: the handle takes the arrow keys
        control.locator("[role=slider]").focus()
        control.locator("[role=slider]").press("ArrowRight")


def test_every_explorer_control_redraws_its_view(phone_page: tuple) -> None:
    _page_path, page, errors, blocked, _ = phone_page
    indexes = page.evaluate("""() => Array.from(document.querySelectorAll('script.techstate-explorer-index'))
        .map(s => [s.dataset.explorer, JSON.parse(s.textContent).controls.map(c => c.kind)])""")
    if not indexes:
        assert "techstate-explorer" not in page.content(), "an explorer without static views"
        return
    page.wait_for_selector("[data-techstate-wired]", timeout=30000)
    for identifier, kinds in indexes:
        box = page.locator(f".techstate-ex-{identifier}")
        view = box.locator(".techstate-explorer-view .widget-html-content")
        for index, kind in enumerate(kinds):
            before = view.inner_html()
            _change(box.locator(".techstate-explorer-controls > *").nth(index), kind)
            page.wait_for_function("([el, old]) => el.innerHTML !== old",
                                   arg=[view.element_handle(), before], timeout=10000)
            assert "<img" in view.inner_html() or "<table" in view.inner_html() or "<p" in view.inner_html()
    assert blocked == [] and errors == [], (blocked, errors)


def test_the_timeline_is_in_the_page_and_its_menus_filter_it(browser: object, server: str) -> None:
    from techstate import load_table

    events = load_table("events")
    page, errors, blocked, _ = _open_phone(browser, server, "reference/timeline.html")
    items = page.locator("[data-filter-item]")
    assert items.count() == len(events)  # in the HTML itself, not only in widget state
    page.wait_for_selector("[data-techstate-wired]", timeout=30000)
    page.locator(".techstate-filter select").first.select_option(label="2. A lucrative but demanding partnership")
    page.wait_for_function("n => document.querySelectorAll('[data-filter-item]:not([hidden])').length === n",
                           arg=int((events["chapter"] == 2).sum()), timeout=10000)
    assert f"{(events['chapter'] == 2).sum()} events." in page.locator("[data-filter-count]").inner_text()
    assert blocked == [] and errors == [], (blocked, errors)
    page.context.close()


def test_a_timeline_filter_that_leaves_nothing_offers_the_way_back(browser: object, server: str) -> None:
    from techstate import load_table

    events = load_table("events")
    page, errors, blocked, _ = _open_phone(browser, server, "reference/timeline.html")
    page.wait_for_selector("[data-techstate-wired]", timeout=30000)
    empty = page.locator("[data-filter-empty]")
    assert empty.is_hidden()
    menus = page.locator(".techstate-filter select")
    labels = menus.first.evaluate("s => [...s.options].map(o => o.textContent)")
    assert labels[-1].startswith("Afterword") and not any(label.startswith("8.") for label in labels)
    menus.first.select_option(label=labels[1])          # chapter 1: nothing after 2018
    menus.nth(2).select_option(label="2019 and after")
    page.wait_for_function("() => !document.querySelector('[data-filter-item]:not([hidden])')", timeout=10000)
    assert empty.is_visible() and "No events match" in empty.inner_text()
    assert page.locator("[data-filter-count]").is_hidden()  # no bare "0 events."
    empty.get_by_role("button", name="Show all events").click()
    page.wait_for_function("n => document.querySelectorAll('[data-filter-item]:not([hidden])').length === n",
                           arg=len(events), timeout=10000)
    assert empty.is_hidden() and menus.first.evaluate("s => s.selectedIndex") == 0
    assert f"{len(events)} events." in page.locator("[data-filter-count]").inner_text()
    assert blocked == [] and errors == [], (blocked, errors)
    page.context.close()


def test_without_webassembly_the_page_says_how_to_see_the_answer(browser: object, server: str) -> None:
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.add_init_script("delete window.WebAssembly")  # as in a browser without it
        page.goto(f"{server}/{EXERCISE_PAGES[0]}", wait_until="networkidle")
        _draw_widgets(page)
        page.wait_for_selector("[data-techstate-wired]", timeout=30000)
        assert page.evaluate("typeof WebAssembly") == "undefined"
        box = page.locator(".techstate-exercise").first
        box.scroll_into_view_if_needed()
        box.locator("button.widget-button").click()
        page.wait_for_function(f"el => el.textContent.includes({UNAVAILABLE!r})",
                               arg=box.locator(".widget-html-content").last.element_handle(), timeout=20000)
        assert "Show the answer" in _feedback(box) and "Binder" in _feedback(box)
    finally:
        context.close()
