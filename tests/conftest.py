"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HTML = ROOT / "_build" / "html"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")

sys.path.insert(0, str(ROOT / "_ext"))
from data_errors import HEADER as DATA_ERROR_HEADER  # noqa: E402


@pytest.fixture(scope="session")
def built_html() -> Path:
    """The built book; fail (in CI) or skip (elsewhere) with advice when it is missing."""
    if not (HTML / "index.html").is_file():
        message = "The book is not built: run `make book` first (`make test` does it for you)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return HTML


LAYERS = {
    "test_answers.py": "unit",
    "test_library.py": "unit",
    "test_notebooks.py": "unit",
    "test_data.py": "data",
    "test_build.py": "build",
    "test_book.py": "book",
    "test_browser.py": "browser",
}
_OUTCOMES: dict[str, dict[str, int]] = {}


def _layer(nodeid: str) -> str:
    path = nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        return "notebooks"
    return LAYERS.get(Path(path).name, "other")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count outcomes per layer (runs in the controller, also under pytest-xdist)."""
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        counts = _OUTCOMES.setdefault(_layer(report.nodeid), {})
        counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Show what each layer ran, so a run that silently skipped a layer is visible."""
    if not _OUTCOMES:
        return
    terminalreporter.section("tests by layer")
    for layer in ("unit", "data", "build", "notebooks", "book", "browser", "other"):
        if layer in _OUTCOMES:
            counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(_OUTCOMES[layer].items()))
            terminalreporter.write_line(f"{layer:>9}: {counts}")
    if IN_CI and any(counts.get("skipped") for counts in _OUTCOMES.values()):
        terminalreporter.write_line("CI=true: skipped tests count as failures; install what they need.", red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI=true a skipped test is a failure: every layer must really run."""
    skipped = sum(counts.get("skipped", 0) for counts in _OUTCOMES.values())
    if IN_CI and skipped and exitstatus == 0:
        session.exitstatus = 1
