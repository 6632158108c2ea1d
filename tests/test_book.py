"""The built HTML book: strict build, every page present, accessible images, widget state,
nothing loaded from another host."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BUILD_LOG, ROOT, book_failure

pytestmark = pytest.mark.book

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
EXERCISE_PAGES = ["chapters/02-partnership", "exercises/02-partnership-exercises"]


def toc_files() -> list[str]:
    files = [TOC["root"]]
    for part in TOC.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files.extend(section["file"] for section in chapter.get("sections", []))
    return files


def pages(html_root: Path) -> list[Path]:
    return [p for p in html_root.rglob("*.html") if "_static" not in p.parts]


def test_strict_build_had_no_warnings() -> None:
    assert BUILD_LOG.is_file(), "make book writes _build/build.log; run it first"
    failure = book_failure()
    assert failure is None, f"The book could not be built:\n{failure}"
    text = BUILD_LOG.read_text(encoding="utf-8", errors="replace")
    assert "build succeeded" in text and "finished with problems" not in text
    sphinx_warnings = re.findall(r"^.*(?:^|: )WARNING: .*$", text, flags=re.MULTILINE)
    assert sphinx_warnings == []


def test_every_page_in_the_toc_exists(built_html: Path) -> None:
    for name in toc_files():
        assert (built_html / f"{Path(name).with_suffix('')}.html").is_file(), name


def test_every_image_has_alt_text(built_html: Path) -> None:
    for page in pages(built_html):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for img in soup.find_all("img"):
            assert img.get("alt", "").strip(), f"{page.relative_to(built_html)}: {str(img)[:120]}"


def test_exercise_pages_carry_widget_state_and_answers(built_html: Path) -> None:
    for name in EXERCISE_PAGES:
        text = (built_html / f"{name}.html").read_text(encoding="utf-8")
        assert 'type="application/vnd.jupyter.widget-state+json"' in text, name
        assert text.count("application/vnd.jupyter.widget-view+json") >= 3, name
        assert text.count('class="techstate-solution"') >= 3, name


def test_widget_state_is_saved_blank(built_html: Path) -> None:
    """The hidden checks reset every exercise, so the page shows no answer already filled in."""
    text = (built_html / "chapters/02-partnership.html").read_text(encoding="utf-8")
    assert "techstate-correct" not in text and "techstate-incorrect" not in text


def test_nothing_is_loaded_from_another_host(built_html: Path) -> None:
    for page in pages(built_html):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"),
                               ("iframe", "src"), ("source", "src")):
            for element in soup.find_all(tag):
                url = element.get(attribute, "")
                if tag == "link" and "stylesheet" not in element.get("rel", []) \
                        and "preload" not in element.get("rel", []) \
                        and "modulepreload" not in element.get("rel", []):
                    continue  # <link rel="canonical"> and the like load nothing
                host = urlparse(url).netloc
                assert not host, f"{page.relative_to(built_html)} loads {url}"


def test_widget_javascript_is_served_by_the_book(built_html: Path) -> None:
    assert (built_html / "_static" / "require.js").is_file()
    assert (built_html / "_static" / "widgets" / "embed-amd.js").is_file()
    fonts = built_html / "_static" / "@jupyter-widgets"
    assert list(fonts.glob("*.woff2")), "the widget fonts must sit where embed-amd.js asks for them"
    text = (built_html / "chapters/02-partnership.html").read_text(encoding="utf-8")
    assert "_static/widgets/embed-amd.js" in text and "cdn.jsdelivr" not in text


def test_catalogue_lists_every_table_with_a_working_download(built_html: Path) -> None:
    import json

    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    text = (built_html / "reference/data-catalogue.html").read_text(encoding="utf-8")
    for resource in package["resources"]:
        assert f'id="table-{resource["name"]}"' in text, resource["name"]
        assert (built_html / "data" / resource["path"]).is_file(), resource["path"]


def test_binder_launch_opens_jupyterlab_on_main(built_html: Path) -> None:
    text = (built_html / "chapters/02-partnership.html").read_text(encoding="utf-8")
    assert re.search(r"mybinder\.org/v2/gh/[^\"']+/main\?urlpath=lab/tree/chapters/02-partnership\.ipynb", text)
    assert "thebe" not in text.lower() or "thebe-launch" not in text
