"""The loader, the charts and the exercise widgets, driven from plain Python."""

from __future__ import annotations

import csv

import html
import json
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from techstate import (
    DataError,
    Explorer,
    MultipleChoice,
    NumericAnswer,
    OrderEvents,
    SortItems,
    bar_chart,
    cite,
    line_chart,
    load_table,
    show_table,
    table_names,
)
import techstate.data
from techstate.data import load_package

from conftest import DATA


def _message(name: str, folder: Path) -> str:
    """What a reader is told when table ``name`` cannot be loaded from ``folder``."""
    with pytest.raises(DataError) as info:
        load_table(name, folder=folder)
    return str(info.value)


EDIT_ADVICE = ("`git diff data/{0}` shows what you changed; `git checkout -- data/{0}` restores "
               "the published file, discarding your edits to it.")


def test_every_table_loads_typed_with_its_sources() -> None:
    for name in table_names():
        table = load_table(name)
        assert len(table) > 0, name
        if name != "sources":
            assert table.attrs["sources"], f"{name} cites no source"
            assert all(s["url"].startswith("http") for s in table.attrs["sources"])


def test_types_follow_the_schema() -> None:
    revenue = load_table("company_revenue")
    assert str(revenue["revenue_rmb_m"].dtype) == "Float64"
    assert pd.api.types.is_datetime64_any_dtype(revenue["period_end"])
    assert revenue.attrs["units"]["revenue_rmb_m"] == "RMB million"


def test_loader_does_not_depend_on_the_working_folder(tmp_path: Path) -> None:
    here = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert len(load_table("unicom_investors")) > 0
    finally:
        os.chdir(here)


def test_unknown_table_lists_the_real_ones() -> None:
    with pytest.raises(DataError, match="There is no table called 'revenues'.*company_revenue"):
        load_table("revenues")


def test_missing_file_names_it_and_says_how_to_put_it_back(data_copy: Path) -> None:
    (data_copy / "unicom_investors.csv").unlink()
    message = _message("unicom_investors", data_copy)
    assert message.startswith("data/unicom_investors.csv is missing, but data/datapackage.json "
                              "lists it as the table 'unicom_investors'.")
    assert "`git checkout -- data/unicom_investors.csv` in the book's folder restores it" in message
    assert 'change its "path" in data/datapackage.json' in message
    assert "discard" not in message  # restoring a missing file loses nothing


def test_damaged_value_names_file_line_and_column_and_the_edit_advice(data_copy: Path) -> None:
    path = data_copy / "unicom_investors.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("5.18", "five")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _message("unicom_investors", data_copy)
    assert message.startswith("data/unicom_investors.csv, line 4, column 'stake_pct': 'five' is "
                              "not a number")
    assert "Correct that value in a text editor." in message
    assert EDIT_ADVICE.format("unicom_investors.csv") in message


def test_line_numbers_count_as_an_editor_does(tmp_path: Path) -> None:
    """A quoted value over two lines and a blank line: the bad value is still on line 6."""
    package = {"resources": [{"name": "t", "path": "t.csv", "schema": {"fields": [
        {"name": "note", "type": "string"}, {"name": "n", "type": "integer"}]}}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (tmp_path / "t.csv").write_text('note,n\n"two\nlines",1\n\nplain,2\nbad,2.5\n', encoding="utf-8")
    assert _message("t", tmp_path).startswith(f"{tmp_path / 't.csv'}, line 6, column 'n': '2.5' "
                                              "is not a whole number")


def test_a_table_loaded_again_is_a_fresh_copy_and_an_edit_is_read(tmp_path: Path) -> None:
    copy = tmp_path / "mine"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("_staging"))
    first = load_table("unicom_investors", copy)
    first.loc[first.index[0], "stake_pct"] = -1.0   # a reader's change to the loaded table
    second = load_table("unicom_investors", copy)
    assert second["stake_pct"].min() > 0 and second.attrs["sources"] == first.attrs["sources"]
    path = copy / "unicom_investors.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("5.18", "5.19", 1), encoding="utf-8")
    assert (load_table("unicom_investors", copy)["stake_pct"] == 5.19).any()
    path.write_text(path.read_text(encoding="utf-8").replace("5.19", "five", 1), encoding="utf-8")
    assert "is not a number" in _message("unicom_investors", copy)


def test_a_data_folder_outside_the_book_gets_no_git_advice(tmp_path: Path) -> None:
    copy = tmp_path / "mine"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("_staging"))
    path = copy / "unicom_investors.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("5.18", "five", 1), encoding="utf-8")
    message = _message("unicom_investors", copy)
    assert message.startswith(f"{path}, line ") and "`git" not in message


