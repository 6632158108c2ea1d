"""`make bench`: measure the book against its budgets and write _build/bench.md.

In one run, on this machine: clean and incremental builds of a copy of the sources
(tools/measure_build.py), every notebook run alone and on a warm kernel, `make test`,
Lighthouse (mobile) three times on every page and on Jupyter Book's starter book built
beside ours, axe-core on every page (tools/measure_pages.py), the
static-page answer checker (tools/bench_checker.py) and the library's own timings. The
report gives the machine, the median of each figure, each Lighthouse figure as a ratio to
the starter book's (absolute figures drift with the machine; ratios much less), and every
budget as met or not, with the measured figure. Raw Lighthouse reports stay in
_build/bench/lighthouse/.

    python tools/bench.py [--runs 3] [--test-runs 1] [--pages-only]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure_build  # noqa: E402
import measure_pages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)
WORK = ROOT / "_build" / "bench"
REPORT = ROOT / "_build" / "bench.md"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REPEAT = 5
NOTEBOOK_REPEAT = 3
STARTER_PAGES = {"landing": "intro.html", "notebooks": "notebooks.html"}
BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "page_bytes": 1_000_000,
          "build_ratio": 1.2, "prose_edit_s": 5.0, "notebook_s": 3.0, "make_test_s": 360.0,
          "near_verdict_s": {"laptop": 1.0, "phone": 2.0}, "cold_verdict_phone_s": 8.0,
          "checker_bytes": 4_000_000}


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def median_seconds(action, repeat: int) -> float:
    """Median wall-clock seconds of ``action()`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    return (done.stdout or done.stderr).strip().splitlines()[-1] if (done.stdout or done.stderr) else "?"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").is_file() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").is_file() else ""
    memory = re.search(r"MemTotal:\s*(\d+) kB", meminfo)
    release = Path("/etc/os-release").read_text() if Path("/etc/os-release").is_file() else ""
    pretty = re.search(r'PRETTY_NAME="([^"]+)"', release)
    from importlib.metadata import version

    return {
        "CPU": model.group(1) if model else platform.processor(),
        "cores available": str(len(os.sched_getaffinity(0))),
        "memory": f"{int(memory.group(1)) / 2**20:.1f} GiB" if memory else "?",
        "system": f"{pretty.group(1) if pretty else platform.platform()}, kernel {platform.release()}",
        "load average at start (1, 5, 15 min)": ", ".join(f"{x:.1f}" for x in os.getloadavg()),
        "Python": platform.python_version(),
        "Node.js": _version(["node", "--version"]),
        "Chromium": _version([measure_pages.CHROMIUM, "--version"]),
        "Lighthouse": _version([str(LIGHTHOUSE), "--version"]),
        "axe-core": json.loads((AXE.parent / "package.json").read_text())["version"] if AXE.is_file() else "?",
        "jupyter-book": version("jupyter-book"),
        "sphinx-book-theme": version("sphinx-book-theme"),
    }


def book_pages(html: Path) -> list[str]:
    """Every page of the built book, landing page first (index.html only redirects to it)."""
    names = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                   if "_static" not in p.relative_to(html).parts and p.name != "index.html"
                   and not p.relative_to(html).parts[0].startswith("_"))
    first = [n for n in names if n == "intro.html"]
    return first + [n for n in names if n not in first]


def build_starter(work: Path) -> Path:
    """Jupyter Book's own template (`jupyter-book create`), built with the same environment."""
    book = work / "starter"
    shutil.rmtree(book, ignore_errors=True)
    jb = str(VENV / "bin" / "jupyter-book")
    subprocess.run([jb, "create", str(book)], check=True, capture_output=True, timeout=120)
    subprocess.run([jb, "build", str(book)], check=True, capture_output=True, timeout=900)
    return book / "_build" / "html"


def page_scripts_report(html: Path) -> tuple[bool, str, list[str]]:
    """Does any page carry a widget manager or its state, and is every head script non-blocking?"""
    problems, form_pages = [], []
    for name in book_pages(html):
        text = (html / name).read_text(encoding="utf-8")
        head = text[: text.find("</head>")]
        if "data-techstate-exercise=" in text:
            form_pages.append(name)
        if re.search(r"widget-state\+json|widget-view\+json|require\.js|embed-amd\.js", text):
            problems.append(f"{name} carries the widget manager or widget state")
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head):
            src = re.search(r'\bsrc="([^"]*)"', tag).group(1)
            if "documentation_options.js" in src:
                continue  # a few hundred bytes that the inline scripts after it need at once
            if not re.search(r"\b(defer|async)\b", tag):
                problems.append(f"{name}: render-blocking {src}")
    return not problems, f"{len(form_pages)} pages with exercise forms, none with a widget manager", problems


def on_demand_bytes(html: Path) -> dict[str, int]:
    """Compressed bytes that load only near an exercise: the answer checker."""
    import bench_checker

    worker = [path for path in [html / "_static" / "techstate-checker.js"] if path.is_file()]
    _raw, packed = bench_checker.file_bytes([*bench_checker.checker_files(html), *worker])
    return {"answer checker (Pyodide core, cut-down standard library, answers.py)": packed}


def measure_lighthouse(ours: Path, starter: Path | None, runs: int) -> dict[str, measure_pages.PageFigures]:
    out = WORK / "lighthouse"
    out.mkdir(parents=True, exist_ok=True)
    figures: dict[str, measure_pages.PageFigures] = {}
    pages = book_pages(ours)
    with measure_pages.served(ours) as base, \
            measure_pages.served(starter if starter else ours) as starter_base:
        for run in range(1, runs + 1):
            targets = [(f"starter {label}", f"{starter_base}/{page}") for label, page in
                       STARTER_PAGES.items()] if starter else []
            targets += [(page, f"{base}/{page}") for page in pages]
            for label, url in targets:
                name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
                figures.setdefault(label, measure_pages.PageFigures()).runs.append(
                    measure_pages.lighthouse(LIGHTHOUSE, url, out / f"{name}-{run}.json"))
            say(f"Lighthouse run {run}/{runs} done ({len(targets)} pages)")
    return figures


# ----------------------------------------------------------------------------- report

def _s(seconds: float) -> str:
    return f"{seconds / 1000:.1f} s" if seconds >= 1000 else f"{seconds:.0f} ms"


def _ratio(ours: float, theirs: float, digits: int = 2) -> str:
    return f"{ours / theirs:.{digits}f}" if theirs else "—"


def lighthouse_table(figures: dict[str, measure_pages.PageFigures], runs: int) -> list[str]:
    lines = [
        f"Median of {runs} runs each; mobile form factor, Lighthouse's simulated throttling "
        "(slow 4G, 4× CPU slowdown); gzip. *Ratio* divides our median by the starter's notebooks "
        "page (our landing page: by the starter's landing page): performance score, first "
        "contentful paint, total blocking time, bytes.",
        "",
        "| page | perf / a11y / best practices | FCP | LCP | TBT | CLS | speed index | bytes | DOM elements "
        "| ratio: perf, FCP, TBT, bytes |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, fig in figures.items():
        base = figures.get("starter landing" if label == "intro.html" else "starter notebooks")
        ratio = "—" if base is None or label.startswith("starter") else ", ".join([
            _ratio(fig.median("performance"), base.median("performance")),
            _ratio(fig.median("fcp_ms"), base.median("fcp_ms")),
            _ratio(fig.median("tbt_ms"), base.median("tbt_ms")),
            _ratio(fig.median("bytes"), base.median("bytes"))])
        lines.append(
            f"| {label} | {fig.median('performance'):.0f} / {fig.median('accessibility'):.0f} / "
            f"{fig.median('best-practices'):.0f} | {_s(fig.median('fcp_ms'))} | {_s(fig.median('lcp_ms'))} | "
            f"{fig.median('tbt_ms'):.0f} ms | {fig.median('cls'):.3f} | {_s(fig.median('si_ms'))} | "
            f"{fig.median('bytes') / 1024:,.0f} KiB | {fig.median('dom'):,.0f} | {ratio} |")
    return lines


def why_slow(fig: measure_pages.PageFigures) -> str:
    """The metrics that cost a page its performance score, and its longest main-thread task."""
    parts = [f"FCP {_s(fig.median('fcp_ms'))}", f"LCP {_s(fig.median('lcp_ms'))}",
             f"TBT {fig.median('tbt_ms'):.0f} ms", f"CLS {fig.median('cls'):.2f}"]
    tasks = sorted((t for run in fig.runs for t in run.long_tasks), key=lambda t: -t[1])
    if tasks:
        parts.append(f"longest task {tasks[0][1]:.0f} ms ({tasks[0][0].rsplit('/', 1)[-1] or 'page'})")
    return ", ".join(parts)


def budgets(figures, axe_results, scripts, build, page_bytes) -> list[tuple[str, str, str, bool]]:
    """(budget, target, measured, met) for every budget of the issue."""
    ours = {k: v for k, v in figures.items() if not k.startswith("starter")}
    rows = []
    for key, label in (("performance", "Lighthouse performance, every page"),
                       ("accessibility", "Lighthouse accessibility, every page"),
                       ("best-practices", "Lighthouse best practices, every page")):
        below = {p: f for p, f in ours.items() if f.median(key) < BUDGET[key]}
        worst = min(ours, key=lambda p: ours[p].median(key)) if ours else "-"
        measured = f"lowest {ours[worst].median(key):.0f} ({worst})" if ours else "not measured"
        if below:
            reasons = []
            for page, fig in below.items():
                if key == "performance":
                    reasons.append(f"{page} {fig.median(key):.0f}: {why_slow(fig)}")
                else:
                    audits = sorted({a for run in fig.runs for a in run.failed_audits})
                    reasons.append(f"{page} {fig.median(key):.0f}: fails {', '.join(audits)}")
            measured += "; " + "; ".join(reasons)
        rows.append((label, f"≥ {BUDGET[key]}" if key == "performance" else "100", measured, not below and bool(ours)))
    violations = [f"{page} ({view}): {v}" for page, views in axe_results.items()
                  for view, found in views.items() if not view.endswith("errors") for v in found]
    rows.append(("axe-core, every page, phone and laptop", "no violation",
                 "none" if not violations else "; ".join(violations), not violations and bool(axe_results)))
    runs = [run for fig in ours.values() for run in fig.runs]
    errors = sorted({e for run in runs for e in run.console_errors} |
                    {e for views in axe_results.values() for k, es in views.items() if k.endswith("errors") for e in es})
    missing = sorted({u for run in runs for u in run.not_found})
    other = sorted({u for run in runs for u in run.other_hosts})
    rows.append(("no page or console error, no 404, no request to another host", "none",
                 f"{len(errors)} errors, {len(missing)} not found, {len(other)} other-host requests"
                 + ("" if not (errors or missing or other) else ": " + "; ".join([*errors, *missing, *other])[:600]),
                 bool(runs) and not (errors or missing or other)))
    if page_bytes:
        worst = max(page_bytes, key=page_bytes.get)
        rows.append(("chapter and workbook pages, bytes before any interaction", "≤ 1.0 MB",
                     f"largest {page_bytes[worst] / 1e6:.2f} MB ({worst})", page_bytes[worst] <= BUDGET["page_bytes"]))
    ok, summary, problems = scripts
    rows.append(("no widget manager or widget state on any page; no script blocks the first paint", "yes",
                 summary if ok else "; ".join(problems), ok))
    if build is None:
        return rows
    clean = statistics.median(b.seconds for b in build.clean)
    floor = statistics.median(sum(run.values()) for run in build.floor)
    ratios = [b.seconds / sum(f.values()) for b, f in zip(build.clean, build.floor)]
    ratio = statistics.median(ratios)
    rows.append(("clean build ≤ 1.2 × floor (each notebook executed alone, summed)", "≤ 1.2",
                 f"{ratio:.2f} (median of the runs' ratios; medians {clean:.1f} s / {floor:.1f} s)",
                 ratio <= BUDGET["build_ratio"]))
    prose = statistics.median(b.seconds for b in build.prose_edit)
    executed = sorted({n for b in build.prose_edit for n in b.executed})
    prose_cpu = statistics.median(b.cpu for b in build.prose_edit)
    rows.append(("prose edit: rebuild time, notebooks executed", "< 5 s, none",
                 f"{prose:.1f} s ({prose_cpu:.1f} s of CPU), {len(executed)} executed"
                 f"{': ' + ', '.join(executed) if executed else ''}",
                 prose < BUDGET["prose_edit_s"] and not executed))
    wrong = [(nb, b.executed) for nb, b in build.notebook_edit if b.executed != [nb]]
    nb_time = statistics.median(b.seconds for _, b in build.notebook_edit)
    rows.append(("edit to one notebook executes only that one", "that one",
                 f"{build.notebook_edit[0][0]}: " + ("only it" if not wrong else f"executed {wrong[0][1]}")
                 + f", rebuilt in {nb_time:.1f} s", not wrong))
    warm = {nb: statistics.median(v) for nb, v in build.warm_run.items() if v}
    slow = {nb: s for nb, s in warm.items() if s >= BUDGET["notebook_s"]}
    rows.append(("every notebook, top to bottom, warm kernel", "< 3 s",
                 (f"slowest {max(warm.values()):.1f} s ({max(warm, key=warm.get)})" if warm else "not measured")
                 + ("; " + "; ".join(build.problems) if build.problems else "")
                 + ("; over budget: " + ", ".join(f"{nb} {s:.1f} s" for nb, s in slow.items()) if slow else ""),
                 not slow and not build.problems))
    if build.make_test:
        seconds = statistics.median(t for t, _, _ in build.make_test)
        passed = all(ok for _, ok, _ in build.make_test)
        rows.append(("`make test` from a clean tree (book build included, installs excluded)", "< 6 min",
                     f"{seconds / 60:.1f} min, {'passed' if passed else 'FAILED'}",
                     seconds < BUDGET["make_test_s"] and passed))
    return rows


def build_section(build) -> list[str]:
    clean = [b.seconds for b in build.clean]
    lines = ["| figure | median | runs |", "|---|---|---|",
             f"| clean build (`make book`, empty `_build`) | {statistics.median(clean):.1f} s | "
             + ", ".join(f"{b.seconds:.1f} ({b.cpu:.0f} s CPU)" for b in build.clean) + " |",
             f"| floor: each notebook executed alone (`jupyter execute`), summed | "
             f"{statistics.median(sum(r.values()) for r in build.floor):.1f} s | "
             + ", ".join(f"{sum(r.values()):.1f}" for r in build.floor) + " |"]
    for nb in build.floor[0]:
        values = [r[nb] for r in build.floor]
        lines.append(f"| &nbsp;&nbsp;{nb} alone | {statistics.median(values):.1f} s | "
                     + ", ".join(f"{v:.1f}" for v in values) + " |")
    for nb, values in build.warm_run.items():
        lines.append(f"| {nb}, top to bottom on a started kernel | {statistics.median(values):.2f} s | "
                     + ", ".join(f"{v:.2f}" for v in values) + " |")
    lines.append(f"| rebuild after a prose edit (intro.md) | "
                 f"{statistics.median(b.seconds for b in build.prose_edit):.1f} s | "
                 + ", ".join(f"{b.seconds:.1f} ({b.cpu:.1f} s CPU, {len(b.executed)} executed)"
                             for b in build.prose_edit) + " |")
    lines.append(f"| rebuild after editing {build.notebook_edit[0][0]} | "
                 f"{statistics.median(b.seconds for _, b in build.notebook_edit):.1f} s | "
                 + ", ".join(f"{b.seconds:.1f} ({len(b.executed)} executed)" for _, b in build.notebook_edit) + " |")
    for seconds, ok, _ in build.make_test:
        lines.append(f"| `make test` from a clean tree | {seconds / 60:.1f} min | {'passed' if ok else 'FAILED'} |")
    if build.problems:
        lines += ["", *(f"- {problem}" for problem in build.problems)]
    for _seconds, ok, tail in build.make_test:
        if not ok:
            lines += ["", "`make test` failed; the end of its output:", "", "```", tail, "```"]
    failed = [b for b in [*build.clean, *build.prose_edit] if not b.ok]
    if failed:
        lines += ["", "A build failed; the end of its output:", "", "```", failed[0].log_tail, "```"]
    return lines


def library_section() -> list[str]:
    from techstate import load_table, table_names
    from techstate.answers import check_number

    names = table_names()
    load_all = median_seconds(lambda: [load_table(name) for name in names], REPEAT)
    inputs = ["35.2", "35,2 %", "abc", "", "1,234.5", "<b>x</b>"] * 200
    check = median_seconds(lambda: [check_number(text, 35.2, 0.1, ("%",)) for text in inputs], REPEAT)
    return ["| figure | median of 5 |", "|---|---|",
            f"| load all {len(names)} tables | {load_all * 1000:.0f} ms |",
            f"| check {len(inputs)} numeric answers | {check * 1000:.1f} ms ({check / len(inputs) * 1e6:.1f} µs each) |"]


def forms_in_pages(html: Path) -> tuple[int, int]:
    """(exercise forms in the served HTML, exercises the answer key lists): the answer box is
    in the page itself, so it is there at first paint."""
    pages = [*html.glob("chapters/*.html"), *html.glob("exercises/*.html")]
    forms = sum(path.read_text(encoding="utf-8").count("data-techstate-exercise=") for path in pages)
    key = (html / "reference" / "answer-key.html").read_text(encoding="utf-8")
    listed = re.search(r'data-answer-key-count="(\d+)"', key)
    return forms, int(listed.group(1)) if listed else -1


def checker_budgets(html: Path, checker: dict | None) -> list[tuple[str, str, str, bool]]:
    """The static page's budgets: the answer box at first paint, the verdict's waits, the
    checker's size."""
    forms, listed = forms_in_pages(html)
    rows = [("answer box at first paint (a form in the served HTML for every exercise)",
             "every exercise", f"{forms} forms for {listed} exercises", forms == listed > 0)]
    packed = sum(on_demand_bytes(html).values())
    rows.append(("answer checker, compressed", "≤ 4 MB", f"{packed / 1e6:.2f} MB",
                 packed <= BUDGET["checker_bytes"]))
    if checker is None:
        return rows
    import bench_checker

    for device, limit in BUDGET["near_verdict_s"].items():
        median = bench_checker._median(checker["figures"][device]["near_verdict"])
        rows.append((f"first verdict after 10 s near the exercise, {device}", f"≤ {limit:.0f} s",
                     "failed" if median is None else f"{median:.2f} s (median)",
                     median is not None and median <= limit))
    median = bench_checker._median(checker["figures"]["phone"]["first_verdict"])
    rows.append(("first verdict, cold, pressed at once, phone", f"≤ {BUDGET['cold_verdict_phone_s']:.0f} s",
                 "failed" if median is None else f"{median:.2f} s (median)",
                 median is not None and median <= BUDGET["cold_verdict_phone_s"]))
    return rows


def write_report(info, figures, axe_results, scripts, build, html, runs, extra, started,
                 checker: dict | None = None) -> str:
    page_bytes = {p: f.median("bytes") for p, f in figures.items()
                  if p.startswith(("chapters/", "exercises/"))}
    rows = budgets(figures, axe_results, scripts, build, page_bytes) + checker_budgets(html, checker)
    missed = [row for row in rows if not row[3]]
    lines = [f"# `make bench`, {datetime.date.today().isoformat()}", "",
             f"{len(rows) - len(missed)} of {len(rows)} budgets met"
             + (": not met: " + "; ".join(r[0] for r in missed) + "." if missed else "."), "",
             "## Machine", "", "| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in info.items()),
             f"| load average at end | {', '.join(f'{x:.1f}' for x in os.getloadavg())} |",
             f"| bench wall time | {(time.time() - started) / 60:.1f} min |", "",
             "## Budgets", "", "| budget | target | measured | met |", "|---|---|---|---|",
             *(f"| {b} | {t} | {m} | {'yes' if ok else '**no**'} |" for b, t, m, ok in rows), "",
             "## Lighthouse", "", *lighthouse_table(figures, runs), "",
             "## Loaded on demand, counted separately", "",
             "| what | when | bytes (gzip) |", "|---|---|---|",
             *(f"| {k} | once the page has loaded and the reader is near an exercise (unless the "
               f"browser asks to save data), or at the first press of Check | {v / 1024:,.0f} KiB |"
               for k, v in on_demand_bytes(html).items()), "",
             "## axe-core", "",
             "Every page at 412 × 823 and 1280 × 900; all rules, every impact.", "",
             "| page | violations |", "|---|---|",
             *(f"| {page} | {'; '.join(v for k, vs in views.items() if not k.endswith('errors') for v in vs) or 'none'} |"
               for page, views in axe_results.items()), ""]
    if build is not None:
        lines += ["## Build and notebooks", "", *build_section(build), ""]
    lines += extra
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the book against its budgets.")
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (median)")
    parser.add_argument("--test-runs", type=int, default=1, help="runs of `make test` (0: skip)")
    parser.add_argument("--pages-only", action="store_true",
                        help="measure the pages of the existing _build/html only (no builds)")
    args = parser.parse_args(argv)
    started = time.time()
    for needed, advice in ((LIGHTHOUSE, "npm ci"), (AXE, "npm ci"), (Path(measure_pages.CHROMIUM), "apt-get install chromium")):
        if not needed.exists():
            print(f"{needed} is missing: {advice}", file=sys.stderr)
            return 1
    WORK.mkdir(parents=True, exist_ok=True)
    info = machine()
    say("machine: " + ", ".join(f"{k} {v}" for k, v in list(info.items())[:5]))
    build = None
    if args.pages_only:
        html = ROOT / "_build" / "html"
        if not (html / "index.html").is_file():
            print("Build the book first (make book), or run without --pages-only.", file=sys.stderr)
            return 1
    else:
        build, src = measure_build.measure(ROOT, WORK, args.runs, args.test_runs, say)
        html = src / "_build" / "html"
    say("building the starter book …")
    starter = build_starter(WORK)
    figures = measure_lighthouse(html, starter, args.runs)
    say("axe-core on every page …")
    try:
        with measure_pages.served(html) as base:
            axe_results = measure_pages.axe(base, book_pages(html), AXE)
    except Exception as error:  # never lose the Lighthouse figures to a failing axe run
        say(f"axe-core could not run: {error}")
        axe_results = {}
    scripts = page_scripts_report(html)
    extra = ["## Library", "", *library_section(), ""]
    checker = None
    try:
        import bench_checker

        say("answer checker …")
        checker = bench_checker.measure(html, args.runs, say=say)
        extra.insert(0, bench_checker.markdown(checker, bench_checker.static_figures(html)))
    except Exception as error:  # the checker's figures are extra; never lose the rest
        extra.insert(0, f"## Answer checker on the static page\n\nnot measured: {error}\n")
    REPORT.write_text(write_report(info, figures, axe_results, scripts, build, html, args.runs,
                                   extra, started, checker), encoding="utf-8")
    # The copies would otherwise be walked by every later build (sphinx-external-toc globs
    # the whole source folder, symlinked node_modules included).
    for copy in (WORK / "src", WORK / "starter"):
        shutil.rmtree(copy, ignore_errors=True)
    say(f"wrote {REPORT.relative_to(ROOT)}")
    print(REPORT.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
