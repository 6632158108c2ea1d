"""Exercise widgets: thin ipywidgets wrappers around the pure checkers in :mod:`answers`.

Each exercise shows its inputs, a *Check* button and a feedback line (an ``HTML`` widget,
never ``print``). Beneath it comes a collapsed ``<details>`` block with the answer and its
explanation, which works everywhere, and the exercise's *spec*: the arguments of its checker
as JSON. In a kernel the button calls :func:`answers.check` with the spec.

Every widget is displayed together with a plain HTML form drawn from the same spec
(:mod:`techstate.forms`), in one output: JupyterLab shows the widget; the book's static page,
which has no kernel and no widget manager, shows the form, and its script calls the same
:func:`answers.check` with the same spec (see :mod:`techstate.static_page`). An answer is
judged by one piece of code in both places.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
from IPython.display import HTML, display

from techstate import answers, forms, static_page
from techstate.answers import NOT_CHOSEN, Feedback
from techstate.charts import Chart
from techstate.forms import placeholder_text

__all__ = ["Explorer", "FilterList", "MultipleChoice", "Notes", "NumericAnswer", "OrderEvents",
           "PlaceOnScale", "SortItems", "placeholder_text", "solution_html"]

WIDE = {"description_width": "initial"}


def show_with_page_html(widget: widgets.Widget, page_html: str) -> None:
    """Display ``widget`` with ``page_html`` as its HTML form, in one output.

    A front end that runs widgets (JupyterLab, Binder) draws the widget; the static page drops
    the widget view (``nb_mime_priority_overrides`` in ``_config.yml``) and shows the HTML.
    """
    bundle = widget._repr_mimebundle_()
    bundle["text/html"] = page_html
    display(bundle, raw=True)


def solution_html(answer: str, explanation: str, summary: str = "Show the answer") -> str:
    """A collapsed block with the answer and why, readable without a kernel."""
    return (
        '<details class="techstate-solution"><summary>'
        f"{html.escape(summary)}</summary>"
        f"<p><strong>Answer:</strong> {html.escape(answer)}</p>"
        f"<p>{html.escape(explanation)}</p></details>"
    )


class Exercise:
    """Shared layout and behaviour: inputs, a Check button, feedback and a static answer."""

    def __init__(self, *, label: str, answer: str, explanation: str) -> None:
        self.label = label
        self.answer_text = answer
        self.explanation = explanation
        self.button = widgets.Button(
            description="Check", button_style="primary", tooltip=f"Check your answer: {label}"
        )
        self.button.add_class("techstate-check")
        self.feedback = widgets.HTML(value="")
        self.button.on_click(self._on_check)
        self._box: widgets.VBox | None = None

    def inputs(self) -> list[widgets.Widget]:
        """The widgets the student fills in."""
        raise NotImplementedError

    def spec(self) -> dict[str, Any]:
        """The checker's arguments as JSON-ready data (see :func:`answers.check`)."""
        raise NotImplementedError

    def given(self) -> object:
        """What the student has entered, as :func:`answers.check` takes it."""
        raise NotImplementedError

    def evaluate(self) -> Feedback:
        """Read the inputs and return the checker's verdict."""
        return answers.check(self.spec(), self.given())

    def reset(self) -> None:
        """Clear the student's inputs and the feedback."""
        self.feedback.value = ""

    def _on_check(self, _button: widgets.Button | None = None) -> None:
        self.feedback.value = self.evaluate().to_html()

    @property
    def exercise_id(self) -> str:
        """A stable id that ties the rendered widget to its spec on the static page."""
        return static_page.exercise_id(self.spec(), self.label)

    @property
    def widget(self) -> widgets.VBox:
        """The whole exercise as one widget (built once, so every display shows the same one)."""
        if self._box is None:
            self._box = widgets.VBox(
                [*self.inputs(), self.button, self.feedback],
                layout=widgets.Layout(border="1px solid #ccc", padding="0.5em", margin="0.5em 0"),
            )
            self._box.add_class("techstate-exercise")
        return self._box

    def solution(self) -> str:
        """The static answer block for this exercise."""
        return solution_html(self.answer_text, self.explanation)

    def form(self) -> str:
        """The exercise as the static page shows it: a form drawn from the spec."""
        return forms.exercise_form(self.exercise_id, self.label, self.spec())

    def _ipython_display_(self) -> None:
        show_with_page_html(self.widget, self.form())
        display(HTML(self.solution() + static_page.exercise_data(self.exercise_id, self.spec(), self.key())))

    def key(self) -> dict[str, str]:
        """This exercise's entry in the answer key: question, accepted answer, explanation."""
        return {"question": self.label, "answer": self.accepted_answer(), "explanation": self.explanation}

    def accepted_answer(self) -> str:
        """The answer as the answer key prints it."""
        return self.answer_text


