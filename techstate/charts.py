"""Draw every chart in one accessible style.

A chart is a PNG embedded in an HTML ``<figure>`` with alt text and a source line, so it looks
the same in JupyterLab, in the static book and inside an explorer widget. The palette is
Okabe and Ito's, which stays distinguishable under the common colour-vision deficiencies;
the background is always white so charts stay legible when the book is in dark mode.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # draw off-screen: charts are embedded as images, never shown by pyplot

import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
STYLE = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
}


@dataclass(frozen=True)
class Chart:
    """A finished chart: an accessible HTML figure that notebooks and widgets can show."""

    html: str
    alt: str

    def _repr_html_(self) -> str:
        return self.html


def _figure() -> tuple[Figure, object]:
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(7.5, 4.2), dpi=110, layout="constrained")
        axes = figure.subplots()
    return figure, axes


def render(figure: Figure, *, alt: str, source: str) -> Chart:
    """Turn a matplotlib figure into a :class:`Chart` with alt text and a source line."""
    if not alt.strip():
        raise ValueError("Every chart needs alt text that describes what it shows.")
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format="png")
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    body = (
        f'<figure class="techstate-chart" style="margin:0 0 1em 0;max-width:100%;">'
        f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(alt, quote=True)}" '
        f'style="max-width:100%;height:auto;background:white;" />'
        f'<figcaption style="font-size:0.85em;">{html.escape(source)}</figcaption></figure>'
    )
    return Chart(html=body, alt=alt)


def _finish(axes, *, title: str, xlabel: str, ylabel: str, legend: bool) -> None:
    axes.set_title(title, loc="left")
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    if legend:
        axes.legend(frameon=False)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    ylabel: str,
    source: str,
    alt: str,
    xlabel: str = "",
    highlight: Sequence[str] = (),
    horizontal: bool = False,
) -> Chart:
    """Bars for a few labelled values; ``highlight`` picks bars to draw in the accent colour."""
    figure, axes = _figure()
    with matplotlib.rc_context(STYLE):
        colours = [PALETTE[1] if label in highlight else PALETTE[0] for label in labels]
        draw = axes.barh if horizontal else axes.bar
        bars = draw(list(labels), list(values), color=colours)
        axes.bar_label(bars, fmt="%g", padding=2, fontsize=9)
        if horizontal:
            axes.invert_yaxis()
            _finish(axes, title=title, xlabel=ylabel, ylabel=xlabel, legend=False)
            axes.grid(axis="y", visible=False)
            axes.grid(axis="x", color="#dddddd", linewidth=0.8)
        else:
            _finish(axes, title=title, xlabel=xlabel, ylabel=ylabel, legend=False)
    return render(figure, alt=alt, source=source)


def line_chart(
    table: pd.DataFrame,
    *,
    x: str,
    y: str,
    group: str | None = None,
    title: str,
    ylabel: str,
    source: str,
    alt: str,
    xlabel: str = "",
    step: bool = False,
) -> Chart:
    """Lines with markers, one per value of ``group``, each in its own colour and marker."""
    figure, axes = _figure()
    groups = [(None, table)] if group is None else list(table.groupby(group, sort=False))
    with matplotlib.rc_context(STYLE):
        for index, (name, part) in enumerate(groups):
            part = part.sort_values(x)
            plot = axes.step if step else axes.plot
            extra = {"where": "post"} if step else {}
            plot(
                part[x].to_numpy(),
                part[y].astype(float).to_numpy(),
                marker=MARKERS[index % len(MARKERS)],
                color=PALETTE[index % len(PALETTE)],
                linewidth=2,
                label=None if name is None else str(name),
                **extra,
            )
        _finish(axes, title=title, xlabel=xlabel, ylabel=ylabel, legend=group is not None)
        axes.set_ylim(bottom=0)
    return render(figure, alt=alt, source=source)
