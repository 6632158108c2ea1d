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
    """Actors named in at least ``minimum`` events, most frequent first."""
    counts = pd.Series([a for actors in events["actors"] for a in actors_of(actors)]).value_counts()
    return [name for name, n in counts.items() if n >= minimum]


def timeline_html(events: pd.DataFrame, chapter: int | None = None, actor: str = "",
                  period: str = "") -> str:
    """Events grouped by year, earliest first, each marked for the page's filters.

    ``chapter``, ``actor`` (a :func:`token`) and ``period`` (a key of :data:`PERIODS`) keep only
    the matching events, as the menus do on the static page.
    """
    shown = events.sort_values("date")
    if chapter:
        shown = shown[shown["chapter"] == chapter]
    if actor:
        shown = shown[shown["actors"].map(lambda a: actor in {token(x) for x in actors_of(a)})]
    if period:
        shown = shown[shown["date"].map(period_of) == period]
    links = _source_links(events)
    parts = [f'<p data-filter-count data-noun="events">{len(shown)} events.</p>']
    for year, group in shown.groupby(shown["date"].str[:4], sort=True):
        items = "".join(
            f'<li data-filter-item data-chapter="{row.chapter}" '
            f'data-actor="{_text(" ".join(token(a) for a in actors_of(row.actors)))}" '
            f'data-period="{period_of(row.date)}"><strong>{_html(row.date)}</strong>: '
            f"{_html(row.title)} <em>(chapter {_html(row.chapter)}; "
            f"{links.get(row.source_id, _html(row.source_id))})</em></li>"
            for row in group.itertuples()
        )
        parts.append(f"<section data-filter-group><h2>{_text(year)}</h2><ul>{items}</ul></section>")
    if shown.empty:
        parts.append("<p>No events match these choices.</p>")
    return "".join(parts)
