"""Keep sphinx-thebe's scripts off the pages.

Jupyter Book 1 always loads sphinx-thebe, even with `launch_buttons.thebe: false`. Its inline
configuration script is added once per build, so pages of an incrementally rebuilt book
declare `THEBE_JS_URL` twice and the browser reports an error. This book does not use Thebe
(it cannot show ipywidgets 8 widgets), so the scripts and stylesheet are dropped.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _is_thebe(asset: Any) -> bool:
    filename = getattr(asset, "filename", None) or ""
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" in filename or "THEBE_JS_URL" in body


def drop_thebe_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Remove sphinx-thebe's scripts and stylesheet from one page."""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
