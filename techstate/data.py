"""Load the book's tables by name, typed by their schema, with their sources attached.

Every table in ``data/`` is described in ``data/datapackage.json`` (a Frictionless Data
Package). :func:`load_table` reads the CSV, checks it against that description and returns a
pandas ``DataFrame`` whose ``attrs`` carry the table's title and the sources its rows cite.
The loader never depends on the folder a notebook was opened from.

A file that cannot be loaded raises :class:`DataError`, whose message names the file, the
line and the column, says what is wrong, and gives advice that fits the cause: instructors
edit these files on purpose, so the advice never discards their edits without saying so.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

PACKAGE_FILE = "datapackage.json"
SOURCES_TABLE = "sources"
BOOK_ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {
    "number": "a number (digits with a point for decimals and no thousands separators, "
              "like 1234.5)",
    "integer": "a whole number (like 2018)",
    "year": "a year (like 2018)",
    "date": "a date written YYYY-MM-DD (like 2018-09-06)",
    "boolean": "true or false",
}


# What the schema's patterns ask for, in words; any other pattern is quoted as it is.
PATTERN_MEANS = {
    r"^https?://.+": "a web address starting with http:// or https://",
    r"^[a-z0-9-]+$": "an id of lower-case letters, digits and hyphens only (like reuters-2018-01-02)",
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "a date written YYYY, YYYY-MM or YYYY-MM-DD (like 2018-09)",
    r"^\d{4}-\d{2}(-\d{2})?$": "a date written YYYY-MM or YYYY-MM-DD (like 2018-09)",
}
SHOWN_CHARS = 60  # a value quoted in a message is cut to this length


class DataError(Exception):
    """A data file is missing, unknown or damaged; the message says which, where and what to do."""


def _shown(path: Path) -> str:
    """The path as a reader finds it: relative to the book's folder when it lies inside it."""
    try:
        return path.resolve().relative_to(BOOK_ROOT).as_posix()
    except ValueError:
        return str(path)


def _in_git_checkout(path: Path) -> bool:
    """True if ``path`` lies in the book's folder and that folder is a git checkout."""
    return _shown(path) != str(path) and (BOOK_ROOT / ".git").exists()


def _restore(path: Path) -> str:
    """How to see one's edits of ``path`` and how to go back to the published file."""
    shown = _shown(path)
    if shown == str(path):  # a data folder of one's own, outside the book
        return ""
    if (BOOK_ROOT / ".git").exists():
        return (
            f"In the book's folder, `git diff {shown}` shows what you changed; "
            f"`git checkout -- {shown}` restores the published file, discarding your edits to it."
        )
    return (
        f"To start again from the published file, download the book again and copy its {shown} "
        "over yours (this discards your edits to it)."
    )


def _put_back(path: Path) -> str:
    """Advice for a file that is missing: nothing of one's own can be lost by restoring it."""
    restore = (f" (`git checkout -- {_shown(path)}` in the book's folder restores it)"
               if _in_git_checkout(path) else "")
    return f"If you deleted or renamed it by mistake, put it back{restore}."


def _error(problem: str, advice: str = "", path: Path | None = None) -> DataError:
    """A DataError: what is wrong on its first line, then what to do."""
    parts = [advice, _restore(path) if path is not None else ""]
    return DataError("\n".join([problem, *(part for part in parts if part)]))


def _book_folder_around(folder: Path) -> Path | None:
    """The copy of this book that holds ``folder`` (it has a data package and a techstate)."""
    for candidate in [folder, *folder.parents][:4]:
        if (candidate / "data" / PACKAGE_FILE).is_file() and (candidate / "techstate").is_dir():
            return candidate.resolve()
    return None


def data_dir() -> Path:
    """Return the folder that holds the tables (``$TECHSTATE_DATA`` overrides the default)."""
    override = os.environ.get("TECHSTATE_DATA")
    if override:
        return Path(override)
    # A notebook opened in a copy of the book, with the library of another copy installed,
    # would silently read the other copy's data and ignore every edit made here.
    try:
        here = _book_folder_around(Path.cwd())
    except OSError:  # the working folder was deleted
        here = None
    if here is not None and here != BOOK_ROOT:
        raise _error(
            f"This notebook is in {here}, but the library it imported (techstate) is the one "
            f"in {BOOK_ROOT}, so it would read that copy's data, not this one's.",
            f"In {here}, run `make lab`, or `pip install -r requirements.txt` there, then "
            "restart the kernel.",
        )
    return BOOK_ROOT / "data"


