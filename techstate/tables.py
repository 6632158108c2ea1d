"""Show a table to a reader: a caption, no index column, blank cells instead of <NA>.

Tables are real ``<table>`` elements with column and row headers. Each data cell also names
its column (``data-label``), so that on a narrow screen the book's CSS can show a table of
more than three columns as a list of cards, one per row, without any JavaScript.

A table speaks the reader's language, not the data file's: its headers are the titles and
units the data package's schema gives its columns ("Users (millions)", not ``users_m``), and
its numbers have thousands separators (700,000,000), except years and identifiers.
"""

from __future__ import annotations

import functools
import html
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from techstate.lang import tag_chinese
from techstate.provenance import SourceLine, cite, for_readers, source_html

CARDS_ABOVE = 3  # tables with more columns than this become cards on a phone

# How a schema's unit reads after a column's title; units not listed here (counts, years,
# notes such as "see unit column") are already said by the title, and are left out.
UNIT_LABELS = {
    "percent": "%",
    "million users": "millions",
    "million people": "millions",
    "million": "millions",
    "billion": "billions",
    "RMB million": "RMB million",
    "RMB billion": "RMB billion",
    "RMB per share": "RMB per share",
    "USD million": "US$ million",
    "USD billion": "US$ billion",
    "HKD per share": "HK$ per share",
}
# Name endings of columns that no schema describes (computed in a notebook), read as units.
SUFFIX_UNITS = (
    ("_rmb_m", "RMB million"), ("_rmb_bn", "RMB billion"), ("_usd_m", "US$ million"),
    ("_usd_bn", "US$ billion"), ("_pct", "%"), ("_m", "millions"), ("_bn", "billions"),
)
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def humanise(name: str) -> str:
    """A column name no schema describes as a header: ``growth_pct`` → ``Growth (%)``."""
    unit = ""
    for suffix, label in SUFFIX_UNITS:
        if name.endswith(suffix) and len(name) > len(suffix):
            name, unit = name[: -len(suffix)], f" ({label})"
            break
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:] + unit


def heading(name: str, field: Mapping[str, Any] | None = None) -> str:
    """The header of a column: its schema title and unit, ``Stake (%)``; else a readable name.

    A name that is not an identifier (``"CNNIC report"``) was written for the reader, and
    stays as it is.
    """
    if field is not None and field.get("title"):
        unit = UNIT_LABELS.get(str(field.get("unit", "")))
        title = str(field["title"])
        return f"{title} ({unit})" if unit and unit not in title else title
    return humanise(name) if IDENTIFIER.match(name) else name


def plain_number_column(name: str, field: Mapping[str, Any] | None = None) -> bool:
    """Whether a column holds years or identifiers, written without thousands separators."""
    if field is not None and (field.get("type") == "year" or field.get("unit") in ("year", "chapter number")):
        return True
    return bool(re.search(r"(^|_)(year|id|chapter)s?($|_)", name))


@functools.lru_cache(maxsize=4)
def _fields_in(package_path: Path, _changed: int) -> tuple[dict[str, dict[str, dict]], dict[str, dict]]:
    import json

    package = json.loads(package_path.read_text(encoding="utf-8"))
    by_table: dict[str, dict[str, dict]] = {}
    anywhere: dict[str, dict] = {}
    for resource in package.get("resources", []):
        fields = {f["name"]: f for f in resource.get("schema", {}).get("fields", [])}
        by_table[resource["name"]] = fields
        for name, field in fields.items():
            anywhere.setdefault(name, field)
    return by_table, anywhere


def schema_fields(table: pd.DataFrame) -> dict[str, dict]:
    """The schema of each of the table's columns: its own table's first, else any table's."""
    from techstate.data import PACKAGE_FILE, data_dir

    folder = table.attrs.get("folder")
    path = (Path(folder) if folder else data_dir()) / PACKAGE_FILE
    by_table, anywhere = _fields_in(path, path.stat().st_mtime_ns)
    own = by_table.get(str(table.attrs.get("name", "")), {})
    return {str(c): own.get(str(c)) or anywhere.get(str(c)) for c in table.columns
            if own.get(str(c)) or anywhere.get(str(c))}


# Columns written for the book's editors, left out of a table shown whole.
EDITOR_COLUMNS = ("note", "source_id", "date_precision", "start_date_precision",
                  "reported_date_precision")


def cell_text(value: object) -> str:
    """A value as escaped HTML text (for attributes too); missing values become empty."""
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def cell_html(value: object) -> str:
    """A value as HTML element content: escaped, without editors' remarks (:func:`for_readers`),
    with its Chinese marked as Chinese."""
    return tag_chinese(cell_text(for_readers(value) if isinstance(value, str) else value))


def number_text(value: object, *, separators: bool = True) -> object:
    """A number as a reader writes it: ``700,000,000``, ``-9.06``, ``36`` (not ``36.0``).

    Decimals stay as the data give them; ``separators=False`` is for years and ids (2018).
    Values that are not numbers are returned as they are.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or pd.isna(value):
        return value
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return f"{int(number):,}" if separators else str(int(number))
    return f"{Decimal(repr(number)):,f}" if separators else f"{Decimal(repr(number)):f}"


_number = number_text


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


def show_table(table: pd.DataFrame, caption: str = "", columns: list[str] | None = None, *,
               headings: Mapping[str, str] | None = None,
               source: SourceLine | str | None = None) -> Table:
    """Render ``table`` (or some of its ``columns``) with an optional caption and source line.

    Headers are the schema's titles and units (see :func:`heading`); ``headings`` overrides
    them for some columns. No index column is shown; a table shown whole leaves out the
    columns written for editors (:data:`EDITOR_COLUMNS`), and no cell keeps an editor's remark.

    The source line names the sources of the rows shown: by default those of ``table`` itself
    when it has its ``source_id`` column; a table made by a sum or a pivot, which has lost it,
    takes ``source=cite(rows it was made from)``.
    """
    shown = (table.drop(columns=[c for c in EDITOR_COLUMNS if c in table.columns])
             if columns is None else table[columns])
    shown = shown.apply(
        lambda column: column.dt.strftime("%Y-%m-%d")
        if pd.api.types.is_datetime64_any_dtype(column) else column
    )
    fields = schema_fields(shown)
    names = [str(c) for c in shown.columns]
    numeric = frozenset(
        i for i, name in enumerate(shown.columns)
        if pd.api.types.is_numeric_dtype(shown[name]) and not pd.api.types.is_bool_dtype(shown[name])
    )
    plain = [plain_number_column(name, fields.get(name)) for name in names]
    rows = [[cell_html(number_text(v, separators=not plain[i])) for i, v in enumerate(row)]
            for row in shown.astype(object).itertuples(index=False)]
    labels = [(headings or {}).get(name) or heading(name, fields.get(name)) for name in names]
    body = table_html(labels, rows, caption=caption,
                      classes="techstate-table", numeric=numeric)
    line = _own_source_line(table) if source is None else source
    if line is not None and str(line).strip():
        body = (f'<figure class="techstate-table-figure">{body}'
                f'<figcaption class="techstate-source">{source_html(line)}</figcaption></figure>')
    return Table(html=body)
