"""The small library behind *Partners and Rivals*: data tables, exercise widgets, charts.

Each module has one job:

* :mod:`techstate.data` loads a table from ``data/`` by name, typed by its schema,
  with its sources attached;
* :mod:`techstate.answers` holds the pure functions that check a student's answer;
* :mod:`techstate.exercises` wraps those checks in ipywidgets;
* :mod:`techstate.charts` draws every chart in one accessible style;
* :mod:`techstate.tables` shows a table to a reader;
* :mod:`techstate.provenance` writes the source line of a chart or a table.
"""

from techstate.answers import Feedback
from techstate.charts import Chart, bar_chart, line_chart
from techstate.data import DataError, load_sources, load_table, table_names
from techstate.exercises import (
    Explorer,
    FilterList,
    MultipleChoice,
    NumericAnswer,
    OrderEvents,
    PlaceOnScale,
    SortItems,
)
from techstate.notebook import install_error_display
from techstate.provenance import SourceLine, cite
from techstate.tables import Table, show_table

install_error_display()

__all__ = [
    "Chart",
    "DataError",
    "Explorer",
    "FilterList",
    "Feedback",
    "MultipleChoice",
    "NumericAnswer",
    "OrderEvents",
    "PlaceOnScale",
    "SortItems",
    "SourceLine",
    "Table",
    "bar_chart",
    "cite",
    "line_chart",
    "load_sources",
    "load_table",
    "show_table",
    "table_names",
]
