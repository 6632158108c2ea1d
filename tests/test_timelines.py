"""The dot timeline: rows ordered by first date, every kind keeps its look, no silent guessing."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from techstate.timelines import dot_timeline, first_dates, to_timestamp

MEASURES = pd.DataFrame({
    "country": ["B", "A", "B", "C"],
    "date": ["2019-05-16", "2018-08", "2012-03-26", "2022-11-25"],
    "kind": ["Export controls", "Procurement", "Procurement", "Networks"],
})


def test_a_month_is_placed_at_its_first_day_and_a_year_alone_is_refused() -> None:
    assert to_timestamp("2018-08") == pd.Timestamp("2018-08-01")
    assert to_timestamp("2012-03-26") == pd.Timestamp("2012-03-26")
    with pytest.raises(ValueError, match="year alone"):
        to_timestamp("2017")
    with pytest.raises(ValueError, match="not a valid date"):
        to_timestamp("2018-13-01")


def test_rows_are_ordered_by_their_earliest_date() -> None:
    firsts = first_dates(MEASURES, date="date", row="country")
    assert list(firsts.index) == ["B", "A", "C"]
    assert firsts["B"] == pd.Timestamp("2012-03-26")


@given(st.lists(st.dates(min_value=pd.Timestamp("2000-01-01").date(),
                         max_value=pd.Timestamp("2030-12-31").date()), min_size=1, max_size=12),
       st.lists(st.sampled_from("XYZ"), min_size=12, max_size=12))
def test_first_dates_are_never_later_than_any_date_of_their_row(days, names) -> None:
    table = pd.DataFrame({"row": names[:len(days)], "date": [d.isoformat() for d in days]})
    firsts = first_dates(table, date="date", row="row")
    assert firsts.is_monotonic_increasing
    for name, first in firsts.items():
        assert all(first <= pd.Timestamp(d) for d in table.loc[table["row"] == name, "date"])


def test_the_chart_has_alt_text_a_source_and_is_the_same_each_time() -> None:
    draw = dict(date="date", row="country", kind="kind", title="Who acted when",
                source="Source: test.", alt="Dot timeline of four measures.",
                kinds=["Procurement", "Networks", "Export controls"], marker=("2018-09-06", "Essay"))
    chart = dot_timeline(MEASURES, **draw)
    assert 'alt="Dot timeline of four measures."' in chart.html and "Source: test." in chart.html
    assert dot_timeline(MEASURES, **draw).html == chart.html  # pure: same data, same picture


def test_filtering_keeps_each_kinds_colour_and_an_unknown_kind_is_refused() -> None:
    kinds = ["Procurement", "Networks", "Export controls"]
    common = dict(date="date", row="country", kind="kind", title="t", source="s", alt="a", kinds=kinds)
    only_networks = MEASURES[MEASURES["kind"] == "Networks"]
    assert dot_timeline(only_networks, **common).html != dot_timeline(
        only_networks, **{**common, "kinds": ["Networks"]}).html  # second colour, not the first
    with pytest.raises(ValueError, match="not in `kinds`"):
        dot_timeline(MEASURES, **{**common, "kinds": ["Procurement"]})
    with pytest.raises(ValueError, match="no rows"):
        dot_timeline(MEASURES.iloc[0:0], **common)
    with pytest.raises(ValueError, match="alt text"):
        dot_timeline(MEASURES, **{**common, "alt": " "})
