"""How much of Arsène's essay the book reproduces, measured without the essay's text.

The book may quote the essay briefly: at most 15 % of its words may stand anywhere in the book
in verbatim runs of five words or more, and no run may be longer than 25 words. Checking that
needs the essay, which is not ours to ship. So this module keeps a *fingerprint* of it
(``tests/essay-fingerprint.json``): salted hashes of the essay's word 5-grams, in order, and of
its shorter n-grams, unordered. The text cannot be read back from them, yet they tell which of
the book's 5-grams are the essay's, where in the essay they stand, and whether a short quotation
is word for word.

    python tools/quotations.py measure        # the share, the longest run and every run of 12+
    python tools/quotations.py fingerprint ESSAY.txt   # write the fingerprint again

Words are compared in lower case, with typographic apostrophes folded and punctuation ignored.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FINGERPRINT = ROOT / "tests" / "essay-fingerprint.json"
TITLE = "China's digital dilemmas"
SALT = "partners-and-rivals/essay/v1"
N = 5                       # a run of five words or more counts as reproduced
MAX_SHARE = 0.15            # of the essay's words
MAX_RUN = 25                # words in one run
# Everything a reader of the book or its notebooks can see: pages, workbooks, the instructor
# guide and answer key, and the data the pages show (quotations, notes, excerpts).
BOOK_FILES = ("intro.md", "chapters/*.ipynb", "exercises/*.ipynb", "reference/*.md",
              "reference/*.ipynb", "data/*.csv")
WORD = re.compile(r"[0-9a-zà-öø-ÿ]+(?:'[0-9a-zà-öø-ÿ]+)*")


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, apostrophes folded, punctuation and markup dropped."""
    text = text.replace("\\n", " ").replace("’", "'").replace("‘", "'").lower()
    return WORD.findall(text)


def _hash(gram: Sequence[str]) -> str:
    return hashlib.sha256((SALT + " " + " ".join(gram)).encode("utf-8")).hexdigest()[:16]


def essay_parts(text: str) -> tuple[str, str]:
    """The essay's body, and the note on its author, without the byline and the comment form."""
    lines = text.strip().splitlines()
    if lines and lines[0].lower().startswith("written by"):
        lines = lines[1:]
    body = "\n".join(lines)
    note = re.search(r"^Séverine Arsène is a political scientist.*?$", body, re.MULTILINE)
    return (body[: note.start()], note.group()) if note else (body, "")


def fingerprint(essay: str) -> dict[str, object]:
    """The fingerprint of an essay's text (see the module's docstring)."""
    body, note = (words(part) for part in essay_parts(essay))
    short = {_hash(text[i:i + n]) for text in (body, note) for n in range(1, N)
             for i in range(len(text) - n + 1)}
    title = words(TITLE)
    short |= {_hash(title[i:j]) for i in range(len(title)) for j in range(i + 1, len(title) + 1)}
    return {
        "about": "Salted SHA-256 hashes (first 16 hex digits) of the word n-grams of Arsène's "
                 "essay, made by tools/quotations.py; the text cannot be read back from them.",
        "salt": SALT,
        "words": len(body),
        "ngrams_in_order": [_hash(body[i:i + N]) for i in range(len(body) - N + 1)],
        "note_ngrams_in_order": [_hash(note[i:i + N]) for i in range(len(note) - N + 1)],
        "short_ngrams": sorted(short),
    }


