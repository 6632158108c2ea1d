"""Render the reference tables (glossary, timeline) as accessible HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from techstate.tables import cell_html as _html
from techstate.tables import cell_text as _text

CHAPTERS = {
    1: "The digital dilemma",
    2: "A lucrative but demanding partnership",
    3: "Co-optation",
    4: "Misaligned incentives",
    5: "Privacy and credit",
    6: "Uncertainty and competition",
    7: "Home advantage, global liability",
    8: "No omnipotence",
}
AFTERWORD = "afterword"  # the timeline's token for the afterword, whose events follow the essay
AFTERWORD_TITLE = "What happened next (2019–2024)"
ESSAY_YEAR = 2018  # events after this year belong to the afterword, whatever chapter they name


def _source_links(table: pd.DataFrame) -> dict[str, str]:
    """A link to each source the table cites, by source_id."""
    return {
        s["source_id"]: f'<a href="{_text(s["url"])}">{_html(s["publisher"])}</a>'
        for s in table.attrs.get("sources", [])
    }


GLOSSARY_LINK = re.compile(r"\]\(\.\./reference/glossary\.ipynb#(term-[a-z0-9-]+)\)")


def chapters_using_terms(chapters: list[Path]) -> dict[str, list[tuple[int, str]]]:
    """For each glossary anchor, the chapters that link to it: ``[(number, page stem), …]``.

    Read from the chapters' own markdown, so the glossary always says where a term is used.
    """
    uses: dict[str, list[tuple[int, str]]] = {}
    for path in sorted(chapters):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        number = int(path.name[:2]) if path.name[:2].isdigit() else 0
        for anchor in dict.fromkeys(GLOSSARY_LINK.findall(text)):
            uses.setdefault(anchor, []).append((number, path.stem))
    return uses


def _chapter_links(row: object, uses: dict[str, list[tuple[int, str]]]) -> str:
    """The chapters that use a term, as links; the term's own chapter where none links it."""
    used = uses.get(term_anchor(row.term_en), [])
    if not used:
        return _html(row.chapter)
    return ", ".join(
        f'<a href="../chapters/{stem}.html">{"afterword" if stem[2:3].isalpha() else number}</a>'
        for number, stem in used
    )


def glossary_html(glossary: pd.DataFrame, uses: dict[str, list[tuple[int, str]]] | None = None) -> str:
    """The glossary as a table: English, characters (marked as Chinese), pinyin, definition.

    Every cell names its column (``data-label``), so that on a phone each term can be
    shown as a card (see ``book_static/techstate-phone.css``).
    """
    links = _source_links(glossary)
    rows = "".join(
        f'<tr id="{term_anchor(row.term_en)}">'
        f'<th scope="row" data-label="Term">{_html(row.term_en)}</th>'
        f'<td data-label="Chinese"><span lang="zh-Hans">{_text(row.term_zh)}</span></td>'
        f'<td data-label="Pinyin"><span lang="zh-Latn-pinyin">{_text(row.pinyin)}</span></td>'
        f'<td data-label="Meaning">{_html(row.definition)}</td>'
        f'<td data-label="Chapters">{_chapter_links(row, uses or {})}</td>'
        f'<td data-label="Source">{links.get(row.source_id, _html(row.source_id))}</td></tr>'
        for row in glossary.sort_values("term_en", key=lambda s: s.str.lower()).itertuples()
    )
    return (
        '<table class="dataframe techstate-glossary techstate-cards"><thead><tr><th scope="col">Term</th>'
        '<th scope="col">Chinese</th><th scope="col">Pinyin</th><th scope="col">Meaning</th>'
        f'<th scope="col">Chapters</th><th scope="col">Source</th></tr></thead><tbody>{rows}</tbody></table>'
    )


PERIODS = {
    "before-2013": ("Before 2013", 0, 2012),
    "2013-2016": ("2013–2016", 2013, 2016),
    "2017-2018": ("2017–2018 (the essay, September 2018)", 2017, 2018),
    "2019-2024": ("2019 and after", 2019, 9999),
}


