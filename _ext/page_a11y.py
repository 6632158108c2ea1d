"""Repair two pieces of markup that the book's tools write and axe-core rightly rejects.

* pandas writes the corner cell above a table's index as an empty header, ``<th></th>``;
  a header that labels nothing confuses screen readers (axe ``empty-table-header``). In a
  table head such a cell becomes an ordinary empty cell, ``<td></td>``.
* docutils marks each bibliography entry ``role="doc-biblioentry"``, a role ARIA has
  deprecated, inside a ``role="list"`` that therefore has no list items (axe
  ``aria-required-children``, critical, and ``aria-deprecated-role``). The entries become
  ``role="listitem"``, which is what the list needs.

The page body is rewritten as each page is written; the theme's own markup is repaired by
book_static/techstate-a11y.js.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

TABLE_HEAD = re.compile(r"<thead\b.*?</thead>", re.DOTALL)
EMPTY_HEADER = re.compile(r"<th\b([^>]*)>(?:\s|&nbsp;|&#160;)*</th>")
BIBLIOENTRY = 'role="doc-biblioentry"'


def without_empty_headers(body: str) -> str:
    """``body`` with every empty ``<th>`` of a table head written as ``<td>``."""
    return TABLE_HEAD.sub(lambda head: EMPTY_HEADER.sub(r"<td\1></td>", head.group(0)), body)


def repair_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Repair one page's body."""
    body = context.get("body")
    if not body:
        return
    if "<thead" in body:
        body = without_empty_headers(body)
    context["body"] = body.replace(BIBLIOENTRY, 'role="listitem"')


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", repair_page, priority=850)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
