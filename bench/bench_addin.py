"""Benchmark what a ribbon click costs, against baselines measured in the same run.

    python bench/bench_addin.py [--repeat 7]

A click starts Python (xlwings' RunPython), imports the add-in's dispatcher, then runs the handler.
Printed, each as a median with its ratio to a baseline:
- import of ``parxl.addin.dispatch`` (what every click imports) and of ``parxl.addin.handlers`` (what a
  scoring click adds), in fresh processes, against a bare ``python -c pass``; ``import xlwings`` (which
  imports pandas) is shown for reference: it is xlwings' cost, paid by every xlwings click;
- the "Tính điểm" handler on a 150-row workbook open in a fake of xlwings' objects, against
  ``parxl score`` (workflow.score_file) on the same file in the same process, warm, and as a first click
  in a fresh process (imports included). The fake answers at once; real Excel adds a cross-process
  round trip per call, so the number of calls is printed too.
Targets: dispatcher import under 0.5 s, handler under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:0] = [str(ROOT), str(ROOT / "bench")]

from bench_score import make_workbook


def import_time(module: str, repeat: int) -> float:
    """Median wall time of ``python -c "import <module>"`` in a fresh interpreter (start-up included)."""
    code = "pass" if module == "" else f"import {module}"
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def handler_times(path: Path, repeat: int) -> tuple[float, float, int]:
    """(median handler s, median CLI score s, Excel calls per click), warm, in this process."""
    from parxl.addin import handlers
    from parxl.workflow import score_file
    from tests.support.fake_xlwings import FakeBook, FakeUI

    data = path.read_bytes()
    ours, cli, calls = [], [], 0
    for i in range(repeat):
        book = FakeBook.from_xlsx(data, path.name, str(path))
        start = time.perf_counter()
        handlers.score(FakeUI(book))
        ours.append(time.perf_counter() - start)
        calls = book.app.calls
        out = path.with_name(f"scored_{i}.xlsx")
        start = time.perf_counter()
        score_file(path, out)
        cli.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(cli), calls


COLD = ("import sys, time; t = time.perf_counter(); sys.path[0:0] = [{root!r}]; "
        "import parxl.addin.dispatch as d; from pathlib import Path; "
        "from tests.support.fake_xlwings import FakeBook, FakeUI; p = Path({path!r}); "
        "ui = FakeUI(FakeBook.from_xlsx(p.read_bytes(), p.name, str(p))); d.run('parxl_score', ui); "
        "assert ui.alerts[-1][2] == 'info', ui.alerts; print(time.perf_counter() - t)")


def cold_click(path: Path, repeat: int) -> float:
    """A first click without Excel: fresh Python, dispatcher, handler imports, the handler itself."""
    code = COLD.format(root=str(ROOT), path=str(path))
    out = [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                cwd=ROOT).stdout) for _ in range(repeat)]
    return statistics.median(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    opts = parser.parse_args()

    bare = import_time("", opts.repeat)
    print(f"{'import (fresh process)':<34} {'median s':>9} {'× python -c pass':>17}")
    print(f"{'python -c pass (baseline)':<34} {bare:>9.3f} {1:>17.2f}")
    times = {}
    for module in ("parxl.addin.dispatch", "parxl.addin.handlers", "xlwings"):
        times[module] = t = import_time(module, opts.repeat)
        print(f"{module:<34} {t:>9.3f} {t / bare:>17.2f}")
    print(f"beyond start-up: dispatcher {max(times['parxl.addin.dispatch'] - bare, 0) * 1000:.0f} ms "
          f"(target under 500 ms), handlers {max(times['parxl.addin.handlers'] - bare, 0) * 1000:.0f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ward_150.xlsx"
        make_workbook(path, 150)
        ours, cli, calls = handler_times(path, opts.repeat)
        cold = cold_click(path, opts.repeat)
    print()
    print(f"{'“Tính điểm”, 150 rows (warm)':<34} {'median s':>9} {'× parxl score':>17}")
    print(f"{'parxl score, same file (baseline)':<34} {cli:>9.3f} {1:>17.2f}")
    print(f"{'handler on the fake book':<34} {ours:>9.3f} {ours / cli:>17.2f}")
    print(f"{'cold click: imports + handler':<34} {cold:>9.3f} {cold / cli:>17.2f}  (no xlwings, no Excel)")
    print(f"Excel calls per click: {calls} (at 0.2–2 ms per cross-process COM call: "
          f"{calls * 0.0002:.2f}–{calls * 0.002:.2f} s more in real Excel; target under 1 s in all)")


if __name__ == "__main__":
    main()