def test_without_git_the_advice_says_to_download_the_book_again(data_copy: Path) -> None:
    (data_copy.parent / ".git").rmdir()
    path = data_copy / "unicom_investors.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("5.18", "five", 1), encoding="utf-8")
    message = _message("unicom_investors", data_copy)
    assert "download the book again" in message and "discards your edits to it" in message
    assert "`git" not in message


def test_wrong_columns_are_reported(data_copy: Path) -> None:
    path = data_copy / "unicom_investors.csv"
    text = path.read_text(encoding="utf-8").replace("stake_pct", "stake", 1)
    path.write_text(text, encoding="utf-8")
    message = _message("unicom_investors", data_copy)
    assert message.startswith("data/unicom_investors.csv, line 1: the columns do not match")
    assert "missing 'stake_pct'; not described: 'stake'" in message
    assert "describe it in data/datapackage.json" in message


def test_a_row_with_too_many_values_is_reported(data_copy: Path) -> None:
    path = data_copy / "company_revenue.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _message("company_revenue", data_copy)
    assert re.match(r"data/company_revenue.csv, line 5: (\d+) values, but the header has (\d+) "
                    r"columns", message)
    assert "double quotation marks" in message


def test_a_file_saved_as_gbk_names_line_and_column_and_says_save_as_utf8(data_copy: Path) -> None:
    path = data_copy / "unicom_investors.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    ascii_lines = [line.encode("ascii", "replace").decode() for line in lines]  # ASCII up to here
    cells = ascii_lines[5].split(",")
    cells[1] = "中国联通"
    ascii_lines[5] = ",".join(cells)
    path.write_bytes("\n".join(ascii_lines).encode("gbk") + b"\n")
    message = _message("unicom_investors", data_copy)
    assert message.startswith(f"data/unicom_investors.csv, line 6, column {header[1]!r}: the file "
                              "is not saved as UTF-8")
    assert "It reads as GBK" in message and "save it with the encoding UTF-8" in message
    assert "your edits stay" in message


def test_a_file_saved_as_utf16_is_recognised(data_copy: Path) -> None:
    (data_copy / "unicom_investors.csv").write_bytes(b"\xff\xfe\x00garbage\x00\xff")
    message = _message("unicom_investors", data_copy)
    assert message.startswith("data/unicom_investors.csv, line 1: the file is not saved as UTF-8")
    assert "UTF-16" in message


def test_a_byte_order_mark_is_allowed(data_copy: Path) -> None:
    path = data_copy / "unicom_investors.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert list(load_table("unicom_investors", folder=data_copy).columns)[0] == "investor"


def test_a_truncated_catalogue_names_line_and_column(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:2000], encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_package(data_copy)
    message = str(info.value)
    assert re.match(r"data/datapackage.json, line \d+, column \d+: this is not valid JSON", message)
    assert "cut off" in message and EDIT_ADVICE.format("datapackage.json") in message


def test_a_catalogue_without_tables_is_reported(data_copy: Path) -> None:
    (data_copy / "datapackage.json").write_text('{"resources": [{"name": "x"}]}', encoding="utf-8")
    with pytest.raises(DataError, match='resource \'x\' needs a "name", a "path" and a "schema"'):
        load_package(data_copy)


def test_a_missing_catalogue_is_reported(data_copy: Path) -> None:
    (data_copy / "datapackage.json").unlink()
    with pytest.raises(DataError, match="(?s)data/datapackage.json is missing.*git checkout --"):
        load_package(data_copy)