@dataclass(frozen=True)
class Essay:
    """A loaded fingerprint."""

    words: int
    in_order: tuple[str, ...]       # the body's 5-grams, which the share counts
    note: tuple[str, ...]           # the note on the author under it, quotable too
    short: frozenset[str]

    @classmethod
    def load(cls, path: Path = FINGERPRINT) -> Essay:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["words"], tuple(data["ngrams_in_order"]), tuple(data["note_ngrams_in_order"]),
                   frozenset(data["short_ngrams"]))

    def positions(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for position, gram in enumerate(self.in_order):
            found.setdefault(gram, []).append(position)
        return found

    def contains(self, quotation: str) -> bool:
        """Whether the essay holds ``quotation`` word for word (ellipses split it into parts)."""
        for part in re.split(r"\.\.\.|…|\(\.\.\.\)|\[\.\.\.\]", quotation):
            gram = words(part)
            if not gram:
                continue
            if len(gram) < N:
                if _hash(gram) not in self.short:
                    return False
                continue
            hashes = tuple(_hash(gram[i:i + N]) for i in range(len(gram) - N + 1))
            if not any(text[s:s + len(hashes)] == hashes for text in (self.in_order, self.note)
                       for s in range(len(text)) if text[s] == hashes[0]):
                return False
        return True


@dataclass(frozen=True)
class Run:
    """A verbatim run of the essay's words in one file: where, how long, from which word on."""

    path: str
    words: int
    essay_word: int


def runs_in(tokens: Sequence[str], essay: Essay, path: str = "", where: dict[str, list[int]] | None = None) -> list[Run]:
    """Every maximal verbatim run of five or more of the essay's words in ``tokens``."""
    where = essay.positions() if where is None else where
    found, active = [], {}   # essay position -> length of the run of windows ending here
    for j in range(len(tokens) - N + 1):
        now = {}
        for position in where.get(_hash(tokens[j:j + N]), []):
            now[position] = active.get(position - 1, 0) + 1
        for position, windows in active.items():
            if position + 1 not in now:
                found.append(Run(path, windows + N - 1, position - windows + 1))
        active = now
    found += [Run(path, windows + N - 1, position - windows + 1) for position, windows in active.items()]
    return found


def book_text(path: Path) -> str:
    """What a reader can see of a file: every cell of a notebook, or the whole text."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        return "\n\n".join("".join(cell["source"]) for cell in cells)
    return text


def book_files(root: Path = ROOT) -> list[Path]:
    return sorted({p for pattern in BOOK_FILES for p in root.glob(pattern)})


@dataclass(frozen=True)
class Measure:
    share: float          # of the essay's words, in runs of five or more anywhere in the book
    longest: Run | None
    runs: tuple[Run, ...]


def measure(files: Iterable[Path], essay: Essay, root: Path = ROOT) -> Measure:
    """How much of the essay ``files`` reproduce, together."""
    where, covered, runs = essay.positions(), set(), []
    for path in files:
        name = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        for run in runs_in(words(book_text(path)), essay, name, where):
            runs.append(run)
            covered.update(range(run.essay_word, run.essay_word + run.words))
    runs.sort(key=lambda run: -run.words)
    return Measure(len(covered) / essay.words, runs[0] if runs else None, tuple(runs))


def main(argv: list[str]) -> int:
    if argv[:1] == ["fingerprint"] and len(argv) == 2:
        essay = Path(argv[1])
        if not essay.is_file():
            print(f"No essay at {essay}: give the path of its text file.", file=sys.stderr)
            return 1
        FINGERPRINT.write_text(json.dumps(fingerprint(essay.read_text(encoding="utf-8")), indent=0) + "\n",
                               encoding="utf-8")
        print(f"wrote {FINGERPRINT.relative_to(ROOT)}")
        return 0
    if argv[:1] == ["measure"]:
        result = measure(book_files(), Essay.load())
        print(f"share of the essay's words in runs of {N}+ words: {result.share:.1%} (limit {MAX_SHARE:.0%})")
        if result.longest:
            print(f"longest run: {result.longest.words} words, in {result.longest.path} (limit {MAX_RUN})")
        by_file: dict[str, int] = {}
        for run in result.runs:
            by_file[run.path] = by_file.get(run.path, 0) + run.words
        for path, total in sorted(by_file.items(), key=lambda item: -item[1]):
            print(f"  {total:5d} words in runs  {path}")
        return 0
    print(__doc__.split("\n\n")[2], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
