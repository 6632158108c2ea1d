"""The built HTML book: strict build, every page present, accessible images, exercise forms and no widget manager,
nothing loaded from another host."""

from __future__ import annotations

import base64
import hashlib
import json
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


def test_exercise_pages_carry_forms_and_answers(built_html: Path) -> None:
    for name in EXERCISE_PAGES:
        text = (built_html / f"{name}.html").read_text(encoding="utf-8")
        assert text.count("<form ") >= 3 and text.count("data-techstate-exercise=") >= 3, name
        assert text.count('class="techstate-solution"') >= 3, name


def test_every_page_holds_a_form_for_each_exercise_of_the_answer_key(built_html: Path) -> None:
    """The answer key is built from the exercises' own entries; each page must show a form for
    every one of them, with its question as the legend and its inputs labelled."""
    key = BeautifulSoup((built_html / "reference/answer-key.html").read_text(encoding="utf-8"), "html.parser")
    listed: dict[str, int] = {}
    for heading in key.find_all("h2", id=re.compile(r"^key-")):
        page = heading.a["href"].split("#")[0]
        listed[page] = len(heading.find_next("table").find_all("tr", attrs={"data-exercise": True}))
    listed = {page.removeprefix("../"): count for page, count in listed.items()}
    served = sorted([*built_html.glob("chapters/*.html"), *built_html.glob("exercises/*.html")])
    assert set(listed) <= {page.relative_to(built_html).as_posix() for page in served}
    assert sum(listed.values()) >= 30 and len(listed) >= 15
    for path in served:
        page = path.relative_to(built_html).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        forms = soup.select("form[data-techstate-exercise]")
        assert len(forms) == listed.get(page, 0), (page, listed.get(page, 0), len(forms))
        for form in forms:
            assert form.legend and form.legend.get_text(strip=True), page
            assert form.find("button", type="submit").get_text(strip=True) == "Check"
            assert form.select_one("[data-techstate-feedback][role=status]") is not None
            for field in form.select("input[type=text], select"):
                assert form.find("label", attrs={"for": field["id"]}), (page, field)
            for radio in form.select("input[type=radio]"):
                assert radio.find_parent("label") and radio.find_parent("fieldset").legend, page


def test_no_page_carries_a_widget_manager_or_widget_state(built_html: Path) -> None:
    signs = ("widget-state+json", "widget-view+json", "require.js", "embed-amd", "html-manager",
             "techstate-widgets.js", "jupyter-widgets")
    for page in pages(built_html):
        text = page.read_text(encoding="utf-8")
        found = [sign for sign in signs if sign in text]
        assert found == [], f"{page.relative_to(built_html)} still carries {found}"
    assert not list((built_html / "_static").rglob("embed-amd.js"))
    assert not list((built_html / "_static").rglob("require.js"))