def _cells(line: bytes) -> list[str]:
    """The values of one CSV line, with bytes that are not UTF-8 shown as U+FFFD."""
    return next(csv.reader([line.decode("utf-8", "replace")]), [])


def _read_text(path: Path) -> str:
    """Read a UTF-8 file (a byte-order mark is allowed); say where it is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        start = raw.rfind(b"\n", 0, err.start) + 1
        where = f"line {line}"
        if path.suffix == ".csv" and line > 1:
            end = raw.find(b"\n", err.start)
            header = _cells(raw.split(b"\n", 1)[0])
            cells = _cells(raw[start:end if end >= 0 else None])
            column = next((i for i, cell in enumerate(cells) if "\ufffd" in cell), None)
            if column is not None and column < len(header):
                where += f", column {header[column]!r}"
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            guess = " It looks like UTF-16 (what Excel calls Unicode Text)."
        else:
            try:
                raw.decode("gbk")
                guess = " It reads as GBK, the encoding Chinese versions of Windows and Excel use."
            except UnicodeDecodeError:
                guess = ""
        raise _error(
            f"{_shown(path)}, {where}: the file is not saved as UTF-8 (byte "
            f"0x{raw[err.start]:02x} cannot be read).{guess}",
            "Open it in a text editor and save it with the encoding UTF-8 (in LibreOffice Calc: "
            "Save As, Text CSV, character set Unicode (UTF-8)); your edits stay.",
            path,
        ) from None


def _check_package(package: Any, path: Path) -> None:
    """Raise a DataError if the data package lacks what the loader needs."""
    shown = _shown(path)
    fix = "Correct it in a text editor."
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise _error(f'{shown}: there is no list of "resources" (the tables).', fix, path)
    for number, resource in enumerate(package["resources"], start=1):
        name = resource.get("name") if isinstance(resource, dict) else None
        schema = resource.get("schema") if isinstance(resource, dict) else None
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not (
            isinstance(name, str)
            and isinstance(resource.get("path"), str)
            and isinstance(fields, list)
            and all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields)
        ):
            label = f"{name!r}" if isinstance(name, str) else f"number {number}"
            raise _error(
                f'{shown}: resource {label} needs a "name", a "path" and a "schema" whose '
                '"fields" each have a "name".',
                fix,
                path,
            )


def load_package(folder: Path | None = None) -> dict[str, Any]:
    """Read ``datapackage.json`` and return it as a dictionary."""
    path = (folder or data_dir()) / PACKAGE_FILE
    if not path.is_file():
        raise _error(
            f"{_shown(path)} is missing: it describes every table, so none can be loaded.",
            _put_back(path),
        )
    text = _read_text(path)
    try:
        package = json.loads(text)
    except json.JSONDecodeError as err:
        what = f"this is not valid JSON ({err.msg})"
        if not text.rstrip().endswith("}"):
            what += "; the file ends before its last entry is closed, so it may have been cut off"
        raise _error(
            f"{_shown(path)}, line {err.lineno}, column {err.colno}: {what}.",
            "Correct it in a text editor (a missing comma, quotation mark or bracket is the "
            "usual cause).",
            path,
        ) from None
    _check_package(package, path)
    return package


def table_names(folder: Path | None = None) -> list[str]:
    """List the names of every table in the data package."""
    return [res["name"] for res in load_package(folder)["resources"]]


def describe(name: str, folder: Path | None = None) -> dict[str, Any]:
    """Return the data-package description (title, schema, ...) of table ``name``."""
    package = load_package(folder)
    for resource in package["resources"]:
        if resource["name"] == name:
            return resource
    names = sorted(res["name"] for res in package["resources"])
    close = difflib.get_close_matches(name, names, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise DataError(f"There is no table called {name!r}.{hint} The tables are: {', '.join(names)}.")


def _line_of(text: str, record: int) -> int:
    """The line of the file on which data record ``record`` (0 = the first after the header)
    starts, counting as an editor does (a quoted value may span lines; blank lines count)."""
    reader = csv.reader(io.StringIO(text))
    start, index = 1, -1  # the header is record -1
    for row in reader:
        if row:
            if index == record:
                return start
            index += 1
        start = reader.line_num + 1
    return start


def _convert(column: pd.Series, field: dict[str, Any]) -> tuple[pd.Series, pd.Series]:
    """Convert one column of strings to its schema type; return it and where values are bad."""
    kind = field.get("type", "string")
    present = column.notna()
    if kind in ("integer", "year"):
        converted = pd.to_numeric(column, errors="coerce")
        bad = present & (converted.isna() | (converted % 1 != 0))
        return (converted.astype("Int64") if not bad.any() else converted), bad
    if kind == "number":
        converted = pd.to_numeric(column, errors="coerce")
        return converted.astype("Float64"), present & converted.isna()
    if kind == "date":
        converted = pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")
        return converted, present & converted.isna()
    if kind == "boolean":
        mapping = {"true": True, "false": False}
        converted = column.str.strip().str.lower().map(mapping).astype("boolean")
        return converted, present & converted.isna()
    return column.astype("string"), pd.Series(False, index=column.index)


def _parse_csv(text: str, path: Path) -> pd.DataFrame:
    """Parse CSV text into strings; say which line breaks the table's shape."""
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except pd.errors.EmptyDataError:
        raise _error(f"{_shown(path)} is empty: it has not even a header line.", "", path) from None
    except pd.errors.ParserError as err:
        shape = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(err))
        if shape:
            expected, line, saw = shape.groups()
            problem = (f"{_shown(path)}, line {line}: {saw} values, but the header has "
                       f"{expected} columns.")
        else:
            problem = f"{_shown(path)} cannot be read as a table ({str(err).strip()})."
        raise _error(
            problem,
            'A value that contains a comma must be in double quotation marks ("Beijing, China"). '
            "Correct the line in a text editor.",
            path,
        ) from None


