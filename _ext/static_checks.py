"""Let exercises answer and explorers redraw on the static page, with no server.

* Before the notebooks run, this sets ``TECHSTATE_STATIC_PAGE=1`` so that every explorer
  renders all of its views while the book is built (:mod:`techstate.static_page`).
* It publishes the answer checker: the Pyodide core from the npm package ``pyodide`` (pinned in
  package.json, installed by ``make book``) and the book's own ``techstate/answers.py``, the
  very file the kernel uses, under ``_static/checker/``.
* On each page that holds an exercise or an explorer it adds ``techstate-checks.js``, and it
  moves each explorer's views out of the page into files beside it, leaving an index of their
  addresses, so the page stays light and a view is fetched only when a control selects it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
STATIC_ENV = "TECHSTATE_STATIC_PAGE"  # techstate.static_page.STATIC_ENV (not imported: no pandas here)
PYODIDE = Path("node_modules/pyodide")
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")
ANSWERS = Path("techstate/answers.py")
SCRIPT = "techstate-checks.js"
EXPLORER = re.compile(
    r'<script type="application/json" class="techstate-explorer-data" data-explorer="([0-9a-f]+)">'
    r"(.*?)</script>",
    re.DOTALL,
)
DATA_URI = re.compile(r"data:image/(png|svg\+xml);base64,([A-Za-z0-9+/=]+)")
PNG_COLOURS = 64  # views are re-encoded with a palette: a tenth of the size, no visible change
VIEWS_DIR = "_views"


def stage_checker(root: Path, stage: Path) -> bool:
    """Copy the Pyodide core and answers.py into ``stage/checker``; False without npm files."""
    source = root / PYODIDE
    if not all((source / name).is_file() for name in PYODIDE_FILES):
        return False
    target = stage / "checker"
    (target / "pyodide").mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(source / name, target / "pyodide" / name)
    shutil.copy2(root / ANSWERS, target / "answers.py")
    return True


def prepare(app: Sphinx, config: Config) -> None:
    """Ask explorers for their views and publish the checker (or say why pages cannot check)."""
    os.environ[STATIC_ENV] = "1"  # inherited by the kernels that execute the notebooks
    stage = Path(app.outdir).parent / "checker_js"
    if stage_checker(Path(app.confdir), stage):
        config.html_static_path = [*config.html_static_path, str(stage)]
        LOGGER.info("static_checks: serving the answer checker (Pyodide core) from the book itself")
    else:
        LOGGER.info(
            "\n*** static_checks: npm package pyodide not found (run `npm ci`). Check buttons on "
            "the static page will say that the checker is unavailable. ***\n"
        )


def light_png(data: bytes, cache: Path | None = None) -> bytes:
    """The same chart with a palette of a few colours: charts use fewer than that anyway.

    With ``cache`` (a folder), each result is kept there by the digest of its input, so that a
    rebuild after a prose edit does not quantize every view again (seconds per explorer).
    """
    kept = cache / f"{hashlib.sha256(data).hexdigest()[:32]}-{PNG_COLOURS}.png" if cache else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    from PIL import Image  # a dependency of matplotlib, so always there when the book builds

    image = Image.open(io.BytesIO(data)).convert("RGB").quantize(colors=PNG_COLOURS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def _write_views(outdir: Path, pagename: str, identifier: str, views: dict[str, str]) -> dict[str, str]:
    """Write each view (and its images) to files; return each view's address from the page."""
    page_dir = Path(pagename).parent
    folder = Path(VIEWS_DIR) / pagename / identifier
    (outdir / folder).mkdir(parents=True, exist_ok=True)
    depth = len(page_dir.parts)
    to_root = "../" * depth

    def image_file(match: re.Match[str]) -> str:
        suffix = "svg" if match.group(1).startswith("svg") else "png"
        data = base64.b64decode(match.group(2))
        if suffix == "png":
            data = light_png(data, outdir.parent / ".views_cache")
        name = hashlib.sha1(data).hexdigest()[:16] + "." + suffix
        (outdir / folder / name).write_bytes(data)
        return f"{to_root}{(folder / name).as_posix()}"

    addresses = {}
    for number, (key, view) in enumerate(views.items()):
        name = f"view-{number}.html"
        (outdir / folder / name).write_text(DATA_URI.sub(image_file, view), encoding="utf-8")
        addresses[key] = f"{to_root}{(folder / name).as_posix()}"
    return addresses


def publish(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """Add the checker script to pages with exercises; move explorer views into files."""
    body = context.get("body", "")
    if not any(f"techstate-{kind}-data" in body for kind in ("exercise", "explorer", "filter")):
        return
    outdir = Path(app.outdir)

    def index(match: re.Match[str]) -> str:
        payload = json.loads(match.group(2))
        payload["views"] = _write_views(outdir, pagename, match.group(1), payload["views"])
        text = json.dumps(payload, ensure_ascii=False).replace("<", "\\u003c")
        return (f'<script type="application/json" class="techstate-explorer-index" '
                f'data-explorer="{match.group(1)}">{text}</script>')

    context["body"] = EXPLORER.sub(index, body)
    app.builder.add_js_file(SCRIPT, defer="defer")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", prepare, priority=100)
    app.connect("html-page-context", publish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
