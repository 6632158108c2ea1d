"""Turn counts reported for uneven periods into a monthly series that keeps zeros and gaps apart.

Sources report approvals, sales or users for a year, a quarter, a month, a span of days or a
single list. A monthly chart must not turn "nobody reported this month" into a zero, nor a
quarter's average into a count. :func:`monthly_series` gives every month one *status* that
says what is known about it, and keeps the row it came from.
"""

from __future__ import annotations

import pandas as pd

#: What a month's value is, best-known first: the order in which rows are preferred.
STATUSES = {
    "count": "reported for the month",
    "zero": "none, inside a period reported as zero",
    "average": "monthly average reported for a longer period",
    "at_least": "at least this many, in lists dated in the month",
    "none": "no figure for the month",
}


def months_between(start: str, end: str) -> pd.PeriodIndex:
    """Every calendar month from ``start`` to ``end`` (``"2018-01"``), both included."""
    first, last = pd.Period(start, "M"), pd.Period(end, "M")
    if last < first:
        raise ValueError(f"The series ends ({end}) before it starts ({start}).")
    return pd.period_range(first, last, freq="M")


def _covering(rows: pd.DataFrame, month: pd.Period) -> pd.Series:
    """Which rows' periods contain the whole month."""
    return (rows["period_start"] <= month.start_time) & (rows["period_end"] >= month.end_time.normalize())


def _month_value(rows: pd.DataFrame, month: pd.Period, longest_average: int) -> dict:
    """The best-known value of one month, with its status and the row it comes from."""
    starts = rows["start_month"]
    covering = _covering(rows, month)
    counts = rows[(rows["granularity"] == "month") & rows["approvals"].notna() & (starts == month)]
    if len(counts):
        row = counts.iloc[0]
        return {"value": float(row["approvals"]), "status": "count", "source_id": row["source_id"]}
    zeros = rows[covering & rows["approvals"].eq(0).fillna(False)]
    if len(zeros):
        return {"value": 0.0, "status": "zero", "source_id": zeros["source_id"].iloc[0]}
    averages = rows[covering & rows["monthly_average"].notna() & (rows["months"] <= longest_average)]
    if len(averages):
        row = averages.iloc[0]
        return {"value": float(row["monthly_average"]), "status": "average",
                "source_id": row["source_id"]}
    lists = rows[(rows["period_start"] == rows["period_end"]) & rows["approvals"].notna()
                 & (starts == month)]
    if len(lists):
        return {"value": float(lists["approvals"].sum()), "status": "at_least",
                "source_id": "; ".join(dict.fromkeys(lists["source_id"]))}
    return {"value": float("nan"), "status": "none", "source_id": ""}


def monthly_series(table: pd.DataFrame, *, start: str, end: str, scope: str = "all",
                   longest_average: int = 3) -> pd.DataFrame:
    """One row per month from ``start`` to ``end`` for rows of ``scope``: value, status, source.

    A month gets, in this order of preference: a count reported for exactly that month; a zero
    when a period reported as zero contains the whole month; the reported monthly average of a
    period of at most ``longest_average`` months that contains it (a year's average says little
    about one month); the sum of one-day lists dated in it, as a lower bound; or nothing.
    ``table`` has the columns of the ``game_approvals`` table.
    """
    needed = {"period_start", "period_end", "granularity", "scope", "approvals",
              "monthly_average", "source_id"}
    missing = needed - set(table.columns)
    if missing:
        raise ValueError(f"The table lacks the columns {sorted(missing)}.")
    rows = table[table["scope"] == scope].copy()
    rows.attrs = {}   # the sources attached by load_table would be deep-copied at every step
    start_month = rows["period_start"].dt.to_period("M")
    rows = rows.assign(start_month=start_month,   # computed once, used for every month
                       months=[(end - begin).n + 1 for begin, end in
                               zip(start_month, rows["period_end"].dt.to_period("M"))])
    months = months_between(start, end)
    frame = pd.DataFrame([{"month": month, **_month_value(rows, month, longest_average)}
                          for month in months])
    frame["label"] = [month.strftime("%b %Y") for month in months]
    return frame
