"""The build and the set-up, driven as an instructor drives them.

`make book` notices every input that changed, including a deleted file; a data error ends a
build with its own message, not a crash report; `make test` runs and reports the other layers
when the book cannot be built; `make lab` and `make serve` take a port and explain a busy one;
and a folder copied with its environment gets an environment of its own. Each test works on
a copy of the book (or a tiny book) in a temporary folder, never on this one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ANSI, DATA, DATA_ERROR_HEADER, ROOT

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
LEAVE_OUT = shutil.ignore_patterns(
    ".venv", "_build", "node_modules", ".git", "__pycache__", ".hypothesis", ".pytest_cache",
    ".ipynb_checkpoints", "_staging",
)
CACHES = {".jupyter_cache", ".doctrees"}


def _env(**extra: str) -> dict[str, str]:
    """The environment of a fresh shell: no data override, no outer make's settings."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"TECHSTATE_DATA", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    return {**env, **extra}


def _run(command: list[str], cwd: Path, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    """Run a command as a reader would in a terminal; stdout holds all it printed, colours removed."""
    run = subprocess.run(command, cwd=cwd, env=_env(**env), stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, timeout=timeout)
    run.stdout = ANSI.sub("", run.stdout)
    return run


def _make(book: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return _run(["make", "--no-print-directory", *args], cwd=book, timeout=timeout)


@pytest.fixture()
def book_copy(tmp_path: Path) -> Path:
    """A copy of the book's folder, as a fresh clone has it (no environment, nothing built)."""
    copy = tmp_path / "book"
    shutil.copytree(ROOT, copy, ignore=LEAVE_OUT)
    return copy


def _own_environment(book: Path) -> None:
    """Give ``book`` a .venv of its own in seconds: it imports ``book``'s library and borrows the
    packages installed here, so `make` finds nothing to install."""
    venv = book / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site_packages = next((venv / "lib").glob("python*/site-packages"))
    # Every folder of packages this interpreter uses, not only its own: an environment that
    # itself borrows its packages (the bench's copy of the book) lends them on.
    borrowed = dict.fromkeys([sysconfig.get_paths()["purelib"], *(p for p in sys.path if p.endswith("site-packages"))])
    (site_packages / "book.pth").write_text("\n".join([str(book), *borrowed]) + "\n")
    for name in ("jupyter-book", "jupyter", "jupyter-lab"):  # what the Makefile runs
        script = (Path(sys.executable).parent / name).read_text(encoding="utf-8").split("\n", 1)[1]
        (venv / "bin" / name).write_text(f"#!{venv / 'bin' / 'python'}\n{script}", encoding="utf-8")
        (venv / "bin" / name).chmod(0o755)
    (venv / ".installed").touch()
    (book / "node_modules").symlink_to(ROOT / "node_modules")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _replace_keeping_time(path: Path, old: str, new: str) -> None:
    """Edit a file the way a copy or an unpacked archive can: new content, old time stamp."""
    stamp = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))


# make book: every input counts, by name and content.

def _mark_caches(book: Path) -> None:
    for cache in CACHES:
        (book / "_build" / cache).mkdir(parents=True, exist_ok=True)
        (book / "_build" / cache / "marker").touch()


def _kept_caches(book: Path) -> set[str]:
    return {cache for cache in CACHES if (book / "_build" / cache / "marker").exists()}


