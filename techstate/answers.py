"""Pure functions that check a student's answer and say why it is right or wrong.

Nothing here touches a widget. Every checker takes what the student entered and returns a
:class:`Feedback`; none of them raises, whatever the input. Feedback messages are plain text:
:meth:`Feedback.to_html` escapes them, so a student's own words can never inject HTML.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Status = Literal["correct", "incorrect", "invalid"]

_LABELS = {"correct": "Correct.", "incorrect": "Not quite.", "invalid": "Check your answer."}
_SYMBOLS = {"correct": "✔", "incorrect": "✘", "invalid": "?"}
_CURRENCY = ("us$", "hk$", "rmb", "¥", "$", "yuan", "usd", "hkd")
# Marks that other keyboards and input methods type, read as their ASCII counterparts.
_PUNCTUATION = str.maketrans({"−": "-", "–": "-", "。": ".", "，": ",", "’": "'"})
# A sign, then digits, marks and spaces. Spaces after the sign belong to the body (stripped
# there), so that no two parts of the pattern can match the same space: on an unreadable
# answer the match fails in time proportional to its length, never its square.
_SIGNED = re.compile(r"([+-]?)([\d.,'\s]*)")
MAX_LENGTH = 400  # characters: no number a student types is longer; beyond it, say so at once
_GROUP_SPACE = re.compile(r"[\s']+")
_AMBIGUOUS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")  # 27,350 or 1.234: thousands or decimals?
NOT_CHOSEN = "— choose —"


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``status`` and a plain-text ``message``."""

    status: Status
    message: str

    @property
    def correct(self) -> bool:
        """True when the answer is right."""
        return self.status == "correct"

    def to_html(self) -> str:
        """Render the feedback as escaped HTML for an ``HTML`` widget."""
        return (
            f'<div class="techstate-feedback techstate-{self.status}" role="status">'
            f"<strong>{_SYMBOLS[self.status]} {_LABELS[self.status]}</strong> "
            f"{html.escape(self.message)}</div>"
        )


class AnswerFormatError(ValueError):
    """The text typed cannot be read as a number; the message says how to fix it."""


@dataclass(frozen=True)
class _Reading:
    """A number as typed: its value, and its value under the other convention if ambiguous."""

    value: float
    written: str
    other: float | None = None


