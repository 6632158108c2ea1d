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
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_CURRENCY = ("us$", "hk$", "rmb", "¥", "$", "yuan", "usd", "hkd")
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


def _shorten(text: str, limit: int = 40) -> str:
    """Quote the start of a student's text for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_number(text: str, units: Sequence[str] = ()) -> float:
    """Read a number as people type it: ``35.2``, ``35,2``, `` 35.2 % ``, ``1,234``, ``１２``.

    ``units`` lists words that may follow the number (``"%"``, ``"bn"``, ...); currency
    words are always allowed. Raises :class:`AnswerFormatError` with a helpful message.
    """
    if not isinstance(text, str):
        raise AnswerFormatError("Type a number in the box, for example 35.2.")
    cleaned = unicodedata.normalize("NFKC", text).strip().lower()
    cleaned = cleaned.replace("−", "-").replace("–", "-").replace("。", ".").replace("，", ",")
    if not cleaned:
        raise AnswerFormatError("The box is empty. Type a number, for example 35.2.")
    for word in sorted({*(u.lower() for u in units), *_CURRENCY}, key=len, reverse=True):
        if word:
            cleaned = cleaned.replace(word, " ")
    cleaned = _SPACES.sub("", cleaned)
    if "," in cleaned and "." in cleaned:
        # The mark that comes last is the decimal mark: 1,234.5 or 1.234,5.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") > 1 or re.fullmatch(r"[+-]?[1-9]\d{0,2},\d{3}", cleaned):
        cleaned = cleaned.replace(",", "")  # thousands separators: 1,234 or 1,234,567
    else:
        cleaned = cleaned.replace(",", ".")  # a decimal comma: 35,2
    if not _NUMBER.fullmatch(cleaned):
        allowed = f" (you may add {', '.join(units)})" if units else ""
        raise AnswerFormatError(
            f"I could not read “{_shorten(text)}” as a number. Type digits only, with a point "
            f"or a comma for decimals, for example 35.2{allowed}."
        )
    value = float(cleaned)
    if not math.isfinite(value):
        raise AnswerFormatError("That number is too large. Check the digits you typed.")
    return value


def format_number(value: float) -> str:
    """Write a number without trailing zeros: 35.2, 11, 0.33."""
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def check_number(
    text: str, answer: float, tolerance: float = 0.0, units: Sequence[str] = ()
) -> Feedback:
    """Check a typed number against ``answer`` ± ``tolerance`` (in the answer's unit)."""
    unit = f" {units[0]}" if units else ""
    try:
        value = parse_number(text, units)
    except AnswerFormatError as err:
        return Feedback("invalid", str(err))
    if abs(value - answer) <= tolerance + 1e-9:
        return Feedback("correct", f"{format_number(value)}{unit} is right.")
    direction = "too high" if value > answer else "too low"
    return Feedback(
        "incorrect",
        f"{format_number(value)}{unit} is {direction}. Look at the table again and try once more.",
    )


def check_choice(selected: str | None, explanations: Mapping[str, str], correct: str) -> Feedback:
    """Check one multiple-choice option and explain why it is right or wrong."""
    if selected is None or selected not in explanations:
        return Feedback("invalid", "Pick one of the options first, then press Check.")
    status: Status = "correct" if selected == correct else "incorrect"
    return Feedback(status, explanations[selected])


def check_order(positions: Mapping[str, int | None], correct_order: Sequence[str]) -> Feedback:
    """Check the position (1, 2, ...) a student gave each event against the true order."""
    missing = [item for item in correct_order if positions.get(item) is None]
    if missing:
        return Feedback(
            "invalid", f"Give every event a position first ({len(missing)} still without one)."
        )
    given = [positions[item] for item in correct_order]
    if len(set(given)) != len(given):
        return Feedback("invalid", "Two events share a position. Give each event its own number.")
    right = sum(positions[item] == place for place, item in enumerate(correct_order, start=1))
    if right == len(correct_order):
        return Feedback("correct", "That is the order in which these events happened.")
    return Feedback(
        "incorrect",
        f"{right} of {len(correct_order)} events are in the right place. "
        "Check the dates in the table and try again.",
    )


def check_sorting(assignment: Mapping[str, str | None], solution: Mapping[str, str]) -> Feedback:
    """Check the category a student gave each item; name the items that are misplaced."""
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


def positions_from_menus(menus: Mapping[str, str | None]) -> dict[str, int | None] | Feedback:
    """Read each ordering menu ("1", "2", … or the blank choice) as a position.

    Returns the positions, or an ``invalid`` :class:`Feedback` naming a menu whose value is
    not a position (a hand-edited notebook can set one), so Check always says something.
    """
    positions: dict[str, int | None] = {}
    for item, value in menus.items():
        if value in (None, NOT_CHOSEN, ""):
            positions[item] = None
        elif isinstance(value, str) and value.strip().isdigit():
            positions[item] = int(value)
        else:
            return Feedback(
                "invalid",
                f"The menu for “{_shorten(item)}” shows “{_shorten(str(value))}”, which is not a "
                "position. Choose a number from the menu.",
            )
    return positions


def check(spec: Mapping[str, object], given: object) -> Feedback:
    """Judge ``given`` (what the student entered) against an exercise's ``spec``.

    The spec is plain JSON-ready data, so the kernel's widget and the static page's in-browser
    checker call this one function with the same arguments:

    * ``{"kind": "number", "answer", "tolerance", "units"}`` with the typed text;
    * ``{"kind": "choice", "options": {option: explanation}, "correct"}`` with the option picked;
    * ``{"kind": "order", "order": [item, …]}`` with ``{item: menu value}``;
    * ``{"kind": "sort", "solution": {item: category}}`` with ``{item: menu value}``;
    * ``{"kind": "place", "scale", "evidence": {item: index}, "reasons", "tolerance"}`` with
      ``{item: menu value}``.
    """
    kind = spec.get("kind")
    if kind == "number":
        return check_number(given, float(spec["answer"]), float(spec.get("tolerance", 0.0)),
                            tuple(spec.get("units", ())))
    if kind == "choice":
        return check_choice(given if isinstance(given, str) else None, spec["options"], spec["correct"])
    if not isinstance(given, Mapping):
        return Feedback("invalid", "Choose a value in every menu first, then press Check.")
    if kind == "order":
        positions = positions_from_menus(given)
        if isinstance(positions, Feedback):
            return positions
        return check_order(positions, list(spec["order"]))
    if kind == "sort":
        return check_sorting(given, dict(spec["solution"]))
    if kind == "place":
        return check_placement(given, list(spec["scale"]), dict(spec["evidence"]),
                               dict(spec["reasons"]), int(spec.get("tolerance", 1)))
    raise ValueError(f"Unknown exercise kind {kind!r}.")


def check_json(spec_json: str, given_json: str) -> str:
    """:func:`check` for the static page: JSON in, the feedback's HTML out."""
    return check(json.loads(spec_json), json.loads(given_json)).to_html()
