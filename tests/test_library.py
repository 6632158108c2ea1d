"""The loader, the charts and the exercise widgets, driven from plain Python."""

from __future__ import annotations

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
from techstate.data import load_package

from conftest import DATA


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may damage."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("_staging"))
    return copy


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


def test_missing_file_names_it_and_says_what_to_do(data_copy: Path) -> None:
    (data_copy / "unicom_investors.csv").unlink()
    with pytest.raises(DataError) as info:
        load_table("unicom_investors", folder=data_copy)
    assert "unicom_investors.csv is missing" in str(info.value)
    assert "git checkout" in str(info.value)


def test_damaged_value_names_file_line_and_column(data_copy: Path) -> None:
    path = data_copy / "unicom_investors.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("5.18", "five")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"unicom_investors.csv, line 4, column 'stake_pct': 'five'"):
        load_table("unicom_investors", folder=data_copy)


def test_wrong_columns_are_reported(data_copy: Path) -> None:
    path = data_copy / "unicom_investors.csv"
    text = path.read_text(encoding="utf-8").replace("stake_pct", "stake", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="has the columns"):
        load_table("unicom_investors", folder=data_copy)


def test_binary_garbage_is_reported(data_copy: Path) -> None:
    (data_copy / "unicom_investors.csv").write_bytes(b"\xff\xfe\x00garbage\x00\xff")
    with pytest.raises(DataError, match="cannot be read|has the columns"):
        load_table("unicom_investors", folder=data_copy)


def test_damaged_catalogue_is_reported(data_copy: Path) -> None:
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="datapackage.json is damaged"):
        load_package(data_copy)


def test_unknown_source_is_reported(data_copy: Path) -> None:
    path = data_copy / "unicom_investors.csv"
    text = path.read_text(encoding="utf-8").replace(
        "cgtn-2017-07-23-unicom-leak", "no-such-source"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="no-such-source"):
        load_table("unicom_investors", folder=data_copy)


def test_cite_names_publishers_once() -> None:
    table = load_table("unicom_investors")
    credit = cite(table)
    assert credit.startswith("Sources: ") and credit.endswith(".")
    assert credit.count("Caixin") == 1 and "mirror on" not in credit
    investors = load_table("unicom_investors")
    leak_only = cite(investors[investors["report"] == "july-2017-leak"])
    assert leak_only.startswith("Source: CGTN") and "Caixin" not in leak_only
    revenue = cite(load_table("company_revenue"))
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


def test_explorer_redraws_on_every_change() -> None:
    import ipywidgets as widgets

    seen = []

    def draw(n: int) -> str:
        seen.append(n)
        return f"<p>n is {n}</p>"

    explorer = Explorer({"n": widgets.IntSlider(value=1, min=0, max=5, description="n")}, draw)
    assert explorer.view.value == "<p>n is 1</p>"
    explorer.controls["n"].value = 4
    assert explorer.view.value == "<p>n is 4</p>" and seen == [1, 4]


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
    assert cite(table) == "Sources: Wikipedia; Reuters (2019)."
