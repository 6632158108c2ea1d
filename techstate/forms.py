"""Exercises, explorers and filters as plain HTML forms, drawn from the same spec as the widgets.

In JupyterLab and on Binder an exercise is an ipywidgets widget (:mod:`techstate.exercises`).
On the book's static page the same exercise is this module's form, written at execution time
from the exercise's *spec* (the arguments of :func:`answers.check`) into the very same output,
beside the widget, so the page needs no widget manager:

* every exercise is a ``<form>`` whose ``<legend>`` holds the question, with radio buttons or
  menus tied to their labels, a *Check* button and a feedback region that screen readers
  announce; it is all there before any script has run;
* an explorer's controls are native menus, radio buttons and range inputs above the view
  they select;
* a filter's menus sit above the list they filter; a note is a plain text area.

The book's script (``book_static/techstate-checks.js``) reads the reader's input from these
forms through the attributes named in :mod:`techstate.page_protocol` and asks ``answers.py``,
the file the kernel runs, for the verdict. Everything here is pure: specs in, HTML text out;
it imports neither pandas nor ipywidgets.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from techstate import page_protocol as names
from techstate.answers import NOT_CHOSEN
CURRENCIES = ("RMB", "US$", "USD", "HK$", "HKD", "€", "£")
MAGNITUDES = {"million": "millions", "m": "millions", "mn": "millions", "bn": "billions",
              "billion": "billions"}
NO_SCRIPT = ("Checking an answer here needs JavaScript. Open “Show the answer” below to compare "
             "yours, or run the page live (the rocket icon at the top).")
NO_SCRIPT_VIEWS = ("Changing the view needs JavaScript: the page shows the first view. Run the page "
                   "live (the rocket icon at the top) to explore it.")


def _attr(text: object) -> str:
    return html.escape(str(text), quote=True)


def placeholder_text(units: Sequence[str] = ()) -> str:
    """What an empty answer box says, from the answer's first unit: ``a number of days``.

    ``%`` → "a percentage"; an amount of money → "an amount in RMB bn"; "million" → "a number
    in millions"; a plural count (days, seats, percentage points, times) → "a number of …".
    """
    unit = str(units[0]).strip() if units else ""
    if not unit:
        return "a number"
    if unit in ("%", "per cent", "percent"):
        return "a percentage"
    if unit.startswith(CURRENCIES):
        return f"an amount in {unit}"
    if unit in MAGNITUDES:
        return f"a number in {MAGNITUDES[unit]}"
    if unit in ("x", "×"):
        return "a number of times"
    return f"a number of {unit}"


def _menu(identifier: str, item: str, choices: Sequence[str]) -> str:
    options = "".join(f'<option value="{_attr(choice)}">{html.escape(choice)}</option>'
                      for choice in [NOT_CHOSEN, *choices])
    return (f'<div class="techstate-field"><label for="{identifier}">{html.escape(item)}</label>'
            f'<select id="{identifier}" name="{_attr(item)}" {names.ITEM}="{_attr(item)}">'
            f"{options}</select></div>")


def _menus(identifier: str, items: Sequence[str], choices: Sequence[str]) -> str:
    return "".join(_menu(f"{identifier}-{number}", item, choices)
                   for number, item in enumerate(items, start=1))


def answer_inputs(identifier: str, spec: Mapping[str, Any]) -> str:
    """The inputs an exercise of this kind asks for, as :func:`answers.check` reads them.

    A number is typed in a text box; a choice is a group of radio buttons; order, sort and
    place give every item a menu of the positions, categories or points of the scale.
    """
    kind = spec.get("kind")
    if kind == "number":
        field_id = f"{identifier}-answer"
        return (f'<div class="techstate-field"><label for="{field_id}">Your answer</label>'
                f'<input type="text" id="{field_id}" name="answer" {names.ITEM}="answer" '
                f'autocomplete="off" spellcheck="false" '
                f'placeholder="{_attr(placeholder_text(spec.get("units", ())))}"></div>')
    if kind == "choice":
        return '<div class="techstate-choices">' + "".join(
            f'<label class="techstate-choice"><input type="radio" name="{identifier}" '
            f'value="{_attr(option)}" {names.ITEM}="choice"> <span>{html.escape(option)}</span></label>'
            for option in spec["options"]) + "</div>"
    if kind == "order":
        positions = [str(n) for n in range(1, len(spec["items"]) + 1)]
        return _menus(identifier, spec["items"], positions)
    if kind == "sort":
        return _menus(identifier, spec["items"], spec["categories"])
    if kind == "place":
        return _menus(identifier, spec["items"], spec["scale"])
    raise ValueError(f"An exercise of kind {kind!r} has no form; use number, choice, order, "
                     "sort or place.")


def exercise_form(identifier: str, question: str, spec: Mapping[str, Any]) -> str:
    """An exercise as a form: the question in its legend, the inputs, *Check*, the feedback."""
    anchor = f"ex-{identifier}"
    return (
        f'<form class="techstate-exercise techstate-form" {names.EXERCISE}="{identifier}" '
        f'id="{anchor}" method="dialog" novalidate>'
        f'<fieldset><legend id="{anchor}-q">{html.escape(question)}</legend>'
        f"{answer_inputs(anchor, spec)}</fieldset>"
        f'<div class="techstate-actions"><button type="submit" class="techstate-check" '
        f'aria-describedby="{anchor}-q">Check</button></div>'
        f'<div class="techstate-verdict" {names.FEEDBACK} role="status" aria-live="polite" '
        f'aria-atomic="true"></div>'
        f'<noscript><p class="techstate-noscript">{html.escape(NO_SCRIPT)}</p></noscript>'
        "</form>"
    )


@dataclass(frozen=True)
class Control:
    """One control of an explorer or a filter, as the page shows it.

    ``kind`` is "menu", "buttons" (a radio group that looks like toggle buttons), "radio" or
    "range"; ``choices`` lists every (label, value) pair in order, where the value is what
    the page reports for the choice (the label itself for an explorer, a token for a filter);
    ``chosen`` is the current choice's value.
    """

    name: str
    kind: str
    description: str
    choices: tuple[tuple[str, str], ...]
    chosen: str
    bounds: tuple[int, int, int] | None = field(default=None)  # min, max, step of a range


def control_html(prefix: str, control: Control) -> str:
    """A native control tied to its label: a menu, a radio group or a range with its value."""
    field_id = f"{prefix}-{control.name}"
    label = html.escape(control.description or control.name)
    mark = f'{names.CONTROL}="{_attr(control.name)}"'
    if control.kind == "menu":
        options = "".join(
            f'<option value="{_attr(value)}"{" selected" if value == control.chosen else ""}>'
            f"{html.escape(text)}</option>" for text, value in control.choices)
        return (f'<div class="techstate-field"><label for="{field_id}">{label}</label>'
                f'<select id="{field_id}" name="{_attr(control.name)}" {mark}>{options}</select></div>')
    if control.kind in ("buttons", "radio"):
        style = "techstate-buttons" if control.kind == "buttons" else "techstate-choices"
        choices = "".join(
            f'<label class="techstate-choice"><input type="radio" name="{field_id}" '
            f'value="{_attr(value)}" {mark}{" checked" if value == control.chosen else ""}> '
            f"<span>{html.escape(text)}</span></label>" for text, value in control.choices)
        return (f'<fieldset class="techstate-field {style}"><legend>{label}</legend>'
                f"{choices}</fieldset>")
    if control.kind == "range" and control.bounds is not None:
        low, high, step = control.bounds
        return (f'<div class="techstate-field techstate-range"><label for="{field_id}">{label}</label>'
                f'<input type="range" id="{field_id}" name="{_attr(control.name)}" {mark} '
                f'min="{low}" max="{high}" step="{step}" value="{_attr(control.chosen)}">'
                f'<output for="{field_id}">{html.escape(control.chosen)}</output></div>')
    raise ValueError(f"The page cannot draw a control of kind {control.kind!r}; use a menu, "
                     "buttons, radio buttons or a range.")


def explorer_html(identifier: str, controls: Sequence[Control], view: str, views_json: str = "") -> str:
    """An explorer: its controls in a form, the current view below, and (when the book is
    built) every view as JSON, which the build moves into files beside the page."""
    prefix = f"ex-{identifier}"
    views = (f'<script type="application/json" {names.VIEWS}="{identifier}">{views_json}</script>'
             if views_json else "")
    return (
        f'<div class="techstate-explorer" {names.EXPLORER}="{identifier}">'
        f'<form class="techstate-explorer-controls techstate-controls" method="dialog">'
        f'{"".join(control_html(prefix, control) for control in controls)}</form>'
        f'<noscript><p class="techstate-noscript">{html.escape(NO_SCRIPT_VIEWS)}</p></noscript>'
        f'<div class="techstate-explorer-view" {names.VIEW} aria-live="polite">{view}</div>'
        f"{views}</div>"
    )


def filter_html(identifier: str, controls: Sequence[Control]) -> str:
    """A filter's menus; each choice's value is the token the list's items carry."""
    prefix = f"filter-{identifier}"
    return (f'<form class="techstate-filter techstate-controls" {names.FILTER}="{identifier}" '
            f'method="dialog">{"".join(control_html(prefix, control) for control in controls)}</form>')


def notes_html(identifier: str, label: str, placeholder: str, hint: str = "") -> str:
    """A text area for the reader's notes, tied to its label."""
    field_id = f"note-{identifier}"
    after = f'<p class="techstate-notes-hint" id="{field_id}-hint">{html.escape(hint)}</p>' if hint else ""
    described = f' aria-describedby="{field_id}-hint"' if hint else ""
    return (f'<div class="techstate-notes"><label for="{field_id}">{html.escape(label)}</label>'
            f'<textarea id="{field_id}" name="{field_id}" rows="6" {names.NOTE}="{identifier}" '
            f'placeholder="{_attr(placeholder)}"{described}></textarea>{after}</div>')
