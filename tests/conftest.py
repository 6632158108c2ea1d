"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HTML = ROOT / "_build" / "html"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def built_html() -> Path:
    """The built book; fail (in CI) or skip (elsewhere) with advice when it is missing."""
    if not (HTML / "index.html").is_file():
        message = "The book is not built: run `make book` first (`make test` does it for you)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return HTML
