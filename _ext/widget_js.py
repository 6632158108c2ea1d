"""Serve the ipywidgets JavaScript from the book itself, lighter, and only when it is needed.

`make book` installs require.js and @jupyter-widgets/html-manager from the npm registry
(package.json and its lock file pin the versions). This extension copies them into a
staging folder under _build/ that Sphinx publishes as static files, and points myst-nb's
``nb_ipywidgets_js`` at them, so pages load nothing from another host. Without the npm
packages the build still succeeds, keeps myst-nb's CDN default and says so.

Three things make widget pages faster than myst-nb's default (see book_static/techstate-widgets.js):

* myst-nb adds the scripts only to pages whose notebook saved widget state; on those pages
  the head carries one small deferred loader instead of the scripts themselves, and the
  loader fetches them when the reader reaches a widget.
* embed-amd.js is served without what ipywidgets 8 pages never run: the ipywidgets 7
  modules it also defines for third-party widgets (``@jupyter-widgets/base7`` and
  ``controls7``, 0.8 MB), the source maps of its style sheets, which it would otherwise inject
  into the page as base64 (0.46 MB), and links to source maps the package does not ship.
* The icon fonts it asks for sit in one folder, so the browser fetches each at most once.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
REQUIRE = Path("node_modules/requirejs/require.js")
MANAGER = Path("node_modules/@jupyter-widgets/html-manager/dist")
LOADER = "techstate-widgets.js"  # in book_static/
FONT_SUFFIXES = {".woff", ".woff2", ".ttf", ".eot", ".svg"}
# embed-amd.js fetches its icon fonts relative to the AMD module that injects the style
# sheet naming them, as require.js resolves it under baseUrl: @jupyter-widgets/controls and
# @jupyter-widgets/html-manager resolve to <baseUrl>/@jupyter-widgets/, the bundled
# .../html-manager/dist/libembed-amd to a folder of its own. Mapping that one module into the
# same folder gives every font a single address, and pointing baseUrl at _static/ gives every
# page, at any depth, the same one.
FONT_DIR = Path("@jupyter-widgets")
REQUIRE_CONFIG = """// Resolve the widget modules and their fonts against the book's _static folder.
require.config({
  baseUrl: (document.documentElement.dataset.content_root || "") + "_static/",
  paths: {"@jupyter-widgets/html-manager/dist/libembed-amd": "@jupyter-widgets/libembed-amd"}
});
"""
# Module bundles of embed-amd.js that ipywidgets 8 state never requires (html-manager keeps
# its own copy of both for ipywidgets 7 state).
UNUSED_MODULES = ("base7", "controls7")
CSS_SOURCE_MAP = re.compile(r"\{version:3,sources:\[")


TOKEN = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|[{}\[\]]|[^"'`{}\[\]]+""",
                   re.DOTALL)


def _end_of_literal(text: str, start: int) -> int:
    """Index just past the JavaScript object literal that opens at ``text[start]``."""
    depth = 0
    for token in TOKEN.finditer(text, start):
        if token.group() in "{[":
            depth += 1
        elif token.group() in "}]":
            depth -= 1
            if depth == 0:
                return token.end()
    raise ValueError("unterminated object literal")


def lighter_embed(text: str) -> str:
    """embed-amd.js without the ipywidgets 7 modules, style-sheet source maps and map links.

    Raises ValueError when the bundle does not have the layout this was written against.
    """
    for name in UNUSED_MODULES:
        opening = f"/*! For license information please see {name}.js.LICENSE.txt */"
        closing = f"//# sourceMappingURL={name}.js.map;\n"
        start = text.index(opening)
        if f'define("@jupyter-widgets/{name}"' not in text[start:start + 200]:
            raise ValueError(f"{name}: unexpected bundle layout")
        text = text[:start] + text[text.index(closing, start) + len(closing):]
    # css-loader keeps each style sheet as [id, css, media, sourceMap]; a null map is valid.
    parts, position = [], 0
    for match in CSS_SOURCE_MAP.finditer(text):
        if match.start() < position:
            continue
        parts += [text[position:match.start()], "null"]
        position = _end_of_literal(text, match.start())
    text = "".join(parts) + text[position:]
    return re.sub(r"^//# sourceMappingURL=\S+$", "", text, flags=re.MULTILINE)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def stage_widget_js(root: Path, stage: Path) -> list[str] | None:
    """Copy require.js, a lighter embed-amd.js and its fonts into ``stage``.

    Returns the scripts to load, in order, relative to the static folder (with a content
    digest so that browsers never run a stale copy), or None if the npm files are absent.
    """
    embed = root / MANAGER / "embed-amd.js"
    if not (root / REQUIRE).is_file() or not embed.is_file():
        return None
    widgets = stage / "widgets"
    widgets.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / REQUIRE, stage / "require.js")
    (widgets / "require-config.js").write_text(REQUIRE_CONFIG, encoding="utf-8")
    original = embed.read_text(encoding="utf-8")
    try:
        (widgets / "embed-amd.js").write_text(lighter_embed(original), encoding="utf-8")
    except ValueError as error:
        LOGGER.info(f"widget_js: serving embed-amd.js unchanged ({error})")
        shutil.copy2(embed, widgets / "embed-amd.js")
    (stage / FONT_DIR).mkdir(parents=True, exist_ok=True)
    for font in (root / MANAGER).iterdir():
        if font.suffix in FONT_SUFFIXES:
            shutil.copy2(font, stage / FONT_DIR / font.name)
    scripts = ["require.js", "widgets/require-config.js", "widgets/embed-amd.js"]
    return [f"{name}?v={_digest(stage / name)}" for name in scripts]


def use_local_widget_js(app: Sphinx, config: Config) -> None:
    """Point myst-nb at the staged scripts, or explain why pages will use the CDN."""
    root = Path(app.confdir)
    stage = Path(app.outdir).parent / "widget_js"
    scripts = stage_widget_js(root, stage)
    if scripts:
        config.html_static_path = [*config.html_static_path, str(stage)]
        config.nb_ipywidgets_js = {
            LOADER: {"defer": "defer", "data-widget-scripts": " ".join(scripts)},
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