def test_make_book_notices_every_added_changed_or_deleted_input(book_copy: Path) -> None:
    assert _make(book_copy, "inputs").returncode == 0
    _mark_caches(book_copy)
    again = _make(book_copy, "inputs")
    assert _kept_caches(book_copy) == CACHES and "changed" not in again.stdout

    revenue = book_copy / "data" / "company_revenue.csv"
    published, stamp = revenue.read_bytes(), revenue.stat()
    revenue.unlink()
    deleted = _make(book_copy, "inputs")
    assert _kept_caches(book_copy) == set(), "a deleted data file must clear both caches"
    assert "the data or the library changed; every notebook runs again" in deleted.stdout

    _mark_caches(book_copy)
    revenue.write_bytes(published)
    os.utime(revenue, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # restored with its old time
    _make(book_copy, "inputs")
    assert _kept_caches(book_copy) == set(), "a restored data file must clear both caches"

    _mark_caches(book_copy)
    (book_copy / "data" / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    _make(book_copy, "inputs")
    assert _kept_caches(book_copy) == set(), "an added data file must clear both caches"

    _mark_caches(book_copy)
    _replace_keeping_time(book_copy / "techstate" / "answers.py", "Not quite.", "Not right.")
    _make(book_copy, "inputs")
    assert _kept_caches(book_copy) == set(), "a change to the library must clear both caches"

    _mark_caches(book_copy)
    (book_copy / "_build" / "html").mkdir(exist_ok=True)
    (book_copy / "_build" / "html" / "marker").touch()
    notebook = next((book_copy / "chapters").glob("*.ipynb"))
    before = notebook.stat().st_mtime_ns
    _replace_keeping_time(notebook, '"cells"', '"cells" ')
    _make(book_copy, "inputs")
    # Only that page is read and written again: its time stamp moves forward, and both caches
    # and the other pages stay (the execution cache re-runs a notebook only if its code changed).
    assert _kept_caches(book_copy) == CACHES
    assert (book_copy / "_build" / "html" / "marker").exists()
    assert notebook.stat().st_mtime_ns > before, "a changed page must look newer to Sphinx"
    again = notebook.stat().st_mtime_ns
    _make(book_copy, "inputs")
    assert notebook.stat().st_mtime_ns == again, "an unchanged page must not be read again"

    (book_copy / "reference" / "extra-page.md").write_text("# An extra page\n", encoding="utf-8")
    _make(book_copy, "inputs")
    assert _kept_caches(book_copy) == {".jupyter_cache"}, "an added page: every page is read again"
    assert not (book_copy / "_build" / "html" / "marker").exists(), "and every page written again"

    _mark_caches(book_copy)
    _replace_keeping_time(book_copy / "_ext" / "page_speed.py", "Lighter, faster", "Lighter and faster")
    _make(book_copy, "inputs")
    assert _kept_caches(book_copy) == {".jupyter_cache"}, "a changed extension: every page is read again"


# A data error ends the build with its message: a tiny book whose one notebook loads a table.

def _line_of_first(path: Path, column: str, predicate: Callable[[str], bool]) -> tuple[int, dict]:
    """The line of the first row whose ``column`` satisfies ``predicate``, and that row."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            if predicate(row[column] or ""):
                return reader.line_num, row
    raise AssertionError(f"no row of {path.name} fits")


def _word_in_a_number(data: Path) -> tuple[str, list[str]]:
    path = data / "company_revenue.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[2]]))
    cells[header.index("revenue_rmb_m")] = "lots"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    lines[2] = out.getvalue()
    path.write_text("".join(lines), encoding="utf-8")
    return "company_revenue", ["company_revenue.csv, line 3, column 'revenue_rmb_m': 'lots' is "
                               "not a number", "Correct that value in a text editor."]


def _saved_as_gbk(data: Path) -> tuple[str, list[str]]:
    path = data / "unicom_investors.csv"
    saved = path.read_text(encoding="utf-8").encode("gbk", errors="replace")
    path.write_bytes(saved)
    line = next(n for n, text in enumerate(saved.split(b"\n"), start=1) if not _is_utf8(text))
    return "unicom_investors", [f"unicom_investors.csv, line {line}, column", "is not saved as "
                                "UTF-8", "It reads as GBK", "save it with the encoding UTF-8"]


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _unknown_source(data: Path) -> tuple[str, list[str]]:
    path = data / "unicom_investors.csv"
    line, row = _line_of_first(path, "source_id", bool)
    known = row["source_id"]
    path.write_text(path.read_text(encoding="utf-8").replace(known, known + "-x"), encoding="utf-8")
    return "unicom_investors", [f"unicom_investors.csv, line {line}, column 'source_id': "
                                f"'{known}-x' is not listed in", "add a row for it to",
                                f"perhaps '{known}'"]


def _truncated_package(data: Path) -> tuple[str, list[str]]:
    path = data / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2].rstrip().rstrip("}"), encoding="utf-8")
    return "company_revenue", ["datapackage.json, line", "this is not valid JSON", "cut off"]


def _deleted_file(data: Path) -> tuple[str, list[str]]:
    (data / "company_revenue.csv").unlink()
    return "company_revenue", ["company_revenue.csv is missing, but", "put it back"]


def _tiny_book(folder: Path, data: Path, table: str | None, extensions: dict[str, str]) -> Path:
    """A one-page book that loads ``table`` in a notebook (or only runs ``extensions``)."""
    book = folder / "tiny"
    book.mkdir()
    config = {
        "title": "One table",
        "execute": {"execute_notebooks": "cache", "timeout": 120},
        "sphinx": {"local_extensions": {"data_errors": str(ROOT / "_ext"), **extensions},
                   "config": {"nb_execution_raise_on_error": True, "nb_execution_show_tb": True}},
    }
    (book / "_config.yml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    if table is None:
        (book / "_toc.yml").write_text(json.dumps({"format": "jb-book", "root": "page"}))
        (book / "page.md").write_text("# One page\n", encoding="utf-8")
        return book
    (book / "_toc.yml").write_text(json.dumps({"format": "jb-book", "root": "table"}))
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# One table"},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": f"import techstate\ntechstate.load_table({table!r})"},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 4,
    }
    (book / "table.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return book


def _assert_ends_with_the_message(run: subprocess.CompletedProcess, expected: list[str]) -> None:
    out = run.stdout
    assert run.returncode == 2, out[-3000:]
    lines = out.strip().splitlines()
    header = max(i for i, line in enumerate(lines) if line.startswith(DATA_ERROR_HEADER))
    assert len(lines) - header <= 10, "the message must be the build's last lines:\n" + out[-3000:]
    message = " ".join(" ".join(lines[header:]).split())  # undo the wrapping
    for part in expected:
        assert part in message, (part, message)
    assert "Traceback" not in out and "report this" not in out, out[-3000:]


@pytest.mark.parametrize(
    "damage", [_word_in_a_number, _saved_as_gbk, _unknown_source, _truncated_package, _deleted_file],
    ids=lambda damage: damage.__name__.strip("_"),
)
def test_a_data_error_in_a_notebook_ends_the_build_with_its_message(
    tmp_path: Path, damage: Callable[[Path], tuple[str, list[str]]]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=LEAVE_OUT)
    table, expected = damage(data)
    book = _tiny_book(tmp_path, data, table, {})
    run = _run([str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going"], cwd=tmp_path,
               TECHSTATE_DATA=str(data))
    _assert_ends_with_the_message(run, [f"{DATA_ERROR_HEADER}: table.ipynb stopped", *expected])


def test_notebooks_run_side_by_side_and_a_failing_one_still_ends_with_its_message(tmp_path: Path) -> None:
    """Two notebooks executed at once ahead of the build: the good one is read from the cache;
    the one with a data error is executed again as it is read, and the build ends with its
    message, as it does without the extension."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=LEAVE_OUT)
    table, expected = _word_in_a_number(data)
    book = _tiny_book(tmp_path, data, table, {"parallel_execution": str(ROOT / "_ext")})
    good = json.loads((book / "table.ipynb").read_text(encoding="utf-8"))
    good["cells"][0]["source"] = "# Another table"
    good["cells"][1]["source"] = "import techstate\ntechstate.load_table('unicom_investors')"
    (book / "other.ipynb").write_text(json.dumps(good), encoding="utf-8")
    (book / "_toc.yml").write_text(json.dumps({"format": "jb-book", "root": "table",
                                               "chapters": [{"file": "other"}]}))
    run = _run([str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going"], cwd=tmp_path,
               TECHSTATE_DATA=str(data), BOOK_EXECUTION_JOBS="2")
    _assert_ends_with_the_message(run, [f"{DATA_ERROR_HEADER}: table.ipynb stopped", *expected])
    assert "1 of 2 notebooks executed, 2 at a time" in run.stdout, run.stdout[-3000:]
    assert re.search(r"other\.ipynb: Using cached notebook", run.stdout), run.stdout[-3000:]


def test_a_data_error_in_the_build_process_ends_it_with_its_message(tmp_path: Path) -> None:
    """Not only a notebook's kernel: an extension that loads a table meets the same message."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=LEAVE_OUT)
    table, expected = _word_in_a_number(data)
    (tmp_path / "loads_a_table.py").write_text(
        "def setup(app):\n"
        "    app.connect('env-before-read-docs',\n"
        f"                lambda app, env, docs: __import__('techstate').load_table({table!r}))\n",
        encoding="utf-8",
    )
    book = _tiny_book(tmp_path, data, None, {"loads_a_table": str(tmp_path)})
    run = _run([str(JUPYTER_BOOK), "build", str(book), "-W", "-n", "--keep-going"], cwd=tmp_path,
               TECHSTATE_DATA=str(data))
    _assert_ends_with_the_message(run, expected)


# make test: the layers that do not need the book still run and report.

def test_make_test_reports_the_other_layers_when_the_book_cannot_be_built(book_copy: Path) -> None:
    """A data file deleted after a build: the build must not come from the cache, it must stop
    with the message, and the unit and data tests must still run and say what they found."""
    _own_environment(book_copy)
    built, copied = ROOT / "_build", book_copy / "_build"
    copied.mkdir()
    for name in (".jupyter_cache", ".doctrees", "jupyter_execute"):  # as if built before
        if (built / name).is_dir():
            shutil.copytree(built / name, copied / name)
    for stamp in built.glob(".inputs-*"):
        shutil.copy2(stamp, copied)
    (book_copy / "data" / "company_revenue.csv").unlink()

    run = _make(book_copy, "test", "JOBS=1",
                "TESTS=tests/test_answers.py tests/test_data.py tests/test_book.py", timeout=900)
    out = run.stdout
    assert run.returncode != 0, out[-3000:]
    assert "The book is built" not in out
    assert "test session starts" in out, out[-3000:]
    start = out.index("test session starts")
    building, testing = out[: out.rindex("\n", 0, start)], out[start:]
    lines = [line for line in building.strip().splitlines() if line.strip()]
    assert re.match(r"make(\[\d+\])?: \*\*\* .*book\] Error 2", lines[-1]), lines[-12:]
    header = max(i for i, line in enumerate(lines) if line.startswith(DATA_ERROR_HEADER))
    assert len(lines) - header <= 10 and "company_revenue.csv is missing" in " ".join(lines[header:])
    assert "Traceback" not in building and "report this" not in building

    summary = testing[testing.index("tests by layer"):]
    assert re.search(r"unit: \d+ passed", summary), summary
    assert re.search(r"data: \d+ failed, \d+ passed", summary), summary
    assert re.search(r"book: 1 failed", summary), summary
    assert "The book could not be built" in summary and "company_revenue.csv is missing" in summary


# The set-up survives a copied or moved folder.

def test_an_environment_from_another_folder_is_made_again(book_copy: Path) -> None:
    (book_copy / ".venv").symlink_to(ROOT / ".venv")  # a .venv copied along with the folder
    dry_run = _make(book_copy, "-n", "install").stdout
    assert "does not belong to this folder" in dry_run, dry_run
    assert str(ROOT / "techstate") in dry_run and "-m venv .venv" in dry_run
    (book_copy / ".venv").unlink()
    _own_environment(book_copy)
    assert "-m venv" not in _make(book_copy, "-n", "install").stdout


# make lab and make serve: as root, on any port, with a sentence for a busy one.

@pytest.fixture()
def ready_copy(book_copy: Path) -> Path:
    _own_environment(book_copy)
    (book_copy / "_build" / "html").mkdir(parents=True)
    (book_copy / "_build" / "html" / "index.html").write_text("<p>the book</p>", encoding="utf-8")
    return book_copy


def test_a_busy_or_impossible_port_gets_a_sentence(ready_copy: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for target in ("serve", "lab"):
            run = _make(ready_copy, target, f"PORT={port}", timeout=120)
            assert run.returncode != 0
            assert f"Port {port} is already in use" in run.stdout, run.stdout
            assert f"make {target} PORT={port + 1}" in run.stdout and "Traceback" not in run.stdout
    run = _make(ready_copy, "serve", "PORT=http")
    assert run.returncode != 0 and "PORT=http is not a port number" in run.stdout


def test_lab_takes_its_arguments_and_allows_root_only_as_root(ready_copy: Path) -> None:
    command = _make(ready_copy, "-n", "lab", "PORT=9123", "LAB_ARGS=--no-browser").stdout
    assert "--port=9123" in command and "--no-browser" in command
    assert ("--allow-root" in command) == (os.getuid() == 0)


def _serves(url: str, process: subprocess.Popen, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status == 200
        except OSError:
            time.sleep(0.5)
    return False


@pytest.mark.parametrize(("target", "path"), [("serve", "index.html"), ("lab", "api")])
def test_lab_and_serve_start_on_the_port_given(ready_copy: Path, target: str, path: str) -> None:
    port = _free_port()
    process = subprocess.Popen(
        ["make", "--no-print-directory", target, f"PORT={port}", "LAB_ARGS=--no-browser"],
        cwd=ready_copy, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    try:
        assert _serves(f"http://127.0.0.1:{port}/{path}", process), process.poll()
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)  # the server and the make that started it
        except ProcessLookupError:
            pass
        output, _ = process.communicate(timeout=60)
    assert "Traceback" not in output and "Running as root is not recommended" not in output, output
