"""The prose quotes Arsène's essay word for word, and briefly.

The essay is not in the repository: the checks use its fingerprint (tools/quotations.py), so
they run in any clone, with nothing beside it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from quotations import MAX_RUN, MAX_SHARE, Essay, book_files, measure, runs_in, words  # noqa: E402

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


def not_in_essay(quotations: list[str], essay: Essay) -> list[str]:
    """The quotations that the essay does not contain word for word."""
    return [quote for quote in quotations if not essay.contains(_normalise(quote))]


@pytest.fixture(scope="module")
def essay() -> Essay:
    return Essay.load()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_quotations_of_the_essay_are_word_for_word(page: Path, essay: Essay) -> None:
    assert not_in_essay(quotations_given_to_the_essay(prose(page)), essay) == []


def test_the_quotation_check_can_fail(essay: Essay) -> None:
    text = ("Arsène says the state \"might soon become omnipotent\". She speaks of "
            "\"misaligned interests\", and of \"the state's digital strategy\". "
            "China Daily has \"a different wording\". The essay speaks of \"no such thing as one's omnipotence\".")
    quotes = quotations_given_to_the_essay(text)
    assert quotes == ["might soon become omnipotent", "misaligned interests",
                      "the state's digital strategy", "no such thing as one's omnipotence"]
    assert not_in_essay(quotes, essay) == ["misaligned interests"]
    assert not essay.contains("no such thing as one's omnipotence in the government")
    assert not essay.contains("the state might soon become omnipotent")  # a word left out
    assert essay.contains("the state's digital strategy ... rescuing the state-owned telecom company")
    assert not essay.contains("the state's digital strategy ... rescuing the private telecom company")
    assert essay.contains("a political scientist and China scholar")  # the note on the author


def test_the_book_quotes_the_essay_briefly(essay: Essay) -> None:
    """At most 15 % of the essay's words in verbatim runs of five or more, none over 25 words."""
    result = measure(book_files(), essay)
    long_runs = [f"{run.words} words in {run.path}" for run in result.runs if run.words > MAX_RUN]
    assert result.share <= MAX_SHARE, (
        f"the book reproduces {result.share:.1%} of the essay in runs of five or more words "
        f"(limit {MAX_SHARE:.0%}); `python tools/quotations.py measure` lists where")
    assert not long_runs, f"runs of the essay over {MAX_RUN} words: {long_runs}"


def test_the_measure_counts_runs_and_can_fail(essay: Essay, tmp_path: Path) -> None:
    """The fingerprint finds a run as long as the text holds one, and a share above the limit."""
    assert essay.words > 1100
    copied = tmp_path / "copy.md"
    # Five words of the essay in order make a run; four do not.
    copied.write_text("As Arsène puts it, the Chinese state might soon become omnipotent, she says.")
    result = measure([copied], essay, tmp_path)
    assert result.longest is not None and result.longest.words == 7  # "the chinese state might soon become omnipotent"
    assert runs_in(words("state might soon become"), essay) == []
    assert 0 < result.share < 0.01
