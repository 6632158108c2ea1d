"""Where the figures come from, and data that cannot hurt a reader.

The source line of a chart or a table names only the sources of the rows it shows, links each
one and the table's entry in the data catalogue, and folds a long list without dropping any.
The loader refuses what the schema forbids (an address that is not a web address, an empty
required value, a line of commas), the catalogue escapes every field, and the table cache
keeps one version of each table.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import techstate.data
from techstate import DataError, bar_chart, cite, load_table, show_table
from techstate.catalogue import sources_html, table_card
from techstate.provenance import CATALOGUE, INLINE, SourceLine


CATALOGUE_LINK = f"{CATALOGUE}#table-"


def _links(markup: str) -> list[tuple[str, str]]:
    """Every link of ``markup``: (href, the text a screen reader announces)."""
    soup = BeautifulSoup(markup, "html.parser")
    return [(a.get("href", ""), a.get_text(" ", strip=True)) for a in soup.find_all("a")]


def _web_links(markup: str) -> set[str]:
    return {href for href, _ in _links(markup) if href.startswith(("http://", "https://"))}


def _synthetic(sources: list[dict], ids: list[str], name: str = "things") -> pd.DataFrame:
    """A table of one row per id in ``ids``, citing ``sources`` as load_table would attach them."""
    table = pd.DataFrame({"value": range(len(ids)), "source_id": ids})
    table.attrs.update(name=name, title=f"Table of {name}", sources=[
        {**source, "cited_in": name} for source in sources])
    return table


# --- A. The source line ---------------------------------------------------------------------

def test_the_wechat_chart_cites_its_four_bars_not_the_whole_cnnic_table() -> None:
    users, platforms = load_table("internet_users"), load_table("platform_users")
    dates = pd.to_datetime(["2018-06-30", "2018-12-31"])
    cnnic_bars = users[users["date"].isin(dates)]
    company_bars = platforms[platforms["metric"].eq("MAU") & (
        (platforms["platform"].eq("WeChat") & platforms["date"].eq("2018-09-30"))
        | (platforms["platform"].eq("Weibo") & platforms["date"].eq("2018-06")))]
    line = cite(cnnic_bars, company_bars)
    shown = [*cnnic_bars["source_id"], *company_bars["source_id"]]
    assert len(shown) == 4 and set(line.source_ids) == set(shown)
    urls = {s["source_id"]: s["url"] for s in [*users.attrs["sources"], *platforms.attrs["sources"]]}
    assert _web_links(line.html) == {urls[sid] for sid in shown}
    others = set(users["source_id"]) - set(shown)
    assert len(others) > 20 and not any(urls[sid] in line.html for sid in others)
    assert line.tables == ("internet_users", "platform_users")


def test_rows_that_match_nothing_credit_nothing_and_a_chart_refuses_them() -> None:
    users = load_table("internet_users")
    nothing = cite(users[users["date"].isin(["2018-06-30"])])  # a string never equals a date
    assert nothing.source_ids == () and nothing.html == "" and str(nothing) == ""
    with pytest.raises(ValueError, match="names no source"):
        bar_chart(["a"], [1], title="A", ylabel="n", alt="One bar.", source=nothing)
    assert "techstate-source" not in show_table(users.head(0), "No rows").html


def test_a_sum_that_lost_its_source_ids_is_refused() -> None:
    users = load_table("internet_users")
    by_date = users.groupby("date", as_index=False)["internet_users_m"].first()
    assert by_date.attrs.get("sources")  # pandas keeps the attrs, so the old line cited them all
    with pytest.raises(ValueError, match="source_id column"):
        cite(by_date)


def test_each_source_and_the_catalogue_entry_are_real_links_with_names() -> None:
    investors = load_table("unicom_investors")
    leak = investors[investors["report"] == "july-2017-leak"]
    line = cite(leak, note="Leaked amounts.")
    links = _links(line.html)
    assert all(text for _, text in links), links
    assert any(href.startswith("http") for href, _ in links)
    assert (f"{CATALOGUE_LINK}unicom_investors", "unicom_investors") in links
    assert line.text.startswith("Source") and line.text.endswith("Leaked amounts.")


def test_a_mirror_credits_its_original_and_links_it_where_it_can_be_read() -> None:
    mirror = {"source_id": "m", "publisher": "docslib.org", "kind": "mirror", "title": "Copy",
              "url": "https://docslib.org/copy", "date": "2023-01-01",
              "original": "Tencent Holdings Limited: Annual results (2018-03-21)",
              "original_url": "https://www.tencent.com/results"}
    unseen = {**mirror, "source_id": "u", "url": "https://docslib.org/other",
              "original": "Reuters: A report (2019-05-02)", "original_url": None}
    line = cite(_synthetic([mirror, unseen], ["m", "u"]))
    links = dict(_links(line.html))
    assert links["https://www.tencent.com/results"] == "Tencent Holdings Limited, 2018"
    assert links["https://docslib.org/other"] == "Reuters, 2019 (copy)"
    assert "https://docslib.org/copy" not in links and "docslib" not in line.text


def test_many_sources_fold_into_a_short_line_and_none_is_dropped() -> None:
    users = load_table("internet_users")
    line = cite(users, via="CNNIC Statistical Reports 22–49")
    soup = BeautifulSoup(line.html, "html.parser")
    summary = soup.find("details").find("summary").get_text()
    assert summary.startswith("CNNIC Statistical Reports 22–49, via ") and len(summary) < 80
    cited = list(dict.fromkeys(users["source_id"]))
    assert len(cited) > INLINE and len(soup.find("details").find_all("li")) == len(cited)
    assert len(_web_links(line.html)) == len(cited)
    few = cite(users.head(2))
    assert "<details" not in few.html and len(_web_links(few.html)) == 2


def test_a_hostile_source_is_escaped_and_never_a_live_link() -> None:
    hostile = {"source_id": "h", "publisher": "新华网 <b>Xinhua</b> & co", "kind": "press",
               "title": '"><script>alert(1)</script>', "url": "javascript:alert(1)", "date": "2018"}
    fine = {"source_id": "f", "publisher": "Reuters", "kind": "press", "title": "Fine",
            "url": "https://www.reuters.com/x?a=1&b=2", "date": "2019"}
    for ids in (["h", "f"], ["h", "f"] * 3 + ["f2", "f3", "f4"]):
        extra = [{**fine, "source_id": sid, "url": f"https://example.org/{sid}"} for sid in ("f2", "f3", "f4")]
        line = cite(_synthetic([hostile, fine, *extra], ids), note="<img src=x onerror=alert(1)> 微信")
        soup = BeautifulSoup(line.html, "html.parser")
        assert not soup.find_all(["script", "b", "img"]), line.html
        assert all(a["href"].startswith(("https://", "../")) for a in soup.find_all("a"))
        assert 'href="https://www.reuters.com/x?a=1&amp;b=2"' in line.html
        assert '<span lang="zh-Hans">新华网</span>' in line.html
        assert '<span lang="zh-Hans">微信</span>' in line.html and "&lt;img" in line.html


def test_adding_text_to_a_source_line_is_refused_rather_than_dropping_its_links() -> None:
    line = cite(load_table("telecom_profits"))
    with pytest.raises(TypeError, match="note="):
        line + " Orange bars are state-owned."  # noqa: B018
    assert isinstance(line, SourceLine) and str(line) == line.text


def test_charts_and_tables_carry_the_line_of_the_rows_they_show() -> None:
    investors = load_table("unicom_investors")
    final = investors[investors["report"] == "final"].dropna(subset=["stake_pct"]).head(3)
    chart = bar_chart(final["investor"].tolist(), final["stake_pct"].tolist(), title="Stakes",
                      ylabel="%", alt="Bars.", source=cite(final, note="Three investors."))
    caption = BeautifulSoup(chart.html, "html.parser").find("figcaption")
    assert caption and _web_links(str(caption)) == {
        s["url"] for s in investors.attrs["sources"] if s["source_id"] in set(final["source_id"])}
    assert f"{CATALOGUE_LINK}unicom_investors" in str(caption)
    table = show_table(final, "Three investors", ["investor", "stake_pct"]).html
    assert _web_links(table) == _web_links(str(caption))
    total = final.groupby("ownership", as_index=False)["stake_pct"].sum()
    assert "techstate-source" not in show_table(total).html  # no rows' ids: no line of its own
    assert _web_links(show_table(total, source=cite(final)).html) == _web_links(table)


# --- B. Data that cannot hurt a reader ------------------------------------------------------

def _rewrite(path: Path, change) -> None:
    """Rewrite a CSV file through ``change(rows)``, quoting as csv does."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _line_starting(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(start))


