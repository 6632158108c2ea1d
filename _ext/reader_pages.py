"""Pages for readers show content, not code, except where the reader is asked to program.

Chapters, workbooks and reference pages are notebooks, because their tables, charts and
exercises are computed from the data package. Most readers do not program, and on a phone a
code cell's long lines run off the screen. So on every page under ``chapters/``,
``exercises/`` and ``reference/`` this extension drops the source of each code cell from the
page, and then the cells left with nothing to show. It also forgets the cell's ``hide-input``
or ``hide-cell`` mode, so that no "Show code cell source" bar stays behind for a cell whose
source is gone. It works like tagging every code cell ``remove-input``, without relying on
each new cell remembering the tag.

The one exception is a chapter's or a workbook's *Going further* section (a section whose
heading starts with "Going further"): there the reader is invited to write pandas, and the
code, with its folded solution, stays on the page. The code stays in the notebooks
everywhere, so JupyterLab and Binder show every cell.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
FOLDERS = ("chapters/", "exercises/", "reference/")
KEEPS_CODE = "Going further"  # a section whose heading starts with this keeps its code


def _is(node: nodes.Node, element: str) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == element


def keeps_code(node: nodes.Node) -> bool:
    """Whether the node sits in a section whose heading starts with "Going further"."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.children \
                and isinstance(parent[0], nodes.title) \
                and parent[0].astext().strip().startswith(KEEPS_CODE):
            return True
        parent = parent.parent
    return False


def drop_code(doctree: nodes.document) -> int:
    """Drop code sources (and cells left empty) outside *Going further*; return how many."""
    dropped = 0
    for cell in list(doctree.findall(lambda n: _is(n, "cell_code"))):
        if keeps_code(cell):
            continue
        for source in [child for child in cell.children if _is(child, "cell_code_source")]:
            cell.remove(source)
            dropped += 1
        for key in ("hide_mode", "prompt_show", "prompt_hide"):
            cell.attributes.pop(key, None)
        if not cell.children:
            cell.parent.remove(cell)
    return dropped


def drop_code_sources(app: Sphinx, doctree: nodes.document) -> None:
    """On the chapters', workbooks' and reference pages, show outputs without their code."""
    if not app.env.docname.startswith(FOLDERS):
        return
    dropped = drop_code(doctree)
    if dropped:
        LOGGER.verbose("reader_pages: %s shows %d code cells without their source",
                       app.env.docname, dropped)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-read", drop_code_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
