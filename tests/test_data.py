"""The data package: valid Frictionless, every row sourced, every source openable."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from frictionless import validate

from techstate import load_table, table_names

from conftest import DATA, ROOT

PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {res["name"]: res for res in PACKAGE["resources"]}
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
NOTEBOOKS = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb"),
                    *ROOT.glob("reference/*.ipynb")])


def test_package_validates_with_foreign_keys() -> None:
    report = validate(DATA / "datapackage.json")
    problems = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, problems[:20]


def test_every_csv_in_data_is_described() -> None:
    described = {res["path"] for res in PACKAGE["resources"]}
    present = {path.name for path in DATA.glob("*.csv")}
    assert present == described


def test_every_data_table_points_to_sources() -> None:
    for name, resource in RESOURCES.items():
        if name == "sources":
            continue
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert "source_id" in fields, f"{name} has no source_id column"
        keys = resource["schema"].get("foreignKeys", [])
        assert any(k["reference"]["resource"] == "sources" for k in keys), name


def test_every_numeric_field_has_a_unit_and_every_resource_a_description() -> None:
    for name, resource in RESOURCES.items():
        assert resource.get("title") and resource.get("description"), name
        for field in resource["schema"]["fields"]:
            if field["type"] in {"number", "integer"}:
                assert field.get("unit"), f"{name}.{field['name']} has no unit"


def test_every_source_has_publisher_title_date_url_and_access_date() -> None:
    sources = load_table("sources")
    assert sources["source_id"].is_unique
    for row in sources.itertuples():
        assert row.publisher and row.title, row.source_id
        assert row.url.startswith(("http://", "https://")), row.source_id
        assert pd_isna(row.date) or PARTIAL_DATE.match(row.date), row.source_id
        assert not pd_isna(row.accessed), row.source_id


def pd_isna(value: object) -> bool:
    return bool(pd.isna(value))


def test_every_source_is_cited() -> None:
    """A source is cited by a row's source_id, or named in a row's note as a second witness."""
    cited: set[str] = set()
    notes = ""
    for name in table_names():
        if name != "sources":
            table = load_table(name)
            cited |= set(table["source_id"].dropna())
            if "note" in table.columns:
                notes += " ".join(table["note"].dropna())
    listed = set(load_table("sources")["source_id"])
    assert {s for s in listed - cited if s not in notes} == set(), "sources nobody cites"


def test_chapters_are_between_one_and_eight() -> None:
    for name, resource in RESOURCES.items():
        assert all(1 <= c <= 8 for c in resource.get("chapters", [])), name


def test_chinese_characters_survive_a_round_trip(tmp_path: Path) -> None:
    investors = load_table("unicom_investors")
    assert "中国人寿保险股份有限公司" in set(investors["subscribing_entity"].dropna())
    copy = tmp_path / "copy.csv"
    investors.to_csv(copy, index=False, encoding="utf-8")
    with open(copy, encoding="utf-8", newline="") as handle:
        assert "腾讯" in handle.read()
    for path in DATA.glob("*.csv"):
        raw = path.read_bytes()
        raw.decode("utf-8")  # raises if a file is not UTF-8
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} starts with a byte-order mark"


def test_csv_files_are_tidy_text() -> None:
    for path in DATA.glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        width = len(rows[0])
        assert all(len(row) == width for row in rows), path.name
        for row in rows[1:]:
            for cell in row:
                assert cell == cell.strip(), f"{path.name}: stray spaces in {cell!r}"


def _loaded_names(notebook: Path) -> set[str]:
    text = "".join(
        "".join(cell["source"]) for cell in json.loads(notebook.read_text())["cells"]
        if cell["cell_type"] == "code"
    )
    if "for name in table_names()" in text:
        return set(table_names())
    return set(re.findall(r"load_table\(\s*[\"']([a-z_]+)[\"']", text))


def test_every_table_is_used_by_a_notebook() -> None:
    used: set[str] = set()
    for notebook in NOTEBOOKS:
        used |= _loaded_names(notebook)
    assert set(table_names()) - used == set()


PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}


@pytest.mark.parametrize("name", sorted(n for n in RESOURCES if n != "sources"))
def test_partial_dates_state_their_precision(name: str) -> None:
    """A date known only to the month or year says so, in a precision column that agrees."""
    table = load_table(name)
    date_fields = [f["name"] for f in RESOURCES[name]["schema"]["fields"]
                   if f["name"].endswith("date") and f["type"] == "string"]
    for column in date_fields:
        dates = table[column].dropna()
        # date_precision belongs to the table's first date column; others have their own.
        shared = "date_precision" if column == date_fields[0] else None
        precision = next((c for c in (f"{column}_precision", shared) if c in table), None)
        if (dates.str.len() < 10).any():
            assert precision, f"{name}.{column} has partial dates but no precision column"
        if precision:
            stated = table.loc[dates.index, precision]
            implied = dates.str.len().map(PRECISION_BY_LENGTH)
            assert (stated == implied).all(), f"{name}.{column}: precision disagrees with the date"


CJK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff0-9A-Za-z（）()·、，\s+-]+$")
HAN = re.compile(r"[\u3400-\u9fff]")


def test_glossary_terms_are_complete_and_consistent() -> None:
    glossary = load_table("glossary")
    assert len(glossary) >= 40
    assert glossary["term_en"].is_unique and glossary["term_zh"].is_unique
    for row in glossary.itertuples():
        assert HAN.search(row.term_zh) and CJK.match(row.term_zh), row.term_en
        assert not HAN.search(row.pinyin) and re.search(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", row.pinyin), row.term_en
        assert row.definition and len(row.definition) >= 20, row.term_en
        assert 1 <= row.chapter <= 8, row.term_en


def test_every_event_has_a_source_and_a_chapter() -> None:
    events = load_table("events")
    sources = set(load_table("sources")["source_id"])
    assert len(events) >= 70 and events["event_id"].is_unique
    assert events["source_id"].isin(sources).all()
    assert events["chapter"].between(1, 8).all()
    assert set(events["chapter"]) == set(range(1, 9)), "every chapter has events on the timeline"
    assert (events["title"].str.len() <= 90).all()


def test_chapter_notebooks_use_tables_that_name_their_chapter() -> None:
    """A table loaded by chapter N's notebook lists N among its chapters."""
    for notebook in sorted(ROOT.glob("chapters/*.ipynb")):
        chapter = int(notebook.name[:2])
        for name in _loaded_names(notebook):
            assert chapter in RESOURCES[name].get("chapters", []), (notebook.name, name)