def _shorten(text: str, limit: int = 40) -> str:
    """Quote the start of a student's text for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bad_group(digits: str, separator: str) -> str | None:
    """The first group that breaks 1,234,567 (a first group of one to three digits, then
    groups of three) when ``separator`` splits ``digits``; None if every group fits."""
    first, *rest = digits.split(separator)
    if not re.fullmatch(r"\d{1,3}", first):
        return first
    return next((group for group in rest if not re.fullmatch(r"\d{3}", group)), None)


def _misgrouped(shown: str, reason: str) -> AnswerFormatError:
    return AnswerFormatError(
        f"I could not read {shown} as a number: {reason}. Marks between digits must separate "
        "groups of three, with one decimal mark at most, as in 1,234,567.8 (English) or "
        "1.234.567,8 (much of Europe)."
    )


def _group_reason(group: str) -> str:
    if not group:
        return "two marks stand side by side"
    digits = "digit" if len(group) == 1 else "digits"
    return f"the group “{_shorten(group)}” has {len(group)} {digits}"


def _unreadable(text: str, units: Sequence[str]) -> AnswerFormatError:
    allowed = f" (you may add {', '.join(units)})" if units else ""
    return AnswerFormatError(
        f"I could not read “{_shorten(text)}” as a number. Type digits only, with a point "
        f"or a comma for decimals, for example 35.2{allowed}."
    )


def _read(text: str, units: Sequence[str] = ()) -> _Reading:
    """Read a typed number; raise :class:`AnswerFormatError` saying why it cannot be read."""
    if not isinstance(text, str):
        raise AnswerFormatError("Type a number in the box, for example 35.2.")
    # Zero-width spaces and direction marks (Unicode "format" characters) are invisible: a
    # number copied from a web page or typed beside right-to-left text often carries them.
    if len(text.strip()) > MAX_LENGTH:
        raise AnswerFormatError(
            f"That answer is {len(text.strip()):,} characters long; a number needs only a few. "
            "Type digits only, for example 35.2."
        )
    normal = unicodedata.normalize("NFKC", text)
    visible = "".join(c for c in normal if unicodedata.category(c) != "Cf")
    cleaned = visible.strip().lower().translate(_PUNCTUATION)
    if not cleaned:
        raise AnswerFormatError("The box is empty. Type a number, for example 35.2.")
    for word in sorted({*(u.lower() for u in units), *_CURRENCY}, key=len, reverse=True):
        if word:
            cleaned = cleaned.replace(word, " ")
    signed = _SIGNED.fullmatch(cleaned.strip())
    if signed is None or not re.search(r"\d", signed[2]):
        raise _unreadable(visible, units)
    sign, body = signed[1], signed[2].strip()
    shown = f"“{_shorten(sign + body)}”"
    alternative = ""
    if len(groups := _GROUP_SPACE.split(body)) > 1:
        # Spaces (or apostrophes) separate thousands: 1 234 567, 1 234.5 or 1 234,5.
        *whole, last = groups
        tail = re.fullmatch(r"(\d+)(?:[.,](\d*))?", last)
        if tail is None or _bad_group(" ".join([*whole, tail[1]]), " ") is not None:
            raise AnswerFormatError(
                f"{shown}: a space may only separate groups of three digits in a number, "
                "as in 1 234 567. Remove the space and try again."
            )
        number = "".join(whole) + tail[1] + ("" if tail[2] is None else "." + tail[2])
    elif "," in body and "." in body:
        # The mark that comes last is the decimal mark: 1,234.5 or 1.234,5.
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        integer, _, fraction = body.rpartition(decimal)
        if decimal in integer:
            raise _misgrouped(shown, f"“{decimal}” is both a thousands separator and the "
                                     "decimal mark")
        group = _bad_group(integer, "." if decimal == "," else ",")
        if group is not None:
            raise _misgrouped(shown, _group_reason(group))
        number = re.sub(r"[.,]", "", integer) + "." + fraction
    elif body.count(",") > 1 or body.count(".") > 1:
        separator = "," if "," in body else "."
        group = _bad_group(body, separator)
        if group is not None:
            raise _misgrouped(shown, _group_reason(group))
        number = body.replace(separator, "")  # thousands separators: 1,234,567 or 1.234.567
    else:
        number = body.replace(",", ".")  # a decimal comma, 35,2, or a decimal point, 35.2
        if _AMBIGUOUS.fullmatch(body):
            # 1,234 is read as thousands and 1.234 as decimals; keep the other reading too.
            thousands = re.sub(r"[.,]", "", body)
            number, alternative = (thousands, number) if "," in body else (number, thousands)
    value = float(sign + number) + 0.0  # + 0.0 turns -0 into 0
    if not math.isfinite(value):
        raise AnswerFormatError("That number is too large. Check the digits you typed.")
    other = float(sign + alternative) + 0.0 if alternative else None
    return _Reading(value, sign + body, other)


def parse_number(text: str, units: Sequence[str] = ()) -> float:
    """Read a number as people type it: ``35.2``, ``35,2``, `` 35.2 % ``, ``1,234``, ``１２``.

    ``units`` lists words that may follow the number (``"%"``, ``"bn"``, ...); currency
    words are always allowed. Invisible characters are ignored; spaces may only separate
    thousands. Raises :class:`AnswerFormatError` with a helpful message.
    """
    return _read(text, units).value


def format_number(value: float, grouping: bool = True) -> str:
    """Write a number without trailing zeros: 35.2, 11, 0.33; 1,234 (1234 without ``grouping``)."""
    value = round(value, 4) + 0.0  # + 0.0 turns -0 into 0
    return f"{value:{',' if grouping else ''}.4f}".rstrip("0").rstrip(".")


def _did_you_mean(reading: _Reading) -> str:
    """Explain how an ambiguous separator was read, and offer the other reading."""
    written, meant = _shorten(reading.written), format_number(reading.other)
    if "," in reading.written:
        return (
            f"{written}: did you mean {meant}? A comma before three digits separates thousands, "
            f"so this reads as {format_number(reading.value, grouping=False)}. For decimals, "
            f"type a point: {meant}."
        )
    return (
        f"{written}: did you mean {meant}? A point is read as the decimal mark, so this reads "
        f"as {format_number(reading.value)}. For thousands, type "
        f"{format_number(reading.other, grouping=False)} or {meant}."
    )


def check_number(
    text: str, answer: float, tolerance: float = 0.0, units: Sequence[str] = ()
) -> Feedback:
    """Check a typed number against ``answer`` ± ``tolerance`` (in the answer's unit)."""
    unit = f" {units[0]}" if units else ""
    try:
        reading = _read(text, units)
    except AnswerFormatError as err:
        return Feedback("invalid", str(err))
    value = reading.value
    if abs(value - answer) <= tolerance + 1e-9:
        return Feedback("correct", f"{format_number(value)}{unit} is right.")
    if reading.other is not None and abs(reading.other - answer) <= tolerance + 1e-9:
        return Feedback("invalid", _did_you_mean(reading))
    direction = "too high" if value > answer else "too low"
    return Feedback(
        "incorrect",
        f"{format_number(value)}{unit} is {direction}. Look at the table again and try once more.",
    )


def check_choice(selected: object, explanations: Mapping[str, str], correct: str) -> Feedback:
    """Check one multiple-choice option and explain why it is right or wrong."""
    if selected is None:
        return Feedback("invalid", "Pick one of the options first, then press Check.")
    if not isinstance(selected, str) or selected not in explanations:
        return Feedback(
            "invalid", f"“{_shorten(str(selected))}” is not one of the options. Pick one of them."
        )
    status: Status = "correct" if selected == correct else "incorrect"
    return Feedback(status, explanations[selected])


def _position(value: object, count: int) -> int | None:
    """Read a menu value as a position from 1 to ``count``; None if none was chosen.

    Raises ValueError for anything else, so that the checker can say what is wrong.
    """
    if value is None or value == NOT_CHOSEN:
        return None
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= count:
        return value
    raise ValueError(value)


def check_order(positions: Mapping[str, object], correct_order: Sequence[str]) -> Feedback:
    """Check the position (1, 2, ...) a student gave each event against the true order.

    A position may be an integer or the text of one, as a menu holds it; ``None`` or
    :data:`NOT_CHOSEN` means none was chosen yet.
    """
    count = len(correct_order)
    given: dict[str, int | None] = {}
    for item in correct_order:
        try:
            given[item] = _position(positions.get(item), count)
        except ValueError:
            return Feedback(
                "invalid",
                f"“{_shorten(str(positions.get(item)))}” is not a position. Give "
                f"“{_shorten(item)}” a number from 1 to {count}.",
            )
    missing = [item for item, place in given.items() if place is None]
    if missing:
        return Feedback(
            "invalid", f"Give every event a position first ({len(missing)} still without one)."
        )
    if len(set(given.values())) != count:
        return Feedback("invalid", "Two events share a position. Give each event its own number.")
    right = sum(given[item] == place for place, item in enumerate(correct_order, start=1))
    if right == count:
        return Feedback("correct", "That is the order in which these events happened.")
    return Feedback(
        "incorrect",
        f"{right} of {count} events are in the right place. "
        "Check the dates in the table and try again.",
    )


def check_sorting(
    assignment: Mapping[str, object],
    solution: Mapping[str, str],
    categories: Sequence[str] | None = None,
) -> Feedback:
    """Check the category a student gave each item; name the items that are misplaced.

    With ``categories`` (the categories offered), a value that is none of them gets a message.
    """
    allowed = None if categories is None else (None, NOT_CHOSEN, *categories)
    for item in solution:
        chosen = assignment.get(item)
        if allowed is not None and chosen not in allowed:
            return Feedback(
                "invalid",
                f"“{_shorten(str(chosen))}” is not one of the categories for “{_shorten(item)}”. "
                f"Choose one of: {', '.join(categories)}.",
            )
    missing = [item for item in solution if assignment.get(item) in (None, NOT_CHOSEN)]
    if missing:
        return Feedback("invalid", f"Choose a category for every item ({len(missing)} left).")
    wrong = [item for item, category in solution.items() if assignment.get(item) != category]
    if not wrong:
        return Feedback("correct", f"All {len(solution)} items are in the right category.")
    return Feedback(
        "incorrect",
        f"{len(solution) - len(wrong)} of {len(solution)} are right. Look again at: "
        + "; ".join(wrong)
        + ".",
    )


def check_placement(
    assignment: Mapping[str, str | None],
    scale: Sequence[str],
    evidence: Mapping[str, int],
    reasons: Mapping[str, str],
    tolerance: int = 1,
) -> Feedback:
    """Compare where a student placed each item on an ordered scale with where the evidence
    puts it; a placement within ``tolerance`` steps agrees. Explains every disagreement."""
    missing = [item for item in evidence if assignment.get(item) in (None, NOT_CHOSEN, "")]
    if missing:
        return Feedback("invalid", f"Place every item on the scale first ({len(missing)} left).")
    unknown = [item for item in evidence if assignment[item] not in scale]
    if unknown:
        return Feedback("invalid", f"Choose a point of the scale from the menu for “{_shorten(unknown[0])}”.")
    far = [item for item in evidence if abs(scale.index(assignment[item]) - evidence[item]) > tolerance]
    steps = "one step" if tolerance == 1 else f"{tolerance} steps"
    if not far:
        return Feedback("correct", f"All {len(evidence)} placements agree with the evidence the chapters "
                                   f"give, within {steps}.")
    details = "; ".join(f"{item}: the evidence points to “{scale[evidence[item]]}” ({reasons[item]})"
                        for item in far)
    return Feedback("incorrect", f"{len(evidence) - len(far)} of {len(evidence)} agree with the evidence "
                                 f"within {steps}. Look again at {details}.")


KINDS = ("number", "choice", "order", "sort", "place")


def check(spec: Mapping[str, object], given: object) -> Feedback:
    """Judge ``given`` (what the student entered) against an exercise's ``spec``.

    The spec is plain JSON-ready data, so the kernel's widget and the static page's in-browser
    checker call this one function with the same arguments:

    * ``{"kind": "number", "answer", "tolerance", "units"}`` with the typed text;
    * ``{"kind": "choice", "options": {option: explanation}, "correct"}`` with the option picked;
    * ``{"kind": "order", "order": [item, …]}`` with ``{item: menu value}``;
    * ``{"kind": "sort", "solution": {item: category}, "categories"}`` with ``{item: menu value}``;
    * ``{"kind": "place", "scale", "evidence": {item: index}, "reasons", "tolerance"}`` with
      ``{item: menu value}``.
    """
    kind = spec.get("kind")
    if kind not in KINDS:
        raise ValueError(f"Unknown exercise kind {kind!r}: the checker knows {', '.join(KINDS)}.")
    if kind == "number":
        return check_number(given, float(spec["answer"]), float(spec.get("tolerance", 0.0)),
                            tuple(spec.get("units", ())))
    if kind == "choice":
        return check_choice(given if isinstance(given, str) else None, spec["options"], spec["correct"])
    if not isinstance(given, Mapping):
        return Feedback("invalid", "Choose a value in every menu first, then press Check.")
    if kind == "order":
        return check_order(given, list(spec["order"]))
    if kind == "sort":
        return check_sorting(given, dict(spec["solution"]), spec.get("categories"))
    return check_placement(given, list(spec["scale"]), dict(spec["evidence"]),  # kind "place"
                           dict(spec["reasons"]), int(spec.get("tolerance", 1)))


def check_json(spec_json: str, given_json: str) -> str:
    """:func:`check` for the static page: JSON in, the feedback's HTML out."""
    return check(json.loads(spec_json), json.loads(given_json)).to_html()
