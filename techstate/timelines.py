"""A dot timeline: who acted when, one row per actor, one marker per dated measure.

Counting measures of different kinds (a procurement ban, an export control, a rule for one
carrier) adds unlike things. A dot timeline shows each measure where and when it happened,
with its kind as a marker shape and colour, and adds nothing up. It is drawn in the book's
one chart style (:mod:`techstate.charts`).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import matplotlib.dates as mdates
import pandas as pd

from techstate.charts import MARKERS, PALETTE, STYLE, Chart, _figure, legend_below, render


def to_timestamp(date: str) -> pd.Timestamp:
    """A date written YYYY-MM-DD or YYYY-MM as a timestamp (a month is placed at its first day)."""
    text = str(date).strip()
    if len(text) not in (7, 10):
        raise ValueError(f"{date!r} is not a date written YYYY-MM-DD or YYYY-MM; a year alone "
                         "cannot be placed on a timeline without inventing a month.")
    try:
        return pd.Timestamp(text)
    except ValueError:
        raise ValueError(f"{date!r} is not a valid date.") from None


def first_dates(table: pd.DataFrame, *, date: str, row: str) -> pd.Series:
    """The earliest date for each value of ``row``, earliest first (ties keep table order)."""
    stamps = table[date].map(to_timestamp)
    return stamps.groupby(table[row], sort=False).min().sort_values(kind="stable")


def dot_timeline(
    table: pd.DataFrame,
    *,
    date: str,
    row: str,
    kind: str,
    title: str,
    source: str,
    alt: str,
    kinds: Sequence[str] = (),
    xlabel: str = "Date of the measure",
    marker: tuple[str, str] | None = None,
) -> Chart:
    """One row per value of ``row`` (earliest first), a marker per row of ``table``.

    ``kinds`` fixes the order (and so the colour and shape) of the values of ``kind``, so that
    a filtered table keeps each kind's look; ``marker`` is an optional ``(date, label)`` drawn
    as a dashed vertical line.
    """
    if table.empty:
        raise ValueError("There is nothing to draw: the table has no rows.")
    order = list(kinds) or list(dict.fromkeys(table[kind]))
    unknown = set(table[kind]) - set(order)
    if unknown:
        raise ValueError(f"Kinds in the table but not in `kinds`: {sorted(unknown)}.")
    rows = list(first_dates(table, date=date, row=row).index)
    position = {name: index for index, name in enumerate(rows)}
    stamps = table[date].map(to_timestamp)
    figure, axes = _figure()
    figure.set_size_inches(7.5, 1.6 + 0.42 * len(rows))
    with matplotlib.rc_context(STYLE):
        for index, name in enumerate(order):
            chosen = table[kind] == name
            if not chosen.any():
                continue
            axes.scatter(stamps[chosen].to_numpy(), table.loc[chosen, row].map(position).to_numpy(),
                         marker=MARKERS[index % len(MARKERS)], color=PALETTE[index % len(PALETTE)],
                         s=70, label=name, zorder=3, edgecolors="white", linewidths=0.6)
        if marker is not None:
            when, label = marker
            axes.axvline(to_timestamp(when), color="#555555", linestyle="--", linewidth=1)
            axes.annotate(label, (to_timestamp(when), 1.0), xycoords=("data", "axes fraction"),
                          xytext=(4, -2), textcoords="offset points", va="top", color="#333333")
        axes.set_yticks(range(len(rows)), rows)
        axes.margins(x=0.06)   # whole markers at both ends, even at a phone's scale
        axes.set_ylim(len(rows) - 0.5, -1.1)   # room at the top for the marker's label
        axes.xaxis.set_major_locator(mdates.YearLocator())
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        # From the figure's left edge: long country names do not squeeze the title.
        figure.suptitle(title, x=0.01, horizontalalignment="left")
        axes.set_xlabel(xlabel)
        axes.grid(axis="x", color="#dddddd", linewidth=0.8)
        axes.grid(axis="y", color="#eeeeee", linewidth=0.8)
        axes.set_axisbelow(True)
        legend_below(figure)
    return render(figure, alt=alt, source=source)