def _read_csv(name: str, folder: Path) -> tuple[pd.DataFrame, dict[str, Any], str]:
    """Read table ``name`` as typed columns; return it, its description and the file's text."""
    resource = describe(name, folder)
    path = folder / resource["path"]
    package = _shown(folder / PACKAGE_FILE)
    if not path.is_file():
        raise _error(
            f"{_shown(path)} is missing, but {package} lists it as the table {name!r}.",
            f'{_put_back(path)} If you renamed it on purpose, change its "path" in {package} too.',
        )
    text = _read_text(path)
    raw = _parse_csv(text, path)
    fields = resource["schema"]["fields"]
    expected = [field["name"] for field in fields]
    found = [str(column) for column in raw.columns]
    if found != expected:
        missing = ", ".join(repr(c) for c in expected if c not in found)
        extra = ", ".join(repr(c) for c in found if c not in expected)
        details = [*([f"missing {missing}"] if missing else []),
                   *([f"not described: {extra}"] if extra else [])]
        reason = "; ".join(details) or f"the order should be {', '.join(expected)}"
        raise _error(
            f"{_shown(path)}, line 1: the columns do not match the table's schema in {package} "
            f"({reason}).",
            f"Correct the header line; if you added or renamed a column on purpose, describe it "
            f"in {package} (its name, type and unit).",
            path,
        )
    typed = {}
    for field in fields:
        column, bad = _convert(raw[field["name"]], field)
        if bad.any():
            record = int(bad.to_numpy().argmax())
            raise _error(
                f"{_shown(path)}, line {_line_of(text, record)}, column {field['name']!r}: "
                f"{raw[field['name']].iloc[record]!r} is not "
                f"{EXPECTED.get(field.get('type'), 'valid')}.",
                "Correct that value in a text editor.",
                path,
            )
        typed[field["name"]] = column
    _check_constraints(raw, typed, resource["schema"], text, path)
    return pd.DataFrame(typed), resource, text


