"""Lighter, faster pages: what the theme loads, and how, without changing what a reader sees.

Jupyter Book 1's theme (sphinx-book-theme on pydata-sphinx-theme) makes every page wait for
scripts it does not need before it paints. Measured with Lighthouse (`make bench`), these
small overrides take a chapter from a first paint of 11 s to about 2 s on a simulated phone:

* **Icons.** The theme loads Font Awesome's SVG framework, ``fontawesome.js`` (0.5 MB
  compressed), which swaps every ``<i class="fa-…">`` for an inline SVG. The theme's style
  sheet already carries Font Awesome's web-font CSS, so the script is dropped and the icons
  are drawn from the font instead; and the three fonts (0.3 MB) are cut down, when the build
  finishes, to the icons the pages and the theme's scripts name, a few kB each
  (``_static/icons/``, declared in techstate.css). An icon that nothing in the build names
  falls back to the theme's full font.
* **Scripts.** Sphinx and the theme's extensions add their scripts to the head, where each
  one stops the page from rendering until it has been fetched and run. All of them are
  ``defer``red here, which keeps their order and runs them once the page is parsed, before
  ``DOMContentLoaded`` as they expect; only ``documentation_options.js`` stays as it is,
  because inline scripts use what it defines at once. The theme also loads Sphinx's search
  index and tools on every page for search-as-you-type; with that option off (the default)
  nothing on those pages uses them, so they are left to the search page.
* **Images.** Every image file gets its width and height, so the page does not shift as it
  arrives, and loads lazily. Charts arrive from the notebooks as ``data:`` URIs inside the page (an
  ``<img>`` and, for phones, a ``<picture>`` source), which makes the page itself several
  times heavier and delays its first paint. They are written out as files under
  ``_images/`` and loaded lazily, as the reader scrolls to them; a browser fetches only the
  drawing its screen uses.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
KEEP_BLOCKING = {"documentation_options.js"}
ICON_SCRIPT = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')
SEARCH_TOOL = re.compile(r'\s*<script src="[^"]*(?:searchtools\.js|language_data\.js|searchindex\.js)"></script>')
DATA_IMAGE = re.compile(  # an <img src> or a <source srcset> (one candidate) with an inline image
    r'(src|srcset)="data:image/(png|jpeg|gif|webp|svg\+xml);base64,([A-Za-z0-9+/=]+)(\s+[0-9.]+[wx])?"'
)
IMAGE_SUFFIX = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp", "svg+xml": "svg"}
# The theme's Font Awesome fonts, each cut down to the icons used (see techstate.css).
ICON_FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\([0-9a-f]+)"\}')
CSS_ESCAPE = re.compile(r"\\([ef][0-9a-f]{3})\b")  # \f107: Private Use Area, where icons live
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # the Unicode block icon fonts draw in
ICON_CLASS = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")


def without_icon_script(html: str) -> str:
    """The theme's head without Font Awesome's SVG script (its CSS font draws the icons)."""
    return ICON_SCRIPT.sub("", html)


def search_tools(html: str, needed: object = False) -> str:
    """Sphinx's search scripts deferred where they are ``needed``, else dropped.

    The theme loads them on every page for search-as-you-type; with that option off (the
    default) only the search page uses them.
    """
    if str(needed).lower() in {"true", "1", "yes"}:
        return SEARCH_TOOL.sub(lambda tag: tag.group(0).replace("<script src=", "<script defer src="), html)
    return SEARCH_TOOL.sub("", html)


def add_templates(app: Sphinx, config: Config) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def add_filters(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    filters = app.builder.templates.environment.filters
    filters["without_icon_script"] = without_icon_script
    filters["search_tools"] = search_tools


def _deferred(script: Any) -> Any:
    """The same script with ``defer``, unless it is inline, already deferred or must block."""
    from sphinx.builders.html._assets import _JavaScript

    if not isinstance(script, _JavaScript) or not script.filename:
        return script
    attributes = dict(script.attributes)
    name = Path(str(script.filename).split("?", 1)[0]).name
    if name in KEEP_BLOCKING or {"async", "defer"} & attributes.keys() or "type" in attributes:
        return script
    attributes["defer"] = "defer"
    return _JavaScript(script.filename, priority=script.priority, **attributes)


def image_files(body: str, images: Path, relative: str) -> str:
    """``body`` with each ``data:`` image written to ``images`` and loaded lazily from there."""

    def to_file(match: re.Match[str]) -> str:
        attribute, kind, encoded, descriptor = match.groups()
        data = base64.b64decode(encoded)
        name = f"{hashlib.sha256(data).hexdigest()[:20]}.{IMAGE_SUFFIX[kind]}"
        path = images / name
        if not path.is_file():
            images.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if attribute == "srcset":  # a <picture>'s other drawing: its <img> says how to load
            return f'srcset="{relative}{name}{descriptor or ""}"'
        return f'src="{relative}{name}" loading="lazy" decoding="async"'

    return DATA_IMAGE.sub(to_file, body)


IMAGE_TAG = re.compile(r'<img\b(?![^>]*\bwidth=)[^>]*\bsrc="(?:\.\./)*_images/([^"/]+)"[^>]*?/?>')
STYLE_WIDTH = re.compile(r'style="[^"]*\bwidth:\s*(\d+)px')


def sized_images(body: str, files: dict[str, Path]) -> str:
    """``body`` with each image file that lacks a size given its width and height (at the
    width its style sets, else its own), and loaded lazily, so that the page does not shift
    as images arrive and fetches them only as the reader nears them. ``files`` gives the
    file behind each name in ``_images/``."""

    def sized(match: re.Match[str]) -> str:
        tag, name = match.group(0), match.group(1)
        path = files.get(name, Path(name))
        if not path.is_file() or path.suffix.lower() not in {".png", ".jpg", ".jpeg", ".gif", ".webp"}:
            return tag
        from PIL import Image

        with Image.open(path) as image:
            width, height = image.size
        shown = STYLE_WIDTH.search(tag)
        if shown:
            width, height = int(shown.group(1)), round(height * int(shown.group(1)) / width)
        extra = f' width="{width}" height="{height}"'
        if "loading=" not in tag:
            extra += ' loading="lazy" decoding="async"'
        return tag.replace("<img", f"<img{extra}", 1)

    return IMAGE_TAG.sub(sized, body)


def lighten_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Defer one page's scripts, move its inline images to files and size its images."""
    if "script_files" in context:
        context["script_files"] = [_deferred(script) for script in context["script_files"]]
    images = Path(app.outdir) / "_images"
    if "data:image/" in context.get("body", ""):
        relative = context["pathto"]("_images/", 1)
        context["body"] = image_files(context["body"], images, relative)
    if "_images/" in context.get("body", ""):
        # Sphinx copies a page's images to _images/ after writing it: read them where they are.
        files = {name: Path(app.srcdir) / source for source, name in app.builder.images.items()}
        files.update({path.name: path for path in images.glob("*") if path.name not in files})
        context["body"] = sized_images(context["body"], files)


