"""Serve the ipywidgets JavaScript from the book itself instead of a CDN.

`make book` installs require.js and @jupyter-widgets/html-manager from the npm registry
(package.json and its lock file pin the versions). This extension copies them into a
staging folder under _build/ that Sphinx publishes as static files, and points myst-nb's
``nb_ipywidgets_js`` at them, so pages load nothing from another host. Without the npm
packages the build still succeeds, keeps myst-nb's CDN default and says so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
REQUIRE = Path("node_modules/requirejs/require.js")
MANAGER = Path("node_modules/@jupyter-widgets/html-manager/dist")
FONT_SUFFIXES = {".woff", ".woff2", ".ttf", ".eot", ".svg"}
# embed-amd.js fetches its icon fonts relative to its AMD modules, which require.js places
# under baseUrl: the controls look in <baseUrl>/@jupyter-widgets/, the HTML manager in
# <baseUrl>/@jupyter-widgets/html-manager/dist/. baseUrl defaults to the page's folder, so
# pages at different depths would look in different places; pointing it at _static/ gives
# every page the same two font folders.
FONT_DIRS = (Path("@jupyter-widgets"), Path("@jupyter-widgets/html-manager/dist"))
REQUIRE_CONFIG = """// Resolve the widget modules and their fonts against the book's _static folder.
require.config({baseUrl: (document.documentElement.dataset.content_root || "") + "_static/"});
"""


def stage_widget_js(root: Path, stage: Path) -> bool:
    """Copy require.js, embed-amd.js and its fonts into ``stage``; False if npm files are absent."""
    embed = root / MANAGER / "embed-amd.js"
    if not (root / REQUIRE).is_file() or not embed.is_file():
        return False
    widgets = stage / "widgets"
    widgets.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / REQUIRE, stage / "require.js")
    (widgets / "require-config.js").write_text(REQUIRE_CONFIG, encoding="utf-8")
    shutil.copy2(embed, widgets / "embed-amd.js")
    for folder in FONT_DIRS:
        (stage / folder).mkdir(parents=True, exist_ok=True)
        for font in (root / MANAGER).iterdir():
            if font.suffix in FONT_SUFFIXES:
                shutil.copy2(font, stage / folder / font.name)
    return True


def use_local_widget_js(app: Sphinx, config: Config) -> None:
    """Point myst-nb at the staged scripts, or explain why pages will use the CDN."""
    root = Path(app.confdir)
    stage = Path(app.outdir).parent / "widget_js"
    if stage_widget_js(root, stage):
        config.html_static_path = [*config.html_static_path, str(stage)]
        config.nb_ipywidgets_js = {
            "require.js": {},
            "widgets/require-config.js": {},
            "widgets/embed-amd.js": {},
        }
        LOGGER.info("widget_js: serving require.js and embed-amd.js from the book itself")
    else:
        LOGGER.info(
            "\n*** widget_js: npm packages not found (run `npm ci`). Pages will fetch the "
            "widget scripts from the CDN (cdnjs.cloudflare.com, cdn.jsdelivr.net) instead. ***\n"
        )


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", use_local_widget_js, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