def _message(name: str, folder: Path) -> str:
    with pytest.raises(DataError) as info:
        load_table(name, folder=folder)
    return str(info.value)


@pytest.mark.parametrize("column, address", [
    ("url", "javascript:alert(document.cookie)"),
    ("url", "data:text/html,<script>alert(1)</script>"),
    ("original_url", "javascript:alert(1)"),
    ("original_url", "ftp://example.org/report.pdf"),
])
def test_an_address_that_is_not_a_web_address_is_refused(data_copy: Path, column: str, address: str) -> None:
    sources = data_copy / "sources.csv"
    header = sources.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    first = {}

    def damage(rows: list[list[str]]) -> None:
        row = next(r for r in rows[1:] if r[header.index("kind")] == "mirror")
        row[header.index(column)] = address
        first["id"] = row[0]

    _rewrite(sources, damage)
    message = _message("unicom_investors", data_copy)  # any table: each one reads its sources
    line = _line_starting(sources, first["id"] + ",")
    assert message.startswith(f"data/sources.csv, line {line}, column '{column}': ")
    assert "http:// or https://" in message and address[:20] in message


def test_format_uri_alone_refuses_a_non_web_address(data_copy: Path) -> None:
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    url = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "url")
    del url["constraints"]["pattern"]  # only `format: uri` is left to guard the column
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    _rewrite(data_copy / "sources.csv", lambda rows: rows[3].__setitem__(5, "javascript:alert(1)"))
    message = _message("sources", data_copy)
    assert message.startswith("data/sources.csv, line 4, column 'url': 'javascript:alert(1)' is not a web address")


