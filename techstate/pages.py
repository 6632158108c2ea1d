"""Render the reference tables (glossary, timeline) as accessible HTML."""

from __future__ import annotations

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


def glossary_html(glossary: pd.DataFrame) -> str:
    """The glossary as a table: English, characters (marked as Chinese), pinyin, definition.

    Every cell names its column (``data-label``), so that on a phone each term can be
    shown as a card (see ``book_static/techstate-phone.css``).
    """
    links = _source_links(glossary)
    rows = "".join(
        f'<tr id="term-{_text(row.term_en).lower().replace(" ", "-")}">'
        f'<th scope="row" data-label="Term">{_html(row.term_en)}</th>'
        f'<td data-label="Chinese"><span lang="zh-Hans">{_text(row.term_zh)}</span></td>'
        f'<td data-label="Pinyin"><span lang="zh-Latn-pinyin">{_text(row.pinyin)}</span></td>'
        f'<td data-label="Meaning">{_html(row.definition)}</td>'
        f'<td data-label="Chapter">{_html(row.chapter)}</td>'
        f'<td data-label="Source">{links.get(row.source_id, _html(row.source_id))}</td></tr>'
        for row in glossary.sort_values("term_en", key=lambda s: s.str.lower()).itertuples()
    )
    return (
        '<table class="dataframe techstate-glossary techstate-cards"><thead><tr><th scope="col">Term</th>'
        '<th scope="col">Chinese</th><th scope="col">Pinyin</th><th scope="col">Meaning</th>'
        f'<th scope="col">Chapter</th><th scope="col">Source</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def timeline_html(events: pd.DataFrame, chapter: int | None = None) -> str:
    """Events by year, earliest first; ``chapter`` keeps only that chapter's events."""
    shown = events if chapter is None else events[events["chapter"] == chapter]
    if shown.empty:
        return "<p>No events for this chapter yet.</p>"
    shown = shown.sort_values("date")
    links = _source_links(events)
    parts = [f"<p>{len(shown)} events.</p>"]
    for year, group in shown.groupby(shown["date"].str[:4], sort=True):
        items = "".join(
            f"<li><strong>{_html(row.date)}</strong>: {_html(row.title)} "
            f"<em>(chapter {_html(row.chapter)}; {links.get(row.source_id, _html(row.source_id))})</em></li>"
            for row in group.itertuples()
        )
        parts.append(f"<h3>{_text(year)}</h3><ul>{items}</ul>")
    return "".join(parts)
