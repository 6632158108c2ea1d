"""On the static page, with no kernel, as a student on a phone: every Check button answers.

For every chapter and workbook page: each exercise's form is answered wrong, then right, and
must show exactly the feedback the kernel's checker gives for that input; each explorer control
is changed and its view must change; the answer checker loads from the book itself, before the
first press when the reader is near an exercise, and nothing is requested from another host.
With JavaScript off every form and every answer is still in the page; the keyboard alone can
answer; a checker that cannot load, is slow, or meets a bad spec says so and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from techstate import answers
from test_browser import PHONE, _open, _wait_until, browser, policed_context, server  # noqa: F401

from conftest import ROOT

pytestmark = pytest.mark.browser

EXERCISE_PAGES = [f"{p.parent.name}/{p.stem}.html"
                  for p in sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])]
UNAVAILABLE = "cannot run the answer checker"


def _add_normalise(page: object) -> None:
    """The browser's own serialisation of an HTML string, to compare feedback with the kernel's."""
    page.evaluate("""() => { window.normalise = (html) => {
        const t = document.createElement('template'); t.innerHTML = html; return t.innerHTML; }; }""")


def _open_phone(browser: object, server: str, page_path: str) -> tuple[object, list[str], list[str], list[str]]:
    """Open a page in a phone-sized window (test_browser's ``_open``); return it, its errors,
    the requests blocked and every URL it requests, then and later."""
    requested: list[str] = []
    page, errors, blocked = _open(browser, server, page_path, device=PHONE, requested=requested)
    _add_normalise(page)
    return page, errors, blocked, requested


def _checker(requested: list[str]) -> list[str]:
    """The requests for the answer checker: its Pyodide core and the book's answers.py."""
    return [url for url in requested if "/_static/checker/" in url]


def _specs(page: object) -> list[tuple[str, dict]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('script[data-techstate-spec]'))
        .map(s => [s.dataset.techstateSpec, JSON.parse(s.textContent).spec])""")


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


def _exercise(page: object, identifier: str) -> object:
    return page.locator(f'form[data-techstate-exercise="{identifier}"]')


def _enter(form: object, spec: dict, given: object) -> None:
    """Fill the form as a student would, finding each input by its label."""
    if spec["kind"] == "number":
        form.get_by_label("Your answer").fill(given)
    elif spec["kind"] == "choice":
        form.get_by_role("radio", name=given, exact=True).check()
    else:
        for item in spec["items"]:
            form.get_by_label(item, exact=True).select_option(label=given[item])


def _feedback(form: object) -> str:
    return form.locator("[data-techstate-feedback]").inner_html()


def _wait_for_feedback(page: object, form: object, expected: str, timeout: int = 60000) -> None:
    try:
        _wait_until(page, "([el, want]) => el.innerHTML === normalise(want)", timeout,
                    [form.locator("[data-techstate-feedback]").element_handle(), expected])
    except TimeoutError:
        pass  # the caller's assertion says what the page shows instead


@pytest.fixture(scope="module", params=EXERCISE_PAGES, ids=EXERCISE_PAGES)
def phone_page(request: pytest.FixtureRequest, browser: object, server: str) -> Iterator[tuple]:
    """A chapter or workbook page open on a phone, shared by the tests of that page (pytest
    runs them one after the other): its path, the page, its errors, the requests blocked and
    every URL requested."""
    page, errors, blocked, requested = _open_phone(browser, server, request.param)
    yield request.param, page, errors, blocked, requested
    page.context.close()


def test_every_check_button_answers_as_the_kernel_does(phone_page: tuple, server: str) -> None:
    page_path, page, errors, blocked, requested = phone_page
    specs = _specs(page)
    assert specs, f"{page_path} has no exercises"
    assert page.locator("form[data-techstate-exercise]").count() == len(specs)
    for identifier, spec in specs:
        form = _exercise(page, identifier)
        form.scroll_into_view_if_needed()
        for given in _answers_for(spec):
            _enter(form, spec, given)
            form.get_by_role("button", name="Check").click()
            expected = answers.check(spec, given).to_html()
            _wait_for_feedback(page, form, expected)
            assert _feedback(form) == page.evaluate("normalise", expected), (spec["kind"], given)
        assert "Correct." in _feedback(form)
    assert blocked == [], f"requests to other hosts: {blocked}"
    assert errors == [], f"console errors: {errors}"
    checker = _checker(requested)
    assert checker and all(url.startswith(server) for url in checker), checker


def _change(page: object, box: object, name: str) -> None:
    """Move one control of an explorer to another value, as a student would."""
    controls = box.locator(f'[data-techstate-control="{name}"]')
    first = controls.first
    kind = first.evaluate("c => c.type")
    if kind.startswith("select"):
        current = first.evaluate("s => s.selectedIndex")
        first.select_option(index=(current + 1) % first.locator("option").count())
    elif kind == "radio":
        box.locator(f'label:has([data-techstate-control="{name}"]:not(:checked))').first.click()
    else:  # a range takes the arrow keys
        at_end = first.evaluate("r => Number(r.value) >= Number(r.max)")
        first.focus()
        page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")


def test_every_explorer_control_redraws_its_view(phone_page: tuple, server: str) -> None:
    _page_path, page, errors, blocked, requested = phone_page
    indexes = page.evaluate("""() => Array.from(document.querySelectorAll('script[data-techstate-view-index]'))
        .map(s => [s.dataset.techstateViewIndex, JSON.parse(s.textContent)])""")
    assert len(indexes) == page.locator("[data-techstate-explorer]").count(), "an explorer without views"
    for identifier, index in indexes:
        assert all(not re.match(r"^[a-z]+:", address) for address in index["views"].values())
        box = page.locator(f'[data-techstate-explorer="{identifier}"]')
        view = box.locator("[data-techstate-view]")
        for name in index["controls"]:
            before = view.inner_html()
            _change(page, box, name)
            _wait_until(page, "([el, old]) => el.innerHTML !== old", 10000, [view.element_handle(), before])
            assert re.search(r"<(img|table|p)\b", view.inner_html())
    views = [url for url in requested if "/_views/" in url]
    assert all(url.startswith(server) for url in views)
    assert blocked == [] and errors == [], (blocked, errors)


def test_the_timeline_is_in_the_page_and_its_menus_filter_it(browser: object, server: str) -> None:
    from techstate import load_table

    events = load_table("events")
    page, errors, blocked, _ = _open_phone(browser, server, "reference/timeline.html")
    items = page.locator("[data-filter-item]")
    assert items.count() == len(events)  # in the HTML itself
    page.get_by_label("Chapter").select_option(label="2. A lucrative but demanding partnership")
    _wait_until(page, "n => document.querySelectorAll('[data-filter-item]:not([hidden])').length === n",
                10000, int((events["chapter"] == 2).sum()))
    assert f"{(events['chapter'] == 2).sum()} events." in page.locator("[data-filter-count]").inner_text()
    assert blocked == [] and errors == [], (blocked, errors)
    page.context.close()


def test_a_timeline_filter_that_leaves_nothing_offers_the_way_back(browser: object, server: str) -> None:
    from techstate import load_table

    events = load_table("events")
    page, errors, blocked, _ = _open_phone(browser, server, "reference/timeline.html")
    empty = page.locator("[data-filter-empty]")
    assert empty.is_hidden()
    menus = page.locator(".techstate-filter select")
    labels = menus.first.evaluate("s => [...s.options].map(o => o.textContent)")
    assert labels[-1].startswith("Afterword") and not any(label.startswith("8.") for label in labels)
    menus.first.select_option(label=labels[1])          # chapter 1: nothing after 2018
    menus.nth(2).select_option(label="2019 and after")
    _wait_until(page, "() => !document.querySelector('[data-filter-item]:not([hidden])')", 10000)
    assert empty.is_visible() and "No events match" in empty.inner_text()
    assert page.locator("[data-filter-count]").is_hidden()  # no bare "0 events."
    empty.get_by_role("button", name="Show all events").click()
    _wait_until(page, "n => document.querySelectorAll('[data-filter-item]:not([hidden])').length === n",
                10000, len(events))
    assert empty.is_hidden() and menus.first.evaluate("s => s.selectedIndex") == 0
    assert f"{len(events)} events." in page.locator("[data-filter-count]").inner_text()
    assert blocked == [] and errors == [], (blocked, errors)
    page.context.close()


def _fresh_page(browser: object, server: str, init_script: str = "", **options: object) -> object:
    context = policed_context(browser, **{**PHONE, **options})
    page = context.new_page()
    if init_script:
        page.add_init_script(init_script)
    return page


def test_without_webassembly_the_page_says_how_to_see_the_answer(browser: object, server: str) -> None:
    page = _fresh_page(browser, server, "delete window.WebAssembly")  # as in a browser without it
    try:
        page.goto(f"{server}/{EXERCISE_PAGES[0]}", wait_until="networkidle")
        assert page.evaluate("typeof WebAssembly") == "undefined"
        form = page.locator("form[data-techstate-exercise]").first
        form.scroll_into_view_if_needed()
        form.get_by_role("button", name="Check").click()
        _wait_until(page, f"el => el.textContent.includes({UNAVAILABLE!r})", 20000,
                    form.locator("[data-techstate-feedback]").element_handle())
        assert "Show the answer" in _feedback(form) and "Binder" in _feedback(form)
    finally:
        page.context.close()


@pytest.mark.parametrize("page_path", EXERCISE_PAGES)
def test_with_javascript_off_every_form_and_answer_is_there(browser: object, server: str, page_path: str) -> None:
    page = _fresh_page(browser, server, java_script_enabled=False)
    try:
        page.goto(f"{server}/{page_path}", wait_until="load")
        specs = page.locator("script[data-techstate-spec]").count()
        forms = page.locator("form[data-techstate-exercise]")
        assert specs >= 1 and forms.count() == specs
        for i in range(forms.count()):
            form = forms.nth(i)
            assert form.locator("legend").inner_text().strip()
            assert form.get_by_role("button", name="Check").count() == 1
            assert form.locator("input, select").count() >= 1
        reveals = page.locator("details.techstate-solution")
        assert reveals.count() == specs
        reveals.last.scroll_into_view_if_needed()
        reveals.last.locator("summary").click()
        assert "Answer:" in reveals.last.inner_text() and reveals.last.locator("p").first.is_visible()
        # A press without the script leaves the page where it is and says what to do.
        forms.first.get_by_role("button", name="Check").click()
        assert page.url == f"{server}/{page_path}"
        assert "needs JavaScript" in forms.first.locator("noscript").inner_text()
    finally:
        page.context.close()


def test_the_keyboard_alone_answers(browser: object, server: str) -> None:
    """Tab to an exercise, arrows to choose, Space on Check, Enter in a text box: as the
    kernel would judge it."""
    page, errors, _blocked, _ = _open_phone(browser, server, "chapters/02-partnership.html")
    try:
        specs = dict(_specs(page))
        kinds = {spec["kind"]: identifier for identifier, spec in specs.items()}
        assert {"choice", "number"} <= set(kinds), kinds
        # A radio group: Tab into it, the arrow keys pick, Tab then Space press Check.
        choice = _exercise(page, kinds["choice"])
        choice.locator("legend").scroll_into_view_if_needed()
        choice.locator("legend").click()  # a click on text moves the Tab order here, as a reader's
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowDown")
        picked = choice.locator("input[type=radio]:checked").get_attribute("value")
        assert picked is not None
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Check"
        page.keyboard.press("Space")
        expected = answers.check(specs[kinds["choice"]], picked).to_html()
        _wait_for_feedback(page, choice, expected)
        assert _feedback(choice) == page.evaluate("normalise", expected)
        # A text box: type, then Enter.
        number = _exercise(page, kinds["number"])
        number.get_by_label("Your answer").focus()
        right = answers.format_number(specs[kinds["number"]]["answer"])
        page.keyboard.type(right)
        page.keyboard.press("Enter")
        _wait_for_feedback(page, number, answers.check(specs[kinds["number"]], right).to_html())
        assert "Correct." in _feedback(number)
        # A menu: the arrow keys change it.
        menu = page.locator("form[data-techstate-exercise] select").first
        menu.focus()
        page.keyboard.press("ArrowDown")
        assert menu.evaluate("s => s.selectedIndex") == 1
        assert errors == []
    finally:
        page.context.close()


def _wait_for_request(page: object, requested: list[str], suffix: str, seconds: float = 30) -> bool:
    """Wait until the page (or its checker's worker) has asked for a file ending in ``suffix``."""
    for _ in range(int(seconds * 10)):
        if any(url.endswith(suffix) for url in requested):
            return True
        page.wait_for_timeout(100)
    return False


def test_the_checker_loads_near_an_exercise_before_the_first_press(browser: object, server: str) -> None:
    requested: list[str] = []
    page, errors, _blocked = _open(browser, server, "exercises/01-digital-dilemma-exercises.html",
                                   device=PHONE, requested=requested)
    try:
        page.locator("form[data-techstate-exercise]").first.scroll_into_view_if_needed()
        assert _wait_for_request(page, requested, "answers.py"), "the checker did not start loading"
        assert any(url.endswith(".wasm") for url in requested)
        assert errors == []
    finally:
        page.context.close()
    # A reader whose browser asks to save data loads nothing until pressing Check.
    saving: list[str] = []
    page, errors, _blocked = _open(browser, server, "exercises/01-digital-dilemma-exercises.html",
                                   device=PHONE, requested=saving,
                                   init_script="Object.defineProperty(navigator, 'connection', "
                                               "{value: {saveData: true}})")
    try:
        page.locator("form[data-techstate-exercise]").first.scroll_into_view_if_needed()
        page.wait_for_timeout(1500)
        assert _checker(saving) == []
        page.locator("form[data-techstate-exercise]").first.get_by_role("button", name="Check").click()
        assert _wait_for_request(page, saving, "answers.py"), "a press did not load the checker"
    finally:
        page.context.close()


def test_a_checker_that_does_not_load_in_30_seconds_says_what_to_do(browser: object, server: str) -> None:
    page = _fresh_page(browser, server)
    try:
        page.clock.install()
        page.route("**/*.wasm", lambda route: None)  # the core never arrives
        page.goto(f"{server}/{EXERCISE_PAGES[0]}", wait_until="domcontentloaded")
        form = page.locator("form[data-techstate-exercise]").first
        form.scroll_into_view_if_needed()
        form.get_by_role("button", name="Check").click()
        assert "Loading the answer checker" in _feedback(form)
        page.clock.run_for(31000)
        _wait_until(page, "el => el.textContent.includes('30 seconds')", 5000,
                    form.locator("[data-techstate-feedback]").element_handle())
        assert "Show the answer" in _feedback(form) and "Binder" in _feedback(form)
    finally:
        page.context.close()


def test_a_checker_error_says_what_went_wrong(browser: object, server: str) -> None:
    page, errors, _blocked, _ = _open_phone(browser, server, EXERCISE_PAGES[0])
    try:
        identifier, spec = _specs(page)[0]
        page.evaluate("""id => { const s = document.querySelector(`script[data-techstate-spec="${id}"]`);
            const data = JSON.parse(s.textContent); data.spec.kind = "riddle";
            s.textContent = JSON.stringify(data); }""", identifier)
        form = _exercise(page, identifier)
        form.scroll_into_view_if_needed()
        form.get_by_role("button", name="Check").click()
        _wait_until(page, "el => el.textContent.includes('could not judge')", 60000,
                    form.locator("[data-techstate-feedback]").element_handle())
        shown = form.locator("[data-techstate-feedback]").inner_text()
        assert "Unknown exercise kind 'riddle'" in shown and UNAVAILABLE not in shown
    finally:
        page.context.close()


def test_every_exercise_pressed_while_the_checker_loads_gets_its_verdict(browser: object, server: str) -> None:
    page = _fresh_page(browser, server)
    try:
        held: list[object] = []
        page.route("**/*.wasm", lambda route: held.append(route))  # held back until both presses
        page.goto(f"{server}/{EXERCISE_PAGES[1]}", wait_until="domcontentloaded")
        _add_normalise(page)
        specs = _specs(page)[:2]
        assert len(specs) == 2
        for identifier, spec in specs:
            form = _exercise(page, identifier)
            form.scroll_into_view_if_needed()
            _enter(form, spec, _answers_for(spec)[-1])
            form.get_by_role("button", name="Check").click()
            assert "Loading the answer checker" in _feedback(form)
        for _ in range(100):  # the page asks for the core once it is near an exercise or pressed
            if held:
                break
            page.wait_for_timeout(100)
        assert len(held) == 1, "the core was asked for more than once"
        held[0].continue_()
        for identifier, spec in specs:
            form = _exercise(page, identifier)
            expected = answers.check(spec, _answers_for(spec)[-1]).to_html()
            _wait_for_feedback(page, form, expected)
            assert _feedback(form) == page.evaluate("normalise", expected)
    finally:
        page.context.close()
