"""The prose: every quotation it gives to Arsène's essay is in the essay, word for word."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT

ESSAY = ROOT.parent / "shared" / "essay" / "chinas-digital-dilemmas.txt"
TITLE = "China's digital dilemmas"  # the file holds the text only; the title is quoted too
PAGES = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb"),
                *ROOT.glob("reference/*.ipynb"), *ROOT.glob("reference/*.md"), ROOT / "intro.md"])
# A sentence gives a quotation to the essay when it names Arsène, the essay, "she"/"her",
# or cites the essay's bibliography key.
ATTRIBUTION = re.compile(r"Arsène|Arsene|\bessay\b|\bshe\b|\bher\b|arsene2018", re.IGNORECASE)
QUOTED = re.compile(r"[“\"]([^”\"]{2,}?)[”\"]")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z*(“\"])")


def _normalise(text: str) -> str:
    """Fold the typographic differences that do not change the words."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("…", "...").replace("(...)", "...")
    return " ".join(text.split()).lower()


def prose(page: Path) -> str:
    """The reader-facing prose of a page: markdown cells, without code spans and roles."""
    if page.suffix == ".ipynb":
        cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = page.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", lambda m: " arsene2018 " if "arsene2018" in m.group() else " ", text)
    return re.sub(r"`[^`]*`", " ", text)


def quotations_given_to_the_essay(text: str) -> list[str]:
    """Every quoted phrase in a sentence that attributes it to the essay."""
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        for sentence in SENTENCE_END.split(" ".join(paragraph.split())):
            if ATTRIBUTION.search(sentence):
                found += [q.strip(" ,.;:") for q in QUOTED.findall(sentence)]
    return [q for q in found if q]


def not_in_essay(quotations: list[str], essay: str) -> list[str]:
    """The quotations (split at ellipses) that the essay does not contain word for word."""
    body = _normalise(essay)
    missing = []
    for quote in quotations:
        parts = [p.strip(" ,.;:") for p in _normalise(quote).split("...")]
        if not all(part in body for part in parts if part):
            missing.append(quote)
    return missing


@pytest.fixture(scope="module")
def essay() -> str:
    if not ESSAY.is_file():
        message = f"The essay's text is not beside the project ({ESSAY}); quotations cannot be checked."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return TITLE + ". " + ESSAY.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_quotations_of_the_essay_are_word_for_word(page: Path, essay: str) -> None:
    assert not_in_essay(quotations_given_to_the_essay(prose(page)), essay) == []


def test_the_quotation_check_can_fail() -> None:
    essay = "Their business model is inherently based on hosting vivid conversations."
    text = ('Arsène says platforms live on "hosting vivid conversations". She speaks of '
            '"misaligned interests". China Daily has "a different wording".')
    quotes = quotations_given_to_the_essay(text)
    assert quotes == ["hosting vivid conversations", "misaligned interests"]
    assert not_in_essay(quotes, essay) == ["misaligned interests"]