def _quoted(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…")


# An http or https address with a host, and no spaces or control characters anywhere.
WEB_ADDRESS = r"(?i)https?://[^\s\x00-\x1f\x7f/?#]+(?:[/?#][^\s\x00-\x1f\x7f]*)?"


def _field_problems(raw: pd.Series, typed: pd.Series, field: dict[str, Any],
                    line_of: Any) -> list[tuple[int, str, str]]:
    """Where one column breaks its schema's constraints: (first bad record, what, advice) each;
    ``line_of`` turns a record's number into its line in the file."""
    constraints = field.get("constraints") if isinstance(field.get("constraints"), dict) else {}
    present = raw.notna()
    values = raw.fillna("").astype(str)
    fix = "Correct that value in a text editor."
    checks: list[tuple[pd.Series, Any, str]] = []  # (bad rows, what is wrong, advice)
    if constraints.get("required"):
        checks.append((~present, lambda v: "the value is empty, but every row needs one",
                       "Fill it in (the column's description in datapackage.json says what it "
                       "holds), or delete the row if the whole row is a mistake."))
    pattern = constraints.get("pattern")
    if isinstance(pattern, str):
        means = PATTERN_MEANS.get(pattern, f"of the form the schema asks for (the pattern {pattern})")
        checks.append((present & ~values.str.fullmatch(pattern),
                       lambda v: f"{_quoted(v)} is not {means}", fix))
    if field.get("format") == "uri":
        checks.append((present & ~values.str.fullmatch(WEB_ADDRESS),
                       lambda v: f"{_quoted(v)} is not a web address (http:// or https:// and a site)",
                       "The book links only to web pages; correct the address in a text editor."))
    enum = constraints.get("enum")
    if isinstance(enum, list):
        allowed = {str(e) for e in enum}
        checks.append((present & ~values.isin(allowed),
                       lambda v: f"{_quoted(v)} is not one of the allowed values "
                                 f"({', '.join(map(str, enum))})", fix))
    numeric = pd.to_numeric(typed, errors="coerce") if field.get("type") in ("integer", "number", "year") else None
    for key, bad_if, words in (("minimum", lambda c, n: c < n, "below the minimum"),
                               ("maximum", lambda c, n: c > n, "above the maximum")):
        if numeric is not None and isinstance(constraints.get(key), (int, float)):
            limit = constraints[key]
            checks.append((numeric.notna() & bad_if(numeric, limit),
                           lambda v, limit=limit, words=words: f"{v} is {words}, {limit:g}", fix))
    for key, bad_if, words in (("minLength", lambda c, n: c < n, "shorter than"),
                               ("maxLength", lambda c, n: c > n, "longer than")):
        if isinstance(constraints.get(key), int):
            limit = constraints[key]
            checks.append((present & bad_if(values.str.len(), limit),
                           lambda v, limit=limit, words=words: f"{_quoted(v)} is {words} "
                                                              f"{limit} characters", fix))
    found = []
    for bad, what, advice in checks:
        if bad.any():
            record = int(bad.to_numpy().argmax())
            found.append((record, what(raw.iloc[record]), advice))
    if constraints.get("unique"):
        repeated = present & values.duplicated(keep="first")
        if repeated.any():
            record = int(repeated.to_numpy().argmax())
            first = int((values == values.iloc[record]).to_numpy().argmax())
            found.append((record, f"{_quoted(raw.iloc[record])} is on line {line_of(first)} already",
                          "Each value in this column must be different; correct or delete one of them."))
    return found


def _check_constraints(raw: pd.DataFrame, typed: dict[str, pd.Series], schema: dict[str, Any],
                       text: str, path: Path) -> None:
    """Raise a DataError for the first line that breaks a constraint of the table's schema."""
    shown = _shown(path)
    blank = raw.isna().all(axis=1)
    problems: list[tuple[int, int, str, str]] = []  # (record, column position, problem, advice)
    if blank.any():
        problems.append((int(blank.to_numpy().argmax()), -1,
                         "the line has no values, only commas",
                         "Delete the line, or fill in its values."))
    for position, field in enumerate(schema["fields"]):
        for record, what, advice in _field_problems(raw[field["name"]], typed[field["name"]], field,
                                                     lambda r: _line_of(text, r)):
            problems.append((record, position, f"column {field['name']!r}: {what}", advice))
    keys = schema.get("primaryKey")
    keys = [keys] if isinstance(keys, str) else keys
    if isinstance(keys, list) and keys and all(key in raw.columns for key in keys):
        repeated = raw.duplicated(subset=keys, keep="first") & ~blank
        if repeated.any():
            record = int(repeated.to_numpy().argmax())
            same = (raw[keys] == raw[keys].iloc[record]).all(axis=1) | (
                raw[keys].isna() & raw[keys].iloc[record].isna()).all(axis=1)
            first = int(same.to_numpy().argmax())
            problems.append((record, len(schema["fields"]),
                             f"this row has the same {', '.join(keys)} as line "
                             f"{_line_of(text, first)}, but each row needs its own",
                             "Correct one of the two rows, or delete it if it repeats the other."))
    if problems:
        record, _, problem, advice = min(problems, key=lambda p: (p[0], p[1]))
        raise _error(f"{shown}, line {_line_of(text, record)}, {problem}.", advice, path)


def load_sources(folder: Path | None = None) -> pd.DataFrame:
    """Return the ``sources`` table, indexed by ``source_id``."""
    return load_table(SOURCES_TABLE, folder).set_index("source_id")


# Tables already read and checked: for each folder and table, the digest of the files it was
# read from and the table. Only the latest version is kept, so editing a file again and again
# in a long session replaces its table rather than piling up every version.
_LOADED: dict[tuple[str, str], tuple[str, pd.DataFrame]] = {}


def _contents_key(name: str, folder: Path) -> tuple[tuple[str, str], str] | None:
    """Where table ``name`` is cached, and a digest of its files' bytes (None if one is
    missing, so that reading it says what is wrong)."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        package = folder / PACKAGE_FILE
        digest.update(package.read_bytes())
        for table in dict.fromkeys((name, SOURCES_TABLE)):
            digest.update(b"\0" + (folder / describe(table, folder)["path"]).read_bytes())
    except (OSError, DataError):
        return None
    return (str(folder.resolve()), name), digest.hexdigest()


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Load table ``name`` typed by its schema; ``attrs`` holds its title, units and sources.

    A table is read and checked once for each version of its files: loading it again, as a
    notebook run twice does, gives a fresh copy of what was read, and an edited file is read
    again (and its previous version forgotten).
    """
    folder = folder or data_dir()
    key = _contents_key(name, folder)
    if key is not None:
        where, digest = key
        cached = _LOADED.get(where)
        if cached is not None and cached[0] == digest:
            return cached[1].copy()
        _LOADED.pop(where, None)
    table = _load_table(name, folder)
    if key is not None:
        _LOADED[where] = (digest, table.copy())
    return table


def _load_table(name: str, folder: Path) -> pd.DataFrame:
    table, resource, text = _read_csv(name, folder)
    table.attrs["name"] = name
    table.attrs["folder"] = str(folder)  # where its schema is, for the headers of a table shown
    table.attrs["title"] = resource.get("title", name)
    table.attrs["units"] = {
        f["name"]: f["unit"] for f in resource["schema"]["fields"] if "unit" in f
    }
    if "source_id" in table.columns:
        sources = table.set_index("source_id") if name == SOURCES_TABLE else load_sources(folder)
        known = table["source_id"].isin(sources.index) | table["source_id"].isna()
        if not known.all():
            record = int((~known).to_numpy().argmax())
            unknown = table["source_id"].iloc[record]
            others = sorted(set(table.loc[~known, "source_id"]) - {unknown})
            more = f" (nor are {', '.join(map(repr, others))})" if others else ""
            close = difflib.get_close_matches(unknown, list(sources.index), n=1)
            typo = f", perhaps {close[0]!r}" if close else ""
            sources_file = _shown(folder / describe(SOURCES_TABLE, folder)["path"])
            raise _error(
                f"{_shown(folder / resource['path'])}, line {_line_of(text, record)}, column "
                f"'source_id': {unknown!r} is not listed in {sources_file}{more}.",
                f"If it is a new source, add a row for it to {sources_file} (publisher, title, "
                "date, address, access date and an excerpt with the figure). If it is a typo, "
                f"correct the id{typo}.",
            )
        cited = list(dict.fromkeys(table["source_id"].dropna()))
        # Each row names the table that cites it, so that a source line can link the table's
        # entry in the data catalogue even after rows of several tables are put together.
        table.attrs["sources"] = CitedSources(
            SourceRow({"source_id": sid, **sources.loc[sid].dropna().to_dict(), "cited_in": name})
            for sid in cited
        )
    return table


class SourceRow(dict):
    """One cited source, its ``sources.csv`` row as a read-only dictionary.

    pandas deep-copies a table's ``attrs`` into every table or column derived from it; these
    rows, with their excerpts, made that most of the time a notebook spent on a filter or a
    sum. Being read-only, they are shared instead of copied.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> SourceRow:
        return self

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return SourceRow, (dict(self),)

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("a table's cited sources are read-only; edit data/sources.csv instead")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = _read_only  # type: ignore[assignment]


class CitedSources(tuple):
    """The sources a table cites (``attrs["sources"]``): :class:`SourceRow` s, shared between
    the tables derived from it; two tables' lists add up to one."""

    def __deepcopy__(self, memo: dict[int, Any]) -> CitedSources:
        return self

    def __add__(self, other: Any) -> CitedSources:
        return CitedSources((*self, *other))

    def __radd__(self, other: Any) -> CitedSources:
        return CitedSources((*other, *self))


def credit_of(source: dict[str, Any]) -> tuple[str, str]:
    """Whom to credit for a source, and its year: a mirror credits the work it copies."""
    if source.get("kind") == "mirror" and isinstance(source.get("original"), str):
        publisher, _, rest = source["original"].partition(": ")
        year = rest.rsplit("(", 1)[-1][:4]
        return publisher.split(" (")[0], year if year.isdigit() else ""
    return str(source["publisher"]).split(" (")[0], str(source.get("date", ""))[:4]


# In a notebook, a data error shows as its message alone, not a traceback (techstate.notebook).
from techstate.notebook import install_error_display  # noqa: E402  (needs DataError above)

install_error_display()
