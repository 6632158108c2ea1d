"""The small library behind *Partners and Rivals*: data tables, exercise widgets, charts.

Each module has one job:

* :mod:`techstate.data` loads a table from ``data/`` by name, typed by its schema,
  with its sources attached;
* :mod:`techstate.answers` holds the pure functions that check a student's answer;
* :mod:`techstate.exercises` wraps those checks in ipywidgets;
* :mod:`techstate.forms` writes the same exercises as plain HTML forms for the static page;
* :mod:`techstate.page_protocol` names what the page, the build and its script share;
* :mod:`techstate.charts` draws every chart in one accessible style;
* :mod:`techstate.tables` shows a table to a reader;
* :mod:`techstate.provenance` writes the source line of a chart or a table.

The names below are imported when first used, not with the package: the book's build
extensions import the pure modules (``techstate.page_protocol``, ``techstate.forms``) without
loading pandas, matplotlib or ipywidgets. A notebook's ``from techstate import ...`` loads
what it names; loading the data module installs the readable display of its errors.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Feedback": "answers",
    "Chart": "charts", "bar_chart": "charts", "line_chart": "charts",
    "DataError": "data", "load_sources": "data", "load_table": "data", "table_names": "data",
    "Explorer": "exercises", "FilterList": "exercises", "MultipleChoice": "exercises",
    "NumericAnswer": "exercises", "OrderEvents": "exercises", "PlaceOnScale": "exercises",
    "SortItems": "exercises", "Notes": "exercises",
    "SourceLine": "provenance", "cite": "provenance",
    "Table": "tables", "show_table": "tables",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'techstate' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"techstate.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
