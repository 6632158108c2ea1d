"""Show a table to a reader: a caption, no index column, blank cells instead of <NA>."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd


def cell_text(value: object) -> str:
    """A value as escaped HTML text; missing values (None, NaN, <NA>) become empty."""
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    return html.escape(str(value))


@dataclass(frozen=True)
class Table:
    """A table rendered as HTML for notebooks and the book."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def show_table(table: pd.DataFrame, caption: str = "", columns: list[str] | None = None) -> Table:
    """Render ``table`` (or some of its ``columns``) with an optional caption."""
    shown = (table if columns is None else table[columns]).rename_axis(columns=None)
    shown = shown.apply(
        lambda column: column.dt.strftime("%Y-%m-%d")
        if pd.api.types.is_datetime64_any_dtype(column) else column
    )
    shown = shown.astype(object).where(shown.notna(), "")  # nullable types print <NA> otherwise
    body = shown.to_html(index=False, border=0, classes="techstate-table",
                         float_format=lambda x: f"{x:,.10g}")
    if caption:
        body = body.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    return Table(html=body)
