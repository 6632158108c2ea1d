"""Publish the data files with the book, so the catalogue's download links work.

Every CSV in data/ and datapackage.json are copied to _build/html/data/ when the HTML build
finishes; the catalogue page links to them as ../data/<file>.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx


def copy_data(app: Sphinx, exception: Exception | None) -> None:
    """Copy the data package next to the pages (HTML builds only)."""
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.confdir) / "data"
    target = Path(app.outdir) / "data"
    target.mkdir(parents=True, exist_ok=True)
    for path in [*source.glob("*.csv"), source / "datapackage.json"]:
        shutil.copy2(path, target / path.name)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", copy_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
