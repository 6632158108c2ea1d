"""What exercises and explorers write into the page so that they still answer on the static book.

On the built web page no Python kernel runs the widgets' callbacks. So, at execution time:

* every exercise writes its *spec* (the arguments of :func:`answers.check`) into the page as
  JSON, beside its widget; the book's script ``techstate-checks.js`` reads the student's input
  from the rendered widget and runs the very same ``answers.py`` in the reader's browser, on a
  self-hosted Pyodide core loaded at the first press of *Check*;
* every explorer renders each of its views (every combination of its controls' values, at
  most :data:`MAX_VIEWS`), but only while the book is being built (the build sets
  :data:`STATIC_ENV`); the book's ``static_checks`` extension moves the views into files beside
  the page, and the script fetches the one the controls select.

Everything here is pure: it turns specs and views into HTML text.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

STATIC_ENV = "TECHSTATE_STATIC_PAGE"
MAX_VIEWS = 120  # an explorer offering more combinations must offer fewer steps on the page
KEY_SEPARATOR = "\u001f"  # joins the labels of the controls' values into a view's key
EXERCISE_DATA = "techstate-exercise-data"
EXPLORER_DATA = "techstate-explorer-data"


def building_static_page() -> bool:
    """True while the book is being built (the explorers then render all their views)."""
    return os.environ.get(STATIC_ENV) == "1"


def script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def exercise_id(spec: Mapping[str, Any], label: str) -> str:
    """A short id that stays the same from build to build for the same exercise."""
    digest = hashlib.sha1(script_json({"label": label, "spec": spec}).encode("utf-8"))
    return digest.hexdigest()[:12]


def widget_class(identifier: str) -> str:
    """The CSS class that marks an exercise's or explorer's widget in the rendered page."""
    return f"techstate-ex-{identifier}"


def exercise_data(identifier: str, spec: Mapping[str, Any], key: Mapping[str, str]) -> str:
    """One exercise's spec, for the static page's checker, and its entry in the answer key.

    ``key`` holds what the book's answer key prints: the question (the exercise's label), the
    accepted answer and its explanation. The build collects these from every page.
    """
    payload = {"spec": spec, "key": key}
    return (f'<script type="application/json" class="{EXERCISE_DATA}" '
            f'data-exercise="{identifier}">{script_json(payload)}</script>')


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


def control_kind(control: Any) -> str:
    """How the static page reads a control's value from the rendered widget."""
    name = type(control).__name__
    kinds = {"Dropdown": "select", "Select": "select", "ToggleButtons": "toggle",
             "RadioButtons": "radio", "IntSlider": "slider"}
    if name not in kinds:
        raise TypeError(f"The static page cannot read a {name} control; use a Dropdown, "
                        "ToggleButtons, RadioButtons or an IntSlider.")
    return kinds[name]


def view_key(labels: Sequence[str]) -> str:
    """The key of the view that these control labels select."""
    return KEY_SEPARATOR.join(labels)


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


def explorer_data(identifier: str, controls: Mapping[str, Any], views: Mapping[str, str]) -> str:
    """An explorer's controls and views, as the book's build turns them into files."""
    payload = {
        "controls": [{"name": name, "kind": control_kind(control)} for name, control in controls.items()],
        "views": dict(views),
    }
    return (f'<script type="application/json" class="{EXPLORER_DATA}" '
            f'data-explorer="{identifier}">{script_json(payload)}</script>')


FILTER_DATA = "techstate-filter-data"


def filter_token(value: Any) -> str:
    """The token a menu value stands for in a list's ``data-`` attributes ("" = no filter)."""
    return "" if value in (None, "", 0) else str(value)


def filter_data(identifier: str, controls: Mapping[str, Any]) -> str:
    """A filter's menus, as the static page's script applies them to the list in the page."""
    payload = {
        "controls": [
            {"name": name, "kind": control_kind(control),
             "tokens": {label: filter_token(value) for label, value in control_choices(control)}}
            for name, control in controls.items()
        ]
    }
    return (f'<script type="application/json" class="{FILTER_DATA}" '
            f'data-filter="{identifier}">{script_json(payload)}</script>')
