"""Measure a drawn chart and say what a reader could not read.

After a figure is drawn, every text it shows has a box in the drawing's pixels. A chart fails
when two texts overlap (year labels that run together), when a text leaves the figure (a
legend cut off at the edge), when a legend lies on the data it explains, or when a text is
shown smaller than :data:`MIN_TEXT_CSS_PX` CSS pixels at the width the page gives the drawing.
:func:`problems` lists these as sentences; :func:`check` raises :class:`ChartLayoutError`
naming the chart; :func:`techstate.charts.render` marks each figure with the drawings that passed.

The measures reuse the drawing that was made for the image (the renderer of its canvas), so
checking costs a few milliseconds, not another draw.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from matplotlib.axis import Axis
from matplotlib.cbook import STEP_LOOKUP_MAP
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox

MIN_TEXT_CSS_PX = 12.0
"""The smallest text a reader should be shown, in CSS pixels (the book's phone and laptop rule)."""
SLACK_PX = 1.0
"""Boxes that meet by less than this many drawing pixels are taken to touch, not to overlap."""



class ChartLayoutError(ValueError):
    """A chart whose text a reader could not read as drawn."""


@dataclass(frozen=True)
class Shown:
    """How a drawing is shown: its kind ("laptop", "phone"), its device pixels per CSS pixel,
    and the widest column, in CSS pixels, that the page gives it (None: its own width)."""

    kind: str
    density: float = 1.0
    column_css_px: float | None = None


def chart_title(figure: Figure) -> str:
    """The chart's title on one line, to name it in a message ("untitled chart" if none)."""
    candidates = [figure._suptitle] if figure._suptitle is not None else []
    for axes in figure.axes:
        candidates += [axes.title, axes._left_title, axes._right_title]
    for text in candidates:
        words = " ".join(text.get_text().split())
        if words:
            return words
    return "untitled chart"


def _shows(text: Text) -> bool:
    return text.get_visible() and bool(text.get_text().strip()) and text.get_alpha() != 0


def _tick_labels(axis: Axis) -> Iterator[Text]:
    """The tick labels the axis draws: those of ticks inside its view, visible, not empty."""
    low, high = sorted(axis.get_view_interval())
    span = max(high - low, 1e-12)
    for tick in axis._update_ticks():   # the ticks draw() draws, with their labels' texts set
        location = tick.get_loc()
        if location is None or not low - 1e-9 * span <= location <= high + 1e-9 * span:
            continue
        for label in (tick.label1, tick.label2):
            if _shows(label):
                yield label


def shown_texts(figure: Figure) -> list[Text]:
    """Every text the drawn figure shows: titles, axis and tick labels, legends, annotations."""
    tick_texts: set[int] = set()
    shown: list[Text] = []
    for axes in figure.axes:
        for axis in axes._axis_map.values():
            for tick in [*axis.majorTicks, *axis.minorTicks]:
                tick_texts.update((id(tick.label1), id(tick.label2)))
            shown.extend(_tick_labels(axis))
    for text in figure.findobj(Text):
        if id(text) not in tick_texts and _shows(text) and _drawn(text):
            shown.append(text)
    return shown


def _drawn(artist: object) -> bool:
    """Whether the artist and every artist holding it are visible (a hidden legend hides its texts)."""
    while artist is not None:
        if not artist.get_visible():
            return False
        artist = getattr(artist, "_parent_artist", None)
    return True


def _name(text: Text) -> str:
    words = " ".join(text.get_text().split())
    return repr(words if len(words) <= 40 else words[:37] + "...")


def text_box(text: Text, renderer: object) -> Bbox:
    """The box a text covers: its letters and the box drawn behind them, without an
    annotation's arrow (which may point across other texts to what it labels)."""
    box = Text.get_window_extent(text, renderer)
    patch = text.get_bbox_patch()
    return Bbox.union([box, patch.get_window_extent(renderer)]) if patch is not None else box


def _boxes(texts: Iterable[Text], renderer: object) -> np.ndarray:
    return np.array([text_box(text, renderer).extents for text in texts]).reshape(-1, 4)


def overlapping_texts(texts: list[Text], renderer: object) -> list[tuple[Text, Text]]:
    """Pairs of texts whose boxes overlap by more than :data:`SLACK_PX` each way."""
    boxes = _boxes(texts, renderer)
    if len(boxes) < 2:
        return []
    x0, y0, x1, y1 = (boxes[:, i] for i in range(4))
    wide = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])
    tall = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])
    clash = np.triu((wide > SLACK_PX) & (tall > SLACK_PX), k=1)
    return [(texts[i], texts[j]) for i, j in zip(*np.nonzero(clash))]


def texts_outside(texts: list[Text], figure: Figure, renderer: object) -> list[Text]:
    """Texts whose box reaches beyond the figure's edge (they are cut off in the image)."""
    edge = figure.bbox
    return [text for text, (x0, y0, x1, y1) in zip(texts, _boxes(texts, renderer))
            if x0 < edge.x0 - SLACK_PX or y0 < edge.y0 - SLACK_PX
            or x1 > edge.x1 + SLACK_PX or y1 > edge.y1 + SLACK_PX]


