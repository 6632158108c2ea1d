"""What an exercise writes into the page judges an answer exactly as its widget does in a kernel."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import ipywidgets as widgets
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from techstate import (Explorer, FilterList, MultipleChoice, NumericAnswer, OrderEvents,
                       PlaceOnScale, SortItems)
from techstate import answers, forms, page_protocol, static_page
from techstate.answers import NOT_CHOSEN

from conftest import ROOT

PAGE_JSON = re.compile(r'<script type="application/json" data-techstate-spec="([0-9a-f]+)">(.*?)</script>')


def spec_in_page(exercise: object) -> tuple[str, dict]:
    """The id and spec the exercise writes into the page, read back as the browser reads them."""
    written = exercise.solution() + static_page.exercise_data(exercise.exercise_id, exercise.spec(), exercise.key())
    identifier, text = PAGE_JSON.search(written).groups()
    return identifier, json.loads(text)["spec"]


def judged_on_the_page(exercise: object) -> str:
    """The feedback HTML the static page shows for the exercise's current inputs."""
    _, spec = spec_in_page(exercise)
    return answers.check_json(json.dumps(spec), json.dumps(exercise.given()))


def test_each_kind_gets_the_same_verdict_in_the_page_as_in_the_kernel() -> None:
    number = NumericAnswer(27.325, tolerance=0.05, units=["RMB bn"], label="Total <i>", explanation="x")
    choice = MultipleChoice({"A": "Because A.", "B": "B is wrong."}, correct="A", label="Pick")
    order = OrderEvents(["first", "second", "third"], shown=["third", "first", "second"],
                        label="Order", explanation="x")
    sort = SortItems({"rice": "food", "car": "thing"}, ["food", "thing"], label="Sort", explanation="x")
    def fill(boxes: dict, values: dict) -> None:
        for item, value in values.items():
            boxes[item].value = value

    cases = [
        (number, [lambda v=v: setattr(number.text, "value", v) for v in ("abc", "20", " 27,3 bn ", "")]),
        (choice, [lambda v=v: setattr(choice.choices, "value", v) for v in (None, "B", "A")]),
        (order, [lambda v=v: fill(order.positions, v) for v in (
            {"first": NOT_CHOSEN, "second": NOT_CHOSEN, "third": NOT_CHOSEN},
            {"first": "3", "second": "2", "third": "1"},
            {"first": "1", "second": "2", "third": "3"})]),
        (sort, [lambda v=v: fill(sort.categories, v) for v in (
            {}, {"rice": "thing", "car": "thing"}, {"rice": "food", "car": "thing"})]),
    ]
    seen = set()
    for exercise, steps in cases:
        for step in steps:
            step()
            kernel = exercise.evaluate()
            exercise.button.click()
            assert exercise.feedback.value == kernel.to_html() == judged_on_the_page(exercise)
            seen.add((type(exercise).__name__, kernel.status))
    assert {status for _, status in seen} == {"correct", "incorrect", "invalid"}
    assert len({kind for kind, _ in seen}) == 4


def test_the_page_names_the_form_that_the_spec_belongs_to() -> None:
    exercise = MultipleChoice({"A": "a", "B": "b"}, correct="A", label="Pick")
    identifier, spec = spec_in_page(exercise)
    assert f'data-techstate-exercise="{identifier}"' in exercise.form()
    assert spec == exercise.spec()
    other = MultipleChoice({"A": "a", "B": "b"}, correct="B", label="Pick")
    assert other.exercise_id != exercise.exercise_id


def test_page_json_cannot_close_its_script_element() -> None:
    text = static_page.script_json({"explanation": "</script><script>alert(1)</script> & <!--"})
    assert "</script" not in text and "<!--" not in text and "<" not in text
    assert json.loads(text)["explanation"].startswith("</script>")


def test_an_invalid_menu_value_gets_a_message_in_both_places() -> None:
    order = OrderEvents(["first", "second"], shown=["first", "second"], label="Order", explanation="x")
    given = {"first": "1", "second": "second place"}
    feedback = answers.check(order.spec(), given)
    assert feedback.status == "invalid" and "not a position" in feedback.message
    assert answers.check_json(json.dumps(order.spec()), json.dumps(given)) == feedback.to_html()


