"""What exercises, explorers and filters write into the page so that it works with no kernel.

On the built web page no Python kernel runs the widgets' callbacks, and no widget manager
draws them: each output carries, beside its widget, a plain HTML form drawn from the same
spec (:mod:`techstate.forms`). At execution time:

* every exercise also writes its *spec* (the arguments of :func:`answers.check`) and its
  entry in the answer key into the page as JSON; the book's script ``techstate-checks.js``
  reads the student's input from the form and runs the very same ``answers.py`` in the
  reader's browser, on a self-hosted Pyodide core;
* every explorer renders each of its views (every combination of its controls' values, at
  most :data:`MAX_VIEWS`), but only while the book is being built (the build sets
  ``page_protocol.STATIC_ENV``); the book's ``static_checks`` extension moves the views into
  files beside the page, and the script fetches the one the controls select.

Everything here is pure: it turns specs, controls and views into HTML text. A control is
read through its public attributes (``options``, ``value``, ``min`` …), so this module does
not import ipywidgets.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from techstate import forms
from techstate import page_protocol as names

MAX_VIEWS = 120  # an explorer offering more combinations must offer fewer steps on the page
KINDS = {"Dropdown": "menu", "Select": "menu", "ToggleButtons": "buttons",
         "RadioButtons": "radio", "IntSlider": "range"}


def building_static_page() -> bool:
    """True while the book is being built (the explorers then render all their views)."""
    return os.environ.get(names.STATIC_ENV) == "1"


def script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def exercise_id(spec: Mapping[str, Any], label: str) -> str:
    """A short id that stays the same from build to build for the same exercise."""
    digest = hashlib.sha1(script_json({"label": label, "spec": spec}).encode("utf-8"))
    return digest.hexdigest()[:12]


def exercise_data(identifier: str, spec: Mapping[str, Any], key: Mapping[str, str]) -> str:
    """One exercise's spec, for the static page's checker, and its entry in the answer key.

    ``key`` holds what the book's answer key prints: the question (the exercise's label), the
    accepted answer and its explanation. The build collects these from every page.
    """
    payload = {"spec": spec, "key": key}
    return f'<script type="application/json" {names.SPEC}="{identifier}">{script_json(payload)}</script>'


def control_kind(control: Any) -> str:
    """How the page draws a control: a menu, buttons, radio buttons or a range."""
    name = type(control).__name__
    if name not in KINDS:
        raise TypeError(f"The static page cannot draw a {name} control; use a Dropdown, "
                        "ToggleButtons, RadioButtons or an IntSlider.")
    return KINDS[name]


def control_choices(control: Any) -> list[tuple[str, Any]]:
    """Every (label, value) a control can take; an explorer's controls must be finite."""
    labels = getattr(control, "_options_labels", None)
    if labels is not None:
        return list(zip(labels, control._options_values))
    if all(hasattr(control, name) for name in ("min", "max", "step")) and isinstance(control.value, int):
        return [(str(v), v) for v in range(control.min, control.max + 1, control.step)]
    raise TypeError(
        f"An explorer's control must offer a finite set of values (a menu, toggle buttons or an "
        f"integer slider); {type(control).__name__} does not."
    )


def filter_token(value: Any) -> str:
    """The token a menu value stands for in a list's ``data-`` attributes ("" = no filter)."""
    return "" if value in (None, "", 0) else str(value)


def page_control(name: str, control: Any, *, tokens: bool = False) -> forms.Control:
    """A widget control as the page draws it: each choice reports its label, or with
    ``tokens`` the filter token of its value."""
    choices = control_choices(control)
    shown = [(label, filter_token(value) if tokens else label) for label, value in choices]
    chosen = next((report for (label, value), (_, report) in zip(choices, shown)
                   if value == control.value), shown[0][1])
    kind = control_kind(control)
    bounds = (control.min, control.max, control.step) if kind == "range" else None
    return forms.Control(name=name, kind=kind, description=getattr(control, "description", ""),
                         choices=tuple(shown), chosen=chosen, bounds=bounds)


def view_key(labels: Sequence[str]) -> str:
    """The key of the view that these control labels select."""
    return names.KEY_SEPARATOR.join(labels)


def explorer_views(controls: Mapping[str, Any], render: Callable[[dict[str, Any]], str]) -> dict[str, str]:
    """Render the view for every combination of the controls' values, keyed by their labels."""
    choices = [control_choices(control) for control in controls.values()]
    count = 1
    for options in choices:
        count *= len(options)
    if count > MAX_VIEWS:
        raise ValueError(
            f"This explorer has {count} views; the static page holds at most {MAX_VIEWS}. "
            "Offer fewer values (for example a slider with a larger step)."
        )
    views = {}
    for combination in itertools.product(*choices):
        values = {name: value for name, (_, value) in zip(controls, combination)}
        views[view_key([label for label, _ in combination])] = render(values)
    return views


def explorer_page(identifier: str, controls: Mapping[str, Any], view: str,
                  views: Mapping[str, str] | None = None) -> str:
    """An explorer as the static page shows it: native controls, the current view and, when
    the book is built, every view (which the build moves into files)."""
    payload = script_json({"controls": list(controls), "views": dict(views)}) if views else ""
    drawn = [page_control(name, control) for name, control in controls.items()]
    return forms.explorer_html(identifier, drawn, view, payload)


def filter_page(identifier: str, controls: Mapping[str, Any]) -> str:
    """A filter's menus as the static page shows them."""
    return forms.filter_html(identifier, [page_control(name, control, tokens=True)
                                          for name, control in controls.items()])
