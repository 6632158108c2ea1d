"""Notebook hygiene that nbval cannot see: stored clean, and friendly when set-up is missing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOKS = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb"),
                    *ROOT.glob("reference/*.ipynb")])


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_missing_library_gets_a_message_not_a_traceback(path: Path, monkeypatch) -> None:
    """Opened where techstate is not installed, the import cell says what to do."""
    first = next("".join(c["source"]) for c in _cells(path)
                 if c["cell_type"] == "code" and "techstate" in "".join(c["source"]))
    monkeypatch.setitem(sys.modules, "techstate", None)  # makes `import techstate` fail
    with pytest.raises(SystemExit) as stop:
        exec(compile(first, str(path), "exec"), {})
    assert "pip install -r requirements.txt" in str(stop.value)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_hidden_check_cells_are_removed_from_the_book(path: Path) -> None:
    for cell in _cells(path):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and source.lstrip().startswith(("assert", "# Checks")):
            assert "remove-cell" in cell.get("metadata", {}).get("tags", []), source[:60]
