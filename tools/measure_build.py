"""Build and notebook timings for `make bench` (see tools/bench.py).

Everything runs in a copy of the source tree under _build/bench/src, so that clean builds
and test edits never touch the working tree or its build. The copy gets a light environment
of its own that borrows this one's packages, shares node_modules, and is built with the
project's own `make book`, so what is timed is what an author runs.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient
from traitlets.config import Config

# Encrypt the kernel's connection (CurveZMQ keys from the kernel manager) where the kernel
# supports it; otherwise every kernel warns that it runs over TCP without encryption.
ENCRYPTED = Config({"KernelManager": {"transport_encryption": "auto"}})
EXECUTED = re.compile(r"^(?P<path>\S+\.ipynb): Executing notebook", re.MULTILINE)


@dataclass
class Build:
    """One `make book`: wall-clock seconds, which notebooks it executed, whether it passed."""

    seconds: float
    executed: list[str]
    ok: bool
    log_tail: str = ""
    cpu: float = 0.0  # user + system seconds of every process it ran


@dataclass
class BuildTimes:
    clean: list[Build] = field(default_factory=list)
    floor: list[dict[str, float]] = field(default_factory=list)  # per run: notebook -> s
    prose_edit: list[Build] = field(default_factory=list)
    notebook_edit: list[tuple[str, Build]] = field(default_factory=list)
    warm_run: dict[str, list[float]] = field(default_factory=dict)
    make_test: list[tuple[float, bool, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def copy_source(root: Path, dest: Path) -> Path:
    """Copy the files git knows of (committed or not ignored) to ``dest``; share node_modules."""
    if dest.exists():
        shutil.rmtree(dest)
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root, check=True, capture_output=True, text=True).stdout.split("\0")
    for name in filter(None, listed):
        source = root / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)  # keeps mtimes, so make sees nothing to install
    if (root / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(root / "node_modules")
    return dest


def own_environment(src: Path) -> Path:
    """Give the copy a .venv of its own in seconds, which imports the copy's library and borrows
    the packages installed in this environment, so that make finds nothing to install (the
    technique of tests/test_build.py)."""
    venv = src / ".venv"
    if (venv / ".installed").is_file():
        return venv
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site_packages = next((venv / "lib").glob("python*/site-packages"))
    # Every folder of packages this interpreter uses, not only its own: an environment that
    # itself borrows its packages (the bench's copy of the book) lends them on.
    borrowed = dict.fromkeys([sysconfig.get_paths()["purelib"], *(p for p in sys.path if p.endswith("site-packages"))])
    (site_packages / "book.pth").write_text("\n".join([str(src), *borrowed]) + "\n")
    for name in ("jupyter-book", "jupyter", "jupyter-lab", "jupyter-execute"):
        script = (Path(sys.executable).parent / name).read_text(encoding="utf-8").split("\n", 1)[1]
        (venv / "bin" / name).write_text(f"#!{venv / 'bin' / 'python'}\n{script}", encoding="utf-8")
        (venv / "bin" / name).chmod(0o755)
    (venv / ".installed").touch()
    return venv


def toc_notebooks(src: Path) -> list[Path]:
    """The notebooks the book executes (only_build_toc_files), in table-of-contents order."""
    toc = yaml.safe_load((src / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            names.append(chapter["file"])
            names += [section["file"] for section in chapter.get("sections", [])]
    return [src / f"{name}.ipynb" for name in names if (src / f"{name}.ipynb").is_file()]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def make(src: Path, target: str, timeout: float) -> tuple[float, bool, str, float]:
    """Run ``make <target>`` in the copy, in an environment of its own; return wall
    seconds, success, the end of its output and the CPU seconds it used (which, unlike wall
    time, hardly depends on what else the machine is doing)."""
    own_environment(src)
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(["make", "--no-print-directory", "-C", str(src), target],
                          capture_output=True, text=True, timeout=timeout, env=os.environ.copy())
    seconds = time.perf_counter() - start
    return seconds, done.returncode == 0, (done.stdout + done.stderr)[-3000:], _children_cpu() - cpu


def make_book(src: Path) -> Build:
    seconds, ok, tail, cpu = make(src, "book", timeout=1800)
    log = src / "_build" / "build.log"
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    executed = [str(Path(p).relative_to(src)) for p in EXECUTED.findall(text)]
    return Build(seconds, executed, ok, tail, cpu)


def clean_build(src: Path) -> Build:
    shutil.rmtree(src / "_build", ignore_errors=True)
    return make_book(src)


def as_the_build_runs_them() -> dict[str, str]:
    """The environment the book's build gives its kernels (see _ext/static_checks.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from techstate.page_protocol import STATIC_ENV

    return {**os.environ, STATIC_ENV: "1"}


