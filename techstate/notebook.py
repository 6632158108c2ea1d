"""Show the library's errors to a notebook reader as one plain message, not a traceback.

A student who meets a missing data file needs to know which file and what to do, not
forty lines of library internals. The cell still fails (so the book build and the notebook
tests still stop on it); only what the reader sees changes.
"""

from __future__ import annotations

from typing import Any

from techstate.data import DataError

_RED, _RESET = "\x1b[31m", "\x1b[39m"


def _show_message(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None) -> list[str]:
    # The error's name and message alone: IPython's own short form would add a line about
    # %tb, which only leads a reader into the library's internals.
    message = [f"{_RED}{etype.__name__}{_RESET}: {value}"]
    shell._showtraceback(etype, value, message)
    return message


def install_error_display() -> bool:
    """In IPython, print :class:`DataError` as its message alone; return whether it was installed."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipywidgets
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((DataError,), _show_message)
    return True
