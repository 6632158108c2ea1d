"""Benchmark: how long loading tables, checking answers and running notebooks take.

Run with `make bench`. Reports medians over repeated runs, measured in one process, so
figures from one run can be compared with each other (machines here are shared and noisy).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config

from techstate import load_table, table_names
from techstate.answers import check_number

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5
NOTEBOOK_REPEAT = 3
# Encrypt the kernel's connection (CurveZMQ keys from the kernel manager) where the kernel
# supports it; otherwise every kernel warns that it runs over TCP without encryption.
ENCRYPTED = Config({"KernelManager": {"transport_encryption": "auto"}})


def median_seconds(action, repeat: int) -> float:
    """Median wall-clock seconds of ``action()`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_notebook(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", config=ENCRYPTED,
                   resources={"metadata": {"path": str(path.parent)}}).execute()


def main() -> int:
    names = table_names()
    load_all = median_seconds(lambda: [load_table(name) for name in names], REPEAT)
    print(f"load all {len(names)} tables: median {load_all * 1000:.0f} ms over {REPEAT} runs")
    inputs = ["35.2", "35,2 %", "abc", "", "1,234.5", "<b>x</b>"] * 200
    check = median_seconds(lambda: [check_number(text, 35.2, 0.1, ("%",)) for text in inputs], REPEAT)
    print(f"check {len(inputs)} numeric answers: median {check * 1000:.1f} ms "
          f"({check / len(inputs) * 1e6:.1f} µs each)")
    for path in sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb"),
                        *ROOT.glob("reference/*.ipynb")]):
        seconds = median_seconds(lambda: run_notebook(path), NOTEBOOK_REPEAT)
        print(f"run {path.relative_to(ROOT)}: median {seconds:.1f} s over {NOTEBOOK_REPEAT} runs")
    if (ROOT / "_build" / "html" / "index.html").is_file():
        import bench_checker

        print(bench_checker.report())
    else:
        print("the answer checker was not measured: build the book first (make book)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