def execute_alone(notebook: Path, venv: Path) -> float:
    """Seconds for `jupyter execute` to run one notebook by itself, from its own folder, as
    the build runs it (explorers render every view for the static page)."""
    start = time.perf_counter()
    subprocess.run([str(venv / "bin" / "jupyter"), "execute", "--timeout=120", notebook.name],
                   cwd=notebook.parent, check=True, capture_output=True, timeout=600,
                   env=as_the_build_runs_them())
    return time.perf_counter() - start


def run_warm(notebook: Path) -> float:
    """Seconds to run every cell of a notebook, top to bottom, in a kernel already started,
    as an instructor's Run All does in JupyterLab (no static-page views)."""
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", config=ENCRYPTED,
                            resources={"metadata": {"path": str(notebook.parent)}})
    with client.setup_kernel():
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        return time.perf_counter() - start


def edit_prose(src: Path, run: int) -> Path:
    """Add a sentence to the landing page, as an author fixing a typo would."""
    page = src / "intro.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\nBenchmark edit {run}.\n", encoding="utf-8")
    return page


def edit_notebook(notebook: Path, run: int) -> None:
    """Change the last code cell of a notebook, so that it must be executed again."""
    nb = nbformat.read(notebook, as_version=4)
    cell = [c for c in nb.cells if c.cell_type == "code"][-1]
    cell.source += f"\n# benchmark edit {run}"
    nbformat.write(nb, notebook)


def measure(root: Path, work: Path, runs: int, test_runs: int,
            say=print) -> tuple[BuildTimes, Path]:
    """All build figures; returns them and the copy, whose last clean build is kept."""
    src = copy_source(root, work / "src")
    times = BuildTimes()
    notebooks = toc_notebooks(src)
    for run in range(1, runs + 1):
        say(f"clean build {run}/{runs} …")
        times.clean.append(clean_build(src))
        say(f"  {times.clean[-1].seconds:.1f} s, executed {len(times.clean[-1].executed)} notebooks")
        say(f"each notebook alone {run}/{runs} …")
        times.floor.append({str(nb.relative_to(src)): execute_alone(nb, own_environment(src)) for nb in notebooks})
        say(f"  {sum(times.floor[-1].values()):.1f} s in all")
    for nb in notebooks:  # in the working tree: the library refuses a copy's notebooks
        name = str(nb.relative_to(src))
        try:
            times.warm_run[name] = [run_warm(root / name) for _ in range(runs)]
        except Exception as error:  # report it, and measure the rest
            times.problems.append(f"{name} failed on a started kernel: {str(error)[-300:]}")
    say("warm-kernel runs: " + ", ".join(
        f"{Path(k).stem} {statistics.median(v):.1f} s" for k, v in times.warm_run.items()))
    smallest = min(notebooks, key=lambda nb: statistics.median(
        times.warm_run.get(str(nb.relative_to(src))) or [float("inf")]))
    for run in range(1, runs + 1):
        edit_prose(src, run)
        times.prose_edit.append(make_book(src))
        edit_notebook(smallest, run)
        times.notebook_edit.append((str(smallest.relative_to(src)), make_book(src)))
        say(f"edits {run}/{runs}: prose {times.prose_edit[-1].seconds:.1f} s, "
            f"one notebook {times.notebook_edit[-1][1].seconds:.1f} s")
    # The pages measured afterwards come from a clean build of the unedited sources.
    src = copy_source(root, work / "src")
    for run in range(1, test_runs + 1):
        say(f"make test from a clean tree {run}/{test_runs} …")
        shutil.rmtree(src / "_build", ignore_errors=True)
        times.make_test.append(make(src, "test", timeout=3600)[:3])
        say(f"  {times.make_test[-1][0]:.0f} s, {'passed' if times.make_test[-1][1] else 'FAILED'}")
    if not (src / "_build" / "html" / "index.html").is_file():
        say("clean build of the unedited sources …")
        times.clean.append(clean_build(src))
    return times, src
