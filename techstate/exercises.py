"""Exercise widgets: thin ipywidgets wrappers around the pure checkers in :mod:`answers`.

Each exercise shows its inputs, a *Check* button and a feedback line (an ``HTML`` widget,
never ``print``). Beneath it comes a collapsed ``<details>`` block with the answer and its
explanation, which works on the static web page where no Python kernel runs the button.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
from IPython.display import HTML, display

from techstate import answers
from techstate.answers import NOT_CHOSEN, Feedback
from techstate.charts import Chart

WIDE = {"description_width": "initial"}


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
        self.feedback = widgets.HTML(value="")
        self.button.on_click(self._on_check)

    def inputs(self) -> list[widgets.Widget]:
        """The widgets the student fills in."""
        raise NotImplementedError

    def evaluate(self) -> Feedback:
        """Read the inputs and return the checker's verdict."""
        raise NotImplementedError

    def reset(self) -> None:
        """Clear the student's inputs and the feedback."""
        self.feedback.value = ""

    def _on_check(self, _button: widgets.Button | None = None) -> None:
        self.feedback.value = self.evaluate().to_html()

    @property
    def widget(self) -> widgets.VBox:
        """The whole exercise as one widget."""
        return widgets.VBox(
            [*self.inputs(), self.button, self.feedback],
            layout=widgets.Layout(border="1px solid #ccc", padding="0.5em", margin="0.5em 0"),
        )

    def solution(self) -> str:
        """The static answer block for this exercise."""
        return solution_html(self.answer_text, self.explanation)

    def _ipython_display_(self) -> None:
        display(self.widget)
        display(HTML(self.solution()))


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

    def evaluate(self) -> Feedback:
        return answers.check_choice(self.choices.value, self.options, self.correct)

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
            placeholder=f"a number{unit}".strip(),
            description=label,
            style=WIDE,
            layout=widgets.Layout(width="auto"),
        )

    def inputs(self) -> list[widgets.Widget]:
        return [self.text]

    def evaluate(self) -> Feedback:
        return answers.check_number(self.text.value, self.value, self.tolerance, self.units)

    def reset(self) -> None:
        self.text.value = ""
        super().reset()


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

    def evaluate(self) -> Feedback:
        given = {item: box.value for item, box in self.positions.items()}
        return answers.check_order(given, self.correct_order)

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

    def evaluate(self) -> Feedback:
        given = {item: box.value for item, box in self.categories.items()}
        return answers.check_sorting(given, self.solution_map, self.offered)

    def reset(self) -> None:
        for box in self.categories.values():
            box.value = NOT_CHOSEN
        super().reset()


class Explorer:
    """Controls that redraw a chart or a table, optionally followed by a question about it."""

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
        for control in self.controls.values():
            control.observe(self._redraw, names="value")
        self._redraw()

    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _redraw(self, _change: object = None) -> None:
        shown = self.draw(**self.values())
        self.view.value = shown.html if isinstance(shown, Chart) else shown

    @property
    def widget(self) -> widgets.VBox:
        """The controls above the view."""
        return widgets.VBox(
            [widgets.HBox(list(self.controls.values()), layout={"flex_flow": "row wrap"}),
             self.view]
        )

    def _ipython_display_(self) -> None:
        display(self.widget)
        if self.question is not None:
            display(self.question)