def test_unknown_source_names_its_line_and_asks_for_the_source(data_copy: Path) -> None:
    path = data_copy / "unicom_investors.csv"
    cited = list(csv.DictReader(path.open(encoding="utf-8")))[-1]["source_id"]
    typo = cited[:-1] + ("x" if cited[-1] != "x" else "y")
    text = path.read_text(encoding="utf-8").replace(f",{cited},", f",{typo},")
    path.write_text(text, encoding="utf-8")
    line = 1 + next(n for n, row in enumerate(text.splitlines()) if f",{typo}," in row)
    message = _message("unicom_investors", data_copy)
    assert message.startswith(f"data/unicom_investors.csv, line {line}, column 'source_id': "
                              f"'{typo}' is not listed in data/sources.csv.")
    assert "add a row for it to data/sources.csv" in message
    assert f"perhaps '{cited}'" in message
    assert "git checkout" not in message  # a restore is not what it needs


def test_a_notebook_in_another_copy_of_the_book_is_told_to_set_it_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder copied with its environment: its notebooks must not read the original's data."""
    copy = tmp_path / "copy"
    (copy / "data").mkdir(parents=True)
    (copy / "data" / "datapackage.json").write_text("{}", encoding="utf-8")
    (copy / "techstate").mkdir()
    (copy / "chapters").mkdir()
    monkeypatch.delenv("TECHSTATE_DATA", raising=False)
    monkeypatch.chdir(copy / "chapters")
    with pytest.raises(DataError) as info:
        load_table("unicom_investors")
    message = str(info.value)
    assert f"This notebook is in {copy}" in message and str(techstate.data.BOOK_ROOT) in message
    assert f"In {copy}, run `make lab`, or `pip install -r requirements.txt` there" in message
    monkeypatch.setenv("TECHSTATE_DATA", str(DATA))  # a data folder named on purpose is used
    assert len(load_table("unicom_investors")) > 0


def test_a_notebook_shows_a_data_error_as_its_message_alone(tmp_path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("_staging"))
    (copy / "unicom_investors.csv").unlink()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f"import os; os.environ['TECHSTATE_DATA'] = {str(copy)!r}\n"
        "import techstate\ntechstate.load_table('unicom_investors')")])
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True).execute()
    (error,) = [out for out in notebook.cells[0].outputs if out.output_type == "error"]
    assert error.ename == "DataError" and "unicom_investors.csv is missing" in error.evalue
    assert len(error.traceback) == 1 and "%tb" not in error.traceback[0]


def test_cite_names_publishers_once() -> None:
    table = load_table("unicom_investors")
    credit = cite(table).text
    assert credit.startswith("Sources: ") and credit.endswith(".")
    assert credit.count("Caixin") == 1 and "mirror on" not in credit
    investors = load_table("unicom_investors")
    leak_only = cite(investors[investors["report"] == "july-2017-leak"]).text
    assert leak_only == "Source: Business Insider (2017)."  # Reuters' licensed copy
    revenue = cite(load_table("company_revenue")).text
    assert revenue.count("Tencent") == 1 and re.search(r"Tencent[^;]*\(\d{4}–\d{4}\)", revenue)


def test_show_table_hides_index_and_missing_values() -> None:
    table = load_table("unicom_investors")
    shown = show_table(table, "Investors", ["investor", "stake_pct", "amount_rmb_bn"]).html
    assert "<caption>Investors</caption>" in shown
    assert "&lt;NA&gt;" not in shown and "<NA>" not in shown
    revenue = show_table(load_table("company_revenue").head(1)).html
    assert "2013-12-31" in revenue and "00:00:00" not in revenue


