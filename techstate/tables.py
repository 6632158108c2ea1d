"""Show a table to a reader: a caption, no index column, blank cells instead of <NA>.

Tables are real ``<table>`` elements with column and row headers. Each data cell also names
its column (``data-label``), so that on a narrow screen the book's CSS can show a table of
more than three columns as a list of cards, one per row, without any JavaScript.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from techstate.lang import tag_chinese
from techstate.provenance import SourceLine, cite, source_html

CARDS_ABOVE = 3  # tables with more columns than this become cards on a phone


def cell_text(value: object) -> str:
    """A value as escaped HTML text (for attributes too); missing values become empty."""
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def cell_html(value: object) -> str:
    """A value as HTML element content: escaped, with its Chinese marked as Chinese."""
    return tag_chinese(cell_text(value))


def _number(value: object) -> object:
    """Floats with thousands separators and no trailing zeros, other values as they are."""
    return f"{value:,.10g}" if isinstance(value, float) else value


@dataclass(frozen=True)
class Table:
    """A table rendered as HTML for notebooks and the book."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def table_html(
    headers: list[str], rows: list[list[str]], *, caption: str = "", classes: str = "",
    numeric: frozenset[int] = frozenset(),
) -> str:
    """A table from cells that are already HTML; the first column heads its row.

    ``headers`` are plain text; ``numeric`` holds the positions of columns of numbers.
    More than :data:`CARDS_ABOVE` columns adds the class that turns rows into cards; the
    class ``dataframe`` gives every table the theme's data-table style, in dark mode too.
    """
    names = [cell_text(h) for h in headers]
    cards = "techstate-cards" if len(headers) > CARDS_ABOVE else ""
    kinds = " ".join(filter(None, ["dataframe", classes, cards]))
    number = {i: ' class="techstate-number"' for i in numeric}
    head = "".join(f'<th scope="col"{number.get(i, "")}>{tag_chinese(n)}</th>' for i, n in enumerate(names))

    def cell(i: int, value: str) -> str:
        tag, scope = ("th", ' scope="row"') if i == 0 else ("td", "")
        return f'<{tag}{scope}{number.get(i, "")} data-label="{names[i]}">{value}</{tag}>'

    body = "".join("<tr>" + "".join(cell(i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    caption_html = f"<caption>{tag_chinese(html.escape(caption))}</caption>" if caption else ""
    return (f'<table class="{kinds}">{caption_html}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _own_source_line(table: pd.DataFrame) -> SourceLine | None:
    """The source line of a table that still has its rows' source ids, else None."""
    if "source_id" not in table.columns or not table.attrs.get("sources"):
        return None
    try:
        return cite(table)
    except ValueError:  # no row left, or a source the table does not describe
        return None


def show_table(table: pd.DataFrame, caption: str = "", columns: list[str] | None = None,
               *, source: SourceLine | str | None = None) -> Table:
    """Render ``table`` (or some of its ``columns``) with an optional caption and source line.

    The source line names the sources of the rows shown: by default those of ``table`` itself
    when it has its ``source_id`` column; a table made by a sum or a pivot, which has lost it,
    takes ``source=cite(rows it was made from)``.
    """
    shown = table if columns is None else table[columns]
    shown = shown.apply(
        lambda column: column.dt.strftime("%Y-%m-%d")
        if pd.api.types.is_datetime64_any_dtype(column) else column
    )
    numeric = frozenset(
        i for i, name in enumerate(shown.columns)
        if pd.api.types.is_numeric_dtype(shown[name]) and not pd.api.types.is_bool_dtype(shown[name])
    )
    rows = [[cell_html(_number(v)) for v in row] for row in shown.astype(object).itertuples(index=False)]
    body = table_html([str(c) for c in shown.columns], rows, caption=caption,
                      classes="techstate-table", numeric=numeric)
    line = _own_source_line(table) if source is None else source
    if line is not None and str(line).strip():
        body = (f'<figure class="techstate-table-figure">{body}'
                f'<figcaption class="techstate-source">{source_html(line)}</figcaption></figure>')
    return Table(html=body)