def token(text: str) -> str:
    """A name as a filter token: ``"People's Bank of China"`` → ``peoples-bank-of-china``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def term_anchor(term: str) -> str:
    """The glossary anchor of a term: ``WeChat (Weixin)`` → ``term-wechat``.

    Chapters link a term's first use to ``../reference/glossary.ipynb#<anchor>``; the build
    checks that every such link names a term the glossary has.
    """
    return "term-" + token(re.sub(r"\s*\([^)]*\)", "", term))


def period_of(date: str) -> str:
    """The period token of a date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    year = int(date[:4])
    return next(key for key, (_, first, last) in PERIODS.items() if first <= year <= last)


def actors_of(actors: str) -> list[str]:
    """The actors of an event, from its semicolon-separated list."""
    return [name.strip() for name in str(actors).split(";") if name.strip()]


def main_actors(events: pd.DataFrame, minimum: int = 3) -> list[str]:
    """Actors named in at least ``minimum`` events, in alphabetical order."""
    counts = pd.Series([a for actors in events["actors"] for a in actors_of(actors)]).value_counts()
    return sorted((name for name, n in counts.items() if n >= minimum), key=str.casefold)


def chapter_of(chapter: object, date: str) -> int | str:
    """The part of the book an event is filed under: its chapter, or the afterword after 2018."""
    return AFTERWORD if int(str(date)[:4]) > ESSAY_YEAR else int(chapter)


def chapter_label(part: int | str) -> str:
    """How the timeline names a part of the book: ``chapter 2`` or ``afterword``."""
    return "afterword" if part == AFTERWORD else f"chapter {part}"


def chapter_menu(events: pd.DataFrame) -> list[tuple[str, int | str]]:
    """The timeline's chapter menu: every chapter with events, then the afterword; 0 = all."""
    parts = {chapter_of(c, d) for c, d in zip(events["chapter"], events["date"])}
    return ([("All chapters", 0)]
            + [(f"{n}. {title}", n) for n, title in CHAPTERS.items() if n in parts]
            + ([(f"Afterword: {AFTERWORD_TITLE}", AFTERWORD)] if AFTERWORD in parts else []))


EMPTY = "No events match these choices."


def timeline_html(events: pd.DataFrame, chapter: int | str | None = None, actor: str = "",
                  period: str = "") -> str:
    """Events grouped by year, earliest first, each marked for the page's filters.

    ``chapter`` (a number, or :data:`AFTERWORD`), ``actor`` (a :func:`token`) and ``period`` (a
    key of :data:`PERIODS`) keep only the matching events, as the menus do on the static page.
    When nothing matches, a message says so and offers to show all events again.
    """
    shown = events.sort_values("date")
    parts_of = [chapter_of(c, d) for c, d in zip(shown["chapter"], shown["date"])]
    shown = shown.assign(part=parts_of)
    if chapter:
        shown = shown[shown["part"].map(lambda part: str(part) == str(chapter))]
    if actor:
        shown = shown[shown["actors"].map(lambda a: actor in {token(x) for x in actors_of(a)})]
    if period:
        shown = shown[shown["date"].map(period_of) == period]
    links = _source_links(events)
    hidden = " hidden" if shown.empty else ""
    parts = [f'<p data-filter-count data-noun="events"{hidden}>{len(shown)} events.</p>']
    for year, group in shown.groupby(shown["date"].str[:4], sort=True):
        items = "".join(
            f'<li data-filter-item data-chapter="{_text(row.part)}" '
            f'data-actor="{_text(" ".join(token(a) for a in actors_of(row.actors)))}" '
            f'data-period="{period_of(row.date)}"><strong>{_html(row.date)}</strong>: '
            f"{_html(row.title)} <em>({chapter_label(row.part)}; "
            f"{links.get(row.source_id, _html(row.source_id))})</em></li>"
            for row in group.itertuples()
        )
        parts.append(f"<section data-filter-group><h2>{_text(year)}</h2><ul>{items}</ul></section>")
    # The way back from an empty list: the menus' "Show all events" button in a kernel; on the
    # static page the book's script shows this message's own button and wires it to the menus.
    parts.append(
        f'<div class="techstate-filter-empty" role="status" data-filter-empty{"" if shown.empty else " hidden"}>'
        f"<p>{EMPTY} Choose another chapter, actor or period, or show all events again.</p>"
        '<button type="button" class="techstate-filter-reset" data-filter-reset hidden>'
        "Show all events</button></div>"
    )
    return "".join(parts)
