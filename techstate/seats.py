"""Who sat where, and when: the tech leaders of ``political_seats`` as spans of years.

The table has one row per person, body and source, and a source often gives only the start
or only the end of a membership. These pure functions join those rows into one span per
person and body, and say what the sources allow us to say about each person at one year's
March session (the Two Sessions). They never fill a gap: a missing first year stays unknown,
a missing last year stays open, and a source that says "never a member" stays beside one
that implies otherwise.

A year means that year's session. ``first_year`` is the first session a person attended as
a member; ``last_year`` is the year the membership ended, at whose session they no longer
sat (Pony Ma's ``2023``: absent from the 2023 list). So a seat is held in ``first <= year <
last``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from techstate.data import credit_of

SAT = "sat"
SAT_NO_END = "sat (no end reported)"
SAT_ONE_SOURCE = "sat, by one source's start year"
MAY_HAVE_LEFT = "may have left (sources disagree on the end)"
LEFT = "not on that year's list"
START_UNKNOWN = "start unknown"
DISPUTED = "disputed"
SEATED = (SAT, SAT_NO_END, SAT_ONE_SOURCE)  # the statuses that count as holding a seat
BODIES = ("NPC", "CPPCC")


def _years(values: Iterable[object]) -> tuple[int, ...]:
    return tuple(sorted({int(v) for v in values if not pd.isna(v)}))


def _text(years: tuple[int, ...], missing: str) -> str:
    if not years:
        return missing
    if len(years) == 1:
        return str(years[0])
    return " or ".join(str(y) for y in years) + " (sources disagree)"


@dataclass(frozen=True)
class Span:
    """One person's membership of one body, as every source on it reports it."""

    person: str
    company: str
    body: str
    starts: tuple[int, ...]  # every first year a source gives, earliest first
    ends: tuple[int, ...]  # every last year a source gives, earliest first
    member: bool  # some source reports a membership
    denied: bool  # some source says the person was never a member
    sources: tuple[str, ...]  # who reports it (publishers)

    def status(self, year: int) -> str | None:
        """What the sources say about this seat at ``year``'s session (None: nothing to say)."""
        if not self.member:
            return None
        if self.ends:
            if year > self.ends[-1]:
                return None
            if year == self.ends[-1]:
                return LEFT
            if year >= self.ends[0]:
                return MAY_HAVE_LEFT
        if not self.starts:
            return DISPUTED if self.denied else START_UNKNOWN
        if year < self.starts[0]:
            return None
        if year < self.starts[-1]:
            return SAT_ONE_SOURCE
        return SAT if self.ends else SAT_NO_END

    @property
    def start_text(self) -> str:
        """The start year(s) as reported, or 'unknown'."""
        return _text(self.starts, "unknown")

    @property
    def end_text(self) -> str:
        """The end year(s) as reported, or 'none reported'."""
        return _text(self.ends, "none reported")


def seat_spans(seats: pd.DataFrame) -> list[Span]:
    """Join the rows of ``political_seats`` into one span per person and body."""
    publishers = {s["source_id"]: credit_of(s)[0] for s in seats.attrs.get("sources", [])}
    spans = []
    for (person, body), rows in seats.groupby(["person", "body"], sort=True):
        members = rows[rows["status"] == "member"]
        spans.append(Span(
            person=str(person),
            company=str(rows["company"].iloc[0]),
            body=str(body),
            starts=_years(members["first_year"]),
            ends=_years(members["last_year"]),
            member=not members.empty,
            denied=bool((rows["status"] == "never a member").any()),
            sources=tuple(dict.fromkeys(publishers.get(s, s) for s in rows["source_id"])),
        ))
    return spans


COLUMNS = ["person", "company", "body", "status", "start", "end", "sources"]


def seats_at(spans: Iterable[Span], year: int, body: str | None = None) -> pd.DataFrame:
    """Everyone the sources place at ``year``'s session (of ``body``, or of both bodies)."""
    rows = [
        {"person": s.person, "company": s.company, "body": s.body, "status": status,
         "start": s.start_text, "end": s.end_text, "sources": "; ".join(s.sources)}
        for s in spans
        if body in (None, s.body) and (status := s.status(year)) is not None
    ]
    order = {name: n for n, name in enumerate((*SEATED, MAY_HAVE_LEFT, LEFT, START_UNKNOWN, DISPUTED))}
    table = pd.DataFrame(rows, columns=COLUMNS)
    if table.empty:
        return table
    key = table["status"].map(order)
    return table.assign(_key=key).sort_values(["_key", "body", "person"]).drop(columns="_key").reset_index(drop=True)


def denials(spans: Iterable[Span], body: str | None = None) -> list[Span]:
    """The spans in which some source says the person was never a member."""
    return [s for s in spans if s.denied and body in (None, s.body)]


def seat_counts(spans: Iterable[Span], years: Iterable[int]) -> pd.DataFrame:
    """How many people held a seat in each body at each year's session (see :data:`SEATED`)."""
    spans = list(spans)
    rows = [
        {"body": body, "year": year,
         "seats": sum(1 for s in spans if s.body == body and s.status(year) in SEATED)}
        for body in BODIES for year in years
    ]
    return pd.DataFrame(rows)
