"""Execute the book's notebooks two (or as many as there are cores) at a time.

myst-nb executes each notebook when Sphinx reads it, one after the other, so a clean build
uses one core of two while a kernel runs. Before Sphinx reads anything, this extension finds
the notebooks of the table of contents that the execution cache does not hold, executes them
side by side, each in its own kernel and from its own folder, as myst-nb would (with the
book's timeout and error settings, which a notebook's own metadata overrides), and stores them
in the cache. myst-nb then finds them there. A notebook that fails here is not stored: myst-nb
executes it again as it reads it and reports the failure as it always does, so a data error
still ends the build with its message; when such a failure ends the build, the notebooks not
yet started are left alone. Nothing is executed when the cache holds every
notebook, as after a prose edit.

Kernels do the work, so threads are enough to drive them (``BOOK_EXECUTION_JOBS`` sets how
many; 1 turns this off).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
JOBS_ENV = "BOOK_EXECUTION_JOBS"


def jobs() -> int:
    """How many notebooks run at once: ``$BOOK_EXECUTION_JOBS``, else the cores available."""
    try:
        wanted = int(os.environ.get(JOBS_ENV, ""))
    except ValueError:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, wanted)


def toc_notebooks(app: Sphinx) -> list[Path]:
    """The notebooks the table of contents lists, in its order."""
    site_map = getattr(app.config, "external_site_map", None)
    if site_map is None:
        return []
    srcdir = Path(app.srcdir)
    found = []
    for docname in site_map:  # every document the table of contents names
        path = srcdir / f"{docname}.ipynb"
        if not path.is_file() and docname.endswith(".ipynb"):
            path = srcdir / docname
        if path.is_file():
            found.append(path)
    return found


def _execute(path: Path, notebook: Any, timeout: int | None, allow_errors: bool) -> tuple[Any, Any, float]:
    """Run ``notebook`` from its folder as ``single_nb_execution`` does (the notebook's own
    ``execution`` metadata wins); return it, the error if one stopped it, and the seconds.

    The kernel's own error stream is not shown: what a notebook reports is in its outputs, and
    a notebook that fails here is executed again, visibly, as Sphinx reads it. (Kernels shut
    down side by side can print a stray traceback there.)
    """
    import subprocess

    from nbclient import NotebookClient

    settings = notebook.metadata.get("execution", {})
    client = NotebookClient(notebook, timeout=settings.get("timeout", timeout),
                            allow_errors=settings.get("allow_errors", allow_errors),
                            record_timing=False, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute(stderr=subprocess.DEVNULL)
    except Exception as error:  # noqa: BLE001 - reported by myst-nb when it runs it again
        return notebook, error, time.perf_counter() - start
    return notebook, None, time.perf_counter() - start


def execute_uncached(app: Sphinx) -> None:
    config = app.config
    if app.builder.format != "html" or config.nb_execution_mode != "cache" or jobs() < 2:
        return
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(config.nb_execution_cache_path or str(Path(app.outdir).parent / ".jupyter_cache"))
    waiting = []
    for path in toc_notebooks(app):
        notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            waiting.append((path, notebook))
    if len(waiting) < 2:
        return  # myst-nb runs a single notebook as fast
    start = time.perf_counter()
    srcdir = Path(app.srcdir)
    with ThreadPoolExecutor(max_workers=min(jobs(), len(waiting))) as pool:
        futures = {pool.submit(_execute, path, notebook, config.nb_execution_timeout,
                               config.nb_execution_allow_errors): path for path, notebook in waiting}
        stored = 0
        for future in as_completed(futures):
            path = futures[future]
            docname = str(path.relative_to(srcdir).with_suffix(""))
            if future.cancelled():
                continue
            notebook, error, seconds = future.result()
            if error is not None:
                LOGGER.info(f"{docname}.ipynb failed ahead of the build; it is executed again as "
                            "it is read, which reports why")
                if config.nb_execution_raise_on_error:  # the build stops there: run no more
                    for waiting_future in futures:
                        waiting_future.cancel()
                continue
            record = cache.add_nb_to_project(str(path))
            cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri,
                                                      data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            stored += 1
            LOGGER.info(f"Executing notebook ahead of the build: {seconds:.1f} s",
                        location=docname)
    LOGGER.info(f"parallel_execution: {stored} of {len(waiting)} notebooks executed, "
                f"{min(jobs(), len(waiting))} at a time, in {time.perf_counter() - start:.1f} s")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", execute_uncached)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
