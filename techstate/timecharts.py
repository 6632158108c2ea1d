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

from techstate.charts import PALETTE, STYLE, Chart, render

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
    top = float(series["value"].max(skipna=True) or 1.0)
    with matplotlib.rc_context(STYLE):
        for start, end in _runs(series["status"].tolist(), "zero"):
            axes.axvspan(start - 0.45, end + 0.45, color=ORANGE, alpha=0.15, linewidth=0)
            first, last = series["month"].iloc[start], series["month"].iloc[end]
            axes.text((start + end) / 2, top * 0.5,
                      f"No approvals\n{first.strftime('%B')} to {last.strftime('%B %Y')}",
                      ha="center", va="center", fontsize=10, color="black")
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
            axes.annotate(text, (x, height), xytext=(0, 3), textcoords="offset points",
                          ha="center", va="bottom", fontsize=9,
                          color=GREY if text == "n/a" else "black",
                          fontweight="bold" if row.status == "zero" else "normal")
        by_month = {str(m): i for i, m in enumerate(series["month"])}
        for month, note in marks:
            if month in by_month:
                x = by_month[month]
                value = series["value"].iloc[x]
                base = 0 if pd.isna(value) else value
                axes.annotate(note, (x, base), xytext=(x, base + top * 0.35), ha="center",
                              va="bottom", fontsize=9, color="black",
                              arrowprops={"arrowstyle": "-", "color": GREY, "lw": 0.8},
                              bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": GREY, "lw": 0.6})
        axes.set_xticks(positions, [_tick_label(m, i == 0) for i, m in enumerate(series["month"])],
                        fontsize=9)
        axes.set_title(title, loc="left")
        axes.set_ylabel(ylabel)
        axes.set_ylim(0, top * 1.15)
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
        axes.legend(handles=[Patch(label=LEGEND[s], **styles[s]) for s in shown], frameon=False,
                    fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3)
    return render(figure, alt=alt, source=source)


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
                          textcoords="offset points", ha="center", fontsize=9)
        for when, text in events:
            axes.axvline(when, color=ORANGE, linestyle="--", linewidth=1.2)
            axes.annotate(text, (when, top * 0.03), xytext=(-3, 0), textcoords="offset points",
                          rotation=90, ha="right", va="bottom", fontsize=9, color="black",
                          bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
        axes.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, 2)))
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        axes.set_title(title, loc="left")
        axes.set_ylabel(ylabel)
        axes.set_ylim(0, top * 1.15)
        axes.grid(axis="y", color="#dddddd", linewidth=0.8)
        axes.set_axisbelow(True)
    return render(figure, alt=alt, source=source)