def test_no_widget_falls_back_to_its_text(built_html: Path) -> None:
    """A widget displayed without a form would show its Python text on the page."""
    for page in pages(built_html):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\b(VBox|HBox|Dropdown|Textarea|IntSlider)\(", text), page


def test_explorer_views_are_files_beside_the_page(built_html: Path) -> None:
    text = (built_html / "chapters/02-partnership.html").read_text(encoding="utf-8")
    assert "data-techstate-views=" not in text, "views left inside the page"
    indexes = re.findall(r'<script type="application/json" data-techstate-view-index="[0-9a-f]+">(.*?)</script>', text)
    assert indexes
    import json

    for index in indexes:
        views = json.loads(index)["views"]
        assert len(views) >= 2
        for address in views.values():
            assert not urlparse(address).scheme and not urlparse(address).netloc, address
            assert (built_html / "chapters" / address).resolve().is_file(), address


def test_the_checker_is_served_small_and_named_by_its_digest(built_html: Path) -> None:
    import gzip

    folders = list((built_html / "_static" / "checker").iterdir())
    assert len(folders) == 1 and re.fullmatch(r"[0-9a-f]{12}", folders[0].name)
    files = {path.name: path.read_bytes() for path in folders[0].iterdir()}
    assert {"pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
            "pyodide-lock.json", "answers.py"} == set(files)
    assert files["answers.py"] == (ROOT / "techstate" / "answers.py").read_bytes()
    full = (ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").stat().st_size
    assert len(files["python_stdlib.zip"]) < full / 3, "the standard library is not cut down"
    compressed = sum(len(gzip.compress(data, compresslevel=6)) for data in files.values())
    assert compressed <= 4_000_000, f"the checker is {compressed:,} bytes compressed"
    script = f'data-techstate-checker="checker/{folders[0].name}/"'
    assert script in (built_html / "chapters/02-partnership.html").read_text(encoding="utf-8")


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


def _head(page: Path) -> BeautifulSoup:
    text = page.read_text(encoding="utf-8")
    end = text.find("</head>")
    return BeautifulSoup(text if end < 0 else text[:end], "html.parser")


def test_no_script_blocks_the_first_paint(built_html: Path) -> None:
    """Scripts in the head are deferred."""
    for page in pages(built_html):
        for script in _head(page).find_all("script", src=True):
            src = script["src"]
            if "documentation_options.js" in src:
                continue  # a few hundred bytes that the inline scripts after it need at once
            assert script.has_attr("defer") or script.has_attr("async"), f"{page.name}: {src}"


def test_theme_icons_come_from_small_fonts(built_html: Path) -> None:
    """Font Awesome's 0.5 MB SVG script is gone; its web font, cut to the icons used, stays."""
    for page in pages(built_html):
        assert "fontawesome.js" not in page.read_text(encoding="utf-8"), page
    icons = built_html / "_static" / "icons"
    for name in ("fa-solid-900", "fa-regular-400", "fa-brands-400"):
        font = icons / f"{name}.woff"
        assert font.is_file() and font.stat().st_size < 20_000, font
    assert "url(icons/fa-solid-900.woff)" in (built_html / "_static" / "techstate.css").read_text()


def test_images_are_sized_files_loaded_lazily(built_html: Path) -> None:
    for page in pages(built_html):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for source in (soup.body or soup).find_all("source"):
            assert not source.get("srcset", "").startswith("data:"), f"{page.name}: an image inside the page"
        for img in (soup.body or soup).find_all("img"):
            assert not img["src"].startswith("data:"), f"{page.name}: an image inside the page"
            if "_images/" in img["src"]:  # every image file: sized, lazy, present
                assert img.get("loading") == "lazy", f"{page.name}: {img['src']}"
                assert img.get("width") and img.get("height"), f"{page.name}: {img['src']} has no size"
                assert (page.parent / img["src"]).resolve().is_file(), img["src"]


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


# What a reader must never see: a kernel's warnings, tracebacks and streams, or the build
# machine's folders.
BUILD_NOISE = re.compile(
    r"\b\w*(?:Warning|Error):\s|Traceback \(most recent call last\)|"
    r"(?:^|[\s\"'(])/(?:work|root|home|tmp|usr|opt|var)/\S+|site-packages|\.venv/|[A-Z]:\\\\Users\\\\",
    re.MULTILINE)


def noise_on(page: Path) -> list[str]:
    """Build output on a page: stream outputs, and warnings, tracebacks or paths in its text."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = [f"a {' '.join(div['class'])} output" for div in soup.select("div.output.stderr, div.output.traceback, div.output.error")]
    for element in soup(["script", "style", "template"]):
        element.decompose()
    text = soup.get_text(" ")
    found += [match.group().strip() for match in BUILD_NOISE.finditer(text)]
    return found


def test_no_page_shows_build_output(built_html: Path) -> None:
    checked = pages(built_html)
    assert len(checked) >= 25
    noisy = {str(page.relative_to(built_html)): found[:3] for page in checked if (found := noise_on(page))}
    assert noisy == {}, f"pages showing build output: {noisy}"


def test_build_output_is_found(tmp_path: Path) -> None:
    """The check above finds what matplotlib printed into chapter 4, and a path."""
    page = tmp_path / "page.html"
    page.write_text('<div class="cell_output docutils container"><div class="output stderr highlight-myst-ansi">'
                    "<pre>/work/main/techstate/charts.py:166: UserWarning: constrained_layout not applied"
                    "</pre></div></div><p>Tencent paid RMB 1 bn.</p>", encoding="utf-8")
    assert len(noise_on(page)) == 3
    page.write_text("<p>Read the KeyError: section in /root/notes.</p><p>Fine text, 3/4 of users.</p>",
                    encoding="utf-8")
    assert noise_on(page) == ["KeyError:", "/root/notes."]
    page.write_text("<p>Users (millions), 2018/19: the essay, 6 September 2018.</p>", encoding="utf-8")
    assert noise_on(page) == []


def test_every_chart_drawing_passed_the_layout_check(built_html: Path, capsys) -> None:
    """Every chart on a page or in an explorer view was measured, at both sizes, while it was drawn.

    ``techstate.charts.render`` refuses a drawing whose text overlaps, leaves the figure, lies
    under its legend or is too small (``techstate.chart_layout``), and marks the figure with the
    drawings that passed; the build draws both for the static page.
    """
    files = [*pages(built_html), *(built_html / "_views").rglob("*.html")]
    figures = []
    for path in files:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        figures += [(path, figure) for figure in soup.select("figure.techstate-chart")]
    unchecked = [f"{path.relative_to(built_html)}: {figure.img.get('alt', '')[:60]}"
                 for path, figure in figures if figure.get("data-layout-checked") != "laptop phone"]
    assert len(figures) >= 140, f"only {len(figures)} charts found in the built book"
    assert unchecked == [], f"charts drawn without both layout checks: {unchecked[:5]}"
    with capsys.disabled():
        print(f"\nchart layout: {2 * len(figures)} drawings checked ({len(figures)} charts, laptop and phone)")


# Pages for readers who do not program: no code outside "Going further", tables in words.

READER_PAGES = sorted([*(ROOT / "chapters").glob("*.ipynb"), *(ROOT / "exercises").glob("*.ipynb")])
CODE = "div.cell_input, .highlight-ipython3, details.hide, .toggle-details"
SCHEMA_NAMES = {field["name"] for resource in json.loads((ROOT / "data" / "datapackage.json")
                .read_text(encoding="utf-8"))["resources"] for field in resource["schema"]["fields"]}
IDENTIFIER = re.compile(r"\b[a-z0-9]+(_[a-z0-9]+)+\b")  # snake_case, anywhere in a header


def _in_going_further(element: object) -> bool:
    for section in element.find_parents("section"):
        heading = section.find(re.compile(r"^h[1-6]$"))
        if heading is not None and heading.get_text(" ", strip=True).startswith("Going further"):
            return True
    return False


def code_outside_going_further(soup: BeautifulSoup) -> list[str]:
    """Every code source or code toggle on a page that is not in a *Going further* section."""
    found = [element for element in soup.select(CODE) if not _in_going_further(element)]
    found += [summary for summary in soup.find_all("summary")
              if "Show code cell" in summary.get_text() and not _in_going_further(summary)]
    return [element.get_text(" ", strip=True)[:60] or str(element)[:60] for element in found]


def table_problems(soup: BeautifulSoup) -> list[str]:
    """Headers that are raw column names, pandas index columns, long numbers without separators."""
    problems = []
    for table in soup.find_all("table"):
        if _in_going_further(table):
            continue  # the reader's own pandas: its output looks as pandas prints it
        if table.get("border") is not None:
            problems.append("a table printed by pandas (border=1): " + table.get_text(" ", strip=True)[:60])
        for th in table.select("thead th"):
            text = th.get_text(" ", strip=True)
            if not text:
                problems.append("an empty header, as a pandas index leaves")
            elif text in SCHEMA_NAMES or IDENTIFIER.search(text):
                problems.append(f"the header {text!r} is a column name, not a title")
        for td in table.select("td, tbody th"):
            if re.fullmatch(r"-?\d{5,}(\.\d+)?", td.get_text(strip=True)):
                problems.append(f"{td.get_text(strip=True)} has no thousands separators")
    return problems


def test_the_page_checks_can_fail() -> None:
    page = BeautifulSoup("""<section><h2>What the firms gain</h2>
      <div class="cell"><div class="cell_input"><pre>revenue.tail()</pre></div></div>
      <details class="hide above-input"><summary>Show code cell source</summary></details>
      <table border="1" class="dataframe"><thead><tr><th></th><th>users_m</th><th>date</th></tr></thead>
      <tbody><tr><th>0</th><td>700000000</td><td>2018</td></tr></tbody></table></section>
      <section><h2>Going further: margins</h2><div class="cell_input">margins</div>
      <table border="1"><thead><tr><th>users_m</th></tr></thead></table></section>""", "html.parser")
    assert len(code_outside_going_further(page)) == 3  # the source, its toggle and its summary
    problems = table_problems(page)
    assert any("border=1" in p for p in problems) and any("empty header" in p for p in problems)
    assert any("'users_m'" in p for p in problems) and any("'date'" in p for p in problems)
    assert any("700000000" in p for p in problems) and len(problems) == 5


@pytest.mark.parametrize("notebook", READER_PAGES, ids=lambda p: p.stem)
def test_chapter_pages_show_no_code_outside_going_further(built_html: Path, notebook: Path) -> None:
    page = built_html / notebook.parent.name / f"{notebook.stem}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert code_outside_going_further(soup) == []
    # Not an empty page: its outputs (tables, charts, exercises) are all there ...
    outputs = soup.select("div.cell_output")
    assert len(outputs) >= 4, f"only {len(outputs)} outputs"
    assert soup.select("figure.techstate-chart, table") and soup.select(".techstate-solution")
    # ... and a Going further section still shows its code: the task's cell and its solution.
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    has_going_further = any(line.startswith("## Going further") for cell in cells
                            if cell["cell_type"] == "markdown" for line in "".join(cell["source"]).splitlines())
    further = [s for s in soup.find_all("section") if (h := s.find(re.compile(r"^h[1-6]$")))
               and h.get_text(" ", strip=True).startswith("Going further")]
    if has_going_further:
        assert further and len(further[0].select("div.cell_input")) >= 2
        assert "Your code here" in further[0].get_text()


@pytest.mark.parametrize("notebook", READER_PAGES, ids=lambda p: p.stem)
def test_tables_speak_the_readers_language(built_html: Path, notebook: Path) -> None:
    page = built_html / notebook.parent.name / f"{notebook.stem}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert table_problems(soup) == []


def test_no_page_carries_an_editors_remark(built_html: Path) -> None:
    for page in pages(built_html):
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        for remark in ("not in the text read", "not shown in the text read", "as given in the page address"):
            assert remark not in text, f"{page.relative_to(built_html)}: {remark}"


# The Content-Security-Policy of every page (_ext/page_policy.py), read from the built files.

POLICY = {"http-equiv": "Content-Security-Policy"}
REQUIRED_DIRECTIVES = {
    "default-src": ["'self'"], "img-src": ["'self'"], "connect-src": ["'self'"], "font-src": ["'self'"],
    "object-src": ["'none'"], "base-uri": ["'self'"], "form-action": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
}
DATA_BLOCK = re.compile(r"^(?!module$|importmap$|speculationrules$)(?!(text|application)/(x-)?(java|ecma)script)\S+$")


def _book_pages(html_root: Path) -> list[Path]:
    """The pages a reader opens (explorer views are shown inside their page, under its policy)."""
    return [p for p in pages(html_root) if "_views" not in p.relative_to(html_root).parts]


def _directives(content: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in content.split(";") if part.strip()}


def policy_problems(text: str) -> list[str]:
    """What is wrong with a page's policy: missing, repeated, late, too lax, or blind to one of
    the page's inline scripts."""
    soup = BeautifulSoup(text, "html.parser")
    tags = soup.find_all("meta", attrs=POLICY)
    if len(tags) != 1:
        return [f"{len(tags)} policy tags"]
    problems = []
    meta = tags[0]
    if meta.parent.name not in ("head", "[document]"):
        problems.append(f"the policy sits in <{meta.parent.name}>, where browsers ignore it")
    earlier = [tag.name for tag in meta.find_all_previous(["script", "link", "style", "base"])]
    if earlier:
        problems.append(f"the policy comes after {earlier}, which it therefore does not govern")
    directives = _directives(meta["content"])
    for name, sources in REQUIRED_DIRECTIVES.items():
        if directives.get(name) != sources:
            problems.append(f"{name} is {directives.get(name)}, not {sources}")
    script_src = directives.get("script-src", [])
    if script_src[:2] != ["'self'", "'wasm-unsafe-eval'"] or any(
            not source.startswith("'sha256-") for source in script_src[2:]):
        problems.append(f"script-src allows more than the book's files and hashes: {script_src}")
    if "unsafe-eval'" in meta["content"].replace("'wasm-unsafe-eval'", ""):
        problems.append("the policy allows 'unsafe-eval'")
    for script in soup.find_all("script"):
        kind = script.get("type", "").strip().lower()
        if script.has_attr("src") or DATA_BLOCK.match(kind):
            continue  # a file, which 'self' allows, or a data block, which never runs
        digest = base64.b64encode(hashlib.sha256((script.string or "").encode("utf-8")).digest()).decode()
        if f"'sha256-{digest}'" not in script_src:
            problems.append(f"an inline script the policy does not allow: {(script.string or '')[:60]!r}")
    return problems


def blocked_markup(text: str) -> list[str]:
    """Markup the policy refuses: inline handlers (on…=) and data: images in attributes."""
    soup = BeautifulSoup(text, "html.parser")
    found = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}={value[:40]!r}>")
            elif "data:" in value and name in ("src", "srcset", "href", "poster", "style"):
                found.append(f"<{element.name} {name}={value[:40]!r}>")
    return found


def test_every_page_carries_one_policy_that_allows_only_its_own_scripts(built_html: Path) -> None:
    checked = _book_pages(built_html)
    assert len(checked) >= 25
    wrong = {str(page.relative_to(built_html)): found for page in checked
             if (found := policy_problems(page.read_text(encoding="utf-8")))}
    assert wrong == {}, f"pages whose policy is wrong: {wrong}"


def test_no_page_holds_markup_that_its_policy_refuses(built_html: Path) -> None:
    """Pages and the explorer views they show: no on… handler, no data: image in an attribute."""
    found = {str(page.relative_to(built_html)): problems for page in pages(built_html)
             if (problems := blocked_markup(page.read_text(encoding="utf-8")))}
    assert found == {}, f"markup the policy refuses: {found}"


def test_inline_images_are_files_beside_the_book(built_html: Path) -> None:
    """Each drawing once moved out of a page (_images/inline/) is there for every page naming it."""
    for page in _book_pages(built_html):
        text = page.read_text(encoding="utf-8")
        for name in re.findall(r"_images/inline/([0-9a-f]{20}\.(?:png|jpg|gif|webp|svg))", text):
            assert (built_html / "_images" / "inline" / name).is_file(), f"{page.name}: {name}"


def test_the_policy_checks_can_fail() -> None:
    good_script = "let a = 1;"
    digest = base64.b64encode(hashlib.sha256(good_script.encode()).digest()).decode()
    lax = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' 'sha256-" + digest + "'; "
           "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
           "object-src 'none'; base-uri 'self'; form-action 'self'")
    page = (f'<html><head><meta charset="utf-8"><link rel="stylesheet" href="a.css">'
            f'<meta http-equiv="Content-Security-Policy" content="{lax}">'
            f"<script>{good_script}</script><script>let b = 2;</script>"
            '<script type="application/json">{}</script></head>'
            '<body><button onclick="window.print()">Print</button>'
            '<img src="data:image/png;base64,AAAA" alt="x"></body></html>')
    problems = policy_problems(page)
    assert any("comes after ['link']" in p for p in problems)
    assert any(p.startswith("img-src") for p in problems)
    assert any("script-src allows more" in p for p in problems)
    assert "the policy allows 'unsafe-eval'" in problems
    assert [p for p in problems if p.startswith("an inline script")] == [
        "an inline script the policy does not allow: 'let b = 2;'"]
    assert len(problems) == 5
    assert policy_problems(page.replace('<meta http-equiv="Content-Security-Policy"', "<meta")) == [
        "0 policy tags"]
    assert blocked_markup(page) == ["<button onclick='window.print()'>", "<img src='data:image/png;base64,AAAA'>"]