def _legends(figure: Figure) -> list[Legend]:
    found = [axes.get_legend() for axes in figure.axes] + list(figure.legends)
    return [legend for legend in found if legend is not None and legend.get_visible()]


def _line_path(line: Line2D) -> Path:
    """The line as drawn, steps included, in display pixels."""
    x, y = (np.asarray(v, dtype=float) for v in line.get_data(orig=False))
    style = line.get_drawstyle()
    if style in STEP_LOOKUP_MAP and style != "default" and len(x) > 1:
        x, y = STEP_LOOKUP_MAP[style](x, y)
    points = line.get_transform().transform(np.column_stack([x, y]))
    return Path(points[np.isfinite(points).all(axis=1)])


def data_under(box: Bbox, axes: object, renderer: object) -> list[str]:
    """What of the axes' plotted data lies inside ``box`` (display pixels): lines, markers, bars."""
    inside = Bbox.intersection(box, axes.bbox)
    if inside is None or inside.width <= SLACK_PX or inside.height <= SLACK_PX:
        return []
    found = []
    for line in axes.lines:
        if not line.get_visible() or not len(line.get_xdata()):
            continue
        path = _line_path(line)
        points = path.vertices
        has_marker = line.get_marker() not in (None, "None", "none", "", " ")
        pad = line.get_markersize() * axes.figure.dpi / 72 / 2 if has_marker else 0
        near = inside.expanded(1, 1).padded(pad)
        if (has_marker and near.count_contains(points) > 0) or (
                line.get_linestyle() not in ("None", "none", "", " ") and len(points) > 1
                and path.intersects_bbox(inside, filled=False)):
            found.append(f"line {line.get_label()!r}" if not line.get_label().startswith("_")
                         else "a line")
    for collection in axes.collections:
        if not collection.get_visible() or not isinstance(collection, Collection):
            continue
        offsets = collection.get_offsets()
        if len(offsets):
            points = collection.get_offset_transform().transform(offsets)
            sizes = np.sqrt(np.asarray(collection.get_sizes()) if len(collection.get_sizes()) else [36.0])
            pad = float(sizes.max()) * axes.figure.dpi / 72 / 2
            if inside.padded(pad).count_contains(points) > 0:
                found.append("markers")
    for patch in axes.patches:
        if isinstance(patch, Patch) and patch.get_visible():
            extent = Bbox.intersection(patch.get_window_extent(renderer), inside)
            if extent is not None and extent.width > SLACK_PX and extent.height > SLACK_PX:
                found.append("bars or shaded areas")
                break
    return list(dict.fromkeys(found))


def smallest_css_px(texts: list[Text], figure: Figure, shown: Shown) -> tuple[float, Text | None]:
    """The smallest text's size in CSS pixels as the page shows the drawing, and that text."""
    if not texts:
        return float("inf"), None
    own_css = figure.bbox.width / shown.density
    scale = 1.0 if shown.column_css_px is None else min(1.0, shown.column_css_px / own_css)
    sizes = [text.get_fontsize() * figure.dpi / 72 / shown.density * scale for text in texts]
    index = int(np.argmin(sizes))
    return sizes[index], texts[index]


def problems(figure: Figure, renderer: object, shown: Shown) -> list[str]:
    """What a reader could not read in the drawn figure, one sentence each (none: it passes).

    ``renderer`` is the renderer of the canvas that last drew the figure, at its final size.
    """
    texts = shown_texts(figure)
    found = [f"{_name(a)} overlaps {_name(b)}" for a, b in overlapping_texts(texts, renderer)]
    found += [f"{_name(text)} is cut off at the figure's edge"
              for text in texts_outside(texts, figure, renderer)]
    for legend in _legends(figure):
        box = legend.get_window_extent(renderer)
        if box.x0 < -SLACK_PX or box.y0 < -SLACK_PX or box.x1 > figure.bbox.x1 + SLACK_PX \
                or box.y1 > figure.bbox.y1 + SLACK_PX:
            found.append("the legend is cut off at the figure's edge")
        for axes in figure.axes:
            covered = data_under(box, axes, renderer)
            if covered:
                found.append(f"the legend covers the plotted data ({', '.join(covered)})")
    size, smallest = smallest_css_px(texts, figure, shown)
    if size < MIN_TEXT_CSS_PX - 0.05:
        found.append(f"{_name(smallest)} is shown at {size:.1f} CSS px, under {MIN_TEXT_CSS_PX:g}")
    return list(dict.fromkeys(found))


def check(figure: Figure, renderer: object, shown: Shown) -> None:
    """Raise :class:`ChartLayoutError` naming the chart if :func:`problems` finds any."""
    found = problems(figure, renderer, shown)
    if found:
        width = figure.bbox.width / shown.density
        raise ChartLayoutError(
            f"The chart {chart_title(figure)!r} cannot be read in its {shown.kind} drawing "
            f"({width:.0f} CSS px wide): " + "; ".join(found) + ". Shorten or wrap its texts, "
            "show fewer tick labels, or move the legend outside the axes.")