def _values(table: str, **where: str) -> pd.DataFrame:
    frame = load_table(table)
    for column, prefix in where.items():
        frame = frame[frame[column].astype(str).str.startswith(prefix)]
    return frame


def test_known_disagreements_are_kept_side_by_side() -> None:
    """Each conflict the book teaches keeps both figures, each with its own source."""
    weibo = _values("platform_users", platform="Weibo", date="2015-09", metric="MAU")
    assert set(weibo["users_m"]) >= {222, 227} and weibo["source_id"].nunique() >= 2
    restart = load_table("game_approvals")
    notes = " ".join(restart["note"].dropna()).lower()
    assert "19 dec" in notes or "2018-12-19" in notes or "december 19" in notes
    assert "29 dec" in notes or "2018-12-29" in notes or "december 29" in notes
    cleanup = _values("cleanup_campaigns", start_date="2019-01", measure="items deleted")
    cleanup = cleanup[cleanup["count"].isin([7100000, 700000000])]
    assert len(cleanup) == 2 and cleanup["source_id"].nunique() == 2
    davos = _values("quote_versions", speaker="Jack Ma")
    assert davos["wording"].nunique() >= 2 and davos["source_id"].nunique() >= 2
    unicom = _values("unicom_investors", investor="Tencent")
    assert set(unicom["report"]) == {"final", "july-2017-leak"}
    for frame in (weibo, cleanup):
        assert frame["note"].str.contains("conflict", case=False).all()


