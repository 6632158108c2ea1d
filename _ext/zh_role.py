"""Mark Chinese in the prose with its language, so screen readers and fonts treat it as Chinese.

Authors write the characters plainly, with the pinyin in italics after them, as in
``Alibaba (阿里巴巴, *Ālǐbābā*)``: the notebook then reads well in JupyterLab too. When Sphinx
reads a page, a transform wraps every run of Chinese characters in the text in
``<span lang="zh-Hans">`` (``zh-Hant`` or ``ja`` where the characters say so, see
:mod:`techstate.lang`), and marks the italic word that follows a run after a comma as
``lang="zh-Latn-pinyin"`` (WCAG 3.1.2, language of parts). Roles remain for the rare case the
transform cannot tell: {zh}`阿里巴巴`, {zh-hant}`華為`, {pinyin}`Ālǐbābā`. Docutils writes a
``language-*`` class as the element's ``lang`` attribute.
"""

from __future__ import annotations

from typing import Any

import importlib.util
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

# techstate/lang.py is pure standard library; load it alone (the package imports pandas).
_SPEC = importlib.util.spec_from_file_location(
    "techstate_lang", Path(__file__).resolve().parent.parent / "techstate" / "lang.py")
lang = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(lang)
SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.target)

ROLES = {"zh": "zh-Hans", "zh-hant": "zh-Hant", "pinyin": "zh-Latn-pinyin"}


def language_role(lang: str) -> Any:
    """A role that marks its text as written in ``lang``."""
    def role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
             options: dict | None = None, content: list | None = None) -> tuple[list, list]:
        return [nodes.inline(rawtext, text, classes=[f"language-{lang}"])], []
    return role


def _marked(node: nodes.Node) -> bool:
    """Whether the node sits inside code, raw HTML or text already marked with a language."""
    while node is not None:
        if isinstance(node, SKIP) or any(c.startswith("language-") for c in node.get("classes", [])):
            return True
        node = node.parent
    return False


def _split(text: str) -> list[nodes.Node]:
    """Text nodes for the Latin parts, marked inline nodes for each run of Chinese."""
    whole = lang.language_of(text)
    parts: list[nodes.Node] = []
    last = 0
    for run in lang._RUN.finditer(text):
        if run.start() > last:
            parts.append(nodes.Text(text[last:run.start()]))
        code = lang.language_of(run.group(), whole)
        parts.append(nodes.inline(run.group(), run.group(), classes=[f"language-{code}"]))
        last = run.end()
    if last < len(text):
        parts.append(nodes.Text(text[last:]))
    return parts


class MarkChinese(SphinxTransform):
    """Wrap runs of Chinese in the prose, and the italic pinyin after them, with their language."""

    default_priority = 700

    def apply(self, **kwargs: object) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if lang.HAN.search(text) and not _marked(text.parent):
                text.parent.replace(text, _split(str(text)))
        for emphasis in self.document.findall(nodes.emphasis):
            siblings = emphasis.parent.children
            here = siblings.index(emphasis)
            before = siblings[here - 1] if here >= 1 else None
            ahead = siblings[here - 2] if here >= 2 else None
            if (isinstance(before, nodes.Text) and str(before).strip() == ","
                    and isinstance(ahead, nodes.inline)
                    and any(c.startswith("language-zh") or c == "language-ja" for c in ahead["classes"])
                    and not lang.HAN.search(emphasis.astext())):
                emphasis["classes"].append("language-zh-Latn-pinyin")


def setup(app: Sphinx) -> dict[str, object]:
    for name, code in ROLES.items():
        app.add_role(name, language_role(code))
    app.add_transform(MarkChinese)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
