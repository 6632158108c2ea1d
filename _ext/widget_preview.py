"""Show what a widget displays before its JavaScript has loaded.

A widget on the static page is an empty placeholder until the widget manager has drawn it,
and book_static/techstate-widgets.js loads the manager only when the reader gets near a
widget. An explorer such as the timeline's, whose chart or list is an ``HTML`` widget, would
show nothing until then. This extension writes, after each widget's view script, the HTML
and labels that the widget's saved state holds, in the order the widget shows them. The
style sheet hides this preview as soon as the widget has been drawn next to it
(``.widget-subarea:not(:empty) ~ .techstate-widget-preview``). Widgets that hold only
controls get no preview.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from sphinx.application import Sphinx

VIEW_SCRIPT = re.compile(
    r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', re.DOTALL
)
HTML_MODELS = {"HTMLModel", "HTMLMathModel"}


def widget_state(app: Sphinx, pagename: str) -> dict[str, Any]:
    """The widget models myst-nb saved for a page, by model id (empty without widgets)."""
    from myst_nb.sphinx_ import NbMetadataCollector

    js_files = NbMetadataCollector.get_js_files(app.env, pagename)
    _uri, attributes = js_files.get("ipywidgets_state", (None, {}))
    if not attributes.get("body"):
        return {}
    return json.loads(attributes["body"]).get("state", {})


def preview_html(model_id: str, models: dict[str, Any]) -> str:
    """The HTML and label text a widget shows, its children's in order."""
    model = models.get(model_id)
    if model is None:
        return ""
    state = model.get("state", {})
    if model.get("model_name") in HTML_MODELS:
        return state.get("value", "")
    if model.get("model_name") == "LabelModel":
        return html.escape(state.get("value", ""))
    return "".join(
        preview_html(child.removeprefix("IPY_MODEL_"), models)
        for child in state.get("children", [])
        if isinstance(child, str)
    )


def add_previews(body: str, models: dict[str, Any]) -> str:
    """``body`` with a preview after every view script whose widget shows HTML or text."""

    def with_preview(match: re.Match[str]) -> str:
        try:
            model_id = json.loads(match.group(1))["model_id"]
        except (ValueError, KeyError, TypeError):
            return match.group(0)
        preview = preview_html(model_id, models)
        if not preview.strip():
            return match.group(0)
        return f'{match.group(0)}<div class="techstate-widget-preview">{preview}</div>'

    return VIEW_SCRIPT.sub(with_preview, body)


def insert_previews(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Add widget previews to one page's body (pages without widget state are untouched)."""
    if "body" not in context or "widget-view+json" not in context["body"]:
        return
    models = widget_state(app, pagename)
    if models:
        context["body"] = add_previews(context["body"], models)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", insert_previews, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
