"""A Content-Security-Policy on every page, safe by construction.

The book is a folder of static files that any host may serve, GitHub Pages included, which
lets a site set no headers; so the policy travels in each page, as
``<meta http-equiv="Content-Security-Policy">`` placed first in ``<head>`` (right after the
character set), before any script or style sheet, which it therefore governs. It lets a page
run only the book's own script files and the theme's few inline scripts, each named by the
SHA-256 hash of its exact text, computed here from the page as written; fetch and show only
the book's own files; and it refuses plug-ins, a changed ``<base>`` and forms sent elsewhere:

* ``script-src 'self' 'wasm-unsafe-eval'`` and the hashes: the answer checker compiles
  Pyodide's WebAssembly, which needs ``'wasm-unsafe-eval'``; nothing may ``eval`` text, so
  ``'unsafe-eval'`` is never given, and a script injected into a page does not run.
* ``style-src 'self' 'unsafe-inline'``: the theme, sphinx-design, the charts and the widgets
  set ``style`` attributes, which no hash can allow without ``'unsafe-hashes'``. Style cannot
  run script; what it leaves open is restyling markup that is already in the page.
* ``frame-ancestors`` (who may frame the book) is ignored in a ``meta`` policy; a host that
  can set headers should send it, with this policy, as a header.

Three things in the theme's pages would break under the policy, and are rewritten:

* the theme's buttons with an inline handler (``onclick="window.print()"`` and
  ``onclick="toggleFullScreen()"``) get ``data-techstate-action`` instead, which
  book_static/techstate-actions.js binds to the same action; any other ``on…`` attribute is
  removed and reported as a build warning, which the strict build turns into a failure;
* every ``data:`` image in a tag's attributes, a ``<style>`` or a JSON data block (the
  explorers' and widgets' saved HTML) is written to ``_images/inline/<digest>.<ext>`` and
  named by its address relative to the page;
* the inline scripts stay where they are, allowed by hash.

The pages are rewritten when the build has finished, since only the written file holds the
scripts the theme's templates add. The rewrite is idempotent: an incremental build leaves
the pages it did not write as they are, and on the next pass they get the same policy again,
not a second one; the image files are written once per digest and never removed here, so a
page that was not rewritten still finds its images.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import re
import sys
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from sphinx.application import Sphinx
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from techstate import page_protocol as names  # noqa: E402  (pure: no pandas, no widgets)

LOGGER = logging.getLogger(__name__)

POLICY_META = "Content-Security-Policy"
# The directives every page carries, in order; script-src gets the page's hashes after these.
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self'"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# The theme's inline handlers, and the action techstate-actions.js binds in their place.
HANDLERS = {"window.print()": "print", "toggleFullScreen()": "fullscreen"}
ACTION_ATTRIBUTE = names.ACTION
INLINE_IMAGES = "_images/inline"
# Script types a browser runs (HTML's JavaScript MIME types, modules, import maps, rules);
# any other type, such as application/json, is a data block that never runs.
SCRIPT_TYPES = {
    "", "module", "importmap", "speculationrules", "text/javascript", "application/javascript",
    "application/ecmascript", "application/x-ecmascript", "application/x-javascript",
    "text/ecmascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript",
    "text/livescript", "text/x-ecmascript", "text/x-javascript",
}
ATTRIBUTE = re.compile(r"""(\s+)([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
POLICY_TAG = re.compile(r'[ \t]*<meta http-equiv="Content-Security-Policy"[^>]*>\n?', re.IGNORECASE)
CHARSET_TAG = re.compile(r"<meta\s+charset=[^>]*>\n?", re.IGNORECASE)
HEAD_TAG = re.compile(r"<head\b[^>]*>\n?", re.IGNORECASE)
HEAD_END = re.compile(r"</head\b|<body\b", re.IGNORECASE)
DOCTYPE = re.compile(r"\s*<!DOCTYPE[^>]*>\n?", re.IGNORECASE)
DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp|svg\+xml);base64,([A-Za-z0-9+/]+={0,2})")
IMAGE_SUFFIX = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp", "svg+xml": "svg"}


class Element(NamedTuple):
    """A start tag as written (``start``:``end``), and for a script or style element the
    span of its text (``text_start``:``text_end``, equal when it has none)."""

    name: str
    attrs: dict[str, str]
    start: int
    end: int
    text_start: int = -1
    text_end: int = -1


class _Scanner(HTMLParser):
    """Where each start tag, and each script's and style's text, lies in a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lines = [0, *(newline.end() for newline in re.finditer("\n", text))]  # as getpos counts
        self.elements: list[Element] = []
        self.open: Element | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        element = Element(tag, {k: v or "" for k, v in attrs}, start, start + len(self.get_starttag_text()))
        if tag in ("script", "style"):
            self.open = element
        else:
            self.elements.append(element)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if self.open is not None and tag == self.open.name:
            self.elements.append(self.open._replace(text_start=self.open.end, text_end=self._offset()))
            self.open = None


def elements(page: str) -> list[Element]:
    """Every start tag of ``page``, in order, with the text of its scripts and styles."""
    scanner = _Scanner(page)
    scanner.feed(page)
    scanner.close()
    return sorted(scanner.elements, key=lambda element: element.start)


def runs(element: Element) -> bool:
    """Whether a browser runs this script element's own text (not a file, not a data block)."""
    kind = element.attrs.get("type", "").strip().lower()
    return element.name == "script" and "src" not in element.attrs and kind in SCRIPT_TYPES


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script that ``page`` runs, in order."""
    return [page[e.text_start:e.text_end] for e in elements(page) if runs(e)]


def source_hash(script: str) -> str:
    """The policy's name for one inline script: the SHA-256 of its text as the browser reads
    it (UTF-8, with line ends normalised to LF as the HTML parser does)."""
    text = script.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def policy(scripts: Iterable[str]) -> str:
    """The policy text for a page whose inline scripts are ``scripts``."""
    hashes = list(dict.fromkeys(source_hash(script) for script in scripts))
    parts = []
    for name, sources in DIRECTIVES:
        if name == "script-src" and hashes:
            sources = " ".join([sources, *hashes])
        parts.append(f"{name} {sources}")
    return "; ".join(parts)


def with_policy(page: str) -> str:
    """``page`` with one policy tag (any earlier one removed) for the scripts it holds now,
    right after its ``<meta charset>``, else first in its ``<head>``, else first of all (a
    ``<meta>`` before any content still belongs to the head the browser makes for it)."""
    page = POLICY_TAG.sub("", page)
    tag = f'<meta http-equiv="{POLICY_META}" content="{policy(inline_scripts(page))}" />\n'
    head = HEAD_END.search(page)
    for anchor in (CHARSET_TAG, HEAD_TAG):
        found = anchor.search(page, 0, head.start() if head else len(page))
        if found:
            return page[:found.end()] + _indent(page, found) + tag + page[found.end():]
    doctype = DOCTYPE.match(page)
    position = doctype.end() if doctype else 0
    return page[:position] + tag + page[position:]


def _indent(page: str, found: re.Match[str]) -> str:
    """The spaces before the tag ``found``, to line the new tag up with it on the next line."""
    if not found.group(0).endswith("\n"):
        return ""
    prefix = page[page.rfind("\n", 0, found.start()) + 1:found.start()]
    return prefix if not prefix.strip() else ""


def without_handlers(page: str) -> tuple[str, list[str]]:
    """``page`` without inline event handlers: each of the theme's known ones (``HANDLERS``)
    becomes ``data-techstate-action``, bound by techstate-actions.js; any other is dropped.
    Returns the page and a description of each handler dropped without a replacement."""
    dropped: list[str] = []
    parts, position = [], 0
    for element in elements(page):
        tag = page[element.start:element.end]
        if not any(name.startswith("on") for name in element.attrs):
            continue
        parts.append(page[position:element.start])
        parts.append(_tag_without_handlers(tag, element.name, dropped))
        position = element.end
    parts.append(page[position:])
    return "".join(parts), dropped


def _tag_without_handlers(tag: str, name: str, dropped: list[str]) -> str:
    """One start tag with its ``on…`` attributes replaced or removed (see without_handlers)."""
    opening = len(name) + 1  # "<" and the tag name, which the attribute pattern must not read
    kept, actions = [tag[:opening]], []
    position = opening
    for attribute in ATTRIBUTE.finditer(tag, opening):
        if attribute.start() != position:
            break  # the attributes end here ("/>" or ">")
        position = attribute.end()
        key, raw = attribute.group(2).lower(), attribute.group(3) or ""
        if not key.startswith("on"):
            kept.append(attribute.group(0))
            continue
        code = html.unescape(raw[1:-1] if raw[:1] in "\"'" else raw).strip()
        if code in HANDLERS:
            actions.append(HANDLERS[code])
        else:
            dropped.append(f'<{name} {key}="{code}">')
    kept += [f' {ACTION_ATTRIBUTE}="{action}"' for action in actions[:1]]
    return "".join(kept) + tag[position:]


def without_data_images(page: str, to_root: str) -> tuple[str, dict[str, bytes]]:
    """``page`` with each ``data:`` image in its tags, styles and JSON data blocks replaced by
    the address, from the page (``to_root`` leads to the book's root), of a file under
    ``_images/inline/``. Returns the page and the files to write, by name. Inline scripts and
    text are left alone, and so is a ``data:`` URI that is not valid base64."""
    files: dict[str, bytes] = {}

    def to_file(match: re.Match[str]) -> str:
        try:
            data = base64.b64decode(match.group(2), validate=True)
        except (binascii.Error, ValueError):
            return match.group(0)
        name = f"{hashlib.sha256(data).hexdigest()[:20]}.{IMAGE_SUFFIX[match.group(1)]}"
        files[name] = data
        return f"{to_root}{INLINE_IMAGES}/{name}"

    parts, position = [], 0
    for element in elements(page):
        spans = [(element.start, element.end)]
        if element.name == "style" or (element.name == "script" and not runs(element)):
            spans.append((element.text_start, element.text_end))
        for start, end in spans:
            if start < position or "data:image/" not in page[start:end]:
                continue
            parts += [page[position:start], DATA_IMAGE.sub(to_file, page[start:end])]
            position = end
    parts.append(page[position:])
    return "".join(parts), files


def protect(page: str, to_root: str) -> tuple[str, dict[str, bytes], list[str]]:
    """One page as it is served: images out of the page, handlers out of the tags, then the
    policy for the inline scripts left. Returns the page, the image files to write and the
    handlers dropped without a replacement."""
    page, files = without_data_images(page, to_root)
    page, dropped = without_handlers(page)
    return with_policy(page), files, dropped


def book_pages(outdir: Path) -> Iterator[Path]:
    """The pages of the built book: every .html file outside the folders Sphinx and the book's
    extensions fill with assets (``_static``, ``_images``, ``_views``…), whose names begin
    with an underscore. Explorer views are not pages: they are shown inside the page that
    fetched them, under its policy."""
    for path in sorted(outdir.rglob("*.html")):
        if not any(part.startswith("_") for part in path.relative_to(outdir).parts[:-1]):
            yield path


def write_files(folder: Path, files: dict[str, bytes]) -> int:
    """Write each file that is not there yet (the name is its digest); return how many."""
    written = 0
    for name, data in files.items():
        path = folder / name
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written += 1
    return written


def protect_book(app: Sphinx, exception: Exception | None) -> None:
    """Give every written page its policy, once the theme has written all of them."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = moved = 0
    for path in book_pages(outdir):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(outdir).as_posix()
        page, files, dropped = protect(text, "../" * name.count("/"))
        for handler in dropped:
            LOGGER.warning(
                f"page_policy: {name} has the inline handler {handler}, which its "
                f"Content-Security-Policy would block, so it was removed. Bind that action from a "
                f"script in book_static/ (as techstate-actions.js does) and add it to HANDLERS in "
                f"_ext/page_policy.py.")
        moved += write_files(outdir / INLINE_IMAGES, files)
        if page != text:
            path.write_text(page, encoding="utf-8")
            pages += 1
    LOGGER.info(f"page_policy: {pages} pages given their Content-Security-Policy; "
                f"{moved} inline images written to {INLINE_IMAGES}/")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", protect_book, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
