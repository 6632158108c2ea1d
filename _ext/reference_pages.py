"""Reference pages show content, never code.

The catalogue, glossary and timeline are notebooks, because their content is generated from
the data package; but a reader looking up a term or a table should not scroll past import
blocks and f-strings. For every notebook under ``reference/`` this extension drops the source
of each code cell from the page, and drops cells left with nothing to show. The code stays in
the notebook, where an instructor can still read and run it; it works like tagging every
code cell ``remove-input``, without relying on each new cell remembering the tag.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
FOLDER = "reference/"


def _is(node: nodes.Node, element: str) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == element


def drop_code_sources(app: Sphinx, doctree: nodes.document) -> None:
    """Remove code cell sources (and then empty cells) from the pages under reference/."""
    if not app.env.docname.startswith(FOLDER):
        return
    sources = list(doctree.findall(lambda n: _is(n, "cell_code_source")))
    for source in sources:
        source.parent.remove(source)
    for cell in list(doctree.findall(lambda n: _is(n, "cell_code"))):
        if not cell.children:
            cell.parent.remove(cell)
    if sources:
        LOGGER.verbose("reference_pages: %s shows %d code cells without their source",
                       app.env.docname, len(sources))


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-read", drop_code_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