def test_charts_carry_alt_text_and_source() -> None:
    chart = bar_chart(["a", "b"], [1, 2], title="B is twice A", ylabel="count",
                      source="Source: test.", alt="Bar chart: a 1, b 2.")
    assert 'alt="Bar chart: a 1, b 2."' in chart.html
    assert "<figcaption" in chart.html and "Source: test." in chart.html
    assert chart._repr_html_() == chart.html
    frame = pd.DataFrame({"x": [1, 2, 3], "y": [3.0, 4.0, 5.0], "g": ["p", "p", "q"]})
    lines = line_chart(frame, x="x", y="y", group="g", title="t", ylabel="y", source="s",
                       alt='Lines with a "quote"')
    assert 'alt="Lines with a &quot;quote&quot;"' in lines.html
    with pytest.raises(ValueError, match="alt text"):
        bar_chart(["a"], [1], title="t", ylabel="y", source="s", alt="  ")


@pytest.mark.parametrize("horizontal", [False, True])
def test_a_bar_chart_of_counts_has_whole_number_ticks(monkeypatch: pytest.MonkeyPatch,
                                                       horizontal: bool) -> None:
    from techstate import charts

    drawn = []
    monkeypatch.setattr(charts, "render", lambda figure, **kw: drawn.append(figure))
    bar_chart(["2013", "2018", "2023"], [1, 3, 2], title="Seats", ylabel="seats", source="s",
              alt="Bars.", horizontal=horizontal)
    bar_chart(["a", "b"], [0.5, 1.5], title="Shares", ylabel="%", source="s", alt="Bars.",
              horizontal=horizontal)
    counts, shares = [f.axes[0].xaxis if horizontal else f.axes[0].yaxis for f in drawn]
    assert all(float(tick).is_integer() for tick in counts.get_ticklocs())
    assert not all(float(tick).is_integer() for tick in shares.get_ticklocs())


def test_multiple_choice_widget() -> None:
    exercise = MultipleChoice({"A": "Yes.", "B": "No, because."}, correct="A", label="Q")
    exercise.button.click()
    assert "Pick one" in exercise.feedback.value
    exercise.choices.value = "B"
    exercise.button.click()
    assert "Not quite" in exercise.feedback.value and "No, because." in exercise.feedback.value
    exercise.choices.value = "A"
    exercise.button.click()
    assert "Correct" in exercise.feedback.value
    exercise.reset()
    assert exercise.choices.value is None and exercise.feedback.value == ""
    assert "<details" in exercise.solution() and "Yes." in exercise.solution()
    with pytest.raises(ValueError):
        MultipleChoice({"A": "x"}, correct="Z", label="Q")


def test_numeric_widget_handles_nonsense_and_html() -> None:
    exercise = NumericAnswer(27.35, tolerance=0.05, units=["bn"], label="Total",
                             explanation="Add them up.")
    for typed in ["abc", "", "<img src=x onerror=alert(1)>"]:
        exercise.text.value = typed
        exercise.button.click()
        assert "Check your answer" in exercise.feedback.value
        assert "<img" not in exercise.feedback.value
    exercise.text.value = "27,35 bn"
    exercise.button.click()
    assert "Correct" in exercise.feedback.value
    assert "27.35 bn" in exercise.solution()


def test_menus_holding_a_value_that_is_no_choice_get_a_message() -> None:
    """Check must say something visible, whatever value a menu ends up holding."""
    order = OrderEvents(["early", "late"], shown=["late", "early"], label="O", explanation="e")
    box = order.positions["early"]
    box.options = [*box.options, "soon"]
    box.value = "soon"
    order.positions["late"].value = "1"
    order.button.click()
    assert "“soon” is not a position. Give “early” a number from 1 to 2." in html.unescape(
        order.feedback.value)
    box.value = None
    order.button.click()
    assert "Give every event a position first" in order.feedback.value
    sort = SortItems({"x": "one", "y": "two"}, ["one", "two", "neither"], label="S", explanation="e")
    sort.categories["x"].options = [*sort.categories["x"].options, "three"]
    sort.categories["x"].value = "three"
    sort.categories["y"].value = "neither"  # offered, so merely wrong
    sort.button.click()
    assert "“three” is not one of the categories for “x”" in html.unescape(sort.feedback.value)
    sort.categories["x"].value = "one"
    sort.button.click()
    assert "Not quite" in sort.feedback.value and "Look again at: y." in sort.feedback.value


