"""Every chart can be read as drawn: no text on text, none cut off, no legend on the data, no
text under 12 CSS px, on a laptop and on a phone (techstate.chart_layout), and no warnings."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from techstate import chart_layout, charts, line_chart
from techstate.chart_layout import ChartLayoutError, Shown, check, problems
from techstate.charts import NARROW, STYLE, WIDE, render
from techstate.page_protocol import STATIC_ENV
from techstate.timelines import dot_timeline

LAPTOP = Shown("laptop", 1, WIDE.column_css_px)


def _drawn(figure: Figure) -> object:
    canvas = FigureCanvasAgg(figure)
    with matplotlib.rc_context(STYLE):
        canvas.draw()
    return canvas.get_renderer()


def _figure(width: float = 7.5, height: float = 4.2, dpi: int = 110) -> tuple[Figure, object]:
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
        axes = figure.subplots()
    return figure, axes


def test_run_together_tick_labels_fail_and_name_the_chart() -> None:
    figure, axes = _figure(NARROW.width_in, NARROW.height_in, dpi=NARROW.dpi)
    with matplotlib.rc_context(STYLE):
        axes.plot(range(2008, 2023), range(15))
        axes.set_xticks(range(2008, 2023))
        figure.suptitle("Users by year")
    with pytest.raises(ChartLayoutError, match=r"'Users by year'.*phone.*'2008' overlaps '2009'"):
        check(figure, _drawn(figure), NARROW.shown)


def test_only_tick_labels_inside_the_view_count() -> None:
    figure, axes = _figure()
    with matplotlib.rc_context(STYLE):
        axes.plot([0, 10], [0, 1])
        axes.set_xticks([0, 5, 10, 50.1, 50.2, 50.3])   # three crowded ticks far outside the view
        axes.set_xlim(0, 10)
        figure.suptitle("Fine")
    assert problems(figure, _drawn(figure), LAPTOP) == []


def test_a_legend_on_the_data_fails() -> None:
    figure, axes = _figure()
    with matplotlib.rc_context(STYLE):
        axes.plot([0, 1], [0, 1], label="rising")
        axes.plot([0, 1], [1, 0], label="falling")
        axes.legend(loc="center")
        figure.suptitle("Crossing lines")
    found = problems(figure, _drawn(figure), LAPTOP)
    assert any("legend covers the plotted data" in p and "'rising'" in p for p in found), found
    with pytest.raises(ChartLayoutError, match="Crossing lines"):
        check(figure, _drawn(figure), LAPTOP)


def test_a_legend_beside_the_data_passes_and_bars_under_a_legend_fail() -> None:
    figure, axes = _figure()
    with matplotlib.rc_context(STYLE):
        axes.plot([0, 1], [0, 0.2], label="low")
        axes.legend(loc="upper left")
        figure.suptitle("Room above the line")
    assert problems(figure, _drawn(figure), LAPTOP) == []
    figure, axes = _figure()
    with matplotlib.rc_context(STYLE):
        axes.bar(["a", "b"], [10, 10], label="tall bars")
        axes.legend(loc="upper left")
    assert any("bars" in p for p in problems(figure, _drawn(figure), LAPTOP))


def test_tiny_text_fails_at_its_shown_size() -> None:
    figure, axes = _figure()
    with matplotlib.rc_context(STYLE):
        axes.plot([0, 1], [0, 1])
        axes.text(0.5, 0.2, "a tiny note", fontsize=8)
        figure.suptitle("Small print")
    # 8 pt at 110 dpi is 12.2 px in the drawing, but the page shows the 825 px drawing in a
    # 600 px column: 8.9 CSS px.
    found = problems(figure, _drawn(figure), LAPTOP)
    assert any("'a tiny note' is shown at 8.9 CSS px" in p for p in found), found
    assert problems(figure, _drawn(figure), Shown("laptop")) == []   # shown at its own width


def test_text_outside_the_figure_fails() -> None:
    figure, axes = _figure()
    with matplotlib.rc_context(STYLE):
        axes.plot([0, 1], [0, 1])
        figure.text(0.9, 0.5, "far to the right")   # figure texts get no room from the layout
        figure.suptitle("Edge")
    assert "'far to the right' is cut off at the figure's edge" in problems(figure, _drawn(figure), LAPTOP)


def test_overlapping_annotations_fail_but_an_arrow_does_not_count() -> None:
    figure, axes = _figure()
    with matplotlib.rc_context(STYLE):
        axes.bar(["a", "b"], [1, 2])
        axes.annotate("a note", (0, 1), xytext=(0.5, 3), arrowprops={"arrowstyle": "-"})
        axes.text(1, 1, "inside b")                       # under the arrow, not under the note
        axes.set_ylim(0, 4)
        figure.suptitle("Notes")
    assert problems(figure, _drawn(figure), LAPTOP) == []
    with matplotlib.rc_context(STYLE):
        axes.text(0.5, 3, "on the note")
    assert any("'a note' overlaps 'on the note'" in p or "'on the note' overlaps 'a note'" in p
               for p in problems(figure, _drawn(figure), LAPTOP))


def test_render_refuses_a_chart_that_cannot_be_read() -> None:
    figure, axes = _figure()
    with matplotlib.rc_context(STYLE):
        axes.plot([0, 1], [0, 1], label="a line")
        axes.legend(loc="center")
        figure.suptitle("A legend in the way")
    with pytest.raises(ChartLayoutError, match="'A legend in the way'.*laptop drawing"):
        render(figure, alt="A line.", source="s", phone=False)


def test_each_figure_names_the_drawings_that_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pd.DataFrame({"year": list(range(2008, 2024)) * 2, "n": list(range(32)),
                          "who": ["Online by mobile phone"] * 16 + ["All internet users"] * 16})
    laptop = line_chart(frame, x="year", y="n", group="who", title="A long title that must wrap on a phone",
                        ylabel="Users (million people)", source="s", alt="Lines.")
    assert 'data-layout-checked="laptop"' in laptop.html
    monkeypatch.setenv(STATIC_ENV, "1")
    both = line_chart(frame, x="year", y="n", group="who", title="t", ylabel="y", source="s", alt="Lines.")
    assert 'data-layout-checked="laptop phone"' in both.html


def _tick_texts(figure: Figure) -> list[str]:
    _drawn(figure)
    return [t.get_text() for t in chart_layout._tick_labels(figure.axes[0].xaxis)]


def test_time_axes_show_whole_years_at_both_sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    figures = []
    real = charts.render

    def keep(figure, **kw):
        chart = real(figure, **kw, phone=True)
        figures.append(_tick_texts(figure))   # the phone drawing, last drawn
        return chart

    monkeypatch.setattr(charts, "render", keep)
    years = pd.DataFrame({"year": range(2012, 2023), "n": range(11)})
    line_chart(years, x="year", y="n", step=True, title="Countries", ylabel="n", source="s", alt="Steps.")
    dates = pd.DataFrame({"when": pd.date_range("2008-06-30", "2021-12-31", freq="6ME"), "n": 1.0})
    line_chart(dates, x="when", y="n", title="Users", ylabel="n", source="s", alt="Lines.")
    for labels in figures:
        assert labels and all(label.isdigit() and len(label) == 4 for label in labels), labels
    assert len(figures[1]) >= 3


def test_a_crowded_phone_drawing_grows_instead_of_collapsing() -> None:
    table = pd.DataFrame({"country": ["Australia", "United States", "Japan"] * 3,
                          "date": ["2012-03", "2018-08", "2019-05", "2013-10", "2019-12", "2020-07",
                                   "2021-01", "2022-11", "2018-12"],
                          "kind": ["Government procurement", "Telecom networks", "Export controls"] * 3})
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # matplotlib's layout warning would fail the build
        os.environ[STATIC_ENV] = "1"
        try:
            chart = dot_timeline(table, date="date", row="country", kind="kind", source="s",
                                 alt="Dots.", title="A title long enough to take three lines on "
                                 "the narrow drawing of a phone, and then some more")
        finally:
            del os.environ[STATIC_ENV]
    assert chart.html.count("data:image/png;base64,") == 2


# Every chart of the book, drawn as the build draws it: both sizes, every explorer view.