def test_an_empty_required_value_names_its_line_and_column(data_copy: Path) -> None:
    path = data_copy / "unicom_investors.csv"
    _rewrite(path, lambda rows: rows[2].__setitem__(rows[0].index("ownership"), ""))
    message = _message("unicom_investors", data_copy)
    assert message.startswith("data/unicom_investors.csv, line 3, column 'ownership': the value is "
                              "empty, but every row needs one.")
    assert "git checkout -- data/unicom_investors.csv" in message


def test_a_line_of_only_commas_is_refused(data_copy: Path) -> None:
    path = data_copy / "digital_guangdong_shareholders.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    width = len(next(csv.reader([lines[0]])))
    lines.insert(2, "," * (width - 1))
    path.write_text("\n".join(lines), encoding="utf-8")
    message = _message("digital_guangdong_shareholders", data_copy)
    assert message.startswith("data/digital_guangdong_shareholders.csv, line 3, the line has no "
                              "values, only commas.")


def test_a_value_outside_the_schemas_list_is_refused(data_copy: Path) -> None:
    path = data_copy / "unicom_investors.csv"
    _rewrite(path, lambda rows: rows[4].__setitem__(rows[0].index("ownership"), "public"))
    message = _message("unicom_investors", data_copy)
    assert message.startswith("data/unicom_investors.csv, line 5, column 'ownership': 'public' is "
                              "not one of the allowed values")


def test_the_catalogue_escapes_every_field(data_copy: Path) -> None:
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "unicom_board")
    hostile = "<script>alert(1)</script>"
    resource.update(chapters=[hostile, 2], title=hostile, description=hostile)
    resource["schema"]["fields"][0].update(description=hostile, unit=hostile)
    package["licenses"][0]["title"] = hostile
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    card = table_card("unicom_board", folder=data_copy)
    assert "<script" not in card and card.count("&lt;script&gt;") >= 5


def test_the_catalogue_never_links_an_address_that_is_not_a_web_address() -> None:
    table = _synthetic([{"source_id": "h", "publisher": "P", "title": "T", "url": "javascript:alert(1)"}], ["h"])
    listed = sources_html(table)
    assert "“T”" in listed and "<a" not in listed


def test_the_table_cache_keeps_one_version_of_each_table(data_copy: Path) -> None:
    path = data_copy / "telecom_profits.csv"
    where = str(data_copy.resolve())

    def versions() -> int:
        return sum(1 for key in techstate.data._LOADED if where in key and "telecom_profits" in key)

    seen = set()
    for edit in range(4):
        _rewrite(path, lambda rows: rows[1].__setitem__(rows[0].index("net_profit_rmb_m"), str(600 + edit)))
        seen.add(float(load_table("telecom_profits", folder=data_copy)["net_profit_rmb_m"].iloc[0]))
        assert versions() == 1
    assert seen == {600.0, 601.0, 602.0, 603.0}
    load_table("telecom_profits", folder=data_copy)  # unchanged: read from the cache
    assert versions() == 1