# Sites found carrying copied news among spam, or built for search engines: never a source.
SPAM_HOSTS = {
    "m.johnnytowncar.com", "my67778.com", "evenhosting.com", "news-bits.xyz", "xcomputer.website",
    "manageria.biz", "squidbusiness.fr", "bizbuildermike.com", "wowtip.org", "directus.gr",
    "values.fun", "pmldaily.com", "yuzhongnet.com", "qwxb.com.cn", "xfqyw.cn", "php.xlycwl.com",
    "dawenge.com", "geotrader.ru", "thequicksol.com", "ducksell.com", "5wangxiao.com", "caus.com",
    "sino-us.com", "pandaposts.com", "newscorner.com.pk", "txwb.com", "phperz.com", "reportify.ai",
    "investmentdata.com", "dmnsa.com", "luxurylaunches.com", "elb.amazonaws.com",
}
WEAK_KINDS = {"reference", "other"}


def _host(url: str) -> str:
    host = url.split("/")[2].lower()
    return host[4:] if host.startswith("www.") else host


def _row_sources(row: pd.Series, known: set[str]) -> set[str]:
    """The sources a row rests on: its own, and any source its note names as a second witness."""
    note = row.get("note")
    named = {sid for sid in known if isinstance(note, str) and sid in note}
    return {row["source_id"], *named} - {None}


def test_every_source_has_a_kind_and_every_mirror_names_its_original() -> None:
    sources = load_table("sources")
    kinds = set(RESOURCES["sources"]["schema"]["fields"][
        [f["name"] for f in RESOURCES["sources"]["schema"]["fields"]].index("kind")]["constraints"]["enum"])
    assert kinds == {"primary", "press", "specialist", "mirror", "reference", "other"}
    assert sources["kind"].isin(kinds).all(), sources.loc[~sources["kind"].isin(kinds), "source_id"].tolist()
    mirrors = sources[sources["kind"] == "mirror"]
    assert mirrors["original"].notna().all(), mirrors.loc[mirrors["original"].isna(), "source_id"].tolist()
    others = sources[sources["kind"] != "mirror"]
    assert others["original"].isna().all() and others["original_url"].isna().all(), "only mirrors have an original"


def test_one_source_per_address() -> None:
    sources = load_table("sources")
    repeated = sources[sources["url"].duplicated(keep=False)].sort_values("url")
    assert repeated.empty, repeated[["source_id", "url"]].to_string()


def test_no_source_sits_on_a_spam_or_seo_host() -> None:
    sources = load_table("sources")
    bad = [sid for sid, url in zip(sources["source_id"], sources["url"])
           if any(_host(url) == h or _host(url).endswith("." + h) for h in SPAM_HOSTS)]
    assert bad == []


def _weak_rows(tables: dict[str, pd.DataFrame], sources: pd.DataFrame) -> list[str]:
    """Rows all of whose sources are reference works or other weak kinds."""
    kinds = sources.set_index("source_id")["kind"]
    weak = []
    for name, table in tables.items():
        for index, row in table.iterrows():
            cited = _row_sources(row, set(kinds.index))
            if cited and set(kinds.reindex(list(cited)).dropna()) <= WEAK_KINDS:
                weak.append(f"{name} line {index + 2}: {sorted(cited)}")
    return weak


def test_no_row_rests_only_on_a_reference_work_or_other_weak_source() -> None:
    tables = {name: load_table(name) for name in table_names() if name != "sources"}
    assert _weak_rows(tables, load_table("sources")) == []


def test_the_weak_source_check_can_fail() -> None:
    """A row whose note names a press source passes; one resting on a wiki and a blog fails."""
    sources = pd.DataFrame({"source_id": ["wiki-x", "blog-y", "press-z"],
                            "kind": ["reference", "other", "press"]})
    table = pd.DataFrame({"source_id": ["wiki-x", "wiki-x"],
                          "note": ["also blog-y", "confirmed by press-z"]})
    assert _weak_rows({"t": table}, sources) == ["t line 2: ['blog-y', 'wiki-x']"]


def test_excerpts_are_quotations_not_labels() -> None:
    """An excerpt quotes the page; what a source copies is said in `original`, not in the excerpt."""
    label = re.compile(r"^(mirror|copy|syndication|rewrite|translation|summary|reprint)\b", re.IGNORECASE)
    sources = load_table("sources")
    assert sources["excerpt"].notna().all()
    assert [s for s, e in zip(sources["source_id"], sources["excerpt"]) if label.match(e)] == []
