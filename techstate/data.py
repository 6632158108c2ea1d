"""Load the book's tables by name, typed by their schema, with their sources attached.

Every table in ``data/`` is described in ``data/datapackage.json`` (a Frictionless Data
Package). :func:`load_table` reads the CSV, checks it against that description and returns a
pandas ``DataFrame`` whose ``attrs`` carry the table's title and the sources its rows cite.
The loader never depends on the folder a notebook was opened from.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

PACKAGE_FILE = "datapackage.json"
SOURCES_TABLE = "sources"
RESTORE_HINT = (
    "Restore the book's data with `git checkout -- data/` (or download the book again), "
    "then restart the kernel."
)


class DataError(Exception):
    """A data file is missing, unknown or damaged; the message says which and what to do."""


def data_dir() -> Path:
    """Return the folder that holds the tables (``$TECHSTATE_DATA`` overrides the default)."""
    override = os.environ.get("TECHSTATE_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


def load_package(folder: Path | None = None) -> dict[str, Any]:
    """Read ``datapackage.json`` and return it as a dictionary."""
    path = (folder or data_dir()) / PACKAGE_FILE
    if not path.is_file():
        raise DataError(f"The data catalogue {path} is missing. {RESTORE_HINT}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataError(f"The data catalogue {path} is damaged ({err}). {RESTORE_HINT}") from None


def table_names(folder: Path | None = None) -> list[str]:
    """List the names of every table in the data package."""
    return [res["name"] for res in load_package(folder)["resources"]]


def describe(name: str, folder: Path | None = None) -> dict[str, Any]:
    """Return the data-package description (title, schema, ...) of table ``name``."""
    package = load_package(folder)
    for resource in package["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(sorted(res["name"] for res in package["resources"]))
    raise DataError(f"There is no table called {name!r}. The tables are: {known}.")


def _convert(column: pd.Series, field: dict[str, Any], path: Path) -> pd.Series:
    """Convert one column of strings to the type its schema field declares."""
    kind = field.get("type", "string")
    present = column.notna()
    if kind in ("integer", "year"):
        converted = pd.to_numeric(column, errors="coerce")
        bad = present & (converted.isna() | (converted % 1 != 0))
        result = converted.astype("Int64") if not bad.any() else converted
    elif kind == "number":
        result = converted = pd.to_numeric(column, errors="coerce")
        bad = present & converted.isna()
        result = converted.astype("Float64")
    elif kind == "date":
        result = pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")
        bad = present & result.isna()
    elif kind == "boolean":
        mapping = {"true": True, "false": False}
        result = column.str.strip().str.lower().map(mapping).astype("boolean")
        bad = present & result.isna()
    else:
        return column.astype("string")
    if bad.any():
        row = int(bad.idxmax()) + 2  # +1 for the header, +1 for counting from 1
        value = column[bad].iloc[0]
        raise DataError(
            f"{path.name}, line {row}, column {field['name']!r}: {value!r} is not a valid "
            f"{kind}. The file may be damaged. {RESTORE_HINT}"
        )
    return result


def _read_csv(name: str, folder: Path | None = None) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Read table ``name`` as typed columns and return it with its description."""
    folder = folder or data_dir()
    resource = describe(name, folder)
    path = folder / resource["path"]
    if not path.is_file():
        raise DataError(f"The data file {path} is missing. {RESTORE_HINT}")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise DataError(f"The data file {path} cannot be read ({err}). {RESTORE_HINT}") from None
    fields = resource["schema"]["fields"]
    expected = [field["name"] for field in fields]
    if list(raw.columns) != expected:
        raise DataError(
            f"The data file {path} has the columns {list(raw.columns)}, but its schema expects "
            f"{expected}. {RESTORE_HINT}"
        )
    typed = pd.DataFrame({f["name"]: _convert(raw[f["name"]], f, path) for f in fields})
    return typed, resource


def load_sources(folder: Path | None = None) -> pd.DataFrame:
    """Return the ``sources`` table, indexed by ``source_id``."""
    table, _ = _read_csv(SOURCES_TABLE, folder)
    return table.set_index("source_id")


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Load table ``name`` typed by its schema; ``attrs`` holds its title, units and sources."""
    table, resource = _read_csv(name, folder)
    table.attrs["name"] = name
    table.attrs["title"] = resource.get("title", name)
    table.attrs["units"] = {
        f["name"]: f["unit"] for f in resource["schema"]["fields"] if "unit" in f
    }
    if "source_id" in table.columns:
        sources = load_sources(folder)
        cited = [sid for sid in dict.fromkeys(table["source_id"].dropna())]
        missing = [sid for sid in cited if sid not in sources.index]
        if missing:
            raise DataError(
                f"{resource['path']} cites sources that data/sources.csv does not list: "
                f"{', '.join(missing)}. {RESTORE_HINT}"
            )
        table.attrs["sources"] = [
            {"source_id": sid, **sources.loc[sid].dropna().to_dict()} for sid in cited
        ]
    return table


def credit_of(source: dict[str, Any]) -> tuple[str, str]:
    """Whom to credit for a source, and its year: a mirror credits the work it copies."""
    if source.get("kind") == "mirror" and isinstance(source.get("original"), str):
        publisher, _, rest = source["original"].partition(": ")
        year = rest.rsplit("(", 1)[-1][:4]
        return publisher.split(" (")[0], year if year.isdigit() else ""
    return str(source["publisher"]).split(" (")[0], str(source.get("date", ""))[:4]


def cite(table: pd.DataFrame) -> str:
    """A one-line credit for the rows still in ``table``: ``Sources: Tencent (2014–2019); ...``."""
    years: dict[str, list[str]] = {}
    present = set(table["source_id"].dropna()) if "source_id" in table.columns else set()
    for source in table.attrs.get("sources", []):
        if present and source["source_id"] not in present:
            continue  # the rows citing it were filtered out
        publisher, year = credit_of(source)
        years.setdefault(publisher, [])
        if year and year not in years[publisher]:
            years[publisher].append(year)
    if not years:
        return ""
    credits = []
    for publisher, found in years.items():
        found.sort()
        if not found:  # every source of this publisher is undated
            credits.append(publisher)
            continue
        span = found[0] if len(found) == 1 else f"{found[0]}–{found[-1]}"
        credits.append(f"{publisher} ({span})")
    label = "Source" if len(credits) == 1 else "Sources"
    return f"{label}: " + "; ".join(credits) + "."
