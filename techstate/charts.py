"""Draw every chart in one accessible style.

A chart is a PNG embedded in an HTML ``<figure>`` with alt text and a source line, so it looks
the same in JupyterLab, in the static book and inside an explorer widget. The palette is
Okabe and Ito's, which stays distinguishable under the common colour-vision deficiencies;
the background is always white so charts stay legible when the book is in dark mode.

On the book's pages each figure is drawn twice, with the same fonts: at the width of the
book's text column, and at a phone's width, where long titles and labels wrap (a kernel in
JupyterLab draws only the first, see :func:`render`). A ``<picture>`` element lets the
browser pick the phone drawing on narrow screens, so chart text stays at least 12 CSS px
where a single wide drawing would shrink it to 6. Each drawing is fitted to its size (ticks
thinned to whole years, legends below the plot, long texts wrapped, the figure made taller
where its plot would be squeezed) and then measured by :mod:`techstate.chart_layout`, which
refuses a chart whose text overlaps, is cut off, hides data or is too small to read. Both are saved as PNGs of 64 colours,
which keep the palette's colours exact, look the same for flat charts and take a third of
the bytes of full-colour ones, so the two drawings together weigh less than one used to.
"""

from __future__ import annotations

import base64
import html
import io
import os
import textwrap
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # draw off-screen: charts are embedded as images, never shown by pyplot

import matplotlib.dates as mdates  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import category  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FixedLocator, MaxNLocator  # noqa: E402
from PIL import Image  # noqa: E402

from techstate.provenance import SourceLine, source_html  # noqa: E402
from techstate import chart_layout  # noqa: E402
from techstate.page_protocol import STATIC_ENV  # noqa: E402

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
# No text below 11 pt: the desktop drawing then stays above 12 CSS px in a 600 px column.
STYLE = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "figure.titlesize": 12,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
}


@dataclass(frozen=True)
class Drawing:
    """One size a chart is drawn at: inches, dots per inch, device pixels per CSS pixel, what
    it is drawn for, and the narrowest column, in CSS pixels, the page shows it in (None: the
    drawing's own width), which decides how small its text looks."""

    width_in: float
    height_in: float
    dpi: int
    density: int = 1
    kind: str = "laptop"
    column_css_px: float | None = None

    @property
    def shown(self) -> chart_layout.Shown:
        """How the page shows this drawing, for :func:`techstate.chart_layout.check`."""
        return chart_layout.Shown(self.kind, self.density, self.column_css_px)


# 825 px, shrunk to the text column of a laptop: 600 to 672 CSS px above NARROW_MEDIA's width.
WIDE = Drawing(7.5, 4.2, 110, 1, "laptop", 600)
NARROW = Drawing(3.4, 4.2, 200, 2, "phone")    # 340 CSS px, sharp on a phone's 2x screen
NARROW_MEDIA = "(max-width: 720px)"      # below this the text column is narrower than 672 px
PNG_COLOURS = 64                         # the palette, black, grey, white and their edges


@dataclass(frozen=True)
class Chart:
    """A finished chart: an accessible HTML figure that notebooks and widgets can show."""

    html: str
    alt: str

    def _repr_html_(self) -> str:
        return self.html


def _figure() -> tuple[Figure, object]:
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDE.width_in, WIDE.height_in), dpi=WIDE.dpi, layout="constrained")
        axes = figure.subplots()
    return figure, axes


def smallest_text_px(figure: Figure) -> float:
    """The size of the figure's smallest visible text, in pixels of its PNG."""
    sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes, default=STYLE["font.size"]) * figure.dpi / 72


def _png(figure: Figure, drawn: FigureCanvasAgg | None = None) -> tuple[str, int, int]:
    """The figure as a base64 PNG of :data:`PNG_COLOURS` colours, with its size in pixels.

    The pixels are taken from the canvas as drawn, which is what ``savefig`` would write at the
    figure's own size and resolution, without encoding a full-colour PNG only to decode it.
    ``drawn`` is a canvas that already shows the figure as it is (see :func:`fit`).
    """
    canvas = drawn or FigureCanvasAgg(figure)
    if drawn is None:
        with matplotlib.rc_context(STYLE):
            canvas.draw()
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    image = image.convert("RGB").quantize(colors=PNG_COLOURS, dither=Image.Dither.NONE)
    small = io.BytesIO()
    image.save(small, format="PNG", optimize=True)
    return base64.b64encode(small.getvalue()).decode("ascii"), image.width, image.height


