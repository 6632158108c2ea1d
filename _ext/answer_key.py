"""Build the instructors' answer key from the exercises themselves, so it cannot drift.

Every exercise writes into its page, at execution time, the spec its checker uses and its key
entry: the question, the accepted answer and the explanation (``techstate.static_page``). When
Sphinx reads a chapter or a workbook, this extension collects those entries with the title of
the section each sits in. The directive ``{answer-key}`` on the answer-key page becomes one
table per page, in the order of the table of contents, with a link to each exercise's page.
Nothing in the answer key is written by hand.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from techstate import page_protocol as names  # noqa: E402  (pure: no pandas, no widgets)

DATA = re.compile(rf'<script type="application/json" {names.SPEC}="([0-9a-f]+)">(.*?)</script>',
                  re.DOTALL)
PAGES = ("chapters/", "exercises/")
KINDS = {"number": "number", "choice": "multiple choice", "order": "order", "sort": "sorting",
         "place": "placing on a scale"}


class answer_key_node(nodes.General, nodes.Element):
    """Where the answer key goes; filled in once every page has been read."""


class AnswerKeyDirective(SphinxDirective):
    """``{answer-key}``: the table of every exercise's accepted answer."""

    def run(self) -> list[nodes.Node]:
        self.env.techstate_answer_key_pages = getattr(self.env, "techstate_answer_key_pages", set())
        self.env.techstate_answer_key_pages.add(self.env.docname)
        return [answer_key_node()]


def _section_title(node: nodes.Node) -> str:
    """The title of the section an output sits in (``Exercise 2.1: who paid what?``)."""
    while node is not None:
        if isinstance(node, nodes.section) and node.children and isinstance(node[0], nodes.title):
            return node[0].astext()
        node = node.parent
    return ""


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """Record each exercise of a chapter or workbook page, in page order."""
    docname = app.env.docname
    if not docname.startswith(PAGES):
        return
    entries = []
    for raw in doctree.findall(nodes.raw):
        for identifier, text in DATA.findall(raw.astext()):
            payload = json.loads(text)
            entries.append({"id": identifier, "section": _section_title(raw), **payload})
    store = getattr(app.env, "techstate_answer_key", {})
    store[docname] = entries
    app.env.techstate_answer_key = store


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "techstate_answer_key", {}).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: list[str], other: BuildEnvironment) -> None:
    env.techstate_answer_key = {**getattr(env, "techstate_answer_key", {}),
                                **getattr(other, "techstate_answer_key", {})}


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    """Rebuild the answer key whenever an exercise page is added, changed or removed."""
    if any(name.startswith(PAGES) for name in added | changed | removed):
        return sorted(getattr(env, "techstate_answer_key_pages", set()))
    return []


def _cell(text: str) -> str:
    return html.escape(text)


def key_html(app: Sphinx, fromdoc: str) -> str:
    """The answer key as HTML: a heading and a table for each page, in reading order."""
    store = getattr(app.env, "techstate_answer_key", {})
    order = [name for name in app.env.found_docs if name in store]
    order.sort(key=lambda name: (not name.startswith("chapters/"), name))
    parts, total = [], 0
    for docname in order:
        entries = store[docname]
        if not entries:
            continue
        uri = app.builder.get_relative_uri(fromdoc, docname)
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        rows = []
        for entry in entries:
            key, spec = entry["key"], entry["spec"]
            total += 1
            rows.append(
                f'<tr data-exercise="{entry["id"]}" data-spec="{html.escape(json.dumps(spec, ensure_ascii=False), quote=True)}">'
                f'<td>{_cell(entry["section"])}</td><td>{_cell(KINDS.get(spec["kind"], spec["kind"]))}</td>'
                f'<td>{_cell(key["question"])}</td><td class="techstate-key-answer">{_cell(key["answer"])}</td>'
                f"<td>{_cell(key['explanation'])}</td></tr>"
            )
        parts.append(
            f'<h2 id="key-{docname.replace("/", "-")}"><a href="{uri}">{_cell(title)}</a></h2>'
            '<div class="techstate-table-scroll"><table class="techstate-table techstate-answer-key">'
            '<thead><tr><th scope="col">Exercise</th><th scope="col">Kind</th><th scope="col">Question</th>'
            '<th scope="col">Accepted answer</th><th scope="col">Explanation</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    summary = f'<p data-answer-key-count="{total}">{total} exercises on {len(parts)} pages.</p>'
    return summary + "".join(parts)


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each ``{answer-key}`` placeholder with the collected answers."""
    for node in doctree.findall(answer_key_node):
        node.replace_self(nodes.raw("", key_html(app, docname), format="html"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(answer_key_node)
    app.add_directive("answer-key", AnswerKeyDirective)
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", outdated)
    app.connect("doctree-resolved", fill)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
