"""Say where the figures of a chart or a table come from, one click from each source.

:func:`cite` builds the source line of a chart or a table from the rows it shows. It names
only the sources those rows cite, links each one to the page it was read on (for a copy of
another work, to the original where the original can be read), and links the table's entry
in the data catalogue. Many sources are shortened to one line that opens into the full
list, so that the line stays short on a phone; no source is ever left out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from techstate.data import credit_of
from techstate.lang import tag_chinese

# Every page that shows data (chapters, exercises, reference) lies one folder below the root.
CATALOGUE = "../reference/data-catalogue.html"
INLINE = 4  # up to this many sources are linked in the line itself; more open from a summary
INLINE_TABLES = 3  # likewise for the tables' entries in the data catalogue
_WEB = re.compile(r"https?://[^\s\"'<>]+", re.IGNORECASE)


def _text(value: object) -> str:
    """Escaped text with its Chinese marked as Chinese, for element content."""
    return tag_chinese(html.escape(str(value)))


def web_address(url: object) -> str | None:
    """``url`` if it is a web address (http or https), else None: nothing else becomes a link."""
    return url.strip() if isinstance(url, str) and _WEB.fullmatch(url.strip()) else None


def table_anchor(name: str) -> str:
    """The id of table ``name``'s entry in the data catalogue."""
    return f"table-{name}"


def source_anchor(source_id: str) -> str:
    """The id of source ``source_id``'s entry in the data catalogue."""
    return f"source-{source_id}"


# Remarks that editors left in the data about how a source was read ("page title not in the
# text read", "title as given in the page address"): true and useful in data/, noise on a page.
_REMARK = r"[^;\[\]()]*\b(?:the text read|the page address)\b[^;\[\]()]*"
EDITORIAL = (
    (re.compile(rf"\s*\({_REMARK}\)"), ""),       # "A title (title as given in the page address)"
    (re.compile(rf"\[{_REMARK}\]\s*"), ""),       # "[headline not shown in the text read] 标题"
    (re.compile(rf";\s*{_REMARK}(?=\])"), ""),     # "[A description; page title not in the text read]"
)

def for_readers(text: str) -> str:
    """``text`` without the remarks editors left about how its source was read."""
    for pattern, replacement in EDITORIAL:
        text = pattern.sub(replacement, text)
    return text.strip()


def _original_title(source: Mapping[str, Any]) -> tuple[str, str]:
    """A mirror's original, as (title, date) read from ``Publisher: Title (date)``."""
    _, _, rest = str(source["original"]).partition(": ")
    title, _, date = rest.rpartition(" (")
    return (title or rest), date.rstrip(")")


@dataclass(frozen=True)
class Credit:
    """One cited source as a reader is shown it: whom to credit, when, and where to read it."""

    source_id: str
    publisher: str
    year: str
    date: str
    title: str
    url: str | None
    # For a mirror: the site that hosts the copy, and the copy's address when ``url`` links
    # the original (None when ``url`` itself is the copy, the original not being online).
    copy: tuple[str, str | None] | None = None

    @classmethod
    def of(cls, source: Mapping[str, Any]) -> Credit:
        publisher, year = credit_of(source)
        if source.get("kind") == "mirror" and isinstance(source.get("original"), str):
            title, date = _original_title(source)
            host = str(source["publisher"]).split(" (")[0]
            original = web_address(source.get("original_url"))
            mirror = web_address(source.get("url"))
            return cls(str(source["source_id"]), publisher, year, "" if date == "undated" else date,
                       for_readers(title), original or mirror, (host, mirror) if original else (host, None))
        return cls(str(source["source_id"]), publisher, year, str(source.get("date") or ""),
                   for_readers(str(source.get("title") or "")), web_address(source.get("url")))


def _link(url: str | None, label: str, title: str = "") -> str:
    """An ``<a>`` whose text is ``label``, or the bare label when there is no web address."""
    if url is None:
        return _text(label)
    hint = f' title="{html.escape(title)}"' if title else ""
    return f'<a href="{html.escape(url)}"{hint}>{_text(label)}</a>'


def _labels(credits: list[Credit]) -> list[str]:
    """A short, distinct name for each credit's link: publisher and year, more where needed;
    a link to a copy, because the original is not online, says so."""
    short = [f"{c.publisher}, {c.year}" if c.year else c.publisher for c in credits]
    longer = [f"{c.publisher}, {c.date}" if c.date and short.count(s) > 1 else s
              for c, s in zip(credits, short)]
    distinct = [label if longer.count(label) == 1 else f"{label} ({longer[:i + 1].count(label)})"
                for i, label in enumerate(longer)]
    return [label + (" (copy)" if c.copy is not None and c.copy[1] is None else "")
            for c, label in zip(credits, distinct)]


def _span(credits: list[Credit]) -> str:
    years = sorted({c.year for c in credits if c.year})
    return "" if not years else years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _credit_text(credits: list[Credit]) -> str:
    """``Sources: Tencent (2014–2019); Reuters (2019).``: each publisher once, with its years."""
    by_publisher: dict[str, list[Credit]] = {}
    for credit in credits:
        by_publisher.setdefault(credit.publisher, []).append(credit)
    parts = [f"{name} ({_span(group)})" if _span(group) else name
             for name, group in by_publisher.items()]
    return f"{'Source' if len(parts) == 1 else 'Sources'}: " + "; ".join(parts) + "."


