"""Draw every chart in one accessible style.

A chart is a PNG embedded in an HTML ``<figure>`` with alt text and a source line, so it looks
the same in JupyterLab, in the static book and inside an explorer widget. The palette is
Okabe and Ito's, which stays distinguishable under the common colour-vision deficiencies;
the background is always white so charts stay legible when the book is in dark mode.

On the book's pages each figure is drawn twice, with the same fonts: at the width of the
book's text column, and at a phone's width, where long titles and labels wrap (a kernel in
JupyterLab draws only the first, see :func:`render`). A ``<picture>`` element lets the
browser pick the phone drawing on narrow screens, so chart text stays at least 12 CSS px
where a single wide drawing would shrink it to 6. Both are saved as PNGs of 64 colours,
which keep the palette's colours exact, look the same for flat charts and take a third of
the bytes of full-colour ones, so the two drawings together weigh less than one used to.
"""

from __future__ import annotations

import base64
import html
import io
import os
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # draw off-screen: charts are embedded as images, never shown by pyplot

import pandas as pd  # noqa: E402
from matplotlib import category  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from PIL import Image  # noqa: E402

from techstate.provenance import SourceLine, source_html  # noqa: E402
from techstate.static_page import STATIC_ENV  # noqa: E402

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
    """One size a chart is drawn at: inches, dots per inch, and device pixels per CSS pixel."""

    width_in: float
    height_in: float
    dpi: int
    density: int = 1


WIDE = Drawing(7.5, 4.2, 110)            # 825 px: the text column of a laptop
NARROW = Drawing(3.4, 4.2, 200, 2)       # 340 CSS px, sharp on a phone's 2x screen
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


def fit(figure: Figure) -> FigureCanvasAgg | None:
    """Wrap the figure's titles and labels where they would overlap or leave the figure.

    Returns the canvas when its last drawing still shows the figure (nothing needed wrapping
    after it), so that it need not be drawn again; otherwise None.
    """
    canvas = FigureCanvasAgg(figure)
    with matplotlib.rc_context(STYLE):
        canvas.draw()
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
        if categories:  # the layout must make room for the new labels before they are measured
            canvas.draw()
        # A label that now takes two lines must still fit beside its own bar: grow the height.
        for axes, axis, vertical in categories:
            labels = axis.get_ticklabels()
            tallest = max((t.get_window_extent(renderer).height for t in labels), default=0)
            missing = 1.15 * tallest * len(labels) - axes.bbox.height
            if vertical and missing > 0:
                figure.set_size_inches(figure.get_figwidth(), figure.get_figheight() + missing / figure.dpi)
                canvas.draw()
        drawn = _texts(figure)
        titles = [figure._suptitle] if figure._suptitle is not None else []
        for axes in figure.axes:
            titles += [axes.title, axes._left_title, axes._right_title]
            centre = axes.bbox.x0 + axes.bbox.width / 2
            _wrap(axes.xaxis.label, 2 * min(centre, width - centre) - 8, renderer)
            _wrap(axes.yaxis.label, 0.9 * axes.bbox.height, renderer)
        for title in titles:
            _wrap(title, width - title.get_window_extent(renderer).x0 - 4, renderer)
    return canvas if _texts(figure) == drawn else None


def fit_to(figure: Figure, drawing: Drawing) -> FigureCanvasAgg | None:
    """Resize ``figure`` to ``drawing`` and wrap its titles and labels to the new size
    (returns what :func:`fit` returns)."""
    figure.set_dpi(drawing.dpi)
    figure.set_size_inches(drawing.width_in, drawing.height_in)
    return fit(figure)


def render(figure: Figure, *, alt: str, source: SourceLine | str, phone: bool | None = None) -> Chart:
    """Turn a matplotlib figure into a :class:`Chart` with alt text and a source line.

    ``source`` is the line :func:`techstate.cite` writes for the rows shown, with its links;
    plain text is for a chart that shows no data (a model).

    The figure is saved at its own size and, when ``phone`` is true, resized and redrawn at a
    phone's width (:data:`NARROW`) as well, so it should not be reused afterwards. By default
    the phone drawing is made while the book is built, for the static page, where readers use
    phones; a kernel in JupyterLab, on a laptop's screen, draws the one it shows, in half the
    time. Each image states its smallest text in CSS pixels at its natural size
    (``data-text-px``), which the browser tests use to check what a reader sees.
    """
    if not alt.strip():
        raise ValueError("Every chart needs alt text that describes what it shows.")
    if isinstance(source, SourceLine) and not source.source_ids:
        raise ValueError("This chart's source line names no source: the rows given to cite() are "
                         "empty (a date compared with a string matches nothing?).")
    if phone is None:
        phone = os.environ.get(STATIC_ENV) == "1"
    wide, wide_w, wide_h = _png(figure, fit(figure))
    wide_text = smallest_text_px(figure)
    img = (
        f'<img src="data:image/png;base64,{wide}" alt="{html.escape(alt, quote=True)}" '
        f'width="{wide_w}" height="{wide_h}" data-text-px="{wide_text:.1f}" '
        f'style="max-width:100%;height:auto;background:white;" />'
    )
    if phone:
        narrow, narrow_w, narrow_h = _png(figure, fit_to(figure, NARROW))
        narrow_text = smallest_text_px(figure) / NARROW.density
        img = (
            f'<picture><source media="{NARROW_MEDIA}" srcset="data:image/png;base64,{narrow} '
            f'{NARROW.density}x" width="{narrow_w // NARROW.density}" '
            f'height="{narrow_h // NARROW.density}" data-text-px="{narrow_text:.1f}" />{img}</picture>'
        )
    body = (
        f'<figure class="techstate-chart" style="margin:0 0 1em 0;max-width:100%;">{img}'
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
        axes.legend(frameon=False)


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
    return render(figure, alt=alt, source=source)