def test_order_and_sort_widgets() -> None:
    order = OrderEvents(["early", "late"], shown=["late", "early"], label="O", explanation="e")
    order.positions["early"].value = "2"
    order.positions["late"].value = "1"
    order.button.click()
    assert "Not quite" in order.feedback.value
    order.positions["early"].value = "1"
    order.positions["late"].value = "2"
    order.button.click()
    assert "Correct" in order.feedback.value
    sort = SortItems({"x": "one", "y": "two"}, ["one", "two"], label="S", explanation="e")
    sort.categories["x"].value = "one"
    sort.button.click()
    assert "Choose a category" in sort.feedback.value
    sort.categories["y"].value = "two"
    sort.button.click()
    assert "Correct" in sort.feedback.value
    with pytest.raises(ValueError):
        SortItems({"x": "three"}, ["one", "two"], label="S", explanation="e")


def test_explorer_redraws_on_every_change_and_draws_each_view_once() -> None:
    import ipywidgets as widgets

    seen = []

    def draw(n: int) -> str:
        seen.append(n)
        return f"<p>n is {n}</p>"

    explorer = Explorer({"n": widgets.IntSlider(value=1, min=0, max=5, description="n")}, draw)
    assert explorer.view.value == "<p>n is 1</p>"
    explorer.controls["n"].value = 4
    assert explorer.view.value == "<p>n is 4</p>" and seen == [1, 4]
    explorer.controls["n"].value = 1  # a view seen before is shown again, not drawn again
    assert explorer.view.value == "<p>n is 1</p>" and seen == [1, 4]
    explorer.controls["n"].value = 2
    assert explorer.view.value == "<p>n is 2</p>" and seen == [1, 4, 2]


def test_datapackage_is_plain_json() -> None:
    json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def test_catalogue_preview_shows_blank_cells_not_na() -> None:
    from techstate.catalogue import table_card

    card = table_card("unicom_investors")  # its first rows have an empty amount
    assert "&lt;NA&gt;" not in card and "<NA>" not in card
    assert "<caption>Columns</caption>" in card and 'download>unicom_investors.csv' in card


def test_cite_handles_undated_sources() -> None:
    table = pd.DataFrame({"source_id": ["a", "b"]})
    table.attrs["sources"] = [
        {"source_id": "a", "publisher": "Wikipedia (mirror on x.org)"},
        {"source_id": "b", "publisher": "Reuters", "date": "2019-01-02"},
    ]
    assert cite(table).text == "Sources: Wikipedia; Reuters (2019)."


def test_cite_credits_the_original_of_a_mirror() -> None:
    table = pd.DataFrame({"source_id": ["m", "p"]})
    table.attrs["sources"] = [
        {"source_id": "m", "publisher": "docslib.org", "kind": "mirror", "date": "2023-01-01",
         "original": "Tencent Holdings Limited: Annual results (2018-03-21)"},
        {"source_id": "p", "publisher": "Reuters", "kind": "press", "date": "2019-01-02"},
    ]
    assert cite(table).text == "Sources: Tencent Holdings Limited (2018); Reuters (2019)."


# Tables, menus and answer boxes as a reader who does not program meets them.

def _headers(table_html: str) -> list[str]:
    return re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table_html)


def test_tables_take_their_headers_from_the_schema_with_units() -> None:
    from techstate.tables import heading, humanise

    users = show_table(load_table("platform_users"), "Users", ["platform", "date", "users_m"]).html
    assert _headers(users) == ["Platform", "Period", "Users (millions)"]
    fines = show_table(load_table("platform_fines"), "Fines", ["company", "fine_rmb_m"]).html
    assert _headers(fines) == ["Company", "Fine (RMB million)"]
    # A column computed in a notebook, which no schema knows, still reads as words.
    assert humanise("reported_by") == "Reported by" and humanise("growth_pct") == "Growth (%)"
    assert heading("CNNIC report") == "CNNIC report"  # written for the reader: kept as it is
    assert heading("stake_pct", {"title": "Stake", "unit": "percent"}) == "Stake (%)"
    assert heading("reviewers", {"title": "Reviewers", "unit": "count"}) == "Reviewers"
    override = show_table(load_table("platform_users"), columns=["users_m"],
                          headings={"users_m": "Monthly users (millions)"}).html
    assert _headers(override) == ["Monthly users (millions)"]