def _wrap(text: Text, room: float, renderer: object) -> bool:
    """Break ``text`` between words until it fits ``room`` pixels; return whether it fits."""
    def length() -> float:
        box = text.get_window_extent(renderer)
        return box.height if text.get_rotation() in (90, 270) else box.width

    words = " ".join(text.get_text().split())
    if not words or length() <= room:
        return True
    for width in range(len(words) - 1, 3, -1):
        text.set_text(textwrap.fill(words, width, break_long_words=False, break_on_hyphens=False))
        if length() <= room:
            return True
    return False


def _category_axes(axes: object) -> list[tuple[object, bool]]:
    """The axes' category (string) axes, each with whether it is the vertical one."""
    return [(axis, axis is axes.yaxis) for axis in (axes.xaxis, axes.yaxis)
            if isinstance(axis.units, category.UnitData)]


def _texts(figure: Figure) -> list[str]:
    return [text.get_text() for text in figure.findobj(Text)]


COLLAPSED = "constrained_layout not applied"
SMALLEST_AXES = 0.45
"""The least share of the figure's height the plot itself keeps; below it the figure grows."""


def _draw(canvas: FigureCanvasAgg, grow: bool = True) -> None:
    """Draw the figure; where its titles, labels and legend leave the plot too little room (or
    none: matplotlib then warns that the layout collapsed), make the figure taller first.
    ``grow=False`` draws once, as it is, to measure texts that are about to be wrapped."""
    figure = canvas.figure
    for _ in range(4):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            canvas.draw()
        collapsed = any(COLLAPSED in str(w.message) for w in caught)
        for w in caught:
            if COLLAPSED not in str(w.message):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        height = figure.bbox.height
        plot = min((axes.bbox.height for axes in figure.axes), default=height)
        if not grow or (not collapsed and plot >= SMALLEST_AXES * height - 1):
            return
        decorations = height - (0 if collapsed else plot)
        grown = max(decorations / (1 - SMALLEST_AXES - 0.05), 1.25 * height) / figure.dpi
        figure.set_size_inches(figure.get_figwidth(), grown)
    raise chart_layout.ChartLayoutError(
        f"The chart {chart_layout.chart_title(figure)!r} leaves no room for its plot: "
        "shorten its title, labels or legend.")


def _crowded(labels: list[Text], renderer: object, vertical: bool) -> bool:
    """Whether neighbouring tick labels come closer than 0.8 of their font size."""
    boxes = sorted((t.get_window_extent(renderer) for t in labels),
                   key=lambda b: b.y0 if vertical else b.x0)
    for before, after in zip(boxes, boxes[1:]):
        gap = after.y0 - before.y1 if vertical else after.x0 - before.x1
        if gap < 0.8 * labels[0].get_fontsize() * labels[0].figure.dpi / 72:
            return True
    return False


def _text_px(sample: str, like: Text, renderer: object) -> tuple[float, float]:
    width, height, _ = renderer.get_text_width_height_descent(sample, like.get_fontproperties(), False)
    return width, height


YEAR_STEPS = (1, 2, 3, 4, 5, 10, 20, 50)
MONTH_STEPS = (1, 2, 3, 4, 6)


def _fits(count: int, width: float, room: float, em: float) -> bool:
    """Whether ``count`` labels ``width`` pixels wide fit in ``room`` with an em between them."""
    return count * width + (count - 1) * em <= room


