"""Charts over time that a plain bar or line chart would mislead on.

:func:`monthly_status_chart` draws a monthly series from :func:`techstate.periods.monthly_series`
so that a zero, an average, a lower bound and a missing month each look different (by fill and
hatching, not by colour alone). :func:`dated_values_chart` draws a few dated values with dated
events marked as vertical lines. Both use the palette, style and figure format of
:mod:`techstate.charts`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from techstate.chart_layout import overlapping_texts
from techstate.charts import PALETTE, STYLE, Chart, Drawing, _crowded, _wrap, legend_below, render

BLUE, ORANGE, GREY = PALETTE[0], PALETTE[1], "#555555"
LEGEND = {
    "count": "count for the month",
    "average": "monthly average of a longer period",
    "at_least": "at least (lists dated in the month)",
    "zero": "no approvals",
    "none": "no monthly figure",
}


def _figure() -> tuple[Figure, object]:
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(7.5, 4.4), dpi=110, layout="constrained")
        axes = figure.subplots()
    return figure, axes


def _runs(statuses: Sequence[str], wanted: str) -> list[tuple[int, int]]:
    """The (first, last) positions of each unbroken run of ``wanted`` in ``statuses``."""
    runs: list[tuple[int, int]] = []
    for index, status in enumerate(statuses):
        if status != wanted:
            continue
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _tick_label(month: pd.Period, first: bool) -> str:
    return month.strftime("%b\n%Y") if first or month.month == 1 else month.strftime("%b")


MONTH_STEPS = (1, 2, 3, 4, 6, 12)


def _month_ticks(months: Sequence[pd.Period], step: int) -> tuple[list[int], list[str]]:
    """Positions and labels of the months that start a ``step``-month block (Jan, Apr, ... for 3)."""
    chosen = [i for i, m in enumerate(months) if (m.month - 1) % step == 0] or [0]
    return chosen, [_tick_label(months[i], n == 0) for n, i in enumerate(chosen)]


def _title(figure: Figure, title: str) -> None:
    # From the figure's left edge, as every chart's title: long row labels do not squeeze it.
    figure.suptitle(title, x=0.01, horizontalalignment="left")


def monthly_status_chart(
    series: pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    source: str,
    alt: str,
    marks: Sequence[tuple[str, str]] = (),
) -> Chart:
    """Bars for a monthly series with a ``status`` column; ``marks`` = (month, text) notes."""
    if not {"month", "value", "status"} <= set(series.columns):
        raise ValueError("The series needs the columns month, value and status.")
    figure, axes = _figure()
    positions = list(range(len(series)))
    months = list(series["month"])
    top = float(series["value"].max(skipna=True) or 1.0)
    values, runs, notes = [], [], []
    with matplotlib.rc_context(STYLE):
        for start, end in _runs(series["status"].tolist(), "zero"):
            axes.axvspan(start - 0.45, end + 0.45, color=ORANGE, alpha=0.15, linewidth=0)
            first, last = series["month"].iloc[start], series["month"].iloc[end]
            runs.append((end - start + 0.9, first, last, axes.text(
                      (start + end) / 2, top * 0.3,
                      f"No approvals\n{first.strftime('%B')} to {last.strftime('%B %Y')}",
                      ha="center", va="center", color="black")))
        for x, row in zip(positions, series.itertuples()):
            if row.status == "count":
                axes.bar(x, row.value, color=BLUE, edgecolor=BLUE)
                text = f"{row.value:,.0f}"
            elif row.status == "average":
                axes.bar(x, row.value, color="white", edgecolor=BLUE, hatch="///", linewidth=1.2)
                text = f"{row.value:,.0f}"
            elif row.status == "at_least":
                axes.bar(x, row.value, color="white", edgecolor=BLUE, hatch="..", linewidth=1.2)
                text = f"≥{row.value:,.0f}"
            elif row.status == "zero":
                text = "0"
            else:
                text = "n/a"
            height = 0 if pd.isna(row.value) else row.value
            values.append(axes.annotate(
                          text, (x, height), xytext=(0, 3), textcoords="offset points",
                          ha="center", va="bottom", color=GREY if text == "n/a" else "black",
                          fontweight="bold" if row.status == "zero" else "normal"))
        by_month = {str(m): i for i, m in enumerate(series["month"])}
        for month, note in marks:
            if month in by_month:
                x = by_month[month]
                value = series["value"].iloc[x]
                base = 0 if pd.isna(value) else value
                # at the top, in the headroom kept above the bars and their values
                notes.append(axes.annotate(
                    note, (x, base), xytext=(x, 0.97), textcoords=("data", "axes fraction"),
                    ha="center", va="top", color="black",
                    arrowprops={"arrowstyle": "-", "color": GREY, "lw": 0.8},
                    bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": GREY, "lw": 0.6}))
        axes.set_xticks(*_month_ticks(months, 1))
        _title(figure, title)
        axes.set_ylabel(ylabel)
        axes.set_ylim(0, top * (1.75 if notes else 1.15))
        axes.grid(axis="y", color="#dddddd", linewidth=0.8)
        axes.set_axisbelow(True)
        shown = [s for s in LEGEND if s in set(series["status"])]
        styles = {
            "count": {"facecolor": BLUE, "edgecolor": BLUE},
            "average": {"facecolor": "white", "edgecolor": BLUE, "hatch": "///"},
            "at_least": {"facecolor": "white", "edgecolor": BLUE, "hatch": ".."},
            "zero": {"facecolor": ORANGE, "alpha": 0.3, "edgecolor": "none"},
            "none": {"facecolor": "white", "edgecolor": GREY, "linestyle": ":"},
        }
        legend_below(figure, [Patch(label=LEGEND[s], **styles[s]) for s in shown])

    def adjust(figure: Figure, drawing: Drawing, renderer: object) -> bool:
        """On a narrow drawing: fewer month labels, upright values, the notes wrapped."""
        changed = False
        labels = [t for t in axes.xaxis.get_ticklabels() if t.get_text()]
        if _crowded(labels, renderer, vertical=False):
            widest = max(t.get_window_extent(renderer).width for t in labels)
            room = axes.bbox.width / len(months)
            step = next((s for s in MONTH_STEPS if s * room >= 1.5 * widest), 12)
            axes.set_xticks(*_month_ticks(months, step))
            changed = True
        slot = axes.bbox.width / len(months)
        if overlapping_texts(values, renderer) or any(
                t.get_window_extent(renderer).width > 0.9 * slot for t in values):
            for text in values:   # upright, and at the smallest size that stays readable
                text.set_rotation(90)
                if drawing.kind == "phone":
                    text.set_fontsize(9)
            changed = True
        for months_wide, first, last, text in runs:
            room = 0.95 * months_wide * slot
            if text.get_window_extent(renderer).width > room:
                text.set_text(f"No approvals\n{first.strftime('%b')} to {last.strftime('%b %Y')}")
                _wrap(text, room, renderer)
                changed = True
        if notes and drawing.kind == "phone":   # room for the notes above the bars
            figure.set_size_inches(figure.get_figwidth(), 1.3 * figure.get_figheight())
            changed = True
        return changed

    return render(figure, alt=alt, source=source, adjust=adjust)


def dated_values_chart(
    points: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    ylabel: str,
    source: str,
    alt: str,
    events: Sequence[tuple[pd.Timestamp, str]] = (),
) -> Chart:
    """A line through dated values, each labelled, with dated events as dashed vertical lines."""
    if points.empty:
        raise ValueError("There are no values to draw.")
    figure, axes = _figure()
    points = points.sort_values(x)
    top = float(points[y].max())
    with matplotlib.rc_context(STYLE):
        # The values are separate reports, so a dotted line only joins them: it is not a path.
        axes.plot(points[x].to_numpy(), points[y].astype(float).to_numpy(), marker="o",
                  markersize=7, color=BLUE, linestyle=":", linewidth=1.2)
        for row in points.itertuples():
            value = getattr(row, y)
            axes.annotate(f"{value:,.0f}", (getattr(row, x), value), xytext=(0, 7),
                          textcoords="offset points", ha="center")
        # Each event's label stands upright beside its line, below the lowest value.
        lowest = float(points[y].min())
        labels = []
        for when, text in events:
            axes.axvline(when, color=ORANGE, linestyle="--", linewidth=1.2)
            labels.append(axes.annotate(
                text, (when, top * 0.03), xytext=(-3, 0), textcoords="offset points",
                rotation=90, ha="right", va="bottom", color="black",
                bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}))
        axes.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, 2)))
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        _title(figure, title)
        axes.set_ylabel(ylabel)
        axes.set_ylim(0, top * 1.15)
        axes.grid(axis="y", color="#dddddd", linewidth=0.8)
        axes.set_axisbelow(True)

    def adjust(figure: Figure, drawing: Drawing, renderer: object) -> bool:
        """Wrap each event's label to the room below the lowest value."""
        room = 0.85 * lowest / (top * 1.15) * axes.bbox.height
        before = [t.get_text() for t in labels]
        for text in labels:
            _wrap(text, room, renderer)
        return [t.get_text() for t in labels] != before

    return render(figure, alt=alt, source=source, adjust=adjust)
