"""In-process levers of the read path, each against its alternative in the same run.

    python bench/bench_reader.py FILE.xlsx [FILE.xlsx ...] [--repeat 5]

For each workbook's first sheet: the streaming expat reader (``parxl.sheetstream``, what parxl uses)
against the earlier lxml element reader (``bench/lxml_reader.py``), both producing the same grid
(checked here, cell by cell); python-calamine reading the same sheet's values, when installed (it does not
give formulas, so it cannot replace either); the whole score job with Python's collector on,
paused (what score and check do now), and frozen after imports; and RawCell slotted (now) against
its earlier plain frozen dataclass. Prints Markdown.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:0] = [str(ROOT), str(ROOT / "bench")]

from lxml_reader import lxml_grid

from parxl.read import Grid, RawCell, WorkbookReader
from parxl.sheetstream import read_sheet


def alternate(jobs: dict[str, Callable[[], object]], repeat: int,
              pick: Callable[[list[float]], float] = statistics.median) -> dict[str, float]:
    """Median (or ``pick``) CPU seconds of each job, run in turn ``repeat`` times (so a noisy neighbour
    hits all alike)."""
    times: dict[str, list[float]] = {k: [] for k in jobs}
    for _ in range(repeat):
        for key, job in jobs.items():
            start = time.process_time()  # CPU seconds: the machine may be shared
            job()
            times[key].append(time.process_time() - start)
    return {k: pick(v) for k, v in times.items()}


def same(a: Grid, b: Grid) -> bool:
    return (a.cells == b.cells and a.merges == b.merges and a.hidden_rows == b.hidden_rows
            and all(type(a.cells[k].value) is type(b.cells[k].value) for k in a.cells))


def readers(path: Path, repeat: int) -> list[str]:
    reader = WorkbookReader(path.read_bytes(), path.name)
    name = reader.sheet_names[0]
    part = reader._read(reader.sheet_parts[name])
    strings = reader.shared_strings()
    assert same(read_sheet(part, Grid(name), strings), lxml_grid(part, strings, name)), path
    jobs: dict[str, Callable[[], object]] = {
        "lxml": lambda: lxml_grid(part, strings, name),
        "expat": lambda: read_sheet(part, Grid(name), strings),
    }
    try:
        from python_calamine import CalamineWorkbook

        def calamine() -> object:
            return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()

        jobs["calamine"] = calamine
    except ImportError:
        pass
    t = alternate(jobs, repeat)
    cells = len(read_sheet(part, Grid(name), strings).cells)
    cal = (f"{t['calamine']:.3f} s ({t['calamine'] / t['lxml']:.2f}×, values only, whole file)"
           if "calamine" in t else "not installed")
    return [f"| {path.name} | {cells:,} | {t['lxml']:.3f} | {t['expat']:.3f} | {t['expat'] / t['lxml']:.2f} | {cal} |"]


def gc_modes(path: Path, repeat: int) -> list[str]:
    from parxl.analyse import analyse
    from parxl.workflow import load, write_scored

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.xlsx"

        def job() -> None:  # score_file's body, without its own pause of the collector
            data, owned = load(path)
            write_scored(path, data, owned, analyse(data, path.name, owned), out)

        def collector_on() -> None:
            job()

        def paused() -> None:
            gc.disable()
            try:
                job()
            finally:
                gc.enable()

        def frozen() -> None:
            gc.freeze()  # imports and module state out of the collector's sight; it still runs
            try:
                job()
            finally:
                gc.unfreeze()

        job()  # imports and caches warm for all three
        t = alternate({"on": collector_on, "paused": paused, "frozen": frozen}, repeat)
    return [(f"| {path.name} | {t['on']:.3f} | {t['paused']:.3f} ({t['paused'] / t['on']:.2f}×) "
             f"| {t['frozen']:.3f} ({t['frozen'] / t['on']:.2f}×) |")]


@dataclass(frozen=True)
class DictCell:
    """RawCell as it was before it got slots."""

    value: object
    formula: str | None = None


def slots(n: int, repeat: int) -> list[str]:
    values = [(i * 0.5, None if i % 9 else f"SUM(C{i}:C{i + 9})") for i in range(n)]

    def build(cls: type) -> list[object]:
        return [cls(v, f) for v, f in values]

    # A micro-benchmark: the best of many rounds is the figure least blurred by the machine.
    t = alternate({"dataclass": lambda: build(DictCell), "slotted": lambda: build(RawCell)}, repeat * 3, min)
    sizes = {}
    for cls in (DictCell, RawCell):
        tracemalloc.start()
        kept = build(cls)
        sizes[cls] = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
        del kept
    return [(f"| {n:,} cells | {t['dataclass']:.3f} s, {sizes[DictCell]:.1f} MB | {t['slotted']:.3f} s, "
             f"{sizes[RawCell]:.1f} MB | {t['slotted'] / t['dataclass']:.2f}× time, "
             f"{sizes[RawCell] / sizes[DictCell]:.2f}× memory |")]


def report(files: list[Path], repeat: int) -> list[str]:
    lines = ["### Sheet reader (in process, first sheet, median CPU s; grids checked equal)", "",
             "| workbook | cells | lxml elements (before) | expat stream (now) | ratio | python-calamine |",
             "|---|---:|---:|---:|---:|---|"]
    for f in files:
        lines += readers(f, repeat)
    lines += ["", "### Python's collector during a whole score job (in process, warm, median CPU s)", "",
              ("The reader pauses it in all three; `parxl score` and `parxl check` now pause it for the "
              "whole job."), "",
              "| workbook | on | paused (now) | frozen after imports |", "|---|---:|---:|---:|"]
    for f in files:
        lines += gc_modes(f, repeat)
    lines += ["", "### RawCell: frozen dataclass (before) vs slotted (now), creating the cells (best CPU s)", "",
              "| cells | before | now (slots) | now / before |", "|---|---:|---:|---:|"]
    lines += slots(36_000, repeat)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    opts = parser.parse_args()
    print("\n".join(report(opts.files, opts.repeat)))


if __name__ == "__main__":
    main()