class MultipleChoice(Exercise):
    """Pick one option; each option has its own explanation."""

    def __init__(self, options: Mapping[str, str], correct: str, *, label: str) -> None:
        if correct not in options:
            raise ValueError(f"The correct option {correct!r} is not among the options.")
        super().__init__(label=label, answer=correct, explanation=options[correct])
        self.options = dict(options)
        self.correct = correct
        self.choices = widgets.RadioButtons(
            options=list(options),
            value=None,
            description=label,
            style=WIDE,
            layout=widgets.Layout(width="auto"),
        )

    def inputs(self) -> list[widgets.Widget]:
        return [self.choices]

    def spec(self) -> dict[str, Any]:
        return {"kind": "choice", "options": self.options, "correct": self.correct}

    def given(self) -> object:
        return self.choices.value

    def reset(self) -> None:
        self.choices.value = None
        super().reset()


class NumericAnswer(Exercise):
    """Type a number; commas, spaces and the unit are understood, nonsense gets a message."""

    def __init__(
        self,
        answer: float,
        *,
        label: str,
        explanation: str,
        tolerance: float = 0.0,
        units: Sequence[str] = (),
    ) -> None:
        unit = f" {units[0]}" if units else ""
        super().__init__(
            label=label,
            answer=f"{answers.format_number(answer)}{unit}",
            explanation=explanation,
        )
        self.value = answer
        self.tolerance = tolerance
        self.units = tuple(units)
        self.text = widgets.Text(
            value="",
            placeholder=placeholder_text(units),
            description=label,
            style=WIDE,
            layout=widgets.Layout(width="auto"),
        )

    def inputs(self) -> list[widgets.Widget]:
        return [self.text]

    def spec(self) -> dict[str, Any]:
        return {"kind": "number", "answer": self.value, "tolerance": self.tolerance,
                "units": list(self.units)}

    def accepted_answer(self) -> str:
        if not self.tolerance:
            return self.answer_text
        return f"{self.answer_text} (± {answers.format_number(self.tolerance)})"

    def given(self) -> object:
        return self.text.value

    def reset(self) -> None:
        self.text.value = ""
        super().reset()


def _fit_menus(controls: Sequence[widgets.Widget]) -> None:
    """Make each menu as wide as its longest choice (the book's style sheet caps it at the
    page's width), unless its layout already sets a width."""
    for control in controls:
        if isinstance(control, widgets.Dropdown) and not control.layout.width:
            control.layout.width = "auto"
            control.layout.max_width = "100%"


def _dropdowns(items: Sequence[str], options: Sequence[str]) -> dict[str, widgets.Dropdown]:
    return {
        item: widgets.Dropdown(
            options=[NOT_CHOSEN, *options],
            value=NOT_CHOSEN,
            description=item,
            style=WIDE,
            layout=widgets.Layout(width="100%"),
        )
        for item in items
    }


class OrderEvents(Exercise):
    """Give each event its position in time (1 = earliest)."""

    def __init__(
        self, correct_order: Sequence[str], *, label: str, explanation: str, shown: Sequence[str]
    ) -> None:
        if sorted(shown) != sorted(correct_order):
            raise ValueError("The events shown must be the events of the correct order.")
        answer = " → ".join(correct_order)
        super().__init__(label=label, answer=answer, explanation=explanation)
        self.correct_order = list(correct_order)
        positions = [str(n) for n in range(1, len(shown) + 1)]
        self.positions = _dropdowns(shown, positions)

    def inputs(self) -> list[widgets.Widget]:
        return list(self.positions.values())

    def spec(self) -> dict[str, Any]:
        return {"kind": "order", "order": self.correct_order, "items": list(self.positions)}

    def given(self) -> object:
        return {item: box.value for item, box in self.positions.items()}

    def reset(self) -> None:
        for box in self.positions.values():
            box.value = NOT_CHOSEN
        super().reset()


