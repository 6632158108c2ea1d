"""Let exercises answer and explorers redraw on the static page, with no server and no widgets.

* Before the notebooks run, this sets ``TECHSTATE_STATIC_PAGE=1`` so that every explorer
  renders all of its views while the book is built (:mod:`techstate.static_page`).
* Every widget output also carries a plain HTML form drawn from the same spec
  (:mod:`techstate.forms`); ``_config.yml`` tells myst-nb to show that form instead of the
  widget view, and this drops the widget state myst-nb would otherwise put in the page: no
  page carries the widget manager, require.js or widget state.
* It publishes the answer checker under ``_static/checker/<digest>/``: the Pyodide core from
  the npm package ``pyodide`` (pinned in package.json, installed by ``make book``), a standard
  library cut down to the modules the checker loads (found by running it once, in Node),
  an empty package list, and the book's own ``techstate/answers.py``, the very file the kernel
  uses. The folder is named by the digest of what it holds, so a browser may keep it, and its
  compiled code, from page to page and visit to visit.
* On each page that holds an exercise, an explorer or a filter it adds
  ``techstate-checks.js``, which learns the checker's folder from its own
  ``data-techstate-checker`` attribute, and it moves each explorer's views out of the page
  into files beside it, leaving an index of their addresses: the page stays light, and a view
  is fetched only when a control selects it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from techstate import page_protocol as names  # noqa: E402  (pure: no pandas, no widgets)

LOGGER = logging.getLogger(__name__)
PYODIDE = Path("node_modules/pyodide")
CORE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"
LOCK = "pyodide-lock.json"
ANSWERS = Path("techstate/answers.py")
MODULE_FINDER = Path(__file__).with_name("checker_modules.mjs")
SCRIPT = "techstate-checks.js"
VIEWS_DATA = re.compile(
    rf'<script type="application/json" {names.VIEWS}="([0-9a-f]+)">(.*?)</script>', re.DOTALL)
WIDGET_STATE = ("ipywidgets_state", "ipywidgets_")
DATA_URI = re.compile(r"data:image/(png|svg\+xml);base64,([A-Za-z0-9+/=]+)")
PNG_COLOURS = 64  # views are re-encoded with a palette: a tenth of the size, no visible change
VIEWS_DIR = "_views"


def checker_modules(root: Path, cache: Path, stdlib: bytes) -> list[str] | None:
    """The standard-library files the checker loads, found by running it in Node (cached by
    the digest of answers.py, of the script that runs it and of the Pyodide core); None when
    Node cannot tell."""
    digest = hashlib.sha256((root / ANSWERS).read_bytes() + MODULE_FINDER.read_bytes()
                            + stdlib[:1 << 16]).hexdigest()[:16]
    kept = cache / f"checker-modules-{digest}.json"
    if kept.is_file():
        return json.loads(kept.read_text(encoding="utf-8"))
    node = shutil.which("node")
    if node is None:
        return None
    try:
        done = subprocess.run([node, str(MODULE_FINDER), str(root / PYODIDE), str(root / ANSWERS)],
                              capture_output=True, text=True, timeout=120, check=True)
        modules = json.loads(done.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError) as error:
        LOGGER.info(f"static_checks: could not list the checker's modules ({error})")
        return None
    cache.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps(modules), encoding="utf-8")
    return modules


def trimmed_stdlib(full: bytes, modules: list[str]) -> bytes:
    """``python_stdlib.zip`` holding only ``modules`` (and the packages that contain them)."""
    wanted = set(modules)
    for module in modules:
        parts = module.split("/")[:-1]
        wanted |= {"/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(full)) as source, \
            zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in wanted:
                copy = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
                copy.compress_type = zipfile.ZIP_STORED if info.is_dir() else zipfile.ZIP_DEFLATED
                target.writestr(copy, source.read(info))
    return buffer.getvalue()


def empty_lock(full: bytes) -> bytes:
    """The package list with no packages: the checker loads none, so the browser fetches none."""
    return json.dumps({"info": json.loads(full)["info"], "packages": {}}).encode("utf-8")


def checker_files(root: Path, cache: Path) -> dict[str, bytes] | None:
    """Every file the checker serves, by name; None without the npm package."""
    source = root / PYODIDE
    if not all((source / name).is_file() for name in (*CORE_FILES, STDLIB, LOCK)):
        return None
    files = {name: (source / name).read_bytes() for name in CORE_FILES}
    stdlib = (source / STDLIB).read_bytes()
    modules = checker_modules(root, cache, stdlib)
    if modules:
        stdlib = trimmed_stdlib(stdlib, modules)
    else:
        LOGGER.info("static_checks: Node could not list the checker's modules; serving the "
                    "whole standard library (2.4 MB)")
    files[STDLIB] = stdlib
    files[LOCK] = empty_lock((source / LOCK).read_bytes())
    files["answers.py"] = (root / ANSWERS).read_bytes()
    return files


def stage_checker(root: Path, stage: Path) -> str | None:
    """Write the checker into ``stage/checker/<digest>/``; return that folder's address under
    ``_static/``, or None without the npm files."""
    files = checker_files(root, stage.parent / ".checker_cache")
    if files is None:
        return None
    digest = hashlib.sha256(b"".join(hashlib.sha256(files[name]).digest() for name in sorted(files)))
    folder = f"checker/{digest.hexdigest()[:12]}"
    shutil.rmtree(stage / "checker", ignore_errors=True)
    (stage / folder).mkdir(parents=True)
    for name, data in files.items():
        (stage / folder / name).write_bytes(data)
    return folder


def prepare(app: Sphinx, config: Config) -> None:
    """Ask explorers for their views and publish the checker (or say why pages cannot check)."""
    os.environ[names.STATIC_ENV] = "1"  # inherited by the kernels that execute the notebooks
    stage = Path(app.outdir).parent / "checker_js"
    folder = stage_checker(Path(app.confdir), stage)
    app.techstate_checker = folder
    if folder:
        config.html_static_path = [*config.html_static_path, str(stage)]
        LOGGER.info(f"static_checks: serving the answer checker from _static/{folder}/")
    else:
        LOGGER.info(
            "\n*** static_checks: npm package pyodide not found (run `npm ci`). Check buttons on "
            "the static page will say that the checker is unavailable. ***\n"
        )


def drop_widget_state(app: Sphinx, doctree: object) -> None:
    """Forget the widget state myst-nb saved for this page: the page shows forms instead."""
    metadata = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    scripts = metadata.get("js_files", {})
    for key in [key for key in scripts if key.startswith(WIDGET_STATE)]:
        del scripts[key]


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


def uses_the_script(body: str) -> bool:
    """Whether a page holds anything the book's script brings to life."""
    return any(f"{name}=" in body for name in (names.EXERCISE, names.EXPLORER, names.FILTER))


def publish(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """Add the script to pages with exercises, explorers or filters; move views into files."""
    body = context.get("body", "")
    if not uses_the_script(body):
        return
    outdir = Path(app.outdir)

    def index(match: re.Match[str]) -> str:
        payload = json.loads(match.group(2))
        payload["views"] = _write_views(outdir, pagename, match.group(1), payload["views"])
        text = json.dumps(payload, ensure_ascii=False).replace("<", "\\u003c")
        return f'<script type="application/json" {names.VIEW_INDEX}="{match.group(1)}">{text}</script>'

    context["body"] = VIEWS_DATA.sub(index, body)
    folder = getattr(app, "techstate_checker", None)
    attributes = {names.CHECKER: f"{folder}/"} if folder else {}
    app.builder.add_js_file(SCRIPT, defer="defer", **attributes)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", prepare, priority=100)
    app.connect("doctree-read", drop_widget_state, priority=900)
    app.connect("html-page-context", publish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
