"""The Content-Security-Policy each page carries (_ext/page_policy.py), on small made-up pages:
the policy names exactly the inline scripts a page runs, is placed once and first in the head,
and the page keeps working under it: no inline handler, no ``data:`` image."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import page_policy  # _ext/ is on sys.path (conftest.py)
from page_policy import (
    book_pages, inline_scripts, policy, protect, source_hash, with_policy, without_data_images,
    without_handlers, write_files,
)

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n not really a drawing").decode()
PNG_NAME = hashlib.sha256(base64.b64decode(PNG)).hexdigest()[:20] + ".png"
PAGE = f"""<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>A page</title>
  <script data-cfasync="false">
    document.documentElement.dataset.mode = localStorage.getItem("mode") || "auto";
  </script>
  <script src="_static/doctools.js"></script>
  <script>DOCUMENTATION_OPTIONS.pagename = 'intro';</script>
  <script type="application/json" class="techstate-exercise-data">{{"spec": 1}}</script>
  <style>.x {{ background: url(data:image/png;base64,{PNG}); }}</style>
  </head>
  <body>
    <button onclick="window.print()" class="btn btn-download-pdf-button" title="Print">PDF</button>
    <button class="btn" ONCLICK = 'toggleFullScreen()' data-x="onclick=&quot;no&quot;">Full</button>
    <picture><source media="(max-width: 720px)" srcset="data:image/png;base64,{PNG} 2x" />
      <img src="data:image/png;base64,{PNG}" alt="A chart"></picture>
    <script type="application/vnd.jupyter.widget-state+json">{{"value": "<img src=\\"data:image/png;base64,{PNG}\\">"}}</script>
    <p>Write data:image/png;base64,{PNG} in prose and it stays prose.</p>
    <script>let toggleHintShow = 'Click to show';</script>
    <script type="module">import("./x.mjs");</script>
  </body>
</html>
"""
RUN = [
    '\n    document.documentElement.dataset.mode = localStorage.getItem("mode") || "auto";\n  ',
    "DOCUMENTATION_OPTIONS.pagename = 'intro';",
    "let toggleHintShow = 'Click to show';",
    'import("./x.mjs");',
]


def _policy_tags(page: str) -> list[object]:
    soup = BeautifulSoup(page, "html.parser")
    return soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})


def _directives(text: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in text.split(";") if part.strip()}


def test_inline_scripts_are_the_ones_a_browser_runs() -> None:
    """Not a file's script, not a JSON data block: their text never runs."""
    assert inline_scripts(PAGE) == RUN


def test_a_script_is_named_by_the_hash_of_its_exact_text() -> None:
    """The digest a browser computes: SHA-256 of the UTF-8 text, base64, in quotes."""
    assert source_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    assert source_hash("alert(1)\r\n") == source_hash("alert(1)\n") != source_hash("alert(1) \n")
    assert source_hash("'中文'") == "'sha256-" + base64.b64encode(
        hashlib.sha256("'中文'".encode()).digest()).decode() + "'"


def test_the_policy_allows_the_pages_scripts_and_nothing_else() -> None:
    text = policy([*RUN, RUN[0]])
    directives = _directives(text)
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'", *map(source_hash, RUN)]
    assert "'unsafe-eval'" not in text and "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]
    for name in ("default-src", "img-src", "connect-src", "font-src", "form-action"):
        assert directives[name] == ["'self'"], name
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "frame-ancestors" not in directives  # a meta policy ignores it
    assert _directives(policy([]))["script-src"] == ["'self'", "'wasm-unsafe-eval'"]


def test_the_policy_comes_first_in_the_head_and_only_once() -> None:
    page = with_policy(PAGE)
    tags = _policy_tags(page)
    assert len(tags) == 1
    head = BeautifulSoup(page, "html.parser").head
    first = [child for child in head.children if getattr(child, "name", None)][:2]
    assert [tag.get("charset") or tag.get("http-equiv") for tag in first] == ["utf-8", "Content-Security-Policy"]
    assert _directives(tags[0]["content"])["script-src"][2:] == list(map(source_hash, RUN))
    assert with_policy(page) == page, "a page rewritten twice must keep one and the same policy"


def test_a_changed_script_gets_a_new_policy() -> None:
    """An incremental build rewrites a page: its new scripts replace the old policy's hashes."""
    page = with_policy(PAGE).replace("'Click to show'", "'Show'")
    again = with_policy(page)
    assert len(_policy_tags(again)) == 1
    hashes = _directives(_policy_tags(again)[0]["content"])["script-src"]
    assert source_hash("let toggleHintShow = 'Show';") in hashes
    assert source_hash(RUN[2]) not in hashes