def test_tables_show_no_index_and_no_columns_written_for_editors() -> None:
    table = load_table("internet_users").head(3)
    shown = show_table(table).html
    headers = _headers(shown)
    assert headers[0] == "Reporting date" and "" not in headers
    assert not {"Note", "Source", "source_id", "note"} & set(headers)
    assert "<th scope=\"col\"></th>" not in shown and ">0</th>" not in shown


def test_numbers_have_thousands_separators_but_years_and_ids_do_not() -> None:
    from techstate.tables import number_text

    assert number_text(700000000) == "700,000,000" and number_text(700000000.0) == "700,000,000"
    assert number_text(-9.06) == "-9.06" and number_text(36.0) == "36" and number_text(1234.5) == "1,234.5"
    assert number_text(2018, separators=False) == "2018" and number_text("abc") == "abc"
    assert number_text(True) is True and pd.isna(number_text(pd.NA))
    profits = show_table(load_table("telecom_profits"), columns=["fiscal_year", "net_profit_rmb_m"]).html
    assert re.search(r'data-label="Fiscal year">\d{4}<', profits)  # a year: no separator
    assert re.search(r">\d{1,3}(,\d{3})+(\.\d+)?<", profits)       # profits in RMB million: separated
    assert not re.search(r">\d{5,}(\.\d+)?<", profits)


def test_editors_remarks_stay_in_the_data() -> None:
    from techstate.tables import cell_html, for_readers

    assert for_readers("[ECNS report on the clean-up; page title not in the text read]") == \
        "[ECNS report on the clean-up]"
    assert for_readers("Sina warns of losses (title as given in the page address)") == "Sina warns of losses"
    assert for_readers("[headline not shown in the text read] 约谈支付宝") == "约谈支付宝"
    assert for_readers("Plain title (2018) [1]") == "Plain title (2018) [1]"
    assert "text read" not in cell_html("[A report; page title not in the text read]")
    sources = load_table("sources")
    remarks = sources["title"].str.contains("the text read|the page address", na=False)
    assert remarks.any()  # the data keep them
    assert not any("the text read" in cell_html(t) or "the page address" in cell_html(t)
                   for t in sources.loc[remarks, "title"])


@pytest.mark.parametrize(("units", "expected"), [
    ([], "a number"), (["days", "day"], "a number of days"), (["%", "per cent"], "a percentage"),
    (["RMB bn", "bn"], "an amount in RMB bn"), (["million", "m"], "a number in millions"),
    (["percentage points", "pp"], "a number of percentage points"), (["times", "x"], "a number of times"),
    (["seats"], "a number of seats"),
])
def test_answer_boxes_say_what_to_type_in_english(units: list[str], expected: str) -> None:
    from techstate.exercises import placeholder_text

    assert placeholder_text(units) == expected
    box = NumericAnswer(3, label="How many?", explanation="x", units=units)
    assert box.text.placeholder == expected


def test_the_timeline_files_later_events_under_the_afterword_and_sorts_actors_by_name() -> None:
    from techstate.pages import AFTERWORD, chapter_menu, main_actors, timeline_html

    events = load_table("events")
    later = events["date"].str[:4].astype(int) > 2018
    menu = chapter_menu(events)
    assert menu[0] == ("All chapters", 0) and menu[-1][1] == AFTERWORD and "What happened next" in menu[-1][0]
    every = timeline_html(events)
    assert every.count(f'data-chapter="{AFTERWORD}"') == later.sum() > 0
    assert "(afterword;" in every
    afterword = timeline_html(events, chapter=AFTERWORD)
    assert afterword.count("data-filter-item") == later.sum()
    chapter_2 = timeline_html(events, chapter=2)
    assert chapter_2.count("data-filter-item") == ((events["chapter"] == 2) & ~later).sum()
    actors = main_actors(events)
    assert len(actors) > 3 and actors == sorted(actors, key=str.casefold)


