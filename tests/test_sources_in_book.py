"""The built chapters: every chart and every table is one click from its sources and from its
table's entry in the data catalogue, which has an anchor for every table and every source."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import DATA

pytestmark = pytest.mark.book

CATALOGUE = "../reference/data-catalogue.html"
# A chart of the toy model shows no data, and says so in its caption instead of citing sources.
# A table that pandas prints below the code that made it (a "Going further" solution, a look
# at a table's last rows) is shown with that code, which names its table; the others, made
# for readers by show_table, carry a source line.
MODEL_CAPTION = "Toy model with invented numbers"
MIN_CHARTS, MIN_TABLES = 20, 40  # across the chapters; a page of no charts proves nothing


def chapter_pages(built_html: Path) -> list[Path]:
    return sorted((built_html / "chapters").glob("*.html"))


def _source_line(element: Tag) -> Tag | None:
    """The source line of a chart (its figcaption) or of a table (its figure's figcaption)."""
    figure = element if element.name == "figure" else element.find_parent("figure", class_="techstate-table-figure")
    if figure is None:
        return None
    return figure.find("figcaption", class_="techstate-source", recursive=False)


def _problem(line: Tag | None) -> str | None:
    """What a source line lacks, or None if it links a source and the catalogue, with names."""
    if line is None:
        return "no source line"
    links = line.find_all("a")
    if any(not a.get_text(strip=True) for a in links):
        return "a link without a name"
    if not any(a.get("href", "").startswith(("https://", "http://")) for a in links):
        return "no link to a source"
    if not any(a.get("href", "").startswith(f"{CATALOGUE}#table-") for a in links):
        return "no link to the data catalogue"
    return None


def test_every_chart_and_table_of_the_chapters_links_its_sources_and_the_catalogue(built_html: Path) -> None:
    pages = chapter_pages(built_html)
    assert len(pages) >= 9
    charts = tables = models = 0
    problems = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article") or soup
        page_charts = article.find_all("figure", class_="techstate-chart")
        page_tables = article.find_all("table", class_="techstate-table")
        for raw in article.find_all("table", class_="dataframe"):
            if "techstate-table" not in raw.get("class", []):  # pandas' own output of a code cell
                cell = raw.find_parent(class_="cell")
                assert cell is not None and cell.find(class_="cell_input"), \
                    f"{page.name}: a table shown without its code, and without a source line"
        assert page_charts and page_tables, f"{page.name}: {len(page_charts)} charts, {len(page_tables)} tables"
        for element in [*page_charts, *page_tables]:
            line = _source_line(element)
            if element.name == "figure" and line is not None and MODEL_CAPTION in line.get_text():
                models += 1
                continue
            problem = _problem(line)
            if problem:
                caption = element.find(["figcaption", "caption"])
                problems.append(f"{page.name}: {problem}: {caption.get_text()[:80] if caption else str(element)[:80]}")
        charts += len(page_charts)
        tables += len(page_tables)
    assert problems == []
    assert charts - models >= MIN_CHARTS and tables >= MIN_TABLES and models <= 1, (charts, models, tables)


def test_the_wechat_chart_names_only_the_sources_of_its_four_bars(built_html: Path) -> None:
    soup = BeautifulSoup((built_html / "chapters/01-digital-dilemma.html").read_text(encoding="utf-8"), "html.parser")
    chart = next(f for f in soup.find_all("figure", class_="techstate-chart")
                 if "WeChat" in f.find("img")["alt"] and "monthly active users" in f.find("img")["alt"])
    links = [a["href"] for a in _source_line(chart).find_all("a") if a["href"].startswith("http")]
    assert len(links) == 4, links


def test_the_catalogue_has_an_anchor_for_every_table_and_every_source(built_html: Path) -> None:
    soup = BeautifulSoup((built_html / "reference/data-catalogue.html").read_text(encoding="utf-8"), "html.parser")
    ids = {element["id"] for element in soup.find_all(id=True)}
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    with (DATA / "sources.csv").open(encoding="utf-8") as sources:
        source_ids = [row["source_id"] for row in csv.DictReader(sources)]
    assert len(package["resources"]) >= 20 and len(source_ids) >= 300
    assert {f"table-{r['name']}" for r in package["resources"]} <= ids
    assert {f"source-{sid}" for sid in source_ids} - ids == set()


def test_every_catalogue_link_of_a_chapter_lands_on_an_entry(built_html: Path) -> None:
    catalogue = BeautifulSoup((built_html / "reference/data-catalogue.html").read_text(encoding="utf-8"), "html.parser")
    ids = {element["id"] for element in catalogue.find_all(id=True)}
    targets = set()
    for page in chapter_pages(built_html):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        targets |= {a["href"].split("#", 1)[1] for a in soup.find_all("a", href=True)
                    if a["href"].startswith(f"{CATALOGUE}#")}
    assert len(targets) >= 15 and targets <= ids, targets - ids
