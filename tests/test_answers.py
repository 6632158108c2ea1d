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
    format_number,
    parse_number,
)

PERCENT = ("%", "percent", "per cent")
# Invisible characters a copied or right-to-left-typed number carries: zero-width space,
# non-joiner and joiner, left-to-right and right-to-left marks, embeddings and isolates,
# word joiner, byte-order mark, soft hyphen, Arabic letter mark.
INVISIBLE = ("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
             "\u2066\u2067\u2068\u2069\u2060\ufeff\u00ad\u061c")


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
        ("1 234 567,5", 1234567.5),
        ("1\u00a0234", 1234.0),  # a no-break space, as French keyboards type it
        ("1'234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("1.234.567,89", 1234567.89),
        ("1234,567", 1234.567),
        ("27.35\u200b", 27.35),
        ("\u200f27.35", 27.35),
        ("\u202a27,35\u202c", 27.35),
        ("- 4", -4.0),
        ("３５．２", 35.2),  # full-width digits typed with a Chinese input method
        ("RMB 11", 11.0),
        ("US$16", 16.0),
    ],
)
def test_parse_number_reads_what_people_type(typed: str, expected: float) -> None:
    assert parse_number(typed, PERCENT) == pytest.approx(expected)


@pytest.mark.parametrize("typed", ["abc", "", "   ", "12abc", "1..2", "nan", "inf", "--3", "3-",
                                   "\u200b", "1e5", ",", "2 7.35", "1,234,5"])
def test_parse_number_rejects_nonsense_with_advice(typed: str) -> None:
    with pytest.raises(AnswerFormatError) as info:
        parse_number(typed, PERCENT)
    assert "number" in str(info.value)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("2 7.35", "“2 7.35”: a space may only separate groups of three digits in a number"),
        ("27 35", "a space may only separate groups of three digits"),
        ("1 2345", "a space may only separate groups of three digits"),
        ("1,234,5", "I could not read “1,234,5” as a number: the group “5” has 1 digit."),
        ("12,34,567", "the group “34” has 2 digits"),
        ("1,2.5", "the group “2” has 1 digit"),
        ("1..2", "two marks stand side by side"),
        ("1.2,3.4", "“.” is both a thousands separator and the decimal mark"),
    ],
)
def test_digit_groups_that_fit_no_pattern_are_refused_with_the_reason(typed: str, why: str) -> None:
    with pytest.raises(AnswerFormatError) as info:
        parse_number(typed)
    assert why in str(info.value)
    if "space" not in why:
        assert "1,234,567.8 (English) or 1.234.567,8 (much of Europe)" in str(info.value)


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


def test_a_right_answer_with_invisible_characters_is_right() -> None:
    for typed in ["27.35\u200b", "\u200f27.35", "\u200e27.35 bn", "27\u200d.35"]:
        assert check_number(typed, 27.35, 0.05, ["bn"]).correct, repr(typed)


@pytest.mark.parametrize("typed", ["-0", "−0", "-0.0", "-0,00", "+0"])
def test_minus_zero_is_zero(typed: str) -> None:
    assert parse_number(typed) == 0 and str(parse_number(typed)) == "0.0"
    feedback = check_number(typed, 27.35, 0.05, ["RMB bn"])
    assert feedback.message.startswith("0 RMB bn is too low"), feedback.message
    assert format_number(-0.0) == "0" and format_number(-0.00001) == "0"


def test_a_value_off_by_a_thousand_because_of_a_comma_is_explained() -> None:
    feedback = check_number("27,350", 27.35, 0.05, ["RMB bn"])
    assert feedback.status == "invalid"
    assert feedback.message.startswith("27,350: did you mean 27.35?")
    assert "reads as 27350" in feedback.message
    assert check_number("27,350", 27350).correct  # thousands, where thousands are right
    point = check_number("10.000", 10000)
    assert point.status == "invalid" and point.message.startswith("10.000: did you mean 10,000?")
    assert check_number("27,350", 40.0, 0.05).status == "incorrect"  # no reading is right


def test_check_choice_gives_each_option_its_own_explanation() -> None:
    options = {"A": "A is right because.", "B": "B is wrong because."}
    assert check_choice("A", options, "A") == Feedback("correct", "A is right because.")
    assert check_choice("B", options, "A") == Feedback("incorrect", "B is wrong because.")
    assert check_choice(None, options, "A").status == "invalid"
    assert check_choice("Z", options, "A") == Feedback(
        "invalid", "“Z” is not one of the options. Pick one of them.")


def test_check_order() -> None:
    order = ["first", "second", "third"]
    assert check_order({"first": 1, "second": 2, "third": 3}, order).correct
    wrong = check_order({"first": 2, "second": 1, "third": 3}, order)
    assert wrong.status == "incorrect" and "1 of 3" in wrong.message
    assert check_order({"first": 1, "second": 1, "third": 3}, order).status == "invalid"
    assert check_order({"first": 1, "second": None, "third": 3}, order).status == "invalid"
    assert check_order({"first": "1", "second": "2", "third": "3"}, order).correct  # as menus hold them


@pytest.mark.parametrize("value", ["x", "0", "4", 4, -1, 2.0, True, "", [1]])
def test_check_order_explains_a_value_that_is_not_a_position(value: object) -> None:
    feedback = check_order({"first": value, "second": 2, "third": 3}, ["first", "second", "third"])
    assert feedback.status == "invalid"
    assert "is not a position. Give “first” a number from 1 to 3." in feedback.message


