"""The names the static page's parts share: the library, the book's extensions, its script.

An exercise, an explorer or a filter is written into the page by the library
(:mod:`techstate.forms`), found there by the book's extensions (the answer key, the views
moved into files) and brought to life by ``book_static/techstate-checks.js``. They meet only
through the ``data-`` attributes named here; the script reads every value it needs (an
exercise's id, the item a menu answers, the address of a view, of the checker) from those
attributes, and a test checks that the script and the extensions use these names and no
others. This module imports nothing, so that the extensions can use it without pandas,
matplotlib or ipywidgets.
"""

from __future__ import annotations

# The build sets this for the kernels that execute the notebooks: explorers then render
# every view, and the filter's kernel-only button stays out of the page.
STATIC_ENV = "TECHSTATE_STATIC_PAGE"

# Joins the labels of an explorer's controls' values into the key of a view.
KEY_SEPARATOR = "\u001f"

# An exercise: the form carries its id; the JSON block beside it (its spec and its entry
# in the answer key) names the same id; each input answers one item of the spec.
EXERCISE = "data-techstate-exercise"
SPEC = "data-techstate-spec"
ITEM = "data-techstate-item"
FEEDBACK = "data-techstate-feedback"

# An explorer: its form, each control (by the name ``draw`` takes), the region that shows
# the selected view, and the index of every view's address, which the build writes.
EXPLORER = "data-techstate-explorer"
CONTROL = "data-techstate-control"
VIEW = "data-techstate-view"
VIEWS = "data-techstate-views"  # the views themselves, written at execution time
VIEW_INDEX = "data-techstate-view-index"  # their addresses, once the build moved them

# A filter: its form (each menu's choices are the tokens its list's items carry) and the
# list it filters in the page.
FILTER = "data-techstate-filter"
FILTER_LIST = "data-filter-list"
FILTER_ITEM = "data-filter-item"
FILTER_GROUP = "data-filter-group"
FILTER_COUNT = "data-filter-count"
FILTER_EMPTY = "data-filter-empty"
FILTER_RESET = "data-filter-reset"
NOUN = "data-noun"  # what the count counts ("events")

# A note the reader writes (kept in the page only; nothing checks it).
NOTE = "data-techstate-note"

# On a theme button whose inline handler the build removed (the policy refuses inline
# handlers): the action book_static/techstate-actions.js binds instead ("print", "fullscreen").
ACTION = "data-techstate-action"

# On the script element: where the answer checker lives (a folder named by its digest, so
# that a browser may keep it for as long as it likes).
CHECKER = "data-techstate-checker"

ATTRIBUTES = (EXERCISE, SPEC, ITEM, FEEDBACK, EXPLORER, CONTROL, VIEW, VIEWS, VIEW_INDEX,
              FILTER, FILTER_LIST, FILTER_ITEM, FILTER_GROUP, FILTER_COUNT, FILTER_EMPTY,
              FILTER_RESET, NOUN, NOTE, ACTION, CHECKER)


def dataset_name(attribute: str) -> str:
    """The name under which a script reads an attribute: ``data-techstate-item`` → ``techstateItem``."""
    head, *rest = attribute.removeprefix("data-").split("-")
    return head + "".join(part.capitalize() for part in rest)