def test_explorer_renders_every_view_when_the_book_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    controls = {"who": widgets.Dropdown(options=[("Both", ""), ("Tencent", "t")]),
                "year": widgets.IntSlider(value=2013, min=2013, max=2015)}
    explorer = Explorer(controls, lambda who, year: f"<p>{who or 'both'} from {year}</p>")
    views = static_page.explorer_views(explorer.controls, explorer.render)
    assert len(views) == 6 and views[static_page.view_key(["Tencent", "2014"])] == "<p>t from 2014</p>"
    monkeypatch.delenv(page_protocol.STATIC_ENV, raising=False)
    assert not static_page.building_static_page()
    assert "data-techstate-views" not in explorer.page_html()  # a kernel's page: the view shown only
    monkeypatch.setenv(page_protocol.STATIC_ENV, "1")
    page = explorer.page_html()
    payload = json.loads(re.search(r'data-techstate-views="[0-9a-f]+">(.*)</script>', page).group(1))
    assert payload["controls"] == ["who", "year"]
    assert payload["views"] == views
    assert '<select id=' in page and 'type="range"' in page and "<p>both from 2013</p>" in page


def test_an_explorer_too_large_for_the_page_says_what_to_do() -> None:
    controls = {"a": widgets.IntSlider(min=0, max=20), "b": widgets.IntSlider(min=0, max=20)}
    with pytest.raises(ValueError, match="fewer values"):
        static_page.explorer_views(controls, lambda **values: "")
    with pytest.raises(TypeError, match="finite set"):
        static_page.control_choices(widgets.FloatSlider())
    with pytest.raises(TypeError, match="cannot draw"):
        Explorer({"t": widgets.Text()}, lambda t: "")


def test_filter_list_filters_in_the_kernel_and_marks_items_for_the_page() -> None:
    menu = widgets.Dropdown(options=[("All", ""), ("Two", "2")])
    items = {"1": "one", "2": "two"}

    def render(chapter: str) -> str:
        shown = {k: v for k, v in items.items() if not chapter or k == chapter}
        return "".join(f'<li data-filter-item data-chapter="{k}">{v}</li>' for k, v in shown.items())

    listing = FilterList({"chapter": menu}, render, label="List")
    assert listing.html().count("data-filter-item") == 2
    menu.value = "2"
    assert listing.html().count("data-filter-item") == 1 and "two" in listing.html()
    form = static_page.filter_page(listing.filter_id, listing.controls)
    assert re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', form) == [("", "All"), ("2", "Two")]
    assert f'data-techstate-filter="{listing.filter_id}"' in form


