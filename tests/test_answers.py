"""The pure answer checkers: examples first, then properties over every possible input."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from techstate.answers import (
    AnswerFormatError,
    Feedback,
    check_choice,
    check_number,
    check_order,
    check_sorting,
    parse_number,
)

PERCENT = ("%", "percent", "per cent")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("35.2", 35.2),
        ("35,2", 35.2),
        (" 35.2 ", 35.2),
        ("35.2 %", 35.2),
        ("35.2%", 35.2),
        ("35.2 percent", 35.2),
        ("-4", -4.0),
        ("−4", -4.0),  # the Unicode minus sign
        (".5", 0.5),
        ("1,234", 1234.0),
        ("1,234,567", 1234567.0),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1 234", 1234.0),
        ("３５．２", 35.2),  # full-width digits typed with a Chinese input method
        ("RMB 11", 11.0),
        ("US$16", 16.0),
    ],
)
def test_parse_number_reads_what_people_type(typed: str, expected: float) -> None:
    assert parse_number(typed, PERCENT) == pytest.approx(expected)


@pytest.mark.parametrize("typed", ["abc", "", "   ", "12abc", "1..2", "nan", "inf", "--3", "3-"])
def test_parse_number_rejects_nonsense_with_advice(typed: str) -> None:
    with pytest.raises(AnswerFormatError) as info:
        parse_number(typed, PERCENT)
    assert "number" in str(info.value)


def test_parse_number_rejects_overflow() -> None:
    with pytest.raises(AnswerFormatError, match="too large"):
        parse_number("9" * 400)


def test_check_number_right_wrong_and_invalid() -> None:
    assert check_number("27.35", 27.35, 0.05).status == "correct"
    assert check_number("27,4", 27.35, 0.05).status == "correct"
    low = check_number("20", 27.35, 0.05)
    assert low.status == "incorrect" and "too low" in low.message
    high = check_number("30", 27.35, 0.05)
    assert high.status == "incorrect" and "too high" in high.message
    bad = check_number("abc", 27.35, 0.05)
    assert bad.status == "invalid" and "could not read" in bad.message
    empty = check_number("", 27.35)
    assert empty.status == "invalid" and "empty" in empty.message


def test_check_choice_gives_each_option_its_own_explanation() -> None:
    options = {"A": "A is right because.", "B": "B is wrong because."}
    assert check_choice("A", options, "A") == Feedback("correct", "A is right because.")
    assert check_choice("B", options, "A") == Feedback("incorrect", "B is wrong because.")
    assert check_choice(None, options, "A").status == "invalid"
    assert check_choice("Z", options, "A").status == "invalid"


def test_check_order() -> None:
    order = ["first", "second", "third"]
    assert check_order({"first": 1, "second": 2, "third": 3}, order).correct
    wrong = check_order({"first": 2, "second": 1, "third": 3}, order)
    assert wrong.status == "incorrect" and "1 of 3" in wrong.message
    assert check_order({"first": 1, "second": 1, "third": 3}, order).status == "invalid"
    assert check_order({"first": 1, "second": None, "third": 3}, order).status == "invalid"


def test_check_sorting_names_misplaced_items() -> None:
    solution = {"revenue": "gain", "censorship": "demand"}
    assert check_sorting({"revenue": "gain", "censorship": "demand"}, solution).correct
    wrong = check_sorting({"revenue": "demand", "censorship": "demand"}, solution)
    assert wrong.status == "incorrect" and "revenue" in wrong.message
    assert check_sorting({"revenue": "gain"}, solution).status == "invalid"


def test_feedback_html_escapes_the_message() -> None:
    shown = Feedback("incorrect", "<script>alert(1)</script>").to_html()
    assert "<script>" not in shown and "&lt;script&gt;" in shown


# Properties: no string a student can type makes a checker raise, and the feedback never
# carries the student's text as live HTML.

def _no_live_html(feedback: Feedback) -> None:
    rendered = feedback.to_html()
    # Every "<" in the output belongs to the feedback's own tags.
    stripped = rendered
    for tag in ("<div", "</div>", "<strong>", "</strong>"):
        stripped = stripped.replace(tag, "")
    assert "<" not in stripped


@settings(max_examples=300)
@given(st.text())
def test_number_checker_never_raises_and_escapes(typed: str) -> None:
    feedback = check_number(typed, 35.2, 0.1, PERCENT)
    assert feedback.status in {"correct", "incorrect", "invalid"}
    assert feedback.message
    _no_live_html(feedback)


@settings(max_examples=200)
@given(st.one_of(st.none(), st.text()))
def test_choice_checker_never_raises(typed: str | None) -> None:
    options = {"<b>A</b>": "explained", "B": "also explained"}
    feedback = check_choice(typed, options, "B")
    _no_live_html(feedback)


@settings(max_examples=200)
@given(st.dictionaries(st.text(), st.one_of(st.none(), st.integers())))
def test_order_checker_never_raises(positions: dict) -> None:
    feedback = check_order(positions, ["a", "b", "c"])
    assert feedback.status in {"correct", "incorrect", "invalid"}


@settings(max_examples=200)
@given(st.dictionaries(st.text(), st.one_of(st.none(), st.text())))
def test_sorting_checker_never_raises_and_escapes(assignment: dict) -> None:
    solution = {"<i>x</i>": "one", "y": "two"}
    feedback = check_sorting(assignment, solution)
    _no_live_html(feedback)


@settings(max_examples=200)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_any_number_written_plainly_is_read_back(value: float) -> None:
    assert parse_number(f"{value:.6f}") == pytest.approx(round(value, 6), abs=1e-6)


def test_escaping_matches_html_escape() -> None:
    typed = "1 < 2 & \"3\""
    rendered = check_number(typed, 1.0).to_html()
    assert html.escape("1 < 2 & \"3\"") in rendered