def icon_codepoints(static: Path, names: set[str]) -> set[int]:
    """The code points of the icons ``names`` (``bars``, ``github``…) and of the icons that
    the theme's style sheets draw themselves (admonitions, dropdowns: ``--pst-icon-…``)."""
    theme_css = (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    points = set()
    for rule in ICON_RULE.finditer(theme_css):
        if names & set(re.findall(r"\.fa-([a-z0-9-]+):before", rule.group(1))):
            points.add(int(rule.group(2), 16))
    for sheet in static.rglob("*.css"):
        css = ICON_RULE.sub("", sheet.read_text(encoding="utf-8", errors="replace"))
        points |= {ord(char) for char in PRIVATE_USE.findall(css)}
        points |= {int(code, 16) for code in CSS_ESCAPE.findall(css)}
    return points


def icons_named(outdir: Path) -> set[str]:
    """Every ``fa-…`` class in the built pages and in the theme's and the book's scripts."""
    names: set[str] = set()
    files = [p for p in outdir.rglob("*.html") if "_static" not in p.relative_to(outdir).parts]
    static = outdir / "_static"
    scripts = [*static.glob("*.js"), *(static / "scripts").glob("*.js")]
    files += [p for p in scripts if p.name != "fontawesome.js"]
    for path in files:
        names |= set(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def cut_font(source: Path, points: set[int], target: Path) -> None:
    """Write the font ``source`` with only the glyphs of ``points``, as WOFF."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = []
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    font.flavor = "woff"
    font.save(target)


def subset_icon_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Write the theme's icon fonts cut down to the icons used, as WOFF, to _static/icons/."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    points = icon_codepoints(static, icons_named(outdir))
    target = static / "icons"
    target.mkdir(exist_ok=True)
    cache = outdir.parent / ".icon_fonts"  # outlives _build/html: a rebuild reuses the cut fonts
    for name in ICON_FONTS:
        source = static / "vendor" / "fontawesome" / "webfonts" / f"{name}.ttf"
        key = hashlib.sha256(source.read_bytes() + repr(sorted(points)).encode()).hexdigest()[:20]
        kept = cache / f"{name}-{key}.woff"
        if not kept.is_file():
            cache.mkdir(exist_ok=True)
            cut_font(source, points, kept)
        shutil.copyfile(kept, target / f"{name}.woff")
    LOGGER.info(f"page_speed: icon fonts cut down to {len(points)} icons")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", add_filters)
    app.connect("html-page-context", lighten_page, priority=950)
    app.connect("build-finished", subset_icon_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
