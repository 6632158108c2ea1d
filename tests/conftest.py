"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests run on machines shared with other builds, where one example can take a
# hundred times longer than the next; a per-example deadline would make them fail at random.
settings.register_profile("shared-machine", deadline=None)
settings.load_profile("shared-machine")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HTML = ROOT / "_build" / "html"
BUILD_LOG = ROOT / "_build" / "build.log"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")

sys.path.insert(0, str(ROOT / "_ext"))
from data_errors import HEADER as DATA_ERROR_HEADER  # noqa: E402

import techstate.data  # noqa: E402


# What the browser tests' pages refused under their Content-Security-Policy, as test_browser's
# ``_open`` hears of it; a test during which a page refused anything fails (see below).
POLICY_VIOLATIONS: list[str] = []


def book_failure() -> str | None:
    """Why the last `make book` failed, read from its log; None if it succeeded or never ran."""
    if not BUILD_LOG.is_file():
        return None
    text = ANSI.sub("", BUILD_LOG.read_text(encoding="utf-8", errors="replace"))
    if "build succeeded" in text and "finished with problems" not in text:
        return None
    if DATA_ERROR_HEADER in text:
        return text[text.index(DATA_ERROR_HEADER):].strip()
    problems = [line for line in text.splitlines() if re.search(r"(WARNING|ERROR|CRITICAL):", line)]
    return "\n".join((problems or text.strip().splitlines() or ["its log is empty"])[-8:])


@pytest.fixture()
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of data/ that a test may damage, in a git checkout of the book of its own."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("_staging"))
    (tmp_path / ".git").mkdir()
    monkeypatch.setattr(techstate.data, "BOOK_ROOT", tmp_path)
    return copy


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
    "test_provenance.py": "unit",
    "test_chart_layout.py": "unit",
    "test_static_page.py": "unit",
    "test_policy.py": "unit",
    "test_static_checks.py": "browser",
    "test_models.py": "unit",
    "test_seats.py": "unit",
    "test_periods.py": "unit",
    "test_timelines.py": "unit",
    "test_phone.py": "unit",
    "test_notebooks.py": "unit",
    "test_environment.py": "unit",
    "test_data.py": "data",
    "test_prose.py": "data",
    "test_reference.py": "book",
    "test_build.py": "build",
    "test_book.py": "book",
    "test_sources_in_book.py": "book",
    "test_browser.py": "browser",
    "test_menus.py": "browser",
}
_OUTCOMES: dict[str, dict[str, int]] = {}
# Tests of the built pages; when the book could not be built, only the first one runs, to say why.
NEEDS_THE_BOOK = {"test_book.py", "test_sources_in_book.py", "test_browser.py", "test_menus.py"}
SAYS_WHY = "test_strict_build_had_no_warnings"


def _layer(nodeid: str) -> str:
    path = nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        return "notebooks"
    return LAYERS.get(Path(path).name, "other")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """When the book could not be built, leave out the checks of its pages but one."""
    if book_failure() is None:
        return
    left_out = [item for item in items if item.name != SAYS_WHY
                and Path(item.nodeid.split("::")[0]).name in NEEDS_THE_BOOK]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    POLICY_VIOLATIONS.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> object:
    """Fail a test during which (or during whose set-up) a page broke its own policy: that is
    a script, style, image, font or request the page needs and the policy refuses, whether or
    not the test looked at the console."""
    result = yield
    if POLICY_VIOLATIONS:
        found = "\n".join(dict.fromkeys(POLICY_VIOLATIONS))
        raise AssertionError(f"the page's Content-Security-Policy refused:\n{found}\n"
                             "Serve what it needs from the book itself, or see _ext/page_policy.py.")
    return result


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
    failure = book_failure()
    if failure is not None:
        terminalreporter.write_line(
            "The book could not be built, so its pages and the browser tests did not run. Why:",
            red=True,
        )
        for line in failure.splitlines():
            terminalreporter.write_line(f"    {line}")
    if IN_CI and any(counts.get("skipped") for counts in _OUTCOMES.values()):
        terminalreporter.write_line("CI=true: skipped tests count as failures; install what they need.", red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI=true a skipped test is a failure: every layer must really run."""
    skipped = sum(counts.get("skipped", 0) for counts in _OUTCOMES.values())
    if IN_CI and skipped and exitstatus == 0:
        session.exitstatus = 1
