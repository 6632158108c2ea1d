"""The reference pages cover the whole book: glossary links, citations, timeline, answer key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from techstate import answers, load_table
from techstate.pages import term_anchor

from conftest import ROOT

CHAPTERS = sorted(ROOT.glob("chapters/*.ipynb"))
PROSE_PAGES = [*CHAPTERS, *sorted(ROOT.glob("exercises/*.ipynb")), ROOT / "intro.md",
               *sorted(ROOT.glob("reference/*.md"))]
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
CITE = re.compile(r"\{cite:[a-z]+\}`([^`]+)`")


def markdown_of(page: Path) -> str:
    """A page's markdown: the notebook's markdown cells, or the file itself."""
    if page.suffix == ".ipynb":
        cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return page.read_text(encoding="utf-8")


def prose_of(page: Path) -> str:
    """The running text: no headings, no code, no roles (links keep their markdown)."""
    text = re.sub(r"```.*?```", " ", markdown_of(page), flags=re.DOTALL)
    text = re.sub(r"^#.*$", " ", text, flags=re.MULTILINE)
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", " ", text)
    return re.sub(r"`[^`]*`", " ", text)


def term_names(term: str) -> list[str]:
    """The names a term goes by in prose: ``Cyberspace Administration of China (CAC)`` → both."""
    base = re.sub(r"\s*\([^)]*\)", "", term).strip()
    names = [base]
    names += [abbr for abbr in re.findall(r"\(([A-Z]{2,6})\)", term)]
    return names


def first_use(prose: str, term: str) -> re.Match[str] | None:
    """The first place the prose names the term (lower-case terms in any case)."""
    found = []
    for name in term_names(term):
        words = r"\s+".join(re.escape(w) for w in name.split())
        flags = re.IGNORECASE if name[:1].islower() else 0
        match = re.search(rf"(?<![\w-]){words}(?![\w-])", prose, flags)
        if match:
            found.append(match)
    return min(found, key=lambda m: m.start()) if found else None


def linked_to(prose: str, position: int, anchor: str) -> bool:
    """Whether ``position`` falls inside a link's text whose target is the term's entry."""
    return any(link.start(1) <= position < link.end(1) and link.group(2).endswith(f"glossary.ipynb#{anchor}")
               for link in LINK.finditer(prose))


def unlinked_first_uses(prose: str, terms: list[str]) -> list[str]:
    """The glossary terms whose first use in ``prose`` does not link to their entry.

    A link to the entry under a shorter name ("the Cyberspace Administration") counts as the
    first use when it comes before every other mention.
    """
    missing = []
    for term in terms:
        match = first_use(prose, term)
        anchor = term_anchor(term)
        links = [link.start() for link in LINK.finditer(prose)
                 if link.group(2).endswith(f"glossary.ipynb#{anchor}")]
        if match and not (linked_to(prose, match.start(), anchor) or (links and min(links) <= match.start())):
            missing.append(f"{term} (first at “…{prose[max(0, match.start() - 30):match.end() + 10]}…”)")
    return missing


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_every_glossary_term_links_to_its_entry_on_first_use(chapter: Path) -> None:
    terms = list(load_table("glossary")["term_en"])
    assert unlinked_first_uses(prose_of(chapter), terms) == []


def test_the_first_use_check_can_fail() -> None:
    prose = ("The [Cyberspace Administration](../reference/glossary.ipynb#term-cyberspace-administration-of-china) "
             "summoned Tencent. Later the CAC and [Tencent](../reference/glossary.ipynb#term-tencent) spoke.")
    terms = ["Cyberspace Administration of China (CAC)", "Tencent", "Weibo"]
    assert [m.split(" (")[0] for m in unlinked_first_uses(prose, terms)] == ["Tencent"]


def test_every_link_to_the_glossary_names_a_term_it_has() -> None:
    anchors = {term_anchor(term) for term in load_table("glossary")["term_en"]}
    for page in PROSE_PAGES:
        for _, target in LINK.findall(markdown_of(page)):
            if "glossary.ipynb#" in target:
                assert target.split("#", 1)[1] in anchors, (page.name, target)


def test_every_citation_resolves_to_the_bibliography() -> None:
    keys = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8")))
    cited = {key.strip() for page in PROSE_PAGES for group in CITE.findall(markdown_of(page))
             for key in group.split(",")}
    assert cited and cited <= keys, sorted(cited - keys)


def test_the_timeline_page_lists_exactly_the_events_of_the_table(built_html: Path) -> None:
    soup = BeautifulSoup((built_html / "reference" / "timeline.html").read_text(encoding="utf-8"), "html.parser")
    items = soup.select("[data-filter-item]")
    events = load_table("events")
    assert len(items) == len(events)
    assert [item.strong.get_text() for item in items] == sorted(events["date"])  # in date order
    text = " ".join(item.get_text(" ", strip=True) for item in items)
    assert all(title in text for title in events["title"])


def _answer_as_typed(spec: dict, answer: str) -> object:
    """Turn the answer key's printed answer back into what a student would enter."""
    if spec["kind"] == "number":
        return answer.split(" (±")[0]
    if spec["kind"] == "choice":
        return answer
    if spec["kind"] == "order":
        order = answer.split(" → ")
        return {item: str(order.index(item) + 1) for item in spec["items"]}
    pairs = dict(part.rsplit(": ", 1) for part in answer.split("; "))  # sorting and placing
    return {item: pairs.get(item) for item in spec["items"]}


def test_the_answer_key_has_every_exercise_and_each_answer_is_accepted(built_html: Path) -> None:
    in_pages = sum(
        page.read_text(encoding="utf-8").count('data-techstate-spec=')
        for page in [*built_html.glob("chapters/*.html"), *built_html.glob("exercises/*.html")]
    )
    soup = BeautifulSoup((built_html / "reference" / "answer-key.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("tr[data-spec]")
    assert in_pages > 0 and len(rows) == in_pages
    assert soup.select_one("[data-answer-key-count]")["data-answer-key-count"] == str(in_pages)
    for row in rows:
        spec = json.loads(row["data-spec"])
        printed = row.select_one(".techstate-key-answer").get_text()
        verdict = answers.check(spec, _answer_as_typed(spec, printed))
        assert verdict.correct, (row["data-exercise"], printed, verdict.message)