class SortItems(Exercise):
    """Put each item in one of a few categories."""

    def __init__(
        self,
        solution: Mapping[str, str],
        categories: Sequence[str],
        *,
        label: str,
        explanation: str,
    ) -> None:
        unknown = set(solution.values()) - set(categories)
        if unknown:
            raise ValueError(f"Categories used in the solution but not offered: {unknown}.")
        answer = "; ".join(f"{item}: {category}" for item, category in solution.items())
        super().__init__(label=label, answer=answer, explanation=explanation)
        self.solution_map = dict(solution)
        self.offered = list(categories)
        self.categories = _dropdowns(list(solution), categories)

    def inputs(self) -> list[widgets.Widget]:
        return list(self.categories.values())

    def spec(self) -> dict[str, Any]:
        return {"kind": "sort", "solution": self.solution_map, "categories": self.offered,
                "items": list(self.categories)}

    def given(self) -> object:
        return {item: box.value for item, box in self.categories.items()}

    def reset(self) -> None:
        for box in self.categories.values():
            box.value = NOT_CHOSEN
        super().reset()


class PlaceOnScale(Exercise):
    """Place each item on an ordered scale; the feedback compares it with the evidence."""

    def __init__(
        self,
        evidence: Mapping[str, tuple[str, str]],
        scale: Sequence[str],
        *,
        label: str,
        explanation: str,
        tolerance: int = 1,
    ) -> None:
        unknown = {point for point, _ in evidence.values()} - set(scale)
        if unknown:
            raise ValueError(f"Points used in the evidence but not on the scale: {unknown}.")
        answer = "; ".join(f"{item}: {point}" for item, (point, _) in evidence.items())
        super().__init__(label=label, answer=answer, explanation=explanation)
        self.scale = list(scale)
        self.evidence = {item: self.scale.index(point) for item, (point, _) in evidence.items()}
        self.reasons = {item: reason for item, (_, reason) in evidence.items()}
        self.tolerance = tolerance
        self.places = _dropdowns(list(evidence), self.scale)

    def inputs(self) -> list[widgets.Widget]:
        return list(self.places.values())

    def spec(self) -> dict[str, Any]:
        return {"kind": "place", "scale": self.scale, "evidence": self.evidence,
                "reasons": self.reasons, "tolerance": self.tolerance, "items": list(self.places)}

    def given(self) -> object:
        return {item: box.value for item, box in self.places.items()}

    def reset(self) -> None:
        for box in self.places.values():
            box.value = NOT_CHOSEN
        super().reset()


class Explorer:
    """Controls that redraw a chart or a table, optionally followed by a question about it.

    ``draw`` is a pure function of the controls' values, and each control offers a finite set of
    values, so that the book's build can render every view for the static page.
    """

    def __init__(
        self,
        controls: Mapping[str, widgets.ValueWidget],
        draw: Callable[..., Chart | str],
        *,
        question: MultipleChoice | None = None,
    ) -> None:
        self.controls = dict(controls)
        self.draw = draw
        self.question = question
        self.view = widgets.HTML(value="")
        self.view.add_class("techstate-explorer-view")
        self._views: dict[tuple[tuple[str, Any], ...], str] = {}
        for control in self.controls.values():
            static_page.control_kind(control)  # fail early on a control the page cannot read
            control.observe(self._redraw, names="value")
        self._redraw()
        self._box: widgets.VBox | None = None

    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def render(self, values: Mapping[str, Any]) -> str:
        """The HTML of the view for these control values.

        ``draw`` is pure, so each view is drawn once: going back to a view shows it at once,
        and the build's static-page views reuse the ones already drawn.
        """
        key = tuple(sorted(values.items()))
        if key not in self._views:
            shown = self.draw(**values)
            self._views[key] = shown.html if isinstance(shown, Chart) else shown
        return self._views[key]

    def _redraw(self, _change: object = None) -> None:
        self.view.value = self.render(self.values())

    @property
    def explorer_id(self) -> str:
        """A stable id that ties the rendered widget to its views on the static page."""
        labels = {name: [label for label, _ in static_page.control_choices(control)]
                  for name, control in self.controls.items()}
        return static_page.exercise_id({"kind": "explorer", "controls": labels}, self.view.value)

    @property
    def widget(self) -> widgets.VBox:
        """The controls above the view (built once, so every display shows the same one)."""
        if self._box is None:
            _fit_menus(list(self.controls.values()))
            controls = widgets.HBox(list(self.controls.values()), layout={"flex_flow": "row wrap"})
            controls.add_class("techstate-explorer-controls")
            controls.add_class("techstate-controls")  # the phone layout styles it
            self._box = widgets.VBox([controls, self.view])
            self._box.add_class("techstate-explorer")
        return self._box

    def page_html(self) -> str:
        """The explorer as the static page shows it: native controls above the current view,
        and every view while the book is being built."""
        views = (static_page.explorer_views(self.controls, self.render)
                 if static_page.building_static_page() else None)
        return static_page.explorer_page(self.explorer_id, self.controls, self.view.value, views)

    def _ipython_display_(self) -> None:
        show_with_page_html(self.widget, self.page_html())
        if self.question is not None:
            display(self.question)


