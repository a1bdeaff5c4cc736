"""Benchmark `parxl rank` over 600 generated ward workbooks (about the communes of Hà Nội before 2025).

    python bench/bench_rank.py [--wards 600]

Baseline, measured in the same run: a bare read of the same files (openpyxl read-only load of every
sheet's values). Prints workbooks per second for both and their ratio. Target: under 60 s, under 1.5x.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_score import HEADERS


def make_ward(path: Path, unit: str, rng: random.Random, rows: int = 150) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng điểm"
    ws.append([f"BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CCHC NĂM 2024 — {unit}"])
    ws.append(list(HEADERS))
    per_area = rows // 8 - 1
    for a in range(1, 9):
        ws.append([str(a), f"Lĩnh vực {a}"])
        first = ws.max_row
        for i in range(1, per_area + 1):
            appraised = rng.choice((1, 1, 1, 1, 0.75, 0.5, 0))
            ws.append([f"{a}.{i}", f"Tiêu chí {a}.{i}", 1, 1, appraised, "Văn bản",
                       "Chưa đạt" if appraised < 1 else None, "Văn phòng"])
        for col in "CDE":
            ws[f"{col}{first}"] = f"=SUM({col}{first + 1}:{col}{ws.max_row})"
    cfg = wb.create_sheet("Cấu hình")
    cfg.append(["Thiết lập", "Giá trị"])
    cfg.append(["Tên đơn vị", unit])
    wb.save(path)


def bare_read(files: list[Path]) -> None:
    for f in files:
        wb = load_workbook(f, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wards", type=int, default=600)
    opts = parser.parse_args()
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "wards"
        folder.mkdir()
        for i in range(1, opts.wards + 1):
            make_ward(folder / f"ward_{i:03d}.xlsx", f"Phường {i}", rng)
        files = sorted(folder.glob("*.xlsx"))

        start = time.perf_counter()
        bare_read(files)
        bare = time.perf_counter() - start

        from parxl.district import rank
        from parxl.district.document import ranking_document

        start = time.perf_counter()
        ranking = rank(folder, thresholds="Xuất sắc>=90,Tốt>=80,Khá>=70,Trung bình>=50")
        (Path(tmp) / "xep_hang.xlsx").write_bytes(ranking_document(ranking, "xlsx"))
        ours = time.perf_counter() - start
        assert len(ranking.table) == len(files) and all(s.ranked for s in ranking.sources)

    n = len(files)
    print(f"{n} workbooks")
    print(f"bare read (openpyxl read-only): {bare:7.2f} s  {n / bare:7.1f} workbooks/s")
    print(f"parxl rank:                     {ours:7.2f} s  {n / ours:7.1f} workbooks/s")
    print(f"ratio parxl / bare read: {ours / bare:.2f}")


if __name__ == "__main__":
    main()
