"""Benchmark `parxl score` against a bare openpyxl load of the same workbook, measured in the same run.

    python bench/bench_score.py [--repeat 5]

Prints, for a 150-row and a 5,000-row score sheet: the median time of a bare
``openpyxl.load_workbook`` (the baseline), of parxl's whole score job (read, validate, score, write,
atomic save), their ratio, and the peak memory (max RSS) of each in a fresh process.
Targets: ratio under 2 at 150 rows, linear growth, peak memory under 200 MB at 5,000 rows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook

HEADERS = ("STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Tài liệu kiểm chứng",
           "Ghi chú (Lý do giảm điểm)", "Trách nhiệm")


def make_workbook(path: Path, rows: int, *, deduct_every: int = 7) -> None:
    """A score sheet with 8 areas and ``rows`` data rows in all; parents are SUM formulas. One criterion
    in ``deduct_every`` loses half its point (``deduct_every=1``: all of them)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng điểm"
    ws.append(["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CCHC NĂM 2025"])
    ws.append(list(HEADERS))
    per_area = max(1, rows // 8 - 1)
    area_rows = []
    for a in range(1, 9):
        first = ws.max_row + 1
        area_rows.append(first)
        ws.append([str(a), f"Lĩnh vực {a}"])
        for i in range(1, per_area + 1):
            appraised = 0.5 if i % deduct_every == 0 else 1
            ws.append([f"{a}.{i}", f"Tiêu chí {a}.{i} về cải cách hành chính", 1, 1, appraised, "Văn bản số …",
                       "Chưa đầy đủ" if appraised < 1 else None, "Văn phòng - Thống kê"])
        last = ws.max_row
        for col in "CDE":
            ws[f"{col}{first}"] = f"=SUM({col}{first + 1}:{col}{last})"
    total = ws.max_row + 1
    ws.append([None, "TỔNG CỘNG"])
    for col in "CDE":
        ws[f"{col}{total}"] = "=" + "+".join(f"{col}{r}" for r in area_rows)
    wb.save(path)


def make_heavy_workbook(path: Path, criteria: int = 4500) -> None:
    """The heavy-deduction case: ``criteria`` criteria, 9 in 10 of them lost half a point, so the
    deduction appendix and the task sheet are as long as the score sheet."""
    make_workbook(path, criteria + 8, deduct_every=1)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    for r in range(3, ws.max_row + 1):
        code = ws.cell(r, 1).value
        if isinstance(code, str) and "." in code and int(code.split(".")[1]) % 10 == 0:
            ws.cell(r, 5).value = 1
            ws.cell(r, 7).value = None
    wb.save(path)


BARE = "import sys; from openpyxl import load_workbook; load_workbook(sys.argv[1]).close()"
SCORE = ("import sys; from pathlib import Path; from parxl.workflow import score_file; "
         "score_file(Path(sys.argv[1]), Path(sys.argv[2]))")


def in_process_times(code: str, args: list[str], repeat: int) -> list[float]:
    """Time the job inside one warm interpreter, so start-up and imports do not blur the ratio."""
    runner = (f"import time, sys\nargs={args!r}\nsys.argv=['x', *args]\nts=[]\n"
              f"for _ in range({repeat}):\n    t=time.perf_counter()\n"
              + "\n".join("    " + line for line in code.split("; "))
              + "\n    ts.append(time.perf_counter()-t)\nprint(*ts)")
    out = subprocess.run([sys.executable, "-c", runner], capture_output=True, text=True, check=True).stdout
    return [float(x) for x in out.split()]


def peak_rss_mb(code: str, args: list[str]) -> float:
    proc = subprocess.Popen([sys.executable, "-c", code, *args])
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    opts = parser.parse_args()
    print(f"{'rows':>6} {'bare load s':>12} {'parxl score s':>14} {'ratio':>6} {'bare MB':>8} {'parxl MB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for rows in (150, 5000):
            src = Path(tmp) / f"ward_{rows}.xlsx"
            out = Path(tmp) / f"ward_{rows}_scored.xlsx"
            make_workbook(src, rows)
            bare = statistics.median(in_process_times(BARE, [str(src)], opts.repeat))
            ours = statistics.median(in_process_times(SCORE, [str(src), str(out)], opts.repeat))
            bare_mb = peak_rss_mb(BARE, [str(src)])
            ours_mb = peak_rss_mb(SCORE, [str(src), str(out)])
            results[rows] = ours
            print(f"{rows:>6} {bare:>12.3f} {ours:>14.3f} {ours / bare:>6.2f} {bare_mb:>8.1f} {ours_mb:>9.1f}")
        growth = results[5000] / results[150]
        print(f"parxl time grows {growth:.1f}x for {5000 / 150:.1f}x the rows (linear would be about that or less)")


if __name__ == "__main__":
    main()