def test_answers_imports_on_its_own_without_pandas_or_widgets() -> None:
    """The browser runs answers.py alone, on a Python with only the standard library."""
    code = (
        "import sys, importlib.util\n"
        "for name in ('pandas', 'numpy', 'matplotlib', 'ipywidgets', 'IPython', 'techstate'):\n"
        "    sys.modules[name] = None\n"
        f"spec = importlib.util.spec_from_file_location('answers', {str(ROOT / 'techstate' / 'answers.py')!r})\n"
        "module = sys.modules['answers'] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "print(module.check_json('{\"kind\": \"number\", \"answer\": 2, \"tolerance\": 0}', '\"2\"'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Correct." in html.unescape(result.stdout)


def test_placing_on_a_scale_agrees_within_a_step_and_explains_the_rest() -> None:
    scale = ["The state sets the terms", "Shared", "The firm sets the terms"]
    place = PlaceOnScale({"Unicom": ("The state sets the terms", "the parent kept control"),
                          "WAPI": ("The firm sets the terms", "WiFi won")},
                         scale, label="Who sets the terms?", explanation="x")
    assert place.evaluate().status == "invalid"
    place.places["Unicom"].value, place.places["WAPI"].value = scale[2], scale[2]
    wrong = place.evaluate()
    assert wrong.status == "incorrect" and "the parent kept control" in wrong.message and "WAPI" not in wrong.message
    place.places["Unicom"].value = scale[1]  # one step from the evidence: agrees
    assert place.evaluate().correct
    assert judged_on_the_page(place) == place.evaluate().to_html()
    assert answers.check(place.spec(), {"Unicom": "nowhere", "WAPI": scale[2]}).status == "invalid"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.one_of(st.none(), st.text(max_size=30))))
def test_placement_checker_never_raises_and_never_echoes_html(typed: dict) -> None:
    scale = ["low", "middle", "high"]
    feedback = answers.check({"kind": "place", "scale": scale, "evidence": {"a": 0, "b": 2, "c": 1},
                              "reasons": {"a": "r", "b": "s", "c": "t"}, "tolerance": 1}, typed)
    assert feedback.status in {"correct", "incorrect", "invalid"}
    assert "<script" not in feedback.to_html()


def test_every_kind_of_exercise_is_a_labelled_form_drawn_from_its_spec() -> None:
    """The form offers exactly what the spec asks for, each input tied to its label."""
    from bs4 import BeautifulSoup

    exercises = [
        NumericAnswer(27.3, units=["RMB bn"], label="Total <i>", explanation="x"),
        MultipleChoice({"A & B": "a", "C": "c"}, correct="C", label="Pick"),
        OrderEvents(["first", "second", "third"], shown=["third", "first", "second"], label="Order", explanation="x"),
        SortItems({"rice": "food", "car": "thing"}, ["food", "thing"], label="Sort", explanation="x"),
        PlaceOnScale({"Unicom": ("low", "r")}, ["low", "high"], label="Place", explanation="x"),
    ]
    for exercise in exercises:
        soup = BeautifulSoup(exercise.form(), "html.parser")
        form = soup.form
        spec = exercise.spec()
        assert form["data-techstate-exercise"] == exercise.exercise_id
        assert form.legend.get_text() == exercise.label  # escaped in the HTML, read back whole
        assert form.find("button", type="submit").get_text() == "Check"
        assert form.select_one("[data-techstate-feedback]")["role"] == "status"
        if spec["kind"] == "number":
            box = form.find("input", type="text")
            assert form.find("label", attrs={"for": box["id"]}).get_text() == "Your answer"
            assert box["placeholder"] == "an amount in RMB bn"
        elif spec["kind"] == "choice":
            assert [r["value"] for r in form.select("input[type=radio]")] == list(spec["options"])
            assert [label.get_text(strip=True) for label in form.select("label")] == list(spec["options"])
        else:
            menus = form.find_all("select")
            assert [m["data-techstate-item"] for m in menus] == spec["items"]
            for menu in menus:
                assert form.find("label", attrs={"for": menu["id"]}).get_text() == menu["data-techstate-item"]
                choices = [o["value"] for o in menu.find_all("option")]
                assert choices[0] == NOT_CHOSEN and len(choices) > 2
    with pytest.raises(ValueError, match="no form"):
        forms.answer_inputs("x", {"kind": "riddle"})


def test_the_script_and_the_extensions_use_the_protocol_names_and_no_others() -> None:
    """One module names what the page, the build and the script share."""
    script = (ROOT / "book_static" / "techstate-checks.js").read_text(encoding="utf-8")
    known = set(page_protocol.ATTRIBUTES)
    by_dataset_name = {page_protocol.dataset_name(name): name for name in known}
    used = set(re.findall(r"data-[a-z-]+", script))
    # element.dataset.techstateItem reads data-techstate-item; a name outside the protocol
    # stays as written, and fails below.
    used |= {by_dataset_name.get(name, f"dataset.{name}")
             for name in re.findall(r"\.dataset\.([A-Za-z]+)", script)}
    assert used - known == set(), f"names the script uses that the protocol does not: {used - known}"
    attribute_names = {name for name in known if name.startswith("data-techstate")}
    # The views are moved into files by the build; the script reads their index instead. A
    # note is a plain text area, which nothing reads. The theme's actions have their own script.
    assert attribute_names - used == {page_protocol.VIEWS, page_protocol.NOTE, page_protocol.ACTION}
    actions = (ROOT / "book_static" / "techstate-actions.js").read_text(encoding="utf-8")
    assert set(re.findall(r"data-[a-z-]+", actions)) <= known
    for extension in ("static_checks.py", "answer_key.py", "page_policy.py"):
        text = (ROOT / "_ext" / extension).read_text(encoding="utf-8")
        assert "page_protocol" in text and not re.search(r'"data-techstate-', text), extension


def test_the_build_extensions_import_the_library_without_pandas_or_widgets() -> None:
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "import static_checks, answer_key\n"
        "from techstate import forms, page_protocol\n"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_the_checker_ships_only_the_modules_it_loads_and_no_packages() -> None:
    import io
    import zipfile

    sys.path.insert(0, str(ROOT / "_ext"))
    import static_checks

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as full:
        for name in ("json/", "json/__init__.py", "json/decoder.py", "re/__init__.py", "asyncio/", "asyncio/tasks.py",
                     "html/__init__.py"):
            full.writestr(name, "" if name.endswith("/") else f"# {name}")
    cut = zipfile.ZipFile(io.BytesIO(static_checks.trimmed_stdlib(buffer.getvalue(), ["json/decoder.py", "html/__init__.py"])))
    assert sorted(cut.namelist()) == ["html/__init__.py", "json/", "json/decoder.py"]
    assert cut.read("json/decoder.py") == b"# json/decoder.py"
    lock = json.loads(static_checks.empty_lock(json.dumps({"info": {"python": "3.13.2"}, "packages": {"numpy": {}}}).encode()))
    assert lock == {"info": {"python": "3.13.2"}, "packages": {}}