def test_check_sorting_names_misplaced_items() -> None:
    solution = {"revenue": "gain", "censorship": "demand"}
    assert check_sorting({"revenue": "gain", "censorship": "demand"}, solution).correct
    wrong = check_sorting({"revenue": "demand", "censorship": "demand"}, solution)
    assert wrong.status == "incorrect" and "revenue" in wrong.message
    assert check_sorting({"revenue": "gain"}, solution).status == "invalid"
    offered = ["gain", "demand", "neither"]
    odd = check_sorting({"revenue": "lost", "censorship": "demand"}, solution, offered)
    assert odd.status == "invalid" and "“lost” is not one of the categories" in odd.message
    assert check_sorting({"revenue": "neither", "censorship": "demand"}, solution,
                         offered).status == "incorrect"


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


@settings(max_examples=300)
@given(st.text(alphabet="0123456789,. '+-\u00a0\u200b\u200f", max_size=16))
def test_digits_and_marks_in_any_order_never_raise(typed: str) -> None:
    feedback = check_number(typed, 27.35, 0.05)
    assert feedback.status in {"correct", "incorrect", "invalid"} and feedback.message


@settings(max_examples=200)
@given(st.integers(0, 10**12), st.integers(0, 99), st.sampled_from(["en", "eu", "space-en", "space-eu"]))
def test_numbers_grouped_in_threes_are_read_back(whole: int, cents: int, style: str) -> None:
    english = f"{whole:,}.{cents:02d}"
    typed = {
        "en": english,
        "eu": english.translate(str.maketrans(",.", ".,")),
        "space-en": english.replace(",", " "),
        "space-eu": english.replace(",", " ").replace(".", ","),
    }[style]
    assert parse_number(typed) == pytest.approx(whole + cents / 100)


@settings(max_examples=200)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.data())
def test_invisible_characters_change_nothing(value: float, data: st.DataObject) -> None:
    typed = f"{value:.2f}"
    marks = data.draw(st.lists(st.tuples(st.integers(0, len(typed)), st.sampled_from(INVISIBLE)),
                               max_size=4))
    for position, mark in sorted(marks, reverse=True):
        typed = typed[:position] + mark + typed[position:]
    assert parse_number(typed) == parse_number(f"{value:.2f}")


@settings(max_examples=200)
@given(st.integers(10, 10**12), st.data())
def test_a_space_inside_a_group_of_three_is_refused(whole: int, data: st.DataObject) -> None:
    digits = str(whole)
    inside = [k for k in range(1, len(digits)) if (len(digits) - k) % 3 != 0]
    if not inside:  # 100 to 999 and the like: every gap would be a group boundary
        return
    position = data.draw(st.sampled_from(inside))
    feedback = check_number(digits[:position] + " " + digits[position:], whole)
    assert feedback.status == "invalid" and "a space may only separate" in feedback.message


@settings(max_examples=200)
@given(st.integers(10**6, 10**12), st.data())
def test_a_group_of_two_digits_between_commas_is_refused(whole: int, data: st.DataObject) -> None:
    groups = f"{whole:,}".split(",")
    shortened = data.draw(st.integers(1, len(groups) - 1))
    groups[shortened] = groups[shortened][:2]
    feedback = check_number(",".join(groups), whole)
    assert feedback.status == "invalid" and "has 2 digits" in feedback.message


@settings(max_examples=200)
@given(st.integers(1, 999), st.integers(0, 999))
def test_three_decimals_after_a_comma_are_never_just_wrong(whole: int, thousandths: int) -> None:
    """27,350 for 27.35: read as thousands, it is explained, never called too high."""
    answer = whole + thousandths / 1000
    typed = f"{whole},{thousandths:03d}"
    feedback = check_number(typed, answer, 0.0005)
    assert feedback.status == "invalid"
    assert feedback.message.startswith(f"{typed}: did you mean {format_number(answer)}?")


@settings(max_examples=200)
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]),
                       st.one_of(st.none(), st.integers(), st.booleans(), st.floats(),
                                 st.text().filter(lambda text: not text.strip().isdecimal()))))
def test_order_checker_explains_every_menu_value(positions: dict) -> None:
    """Any value but a whole number from 1 to 3 (or the text of one) gets "invalid"."""
    feedback = check_order(positions, ["a", "b", "c"])
    assert feedback.message
    placed = [positions.get(item) for item in "abc"]
    if not all(isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= 3 for p in placed):
        assert feedback.status == "invalid"


def test_escaping_matches_html_escape() -> None:
    typed = "1 < 2 & \"3\""
    rendered = check_number(typed, 1.0).to_html()
    assert html.escape("1 < 2 & \"3\"") in rendered


@pytest.mark.parametrize("typed", [
    "-" + " " * 1_000_000 + "x",      # a sign, spaces and a letter: the pattern once backtracked
    "1" * 1_000_000,
    " " * 999_990 + "35",
    "1," * 500_000,
])
def test_the_number_reader_answers_a_huge_answer_at_once(typed: str) -> None:
    import time

    start = time.perf_counter()
    feedback = check_number(typed, 35.0, 0.0)
    assert time.perf_counter() - start < 0.2
    assert feedback.status in {"correct", "invalid"} and "<" not in feedback.message


def test_the_number_pattern_cannot_backtrack() -> None:
    import time

    from techstate.answers import _SIGNED

    start = time.perf_counter()
    assert _SIGNED.fullmatch("+" + " " * 100_000 + "a") is None
    assert time.perf_counter() - start < 0.05
