"""Monthly series from uneven periods, and the charts that keep zeros and gaps apart."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from techstate import Chart, load_table
from techstate.periods import STATUSES, monthly_series, months_between
from techstate.timecharts import _runs, dated_values_chart, monthly_status_chart


def _rows(*rows: tuple) -> pd.DataFrame:
    """A small table with the columns of game_approvals."""
    frame = pd.DataFrame(rows, columns=["period_start", "period_end", "granularity", "scope",
                                        "approvals", "monthly_average", "source_id"])
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame["approvals"] = frame["approvals"].astype("Int64")
    frame["monthly_average"] = frame["monthly_average"].astype("Float64")
    return frame


TOY = _rows(
    ("2018-01-01", "2018-03-31", "quarter", "all", None, 600.0, "avg"),
    ("2018-03-29", "2018-06-10", "span", "all", 0, None, "freeze"),
    ("2018-06-20", "2018-06-20", "span", "all", 30, None, "list-a"),
    ("2018-06-25", "2018-06-25", "span", "all", 20, None, "list-b"),
    ("2018-06-01", "2018-12-31", "span", "all", 400, None, "cumulative"),
    ("2018-08-01", "2018-08-31", "month", "all", 70, None, "august"),
    ("2018-08-01", "2018-08-31", "month", "mobile", 50, None, "august-mobile"),
    ("2018-01-01", "2018-12-31", "year", "all", None, 90.0, "year-average"),
)


def test_each_month_gets_the_best_known_status() -> None:
    series = monthly_series(TOY, start="2018-01", end="2018-09").set_index("label")
    assert series.loc["Jan 2018", "status"] == "average" and series.loc["Jan 2018", "value"] == 600
    assert series.loc["Mar 2018", "status"] == "average"     # the freeze starts on 29 March
    assert list(series.loc[["Apr 2018", "May 2018"], "status"]) == ["zero", "zero"]
    assert series.loc["Jun 2018", "status"] == "at_least"    # freeze ends 10 June; two lists
    assert series.loc["Jun 2018", "value"] == 50
    assert series.loc["Jun 2018", "source_id"] == "list-a; list-b"
    assert series.loc["Aug 2018", "status"] == "count" and series.loc["Aug 2018", "value"] == 70
    # A year's average says little about one month, and a cumulative span is not a count.
    assert series.loc["Jul 2018", "status"] == "none" and pd.isna(series.loc["Jul 2018", "value"])


def test_scope_and_the_longest_average_can_be_chosen() -> None:
    mobile = monthly_series(TOY, start="2018-08", end="2018-08", scope="mobile")
    assert mobile["value"].tolist() == [50]
    loose = monthly_series(TOY, start="2018-07", end="2018-07", longest_average=12)
    assert loose["status"].tolist() == ["average"] and loose["value"].tolist() == [90]


def test_bad_arguments_are_explained() -> None:
    with pytest.raises(ValueError, match="ends"):
        months_between("2019-01", "2018-01")
    with pytest.raises(ValueError, match="lacks the columns"):
        monthly_series(TOY.drop(columns="monthly_average"), start="2018-01", end="2018-02")


@settings(max_examples=40, deadline=None)
@given(st.integers(2016, 2020), st.integers(1, 12), st.integers(0, 30))
def test_one_row_per_month_with_a_known_status(year: int, month: int, length: int) -> None:
    start = pd.Period(f"{year}-{month:02d}", "M")
    end = start + length
    series = monthly_series(TOY, start=str(start), end=str(end))
    assert len(series) == length + 1
    assert set(series["status"]) <= set(STATUSES)
    assert series["value"].isna().eq(series["status"].eq("none")).all()


def test_the_book_data_show_the_2018_freeze_as_zeros() -> None:
    series = monthly_series(load_table("game_approvals"), start="2018-01", end="2019-04")
    zeros = series.loc[series["status"] == "zero", "label"].tolist()
    assert zeros == [f"{m} 2018" for m in ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov")]
    assert series.set_index("label").loc["Dec 2018", "status"] == "at_least"


def test_runs_of_a_status() -> None:
    assert _runs(["a", "z", "z", "a", "z"], "z") == [(1, 2), (4, 4)]
    assert _runs([], "z") == [] and _runs(["a"], "z") == []


def test_charts_are_accessible_figures() -> None:
    series = monthly_series(TOY, start="2018-01", end="2018-09")
    chart = monthly_status_chart(series, title="Toy", ylabel="Games", source="Source: toy.",
                                 alt="Bars of a toy series.", marks=[("2018-06", "note")])
    assert isinstance(chart, Chart) and 'alt="Bars of a toy series."' in chart.html
    with pytest.raises(ValueError, match="alt text"):
        monthly_status_chart(series, title="Toy", ylabel="Games", source="", alt=" ")
    with pytest.raises(ValueError, match="columns"):
        monthly_status_chart(series.drop(columns="status"), title="T", ylabel="G", source="", alt="a")
    points = pd.DataFrame({"when": pd.to_datetime(["2018-01-15", "2018-03-22"]), "v": [572, 542]})
    line = dated_values_chart(points, x="when", y="v", title="T", ylabel="US$ bn", source="S.",
                              alt="Two points.", events=[(pd.Timestamp("2018-03-28"), "freeze")])
    assert "Two points." in line.html and "<figcaption" in line.html
    with pytest.raises(ValueError, match="no values"):
        dated_values_chart(points.iloc[:0], x="when", y="v", title="T", ylabel="", source="", alt="a")
