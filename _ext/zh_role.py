"""MyST roles that mark Chinese in the prose: {zh}`阿里巴巴`, {zh-hant}`華為`, {pinyin}`Ālǐbābā`.

Each role wraps its text in ``<span lang="…">``, so that screen readers switch to a Chinese
voice and browsers pick Chinese glyphs (WCAG 3.1.2, language of parts). Docutils writes a
``language-*`` class as the element's ``lang`` attribute.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

ROLES = {"zh": "zh-Hans", "zh-hant": "zh-Hant", "pinyin": "zh-Latn-pinyin"}


def language_role(lang: str) -> Any:
    """A role that marks its text as written in ``lang``."""
    def role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
             options: dict | None = None, content: list | None = None) -> tuple[list, list]:
        return [nodes.inline(rawtext, text, classes=[f"language-{lang}"])], []
    return role


def setup(app: Sphinx) -> dict[str, object]:
    for name, lang in ROLES.items():
        app.add_role(name, language_role(lang))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