def test_an_empty_timeline_says_so_and_offers_the_way_back() -> None:
    import ipywidgets as widgets

    from techstate import FilterList
    from techstate.pages import timeline_html

    events = load_table("events")
    full = timeline_html(events)
    assert re.search(r"data-filter-empty hidden", full)  # present, hidden, for the page's script
    empty = timeline_html(events, chapter=1, period="2019-2024")
    assert "data-filter-item" not in empty and "No events match these choices" in empty
    assert "data-filter-empty hidden" not in empty and "Show all events" in empty
    chapter = widgets.Dropdown(options=[("All chapters", 0), ("1", 1)])
    period = widgets.Dropdown(options=[("All years", ""), ("Later", "2019-2024")])
    listing = FilterList({"chapter": chapter, "period": period},
                         lambda chapter, period: timeline_html(events, chapter, "", period),
                         label="Timeline", reset="Show all events")
    assert listing.reset_button.layout.display == "none"
    chapter.value, period.value = 1, "2019-2024"
    assert listing.reset_button.layout.display is None and listing.reset_button.description == "Show all events"
    listing.reset_button.click()
    assert (chapter.value, period.value) == (0, "") and listing.html().count("data-filter-item") == len(events)
    assert listing.reset_button in listing.widget.children


def test_the_static_page_gets_the_lists_own_reset_not_a_kernels_button(monkeypatch: pytest.MonkeyPatch) -> None:
    import ipywidgets as widgets

    from techstate import FilterList, page_protocol

    monkeypatch.setenv(page_protocol.STATIC_ENV, "1")
    menu = widgets.Dropdown(options=[("All", ""), ("One", "1")])
    listing = FilterList({"x": menu}, lambda x: "", label="L", reset="Show all events")
    assert list(listing.widget.children) == [menu]  # a button with no kernel would do nothing


def test_menus_are_as_wide_as_their_labels() -> None:
    import ipywidgets as widgets

    from techstate import FilterList

    long = widgets.Dropdown(options=["All", "Afterword: What happened next (2019–2024)"])
    fixed = widgets.Dropdown(options=["All", "B"], layout=widgets.Layout(width="12em"))
    explorer = Explorer({"a": long, "b": fixed}, lambda a, b: f"<p>{a}{b}</p>")
    assert explorer.widget is not None
    assert long.layout.width == "auto" and long.layout.max_width == "100%"
    assert fixed.layout.width == "12em"  # a width set on purpose is kept
    menu = widgets.Dropdown(options=[("All", ""), ("One", "1")])
    FilterList({"x": menu}, lambda x: "", label="L").widget
    assert menu.layout.width == "auto"


def test_pages_drop_code_outside_going_further_and_keep_it_inside() -> None:
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from reader_pages import drop_code

    def cell(mode: str = "", output: bool = True) -> nodes.container:
        code = nodes.container(nb_element="cell_code", hide_mode=mode, prompt_show="Show code cell {type}")
        code += nodes.container("", nodes.literal_block("", "x = 1"), nb_element="cell_code_source",
                                classes=["cell_input"])
        if output:
            code += nodes.container("", nodes.paragraph("", "a table"), nb_element="cell_code_output")
        return code

    document = new_document("page", get_default_settings(Parser))
    reading = nodes.section("", nodes.title("", "What the firms gain"), cell("input"), cell(output=False))
    further = nodes.section("", nodes.title("", "Going further: profit margins"), cell(), cell("all"))
    document += [reading, further]
    assert drop_code(document) == 2
    kept = [c for c in reading.findall(nodes.container) if c.get("nb_element") == "cell_code"]
    assert len(kept) == 1 and "hide_mode" not in kept[0].attributes  # no "Show code cell source" bar
    assert [c.get("nb_element") for c in kept[0].children] == ["cell_code_output"]
    assert len(list(further.findall(nodes.literal_block))) == 2  # the reader's pandas stays