def _list_item(credit: Credit) -> str:
    """A source in the full list: publisher, title and date, linked; a mirror names its copy."""
    date = f", {_text(credit.date)}" if credit.date else ""
    name = f"{credit.publisher}: “{credit.title}”" if credit.title else credit.publisher
    if credit.copy is None:
        return f"<li>{_link(credit.url, name)}{date}.</li>"
    host, address = credit.copy
    if address is None:  # the original cannot be read online: link the copy, and say so
        return f"<li>{_text(name)}{date}, {_link(credit.url, f'copy on {host}')}.</li>"
    return f"<li>{_link(credit.url, name)}{date} (copy on {_link(address, host)}).</li>"


@dataclass(frozen=True)
class SourceLine:
    """A chart's or a table's source line: ``text`` to read, ``html`` with its links."""

    text: str
    html: str
    source_ids: tuple[str, ...]
    tables: tuple[str, ...]

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f'<p class="techstate-source">{self.html}</p>'

    def __add__(self, other: object) -> SourceLine:
        raise TypeError("Give a source line its note as cite(rows, note=\"...\"): text added to "
                        "it would lose its links. For rows of several tables, use cite(a, b).")

    __radd__ = __add__


def source_html(source: SourceLine | str) -> str:
    """A source line as HTML: its links, or plain text escaped (a line with no source to link)."""
    return source.html if isinstance(source, SourceLine) else _text(source)


def _rows_cited(tables: Iterable[pd.DataFrame]) -> tuple[list[Mapping[str, Any]], list[str]]:
    """The sources the rows cite, in order, and the names of the tables they come from."""
    sources: dict[str, Mapping[str, Any]] = {}
    names: dict[str, None] = {}
    for table in tables:
        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"cite() takes the rows a chart or table shows (DataFrames), not {type(table).__name__}.")
        if "source_id" not in table.columns:
            raise ValueError(
                "cite() needs the rows shown with their source_id column; this table has none "
                "(a sum or a pivot drops it). Pass the rows it was made from instead, e.g. "
                "cite(users[users['date'].isin(shown['date'])])."
            )
        described = {s["source_id"]: s for s in table.attrs.get("sources", ())}
        for source_id in dict.fromkeys(table["source_id"].dropna()):
            for one in str(source_id).split("; "):  # a derived row may join several ids
                if one not in described:
                    raise ValueError(f"The rows cite {one!r}, but the table does not describe "
                                     "that source: load it with load_table().")
                sources.setdefault(one, described[one])
                table_name = described[one].get("cited_in") or table.attrs.get("name")
                if table_name:
                    names[table_name] = None
    return list(sources.values()), list(names)


def cite(*tables: pd.DataFrame, note: str = "", via: str = "") -> SourceLine:
    """The source line for the rows of ``tables`` that a chart or table shows.

    Pass exactly the rows shown (after filtering), from one table or several; no row gives an
    empty line, which a table shows as none and a chart refuses. ``note`` is
    plain text that follows the credits (what the colours mean, what is left out). ``via``
    names whom the figures come from when the rows cite others reporting them, e.g.
    ``via="CNNIC Statistical Reports 22–49"``.
    """
    sources, names = _rows_cited(tables)
    if not sources:  # no row shown: nothing to credit (a chart refuses such a line)
        return SourceLine(text="", html="", source_ids=(), tables=())
    credits = [Credit.of(source) for source in sources]
    if len(credits) <= INLINE:
        links = "; ".join(_link(c.url, label, c.title) for c, label in zip(credits, _labels(credits)))
        lead = f"{_text(via)}, via " if via else ("Source: " if len(credits) == 1 else "Sources: ")
        credit_html = f'<span class="techstate-credits">{lead}{links}.</span>'
    else:
        items = "".join(_list_item(c) for c in credits)
        credit_html = (f'<details class="techstate-credits"><summary>{_text(_summary(credits, via))}: '
                       f'list</summary><ul>{items}</ul></details>')
    parts = [credit_html, _text(note.strip()) if note.strip() else "", _data_links(names)]
    text = " ".join(filter(None, [f"{via}." if via else "", _credit_text(credits), note.strip()]))
    return SourceLine(text=text, html=" ".join(filter(None, parts)),
                      source_ids=tuple(c.source_id for c in credits), tables=tuple(names))


def _data_links(names: list[str]) -> str:
    """Links to the entries of the tables in the data catalogue, folded when there are many."""
    links = [f'<a href="{CATALOGUE}#{html.escape(table_anchor(name))}">{_text(name)}</a>'
             for name in names]
    if not links:
        return ""
    if len(links) <= INLINE_TABLES:
        return f'<span class="techstate-data-link">Data: {"; ".join(links)} in the data catalogue.</span>'
    items = "".join(f"<li>{link}</li>" for link in links)
    return (f'<details class="techstate-data-link"><summary>Data: {len(links)} tables in the data '
            f"catalogue: list</summary><ul>{items}</ul></details>")


def _summary(credits: list[Credit], via: str) -> str:
    """Many credits in a line: whom the figures come from, how many publishers, which years."""
    by_publisher: dict[str, list[Credit]] = {}
    for credit in credits:
        by_publisher.setdefault(credit.publisher, []).append(credit)
    span = _span(credits)
    years = f" ({span})" if span else ""
    if via:
        return f"{via}, via {len(by_publisher)} publishers{years}"
    if len(by_publisher) <= 2:
        return "Sources: " + "; ".join(
            f"{name} ({len(group)} documents" + (f", {_span(group)})" if _span(group) else ")")
            for name, group in by_publisher.items())
    return f"Sources: {len(credits)} documents from {len(by_publisher)} publishers{years}"
