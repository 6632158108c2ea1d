"""End a build that meets a data error with that error, not with a crash report.

When a notebook cell raises techstate's DataError (a data file missing, damaged or not saved as
UTF-8), myst-nb logs the cell's whole traceback and stops the build, and Sphinx then prints its
own traceback and asks for a bug report. What the reader needs is in the error's message:
the file, the line and the column, what is wrong and what to do. This extension shortens
myst-nb's report to one line and makes that message the last thing the build prints, then
exits with status 2. It recognises a DataError raised in a notebook's kernel as well as one
raised in the build's own process.
"""

from __future__ import annotations

import logging
import re
import sys
import textwrap
from pathlib import Path

from sphinx.application import Sphinx

HEADER = "*** The book was not built"
WIDTH = 92
EXIT_STATUS = 2


def data_error_behind(exc: BaseException | None) -> tuple[str, str | None] | None:
    """The DataError message behind ``exc`` and the notebook that raised it, if there is one."""
    notebook = None
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        kind = type(exc)
        if kind.__name__ == "ExecutionError" and kind.__module__.startswith("myst_nb"):
            notebook = str(exc)  # myst-nb names the notebook whose execution failed
        if kind.__name__ == "DataError" and kind.__module__ == "techstate.data":
            return str(exc), notebook
        if getattr(exc, "ename", None) == "DataError":  # nbclient's CellExecutionError
            return str(exc.evalue), notebook
        exc = exc.__cause__ or exc.__context__ or getattr(exc, "orig_exc", None)
    return None


def format_report(message: str, notebook: str | None, srcdir: str) -> str:
    """The lines that end the build: which notebook stopped, then the error, wrapped."""
    where = "a data file needs attention"
    if notebook:
        path = Path(notebook)
        shown = path.relative_to(srcdir).as_posix() if path.is_relative_to(srcdir) else notebook
        where = f"{shown} stopped on a problem in the data"
    paragraphs = [f"{HEADER}: {where}.", *message.splitlines()]
    return "\n" + "\n".join(_wrap(p) for p in paragraphs if p.strip()) + "\n"


def _wrap(paragraph: str) -> str:
    """Wrap a paragraph for the terminal, never inside a `command` a reader may copy."""
    keep = re.sub(r"`[^`]*`", lambda code: code[0].replace(" ", "\0"), paragraph)
    wrapped = textwrap.fill(keep, WIDTH, break_long_words=False, break_on_hyphens=False)
    return wrapped.replace("\0", " ")


class _OneLineForDataErrors(logging.Filter):
    """Shorten myst-nb's "Executing notebook failed" warning when a DataError caused it."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        # Only when the build stops on the error: the message then comes at the end.
        if (text.startswith("Executing notebook failed") and "DataError" in text
                and self.app.config.nb_execution_raise_on_error):
            record.msg = "Executing notebook failed on a data error, reported below."
            record.args = ()
        return True


def report_data_error(app: Sphinx, exception: Exception | None) -> None:
    """At the end of a failed build, print the data error and exit instead of crashing."""
    found = data_error_behind(exception)
    if found is None:
        return
    sys.stdout.flush()
    sys.stderr.write(format_report(*found, srcdir=str(app.srcdir)))
    sys.stderr.flush()
    # Raised from here, SystemExit passes by Sphinx's and Jupyter Book's crash reports.
    raise SystemExit(EXIT_STATUS)


def setup(app: Sphinx) -> dict[str, object]:
    for handler in logging.getLogger("sphinx").handlers:
        handler.addFilter(_OneLineForDataErrors(app))
    app.connect("build-finished", report_data_error, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