def _thin_dates(axis: object, labels: list[Text], room: float, renderer: object) -> None:
    """Whole years (or, over less than two years, whole months) as close as their labels allow."""
    low, high = (mdates.num2date(v).replace(tzinfo=None) for v in sorted(axis.get_view_interval()))
    em = labels[0].get_fontsize() * labels[0].figure.dpi / 72
    if (high - low).days >= 2 * 365:
        width = _text_px("2000", labels[0], renderer)[0]
        first = low.year + (low > pd.Timestamp(low.year, 1, 1))
        step = next((s for s in YEAR_STEPS
                     if _fits(high.year // s - (first - 1) // s, width, room, em)), YEAR_STEPS[-1])
        axis.set_major_locator(mdates.YearLocator(step))
        axis.set_major_formatter(mdates.DateFormatter("%Y"))
        return
    width = _text_px("2000", labels[0], renderer)[0]
    months = (high.year - low.year) * 12 + high.month - low.month + 1
    step = next((s for s in MONTH_STEPS if _fits(months // s + 1, width, room, em)), 12)
    axis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step)))
    axis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))


def _thin_numbers(axis: object, labels: list[Text], room: float, renderer: object,
                  vertical: bool) -> None:
    """At most as many ticks as labels fit side by side; whole numbers where the data are whole."""
    sizes = [_text_px(label.get_text(), label, renderer) for label in labels]
    size = max(height if vertical else width for width, height in sizes)
    fits = max(int(room // (size + 1.2 * labels[0].get_fontsize() * labels[0].figure.dpi / 72)), 2)
    current = axis.get_major_locator()
    integer = isinstance(current, MaxNLocator) and current._integer
    axis.set_major_locator(MaxNLocator(nbins=max(fits - 1, 1), integer=integer, min_n_ticks=2,
                                       steps=[1, 2, 4, 5, 10] if integer else [1, 2, 2.5, 5, 10]))


def _thin_ticks(figure: Figure, renderer: object) -> bool:
    """Fewer ticks on any number or date axis whose labels run together; whether any changed."""
    changed = False
    for axes in figure.axes:
        for axis, vertical in ((axes.xaxis, False), (axes.yaxis, True)):
            locator = axis.get_major_locator()
            if isinstance(axis.units, category.UnitData) or isinstance(locator, FixedLocator):
                continue   # labels chosen one by one: the chart thins them itself (see fit)
            labels = list(chart_layout._tick_labels(axis))
            # matplotlib's own choice of dates may fall between years ("2020-07"): years instead
            years = isinstance(locator, mdates.AutoDateLocator)
            if len(labels) < 2 or not (years or _crowded(labels, renderer, vertical)):
                continue
            room = axes.bbox.height if vertical else axes.bbox.width
            if isinstance(axis.get_major_locator(), mdates.DateLocator):
                _thin_dates(axis, labels, room, renderer)
            else:
                _thin_numbers(axis, labels, room, renderer, vertical)
            changed = True
    return changed


def legend_below(figure: Figure, handles: Sequence[object] | None = None,
                 labels: Sequence[str] | None = None, columns: int | None = None) -> object:
    """A legend below the plot, never on its data; :func:`fit` sets its columns for the width."""
    if handles is None:
        found = [axes.get_legend_handles_labels() for axes in figure.axes]
        handles = [h for hs, _ in found for h in hs]
        labels = [label for _, ls in found for label in ls]
    elif labels is None:
        labels = [h.get_label() for h in handles]
    legend = figure.legend(handles, labels, loc="outside lower center", frameon=False,
                           ncols=columns or len(handles))
    legend._techstate_entries = (list(handles), list(labels))
    return legend


def _fit_legends(figure: Figure, renderer: object) -> bool:
    """Lay each legend below the plot out in as many columns as the figure's width holds,
    wrapping its entries when even one column is too wide; whether any changed."""
    changed = False
    room = figure.bbox.width - 8
    for legend in list(figure.legends):
        if not hasattr(legend, "_techstate_entries"):
            continue
        handles, labels = legend._techstate_entries
        columns = legend._ncols
        while legend.get_window_extent(renderer).width > room and columns > 1:
            columns -= 1
            legend.remove()
            legend = legend_below(figure, handles, labels, columns)
            changed = True
        excess = legend.get_window_extent(renderer).width - room
        if excess > 0:
            widest = max(t.get_window_extent(renderer).width for t in legend.get_texts())
            for text in legend.get_texts():
                _wrap(text, widest - excess, renderer)
            legend.remove()
            legend_below(figure, handles, [t.get_text() for t in legend.get_texts()], 1)
            changed = True
    return changed


def fit(figure: Figure, adjust: Callable[[Figure, object], bool] | None = None) -> FigureCanvasAgg:
    """Fit the figure's texts to its size, and return the canvas that last drew it as it is.

    Tick labels that would run together are thinned out (whole years on a time axis), legends
    below the plot take as many columns as fit, category labels and titles wrap, and the figure
    grows taller where its plot would be squeezed. ``adjust(figure, renderer)``, if given, makes
    a chart's own changes for the size it is drawn at, and says whether it changed anything.
    """
    canvas = FigureCanvasAgg(figure)
    with matplotlib.rc_context(STYLE):
        _draw(canvas, grow=False)   # long labels may not fit yet: they are wrapped below
        renderer = canvas.get_renderer()
        width = figure.bbox.width
        categories = [(axes, axis, vertical) for axes in figure.axes
                      for axis, vertical in _category_axes(axes)]
        for axes, axis, vertical in categories:
            labels = axis.get_ticklabels()
            room = 0.4 * width if vertical else 0.9 * axes.bbox.width / max(len(labels), 1)
            fits = all([_wrap(label, room, renderer) for label in labels])
            # Tick labels are redrawn from the axis' formatter: give it the wrapped texts.
            # Labels under bars that are still too wide for their bar are turned upright.
            axis.set_ticks(axis.get_ticklocs(), [label.get_text() for label in labels],
                           multialignment="right" if vertical else "center",
                           rotation=0 if fits or vertical else 90)
        changed = _fit_legends(figure, renderer)
        changed = _thin_ticks(figure, renderer) or changed
        if adjust is not None:
            changed = adjust(figure, renderer) or changed
        if categories or changed:  # the layout must make room for the new labels before they are measured
            _draw(canvas)
        # A label that now takes two lines must still fit beside its own bar: grow the height.
        for axes, axis, vertical in categories:
            for _ in range(3):
                labels = axis.get_ticklabels()
                tallest = max((t.get_window_extent(renderer).height for t in labels), default=0)
                missing = 1.2 * tallest * len(labels) - axes.bbox.height
                if not vertical or missing <= 0:
                    break
                figure.set_size_inches(figure.get_figwidth(),
                                       figure.get_figheight() + 1.1 * missing / figure.dpi)
                _draw(canvas)
        # Wrapping a label moves the plot, which may call for another wrap: four times at most.
        for _ in range(4):
            drawn = _texts(figure)
            titles = [figure._suptitle] if figure._suptitle is not None else []
            for axes in figure.axes:
                titles += [axes.title, axes._left_title, axes._right_title]
                centre = axes.bbox.x0 + axes.bbox.width / 2
                _wrap(axes.xaxis.label, 2 * min(centre, width - centre) - 8, renderer)
                _wrap(axes.yaxis.label, 0.9 * axes.bbox.height, renderer)
            for title in titles:
                _wrap(title, width - title.get_window_extent(renderer).x0 - 4, renderer)
            if _texts(figure) == drawn:
                break
            _draw(canvas)
    return canvas


def fit_to(figure: Figure, drawing: Drawing,
           adjust: Callable[[Figure, object], bool] | None = None) -> FigureCanvasAgg:
    """Resize ``figure`` to ``drawing`` and fit its texts to the new size (see :func:`fit`)."""
    figure.set_dpi(drawing.dpi)
    figure.set_size_inches(drawing.width_in, drawing.height_in)
    return fit(figure, adjust)


def _checked(figure: Figure, drawing: Drawing, canvas: FigureCanvasAgg) -> FigureCanvasAgg:
    """Check the figure as ``canvas`` last drew it for ``drawing`` (see
    :func:`techstate.chart_layout.check`), and return the canvas."""
    chart_layout.check(figure, canvas.get_renderer(), drawing.shown)
    return canvas


def render(figure: Figure, *, alt: str, source: SourceLine | str, phone: bool | None = None,
           adjust: Callable[[Figure, Drawing, object], bool] | None = None) -> Chart:
    """Turn a matplotlib figure into a :class:`Chart` with alt text and a source line.

    ``source`` is the line :func:`techstate.cite` writes for the rows shown, with its links;
    plain text is for a chart that shows no data (a model).

    The figure is saved at its own size and, when ``phone`` is true, resized and redrawn at a
    phone's width (:data:`NARROW`) as well, so it should not be reused afterwards. By default
    the phone drawing is made while the book is built, for the static page, where readers use
    phones; a kernel in JupyterLab, on a laptop's screen, draws the one it shows, in half the
    time. ``adjust(figure, drawing, renderer)`` makes a chart's own changes for each drawing
    (see :func:`fit`). Each drawing is measured after it is drawn, and a chart whose text
    overlaps, leaves the figure, lies under its legend or is too small to read is refused
    (:func:`techstate.chart_layout.check`). Each image states its smallest text in CSS pixels
    at its natural size (``data-text-px``), which the browser tests use to check what a reader sees.
    """
    if not alt.strip():
        raise ValueError("Every chart needs alt text that describes what it shows.")
    if isinstance(source, SourceLine) and not source.source_ids:
        raise ValueError("This chart's source line names no source: the rows given to cite() are "
                         "empty (a date compared with a string matches nothing?).")
    if phone is None:
        phone = os.environ.get(STATIC_ENV) == "1"

    def for_size(drawing: Drawing) -> Callable[[Figure, object], bool] | None:
        return None if adjust is None else (lambda fig, renderer: adjust(fig, drawing, renderer))

    own = Drawing(figure.get_figwidth(), figure.get_figheight(), int(figure.dpi), 1, "laptop",
                  WIDE.column_css_px if figure.get_figwidth() * figure.dpi >= WIDE.column_css_px else None)
    wide, wide_w, wide_h = _png(figure, _checked(figure, own, fit(figure, for_size(WIDE))))
    wide_text = smallest_text_px(figure)
    img = (
        f'<img src="data:image/png;base64,{wide}" alt="{html.escape(alt, quote=True)}" '
        f'width="{wide_w}" height="{wide_h}" data-text-px="{wide_text:.1f}" '
        f'style="max-width:100%;height:auto;background:white;" />'
    )
    if phone:
        narrow, narrow_w, narrow_h = _png(figure, _checked(figure, NARROW, fit_to(figure, NARROW, for_size(NARROW))))
        narrow_text = smallest_text_px(figure) / NARROW.density
        img = (
            f'<picture><source media="{NARROW_MEDIA}" srcset="data:image/png;base64,{narrow} '
            f'{NARROW.density}x" width="{narrow_w // NARROW.density}" '
            f'height="{narrow_h // NARROW.density}" data-text-px="{narrow_text:.1f}" />{img}</picture>'
        )
    checked = "laptop phone" if phone else "laptop"  # drawings that passed the layout check
    body = (
        f'<figure class="techstate-chart" data-layout-checked="{checked}" '
        f'style="margin:0 0 1em 0;max-width:100%;">{img}'
        f'<figcaption class="techstate-source" style="font-size:0.85em;">{source_html(source)}</figcaption></figure>'
    )
    return Chart(html=body, alt=alt)


def _finish(axes, *, title: str, xlabel: str, ylabel: str, legend: bool) -> None:
    # A figure title starts at the figure's left edge, not the axes', so it is not clipped
    # when long category labels push the axes to the right.
    axes.figure.suptitle(title, x=0.01, horizontalalignment="left")
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    if legend:
        legend_below(axes.figure)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    ylabel: str,
    source: SourceLine | str,
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
        axes.bar_label(bars, fmt="%g", padding=2)
        if all(float(value).is_integer() for value in values):  # counts: no half a seat
            (axes.xaxis if horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))
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
    source: SourceLine | str,
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
        if pd.api.types.is_numeric_dtype(table[x]) and all(float(v).is_integer() for v in table[x]):
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))   # years: never 2012.5
    return render(figure, alt=alt, source=source)
