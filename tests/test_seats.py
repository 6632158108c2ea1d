"""Membership spans from political_seats: joined per person and body, never filled in."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from techstate import load_table
from techstate.seats import (
    DISPUTED,
    LEFT,
    MAY_HAVE_LEFT,
    SAT,
    SAT_NO_END,
    SAT_ONE_SOURCE,
    SEATED,
    START_UNKNOWN,
    Span,
    denials,
    seat_counts,
    seat_spans,
    seats_at,
)


def _table(*rows: tuple) -> pd.DataFrame:
    """A small political_seats table: (person, body, status, first_year, last_year, source_id)."""
    frame = pd.DataFrame(rows, columns=["person", "body", "status", "first_year", "last_year", "source_id"])
    frame["company"] = "Firm"
    frame["first_year"] = frame["first_year"].astype("Int64")
    frame["last_year"] = frame["last_year"].astype("Int64")
    frame.attrs["sources"] = [{"source_id": "a", "publisher": "Paper A"},
                              {"source_id": "b", "publisher": "Paper B (wire)"}]
    return frame


def _span(starts=(), ends=(), member=True, denied=False) -> Span:
    return Span("P", "Firm", "NPC", tuple(starts), tuple(ends), member, denied, ("Paper A",))


def test_rows_from_different_sources_join_into_one_span() -> None:
    table = _table(("P", "NPC", "member", 2013, None, "a"), ("P", "NPC", "member", None, 2023, "b"))
    [span] = seat_spans(table)
    assert (span.starts, span.ends, span.sources) == ((2013,), (2023,), ("Paper A", "Paper B"))
    assert [span.status(y) for y in (2012, 2013, 2022, 2023, 2024)] == [None, SAT, SAT, LEFT, None]
    assert (span.start_text, span.end_text) == ("2013", "2023")


def test_a_missing_start_stays_unknown_and_a_missing_end_stays_open() -> None:
    assert _span(ends=(2023,)).status(2010) == START_UNKNOWN
    assert _span(starts=(2018,)).status(2040) == SAT_NO_END
    assert _span(starts=(2018,)).end_text == "none reported"
    assert _span(ends=(2023,)).start_text == "unknown"


def test_disagreeing_sources_are_kept_not_averaged() -> None:
    both = _span(starts=(2003, 2008), ends=(2018,))
    assert [both.status(y) for y in (2002, 2003, 2007, 2008, 2018)] == [None, SAT_ONE_SOURCE, SAT_ONE_SOURCE, SAT, LEFT]
    assert both.start_text == "2003 or 2008 (sources disagree)"
    assert _span(starts=(2013,), ends=(2019, 2023)).status(2020) == MAY_HAVE_LEFT


def test_a_denied_membership_is_shown_as_disputed_or_not_at_all() -> None:
    table = _table(("J", "CPPCC", "never a member", None, None, "a"),
                   ("J", "CPPCC", "member", None, 2023, "b"),
                   ("J", "NPC", "never a member", None, None, "a"))
    cppcc, npc = sorted(seat_spans(table), key=lambda s: s.body)
    assert cppcc.status(2015) == DISPUTED and cppcc.status(2023) == LEFT
    assert npc.status(2015) is None
    assert [s.body for s in denials([cppcc, npc])] == ["CPPCC", "NPC"]


def test_seats_at_filters_by_body_and_lists_seated_people_first() -> None:
    table = _table(("A", "NPC", "member", 2013, 2023, "a"), ("B", "CPPCC", "member", None, 2023, "a"),
                   ("C", "CPPCC", "member", 2018, None, "b"))
    spans = seat_spans(table)
    shown = seats_at(spans, 2019)
    assert shown["person"].tolist() == ["A", "C", "B"]
    assert seats_at(spans, 2019, "CPPCC")["person"].tolist() == ["C", "B"]
    assert seats_at(spans, 2040, "NPC").empty        # A left in 2023
    assert seats_at(spans, 1990)["person"].tolist() == ["B"]   # a start unknown could be any year
    counts = seat_counts(spans, [2019]).set_index("body")["seats"]
    assert counts.to_dict() == {"NPC": 1, "CPPCC": 1}


@given(st.integers(1990, 2030), st.integers(1, 10), st.integers(1980, 2040))
def test_a_seat_with_a_reported_start_and_end_is_held_exactly_from_start_to_before_end(
        start: int, length: int, year: int) -> None:
    span = _span(starts=(start,), ends=(start + length,))
    assert (span.status(year) in SEATED) == (start <= year < start + length)
    assert (span.status(year) == LEFT) == (year == start + length)


def test_the_real_table_gives_the_figures_the_chapter_uses() -> None:
    spans = seat_spans(load_table("political_seats"))
    counts = seat_counts(spans, range(2012, 2024)).pivot(index="year", columns="body", values="seats")
    assert counts.loc[2017, "CPPCC"] == 2 and counts.loc[2018, "CPPCC"] == 5  # Yao Jinbo sat in the NPC
    assert seats_at(spans, 2023, "NPC").set_index("person").loc["Pony Ma", "status"] == LEFT
    jack = seats_at(spans, 2018, "CPPCC").set_index("person").loc["Jack Ma"]
    assert jack["status"] == DISPUTED and jack["start"] == "unknown"