class FilterList:
    """Menus that filter a long list (a timeline, say) that stays in the page as plain HTML.

    ``render(**values)`` returns the list's HTML for the menus' values. Each item carries
    ``data-filter-item`` and one ``data-<menu name>`` attribute of space-separated tokens, and
    each group of items ``data-filter-group``, so the static page can filter the same list
    without a kernel: readable and searchable without JavaScript, filtered with it.
    """

    def __init__(self, controls: Mapping[str, widgets.ValueWidget],
                 render: Callable[..., str], *, label: str, reset: str = "Show all") -> None:
        self.controls = dict(controls)
        self.render = render
        self.label = label
        self._handle: Any = None
        self._box: widgets.Box | None = None
        for control in self.controls.values():
            static_page.control_kind(control)
            control.observe(self._refilter, names="value")
        # The way back from a list the menus have emptied, in a kernel; shown only then.
        self.reset_button = widgets.Button(description=reset, tooltip=reset,
                                           layout=widgets.Layout(width="auto", display="none"))
        self.reset_button.add_class("techstate-filter-reset")
        self.reset_button.on_click(self.reset)

    def reset(self, _button: object = None) -> None:
        """Set every menu back to its first choice ("All …"), which shows the whole list."""
        for control in self.controls.values():
            first = static_page.control_choices(control)[0][1]
            control.value = first

    def values(self) -> dict[str, Any]:
        """The current value of every menu, by name."""
        return {name: control.value for name, control in self.controls.items()}

    @property
    def filter_id(self) -> str:
        """A stable id that ties the menus to the list on the static page."""
        labels = {name: [label for label, _ in static_page.control_choices(control)]
                  for name, control in self.controls.items()}
        return static_page.exercise_id({"kind": "filter", "controls": labels}, self.label)

    def html(self) -> str:
        """The list for the menus' current values."""
        return (f'<div class="techstate-filter-list" data-filter-list="{self.filter_id}">'
                f"{self.render(**self.values())}</div>")

    def _refilter(self, _change: object = None) -> None:
        shown = self.html()
        self.reset_button.layout.display = None if "data-filter-item" not in shown else "none"
        if self._handle is not None:
            self._handle.update(HTML(shown))

    @property
    def widget(self) -> widgets.Box:
        """The menus (built once)."""
        if self._box is None:
            _fit_menus(list(self.controls.values()))
            # The static page has no kernel to run the button: there the list's own message
            # carries it (see timeline_html), wired by the book's script.
            reset = [] if static_page.building_static_page() else [self.reset_button]
            self._box = widgets.HBox([*self.controls.values(), *reset],
                                     layout={"flex_flow": "row wrap"})
            self._box.add_class("techstate-filter")
        return self._box

    def _ipython_display_(self) -> None:
        show_with_page_html(self.widget, static_page.filter_page(self.filter_id, self.controls))
        self._handle = display(HTML(self.html()), display_id=True)


class Notes:
    """A text area for the reader's own notes: nothing checks it.

    In a kernel it is an ipywidgets ``Textarea``; on the static page a plain ``<textarea>``
    tied to its label. ``hint`` is shown beneath it (what the notes are for, and that they are
    not kept unless the reader copies them).
    """

    def __init__(self, *, label: str, placeholder: str, hint: str = "") -> None:
        self.label = label
        self.placeholder = placeholder
        self.hint = hint
        self.text = widgets.Textarea(placeholder=placeholder, description=label, style=WIDE,
                                     layout=widgets.Layout(width="100%", height="10em"))
        parts: list[widgets.Widget] = [self.text]
        if hint:
            parts.append(widgets.HTML(f"<p><em>{html.escape(hint)}</em></p>"))
        self.widget = widgets.VBox(parts)
        self.widget.add_class("techstate-notes")

    @property
    def notes_id(self) -> str:
        """A stable id for the notes (the same from build to build)."""
        return static_page.exercise_id({"kind": "notes", "placeholder": self.placeholder}, self.label)

    def page_html(self) -> str:
        return forms.notes_html(self.notes_id, self.label, self.placeholder, self.hint)

    def _ipython_display_(self) -> None:
        show_with_page_html(self.widget, self.page_html())

