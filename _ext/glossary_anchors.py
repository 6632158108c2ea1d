"""Let chapters link a glossary term's first use to its entry, and fail the build on a typo.

The glossary page is a notebook whose output is an HTML table with one ``id="term-…"`` per
term. MyST checks the anchor of a link such as ``../reference/glossary.ipynb#term-wechat``
against the headings it knows, so it would warn about every term. This registers the
glossary's term anchors as link targets of that page: links to real terms resolve quietly,
and a link to a term the glossary lacks still warns, which the strict build turns into an
error.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

GLOSSARY = "reference/glossary"
ANCHOR = re.compile(r'id="(term-[a-z0-9-]+)"')


def register_terms(app: Sphinx, doctree: nodes.document) -> None:
    """Record each term anchor of the glossary page as a target MyST links can name."""
    if app.env.docname != GLOSSARY:
        return
    slugs = app.env.metadata[GLOSSARY].setdefault("myst_slugs", {})
    for raw in doctree.findall(nodes.raw):
        for anchor in ANCHOR.findall(raw.astext()):
            slugs[anchor] = (None, anchor, anchor)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("doctree-read", register_terms)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