def test_a_page_without_a_head_gets_the_policy_first() -> None:
    """The book's index.html is a single redirect tag; a meta before any content is in the head."""
    page = with_policy('<meta http-equiv="Refresh" content="0; url=intro.html" />\n')
    assert page.startswith('<meta http-equiv="Content-Security-Policy" content="default-src')
    assert page.endswith('<meta http-equiv="Refresh" content="0; url=intro.html" />\n')
    doctype = with_policy("<!DOCTYPE html>\n<p>Text</p>")
    assert doctype.startswith("<!DOCTYPE html>\n<meta http-equiv=\"Content-Security-Policy\"")


def test_the_themes_handlers_become_actions() -> None:
    page, dropped = without_handlers(PAGE)
    soup = BeautifulSoup(page, "html.parser")
    assert dropped == []
    assert [b.get("data-techstate-action") for b in soup.find_all("button")] == ["print", "fullscreen"]
    assert not [name for tag in soup.find_all(True) for name in tag.attrs if name.lower().startswith("on")]
    assert soup.find_all("button")[1]["data-x"] == 'onclick="no"', "a value that mentions onclick is kept"
    assert 'title="Print" data-techstate-action="print">PDF</button>' in page and without_handlers(page) == (page, [])


def test_any_other_handler_is_dropped_and_reported() -> None:
    page, dropped = without_handlers('<p>a</p><div id="x" onmouseover="steal()" class=y>b</div>')
    assert page == '<p>a</p><div id="x" class=y>b</div>'
    assert dropped == ['<div onmouseover="steal()">']


def test_data_images_move_to_files_beside_the_book() -> None:
    page, files = without_data_images(PAGE, "../")
    address = f"../_images/inline/{PNG_NAME}"
    assert files == {PNG_NAME: base64.b64decode(PNG)}
    soup = BeautifulSoup(page, "html.parser")
    assert soup.img["src"] == address and soup.source["srcset"] == f"{address} 2x"
    assert f"url({address})" in soup.style.string
    assert f'<img src=\\"{address}\\">' in page, "the widgets' saved HTML, inside its JSON"
    assert f"Write data:image/png;base64,{PNG} in prose" in page, "text is left as written"
    assert inline_scripts(page) == RUN, "inline scripts are left as written"
    assert without_data_images(page, "../") == (page, {})


def test_a_broken_data_uri_is_left_alone() -> None:
    page = '<img src="data:image/png;base64,abc" alt="x">'
    assert without_data_images(page, "") == (page, {})


def test_a_page_is_protected_once_whatever_the_passes(tmp_path: Path) -> None:
    page, files, dropped = protect(PAGE, "")
    assert protect(page, "") == (page, {}, [])
    assert dropped == [] and list(files) == [PNG_NAME]
    assert "data:image" not in page.split("<p>Write")[0] and "onclick" not in page.lower().replace(
        "onclick=&quot;", "")
    hashes = _directives(_policy_tags(page)[0]["content"])["script-src"]
    soup = BeautifulSoup(page, "html.parser")
    ran = [s.string or "" for s in soup.find_all("script")
           if not s.get("src") and s.get("type", "") in ("", "module")]
    assert [source_hash(text) for text in ran] == hashes[2:]
    assert write_files(tmp_path, files) == 1 and write_files(tmp_path, files) == 0
    assert (tmp_path / PNG_NAME).read_bytes() == base64.b64decode(PNG)


def test_only_the_books_pages_are_rewritten(tmp_path: Path) -> None:
    for name in ("index.html", "chapters/01.html", "_static/x.html", "_views/chapters/01/a/view-0.html",
                 "reference/glossary.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<p>x</p>", encoding="utf-8")
    found = [path.relative_to(tmp_path).as_posix() for path in book_pages(tmp_path)]
    assert found == ["chapters/01.html", "index.html", "reference/glossary.html"]


@pytest.mark.parametrize("code", list(page_policy.HANDLERS))
def test_every_known_handler_has_a_binding(code: str) -> None:
    """Each action the build writes is one that book_static/techstate-actions.js binds."""
    script = (Path(__file__).resolve().parent.parent / "book_static" / "techstate-actions.js").read_text()
    assert f"{page_policy.HANDLERS[code]}:" in script
